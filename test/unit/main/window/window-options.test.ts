import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../../electron/main/window/window-options';

describe('mainWindowOptions', () => {
  it('builds a sandboxed, isolated window without Node at the given bounds', () => {
    expect(mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: { x: 10, y: 20, width: 1000, height: 700 }, title: 'Flamenco Desk', iconPath: '/app/icon.png', devTools: false })).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      minWidth: 800,
      minHeight: 560,
      title: 'Flamenco Desk',
      show: false,
      backgroundColor: '#1e1e1e',
      icon: '/app/icon.png',
      webPreferences: {
        preload: '/app/out/preload/index.cjs',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        disableBlinkFeatures: 'Auxclick',
        devTools: false,
      },
    });
  });

  it('leaves the icon out when there is none', () => {
    expect('icon' in mainWindowOptions({ preloadPath: '/p.cjs', bounds: { width: 900, height: 600 }, title: 'T', devTools: true })).toBe(false);
  });
});
