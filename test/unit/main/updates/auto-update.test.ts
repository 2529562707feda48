import { describe, expect, it } from 'vitest';
import type { Updater } from '../../../../electron/main/updates/auto-update';
import { autoUpdates, shouldCheckForUpdates } from '../../../../electron/main/updates/auto-update';

describe('shouldCheckForUpdates', () => {
  it('checks only in a packaged app with the setting on', () => {
    expect([
      shouldCheckForUpdates({ packaged: true, autoUpdate: true }),
      shouldCheckForUpdates({ packaged: true, autoUpdate: false }),
      shouldCheckForUpdates({ packaged: false, autoUpdate: true }),
    ]).toEqual([true, false, false]);
  });
});

describe('autoUpdates', () => {
  it('loads the updater only once the setting is switched on, and checks once', async () => {
    let enabled = false;
    let changed: () => void = () => undefined;
    const loads: string[] = [];
    const updater: Updater = {
      autoDownload: false,
      checkForUpdatesAndNotify: async () => {
        loads.push('check');
        return null;
      },
    };
    const logged: Promise<void> = new Promise((resolve) => {
      autoUpdates({
        packaged: true,
        autoUpdate: () => enabled,
        onSettingsChange: (listener) => {
          changed = listener;
          return () => undefined;
        },
        loadUpdater: async () => {
          loads.push('load');
          return updater;
        },
        logger: { log: (_level, message) => (message === 'update check done' ? resolve() : undefined) },
      });
    });
    const before = [...loads];
    enabled = true;
    changed();
    changed();
    await logged;
    expect({ before, loads, autoDownload: updater.autoDownload }).toEqual({ before: [], loads: ['load', 'check'], autoDownload: true });
  });
});
