import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../../core/logging/rotating-log';
import { clampToDisplays, defaultWindowBounds, loadWindowState, saveWindowState } from './window-bounds';
import { mainWindowOptions, minimumWindowSize } from './window-options';

/** What the main window is opened with. */
export type MainWindowInput = {
  readonly preloadPath: string;
  readonly iconPath: string | undefined;
  readonly stateFile: string;
  /** app:// entry, or the dev server when not packaged. */
  readonly url: string;
  readonly logger: Logger;
  /** Called on every close request; return true to keep the window (hide it instead). */
  readonly interceptClose: () => boolean;
  readonly devTools: boolean;
};

/** Opens the main window at its remembered place (clamped to today's displays). */
export function openMainWindow(input: MainWindowInput): BrowserWindow {
  const saved = loadWindowState(input.stateFile);
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
  const bounds = clampToDisplays(saved?.bounds ?? defaultWindowBounds, displays, minimumWindowSize);
  const window = new BrowserWindow(mainWindowOptions({ preloadPath: input.preloadPath, bounds, title: 'Flamenco Desk', devTools: input.devTools, ...(input.iconPath === undefined ? {} : { iconPath: input.iconPath }) }));
  if (saved?.maximized === true) window.maximize();
  window.once('ready-to-show', () => window.show());
  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    saveWindowState(input.stateFile, { bounds: window.isMaximized() ? window.getNormalBounds() : window.getBounds(), maximized: window.isMaximized() });
  };
  window.on('close', (event) => {
    remember();
    if (input.interceptClose()) {
      event.preventDefault();
      window.hide();
    }
  });
  window.webContents.on('render-process-gone', (_event, details) => input.logger.log('error', 'renderer gone', { reason: details.reason, exitCode: details.exitCode }));
  window.loadURL(input.url).catch((error: unknown) => input.logger.log('error', 'could not load the renderer', { url: input.url, message: String(error) }));
  return window;
}

/** Brings the window to the front (from the tray, a second launch, a notification). */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
