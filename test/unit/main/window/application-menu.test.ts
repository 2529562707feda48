import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../../electron/main/window/application-menu';

describe('applicationMenuTemplate', () => {
  it('gives macOS the standard menus, with developer tools only unpackaged', () => {
    expect([applicationMenuTemplate({ platform: 'darwin', packaged: true }), applicationMenuTemplate({ platform: 'darwin', packaged: false })]).toEqual([
      [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }],
      [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' }],
    ]);
  });

  it('has no menu bar in a packaged Windows or Linux app', () => {
    expect([applicationMenuTemplate({ platform: 'linux', packaged: true }), applicationMenuTemplate({ platform: 'win32', packaged: true }), applicationMenuTemplate({ platform: 'linux', packaged: false })]).toEqual([
      null,
      null,
      [{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }],
    ]);
  });
});
