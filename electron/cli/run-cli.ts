import { join } from 'node:path';
import { toAppError } from '../core/errors';
import { createCore } from '../core/create-core';
import type { Core } from '../core/create-core';
import type { AppPaths } from '../core/ports';
import type { CliCommand, CliOutput } from './command';
import { exitCodeFor, exitCodes } from './command';
import { allCommands } from './commands';
import { parseArguments } from './parse-arguments';
import { fileSecretStore, terminalNotifier } from './terminal-host';

/** What {@link runCli} needs from its caller; tests pass their own output and paths. */
export type CliHost = {
  readonly output: CliOutput;
  readonly paths: AppPaths;
  readonly appVersion: string;
  readonly signal?: AbortSignal;
  readonly commands?: readonly CliCommand[];
};

/** Runs one CLI invocation and returns its exit code. Never throws. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  const commands = host.commands ?? allCommands;
  const { output } = host;
  const parsed = parseArguments(argv);
  if (parsed.flags.has('version')) {
    output.line(host.appVersion);
    return exitCodes.ok;
  }
  const match = findCommand(commands, parsed.positionals);
  if (match === undefined || parsed.flags.has('help')) {
    printHelp(output, commands, match?.command, host.appVersion);
    return match === undefined && parsed.positionals.length > 0 ? exitCodes.usage : exitCodes.ok;
  }
  let core: Core | undefined;
  try {
    core = createCore({
      paths: host.paths,
      notifier: terminalNotifier(output),
      secrets: fileSecretStore(join(host.paths.dataDirectory, 'cli-secrets.json')),
      appVersion: host.appVersion,
    });
    const args = { positionals: parsed.positionals.slice(match.words), flags: parsed.flags };
    return await match.command.run(args, { core, output, signal: host.signal ?? new AbortController().signal });
  } catch (error) {
    const appError = toAppError(error);
    if (parsed.flags.has('json')) output.json({ ok: false, error: appError });
    else output.error(`error (${appError.code}): ${appError.message}`);
    return exitCodeFor(appError.code);
  } finally {
    await core?.close();
  }
}

function findCommand(commands: readonly CliCommand[], positionals: readonly string[]): { command: CliCommand; words: number } | undefined {
  let best: { command: CliCommand; words: number } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((word, index) => positionals[index] === word) && (best === undefined || words.length > best.words)) {
      best = { command, words: words.length };
    }
  }
  return best;
}

function printHelp(output: CliOutput, commands: readonly CliCommand[], command: CliCommand | undefined, version: string): void {
  if (command !== undefined) {
    output.line(`Usage: flamenco-desk ${command.name} ${command.usage}`.trimEnd());
    output.line('');
    output.line(command.summary);
    return;
  }
  output.line(`Flamenco Desk ${version}: submit Blender work to a Flamenco render farm and watch it.`);
  output.line('');
  output.line('Usage: flamenco-desk <command> [options]');
  output.line('');
  output.line('Commands:');
  const width = Math.max(0, ...commands.map((entry) => entry.name.length));
  for (const entry of commands) output.line(`  ${entry.name.padEnd(width)}  ${entry.summary}`);
  output.line('');
  output.line('Options: --help, --version, --json (machine-readable output)');
  output.line('Data folder: $FLAMENCO_DESK_DATA, else the desktop app\'s own.');
  output.line(`Exit codes: ${Object.entries(exitCodes).map(([name, code]) => `${code} ${name}`).join(', ')}`);
}
