// `npm run test:electron`: the real-Electron smoke test (test/electron/smoke.test.ts).
// It needs Electron's binary, which npm's `electron` package downloads at install time;
// where that download is blocked the binary is missing, so this says so and skips
// (exit 0), unless CI is set, where a missing binary is a failure.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const electron = findElectron();
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (electron.path === undefined) {
  process.stdout.write(`test:electron skipped: ${electron.reason}. Install Electron's binary (npx install-electron, or npm rebuild electron with network access) to run the smoke test.\n`);
  process.exit(inCi ? 1 : 0);
}

// The smoke test launches the built app, so build it first (main, preload, renderer).
const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { startVitest } = await import('vitest/node');
const vitest = await startVitest('test', [], {
  config: false,
  root,
  include: ['test/electron/**/*.test.ts'],
  watch: false,
  pool: 'forks',
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 180_000,
  env: { FLAMENCO_DESK_ELECTRON: electron.path },
});
const failed = vitest === undefined || vitest.state.getCountOfFailedTests() > 0 || vitest.state.getUnhandledErrors().length > 0;
await vitest?.close();
process.exit(failed ? 1 : 0);
