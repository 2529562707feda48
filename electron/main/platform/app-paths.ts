import { join } from 'node:path';
import type { App } from 'electron';
import type { AppPaths } from '../../core/ports';

/** The folders the shell uses besides core's. */
export type ShellPaths = AppPaths & {
  readonly logDirectory: string;
  /** Where the window's size and position are remembered. */
  readonly windowStateFile: string;
  /** The encrypted secrets (safeStorage output, base64). */
  readonly secretsFile: string;
};

/**
 * Core's folders from Electron: data in `userData` (the same folder the CLI uses), logs
 * in the OS log folder, temporary files under the OS temp folder.
 */
export function electronAppPaths(app: Pick<App, 'getPath'>): ShellPaths {
  const dataDirectory = app.getPath('userData');
  return {
    dataDirectory,
    temporaryDirectory: join(app.getPath('temp'), 'flamenco-desk'),
    logDirectory: app.getPath('logs'),
    windowStateFile: join(dataDirectory, 'window-state.json'),
    secretsFile: join(dataDirectory, 'secrets.json'),
  };
}

/** Where the run-time resources (tray icons) live: beside the package, or in the source tree. */
export function resourcesDirectory(input: { readonly packaged: boolean; readonly resourcesPath: string; readonly appPath: string }): string {
  // electron-builder copies resources/ to <resourcesPath>/resources (extraResources).
  return input.packaged ? join(input.resourcesPath, 'resources') : join(input.appPath, 'resources');
}
