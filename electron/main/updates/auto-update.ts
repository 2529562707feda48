import type { AppUpdater } from 'electron-updater';
import type { Logger } from '../../core/logging/rotating-log';

/** Whether to look for updates: only a packaged build whose user switched it on. */
export function shouldCheckForUpdates(input: { readonly packaged: boolean; readonly autoUpdate: boolean }): boolean {
  return input.packaged && input.autoUpdate;
}

/** The part of electron-updater's `autoUpdater` used. */
export type Updater = {
  autoDownload: boolean;
  checkForUpdatesAndNotify(): Promise<unknown>;
};

/**
 * Checks for updates when the `autoUpdate` setting is (or becomes) on. electron-updater is
 * loaded only then, so a user who keeps updates off never runs its code.
 */
export function autoUpdates(options: {
  readonly packaged: boolean;
  readonly autoUpdate: () => boolean;
  readonly onSettingsChange: (listener: () => void) => () => void;
  readonly loadUpdater?: () => Promise<Updater>;
  readonly logger: Logger;
}): () => void {
  const load = options.loadUpdater ?? loadElectronUpdater;
  let checked = false;
  const maybeCheck = (): void => {
    if (checked || !shouldCheckForUpdates({ packaged: options.packaged, autoUpdate: options.autoUpdate() })) return;
    checked = true;
    load()
      .then((updater) => {
        updater.autoDownload = true;
        return updater.checkForUpdatesAndNotify();
      })
      .then(() => options.logger.log('info', 'update check done'))
      .catch((error: unknown) => {
        checked = false;
        options.logger.log('warn', 'update check failed', { message: error instanceof Error ? error.message : String(error) });
      });
  };
  maybeCheck();
  return options.onSettingsChange(maybeCheck);
}

async function loadElectronUpdater(): Promise<Updater> {
  // electron-updater is CommonJS with a getter export, which Node's ESM loader exposes on `default`.
  const loaded = (await import('electron-updater')) as { readonly autoUpdater?: AppUpdater; readonly default?: { readonly autoUpdater: AppUpdater } };
  const updater = loaded.default?.autoUpdater ?? loaded.autoUpdater;
  if (updater === undefined) throw new Error('electron-updater has no autoUpdater');
  return updater;
}
