// electron-builder hooks: better-sqlite3 is the app's only native module. It is built for
// Node's ABI in node_modules (the tests run on plain Node), so packaging rebuilds it for
// Electron's ABI just before the files are copied, and puts Node's build back afterwards.
// Nothing here runs at `npm install` time.
import { execFileSync } from 'node:child_process';
import process from 'node:process';

/** The native modules rebuilt for Electron; everything else is plain JavaScript. */
export const nativeModules = ['better-sqlite3'];

/** Rebuilds the native modules for the Electron being packaged; `false` skips electron-builder's own rebuild of every dependency. */
export async function beforeBuild(context) {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: context.appDir, electronVersion: context.electronVersion, arch: context.arch, onlyModules: nativeModules, force: true, mode: 'sequential' });
  return false;
}

/** Puts Node's build of the native modules back so `npm test` keeps working after packaging. */
export async function afterPack() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['rebuild', ...nativeModules], { stdio: 'inherit', shell: process.platform === 'win32' });
}
