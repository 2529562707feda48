/** What closing the main window does. */
export type CloseDecision =
  | { readonly kind: 'close' }
  /** Keep running in the tray; `tellUser` the first time (setting `trayHintShown`). */
  | { readonly kind: 'hide'; readonly tellUser: boolean };

/** Closing the window keeps the app in the tray, unless the user is quitting or there is no tray. */
export function closeDecision(input: { readonly quitting: boolean; readonly trayAvailable: boolean; readonly trayHintShown: boolean }): CloseDecision {
  if (input.quitting || !input.trayAvailable) return { kind: 'close' };
  return { kind: 'hide', tellUser: !input.trayHintShown };
}
