import { readFileSync } from 'node:fs';
import { runCli } from './run-cli';
import { defaultAppPaths, processOutput } from './terminal-host';

// The version comes from package.json so `--version` never drifts from the app's.
function appVersion(): string {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'flamenco-desk' && parsed.version !== undefined) return parsed.version;
    } catch {
      // Try the next layout: sources (electron/cli) or the bundle (out/cli).
    }
  }
  return '0.0.0';
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const code = await runCli(process.argv.slice(2), {
  output: processOutput(),
  paths: defaultAppPaths(),
  appVersion: appVersion(),
  signal: controller.signal,
});
process.exitCode = code;
