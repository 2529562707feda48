import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrayHost } from '../../../../electron/main/tray/tray';
import { createTrayController, trayIconFile, trayMenuTemplate } from '../../../../electron/main/tray/tray';
import type { TrayAction, TrayState } from '../../../../electron/main/tray/tray-state';

const state: TrayState = {
  icon: 'idle',
  tooltip: 'Flamenco Desk',
  menu: [
    { kind: 'action', label: 'Open', action: { kind: 'open-window' }, enabled: true },
    { kind: 'separator' },
    { kind: 'label', label: 'No active jobs' },
    { kind: 'checkbox', label: 'Notifications', action: { kind: 'toggle-notifications' }, checked: true },
  ],
};

function fakeHost(): { host: TrayHost; calls: string[]; menus: MenuItemConstructorOptions[][] } {
  const calls: string[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const host: TrayHost = {
    createTray: (image) => {
      calls.push(`create ${String(image)}`);
      return {
        setImage: (next) => calls.push(`image ${String(next)}`),
        setToolTip: (text) => calls.push(`tooltip ${text}`),
        setContextMenu: () => calls.push('menu'),
        on: () => undefined,
        destroy: () => calls.push('destroy'),
        isDestroyed: () => false,
      };
    },
    image: (path) => path as unknown as NativeImage,
    menu: (template) => {
      menus.push(template);
      return template;
    },
    darkPanel: () => true,
  };
  return { host, calls, menus };
}

describe('trayMenuTemplate', () => {
  it('turns the plain menu into Electron items whose clicks report the action', () => {
    const actions: TrayAction[] = [];
    const template = trayMenuTemplate(state.menu, (action) => actions.push(action));
    for (const item of template) item.click?.(undefined as never, undefined, undefined as never);
    expect({ shape: template.map(({ click: _click, ...rest }) => rest), actions }).toEqual({
      shape: [{ label: 'Open', enabled: true }, { type: 'separator' }, { label: 'No active jobs', enabled: false }, { label: 'Notifications', type: 'checkbox', checked: true }],
      actions: [{ kind: 'open-window' }, { kind: 'toggle-notifications' }],
    });
  });
});

describe('trayIconFile', () => {
  it('picks the state and the panel variant', () => {
    expect([trayIconFile('/r', 'rendering', true), trayIconFile('/r', 'offline', false)]).toEqual([join('/r', 'tray', 'rendering-dark.png'), join('/r', 'tray', 'offline-light.png')]);
  });
});

describe('createTrayController', () => {
  it('sets only what changed', () => {
    const { host, calls, menus } = fakeHost();
    const tray = createTrayController(host, '/r', () => undefined, state);
    tray.update(state);
    tray.update({ ...state, icon: 'attention', tooltip: 'Flamenco Desk\n1 needs attention' });
    tray.destroy();
    expect({ calls, menus: menus.length, current: tray.current?.icon }).toEqual({
      calls: [`create ${join('/r', 'tray', 'idle-dark.png')}`, 'tooltip Flamenco Desk', 'menu', `image ${join('/r', 'tray', 'attention-dark.png')}`, 'tooltip Flamenco Desk\n1 needs attention', 'destroy'],
      menus: 1,
      current: 'attention',
    });
  });
});
