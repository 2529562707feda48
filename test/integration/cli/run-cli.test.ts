import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/cli/command';
import { exitCodes } from '../../../electron/cli/command';
import { CoreError } from '../../../electron/core/errors';
import { runCliForTest } from '../../support/cli-runner';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

const root = resolve(import.meta.dirname, '../../..');

const probeCommands: readonly CliCommand[] = [
  {
    name: 'probe ok',
    summary: 'Says hello.',
    usage: 'NAME',
    run: async (args, { output }) => {
      output.line(`hello ${args.positionals.join(' ')} ${args.flags.get('tag')?.join(',') ?? ''}`.trim());
      return exitCodes.ok;
    },
  },
  {
    name: 'probe fail',
    summary: 'Fails like a Manager that is down.',
    usage: '',
    run: async () => {
      throw new CoreError('manager-unreachable', 'The Manager at http://127.0.0.1:9 does not answer.');
    },
  },
];

describe('runCli', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  beforeEach(() => {
    directory = makeTemporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('prints the version', async () => {
    expect(await runCliForTest(['--version'], directory.path)).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: '' });
  });

  it('lists commands and exit codes in --help', async () => {
    const run = await runCliForTest(['--help'], directory.path, { commands: probeCommands });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('probe ok    Says hello.');
    expect(run.stdout).toContain('3 managerUnreachable');
  });

  it('passes positionals and repeated flags to the longest matching command', async () => {
    const run = await runCliForTest(['probe', 'ok', 'world', '--tag', 'a', '--tag=b'], directory.path, { commands: probeCommands });
    expect(run).toEqual({ code: 0, stdout: 'hello world a,b\n', stderr: '' });
  });

  it('maps a typed error to its exit code and a readable line', async () => {
    const run = await runCliForTest(['probe', 'fail'], directory.path, { commands: probeCommands });
    expect(run).toEqual({ code: exitCodes.managerUnreachable, stdout: '', stderr: 'error (manager-unreachable): The Manager at http://127.0.0.1:9 does not answer.\n' });
  });

  it('prints errors as JSON with --json', async () => {
    const run = await runCliForTest(['probe', 'fail', '--json'], directory.path, { commands: probeCommands });
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: 'manager-unreachable', message: 'The Manager at http://127.0.0.1:9 does not answer.' } });
  });

  it('exits with the usage code for an unknown command', async () => {
    const run = await runCliForTest(['frobnicate'], directory.path, { commands: probeCommands });
    expect(run.code).toBe(exitCodes.usage);
  });

  it('starts as a real process with npm run cli', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'cli', '--', '--help'], {
      cwd: root,
      env: { ...process.env, FLAMENCO_DESK_DATA: join(directory.path, 'data') },
    });
    expect(stdout).toMatch(/^Flamenco Desk \d+\.\d+\.\d+: submit Blender work/);
  });
});
