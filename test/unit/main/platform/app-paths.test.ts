import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronAppPaths, resourcesDirectory } from '../../../../electron/main/platform/app-paths';

describe('electronAppPaths', () => {
  it('keeps data in userData and logs in the OS log folder', () => {
    const folders: Record<string, string> = { userData: '/home/u/.config/Flamenco Desk', temp: '/tmp', logs: '/home/u/.config/Flamenco Desk/logs' };
    expect(electronAppPaths({ getPath: (name) => folders[name] ?? `unexpected ${name}` })).toEqual({
      dataDirectory: '/home/u/.config/Flamenco Desk',
      temporaryDirectory: join('/tmp', 'flamenco-desk'),
      logDirectory: '/home/u/.config/Flamenco Desk/logs',
      windowStateFile: join('/home/u/.config/Flamenco Desk', 'window-state.json'),
      secretsFile: join('/home/u/.config/Flamenco Desk', 'secrets.json'),
    });
  });
});

describe('resourcesDirectory', () => {
  it('points into the package or the source tree', () => {
    expect([
      resourcesDirectory({ packaged: true, resourcesPath: '/opt/app/resources', appPath: '/opt/app/resources/app.asar' }),
      resourcesDirectory({ packaged: false, resourcesPath: '/x', appPath: '/work/main' }),
    ]).toEqual([join('/opt/app/resources', 'resources'), join('/work/main', 'resources')]);
  });
});
