import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-bounds';

/** What the main window's options are built from. */
export type WindowOptionsInput = {
  readonly preloadPath: string;
  readonly bounds: WindowBounds;
  readonly iconPath?: string;
  readonly title: string;
  /** Developer tools: only in an unpackaged run. */
  readonly devTools: boolean;
};

/** Smallest size the layout supports. */
export const minimumWindowSize = { width: 800, height: 560 } as const;

/**
 * The main window's options. Electron's security checklist: sandboxed renderer with
 * context isolation and no Node, web security on, no insecure content, no webview, and
 * nothing that would let a page pick another preload.
 */
export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    title: input.title,
    show: false,
    backgroundColor: '#1e1e1e',
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
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
      devTools: input.devTools,
      // A middle-click would otherwise ask for a new window (denied anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
