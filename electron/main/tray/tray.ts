import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { join } from 'node:path';
import { assertNever } from '../../common/assert-never';
import type { TrayAction, TrayIcon, TrayMenuItem, TrayState } from './tray-state';

/** Electron's menu item options for the plain tray menu. */
export function trayMenuTemplate(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
        return { label: item.label, type: 'checkbox', checked: item.checked, click: () => onAction(item.action) };
      default:
        return assertNever(item, 'tray menu item');
    }
  });
}

/**
 * The tray icon file for a state. `-dark` icons are light glyphs for dark panels, `-light`
 * the opposite; Electron picks the `@2x` file next to it on high-density screens.
 */
export function trayIconFile(resourcesDirectory: string, icon: TrayIcon, darkPanel: boolean): string {
  return join(resourcesDirectory, 'tray', `${icon}-${darkPanel ? 'dark' : 'light'}.png`);
}

/** The Electron parts the tray uses (injected so index.ts alone imports electron's values). */
export type TrayHost = {
  createTray(image: NativeImage): { setImage(image: NativeImage): void; setToolTip(text: string): void; setContextMenu(menu: unknown): void; on(event: 'click', listener: () => void): unknown; destroy(): void; isDestroyed(): boolean };
  image(path: string): NativeImage;
  menu(template: MenuItemConstructorOptions[]): unknown;
  darkPanel(): boolean;
};

/** A live tray; `update` is cheap when nothing changed. */
export type TrayController = {
  update(state: TrayState): void;
  destroy(): void;
  readonly current: TrayState | undefined;
};

/** Creates the tray and keeps it in step with the states handed to `update`. */
export function createTrayController(host: TrayHost, resourcesDirectory: string, onAction: (action: TrayAction) => void, initial: TrayState): TrayController {
  const imageFor = (state: TrayState): NativeImage => host.image(trayIconFile(resourcesDirectory, state.icon, host.darkPanel()));
  const tray = host.createTray(imageFor(initial));
  tray.on('click', () => onAction({ kind: 'open-window' }));
  let current: TrayState | undefined;
  const apply = (state: TrayState): void => {
    if (tray.isDestroyed()) return;
    if (current !== undefined && current.icon !== state.icon) tray.setImage(imageFor(state));
    if (current?.tooltip !== state.tooltip) tray.setToolTip(state.tooltip);
    if (current === undefined || JSON.stringify(current.menu) !== JSON.stringify(state.menu)) tray.setContextMenu(host.menu(trayMenuTemplate(state.menu, onAction)));
    current = state;
  };
  apply(initial);
  return {
    update: apply,
    destroy: () => tray.destroy(),
    get current() {
      return current;
    },
  };
}
