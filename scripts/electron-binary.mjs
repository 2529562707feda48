// Where Electron's binary is, found without requiring the electron package (its main
// starts a download when the binary is missing). Shared by `npm start` and test:electron.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron executable, or why there is none. Found the way the electron package's main
 * does (path.txt + dist/, or ELECTRON_OVERRIDE_DIST_PATH) but without requiring it: that
 * main starts a download when the binary is missing. FLAMENCO_DESK_ELECTRON overrides.
 */
export function findElectron() {
  const override = process.env.FLAMENCO_DESK_ELECTRON;
  if (override !== undefined && override !== '') return existsSync(override) ? { path: override } : { reason: `FLAMENCO_DESK_ELECTRON=${override} does not exist` };
  const packageDirectory = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDirectory, 'path.txt');
  if (!existsSync(pathFile)) return { reason: `Electron's binary is not installed (${pathFile} is missing: npm installed the electron package but its download did not happen)` };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distribution = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDirectory, 'dist');
  const path = join(distribution, executable);
  return existsSync(path) ? { path } : { reason: `Electron's binary is not installed (${path} is missing)` };
}

