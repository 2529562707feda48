import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppPaths, Notifier, SecretStore } from '../core/ports';
import type { CliOutput } from './command';

/**
 * The app's data folder, the same one Electron's `userData` uses, so the CLI and the
 * desktop app share profiles and the queue. `FLAMENCO_DESK_DATA` overrides it.
 */
export function defaultAppPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): AppPaths {
  const override = env['FLAMENCO_DESK_DATA'];
  const product = 'Flamenco Desk';
  const base =
    override ??
    (platform === 'win32'
      ? join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), product)
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support', product)
        : join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), product));
  return { dataDirectory: base, temporaryDirectory: join(tmpdir(), 'flamenco-desk') };
}

/** Notifications in a terminal are lines on stderr. */
export function terminalNotifier(output: CliOutput): Notifier {
  return { notify: (notification) => output.error(`● ${notification.title}: ${notification.body}`) };
}

/**
 * Secrets for headless use: a file readable only by the user. The desktop app uses the
 * OS keychain through Electron's safeStorage instead; a terminal has no such keychain.
 */
export function fileSecretStore(file: string): SecretStore {
  const load = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const save = async (values: Record<string, string>): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(values), { mode: 0o600 });
    await chmod(file, 0o600);
  };
  return {
    get: async (key) => (await load())[key],
    set: async (key, value) => save({ ...(await load()), [key]: value }),
    delete: async (key) => {
      const values = await load();
      delete values[key];
      await save(values);
    },
  };
}

/** Output to the process's stdout/stderr. */
export function processOutput(): CliOutput {
  return {
    line: (text) => process.stdout.write(`${text}\n`),
    error: (text) => process.stderr.write(`${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    isTty: process.stdout.isTTY === true,
  };
}
