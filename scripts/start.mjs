// `npm start`: the desktop app in development (electron-vite dev). Where Electron's binary
// could not be installed, say so plainly and point at what works without it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectron } from './electron-binary.mjs';

const electron = findElectron();
if (electron.path === undefined) {
  process.stderr.write(
    `Flamenco Desk cannot start its window here: ${electron.reason}.\n` +
      'Install the binary where the network allows it (npm rebuild electron), or use the app without it:\n' +
      '  npm run build:renderer && npm run cli -- serve    the UI in a browser, backed by this machine\'s core\n' +
      '  npm run cli -- --help                            the headless CLI\n',
  );
  process.exit(1);
}
const result = spawnSync(process.execPath, [join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
