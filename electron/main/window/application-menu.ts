import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. macOS needs one for the standard shortcuts (copy, paste, quit); on
 * Windows and Linux a packaged app has none, since Chromium handles the editing shortcuts
 * itself. Reload and the developer tools are offered only in an unpackaged run.
 */
export function applicationMenuTemplate(input: { readonly platform: NodeJS.Platform; readonly packaged: boolean }): MenuItemConstructorOptions[] | null {
  const developer: MenuItemConstructorOptions[] = input.packaged ? [] : [{ role: 'viewMenu' }];
  if (input.platform === 'darwin') return [{ role: 'appMenu' }, { role: 'editMenu' }, ...developer, { role: 'windowMenu' }];
  return input.packaged ? null : [{ role: 'fileMenu' }, { role: 'editMenu' }, ...developer];
}
