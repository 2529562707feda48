import { join } from 'node:path';
import type { CliCommand, CliOutput } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/run-cli';

/** What one in-process CLI run printed, and its exit code. */
export type CliRun = { readonly code: number; readonly stdout: string; readonly stderr: string };

/** Runs the CLI in this process against a data folder, capturing its output. */
export async function runCliForTest(
  argv: readonly string[],
  dataDirectory: string,
  options: { readonly commands?: readonly CliCommand[]; readonly isTty?: boolean; readonly signal?: AbortSignal } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const output: CliOutput = {
    line: (text) => void (stdout += `${text}\n`),
    error: (text) => void (stderr += `${text}\n`),
    json: (value) => void (stdout += `${JSON.stringify(value, null, 2)}\n`),
    isTty: options.isTty ?? false,
  };
  const code = await runCli(argv, {
    output,
    paths: { dataDirectory, temporaryDirectory: join(dataDirectory, 'tmp') },
    appVersion: '0.0.0-test',
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.commands === undefined ? {} : { commands: options.commands }),
  });
  return { code, stdout, stderr };
}
