import type { NavigationTarget } from '../common/domain/shell';
import type { Notification } from '../core/ports';
import type { TrayState } from './tray/tray-state';

/** What the real-Electron smoke test reads and triggers in the main process. */
export type TestingHooks = {
  trayState(): TrayState | undefined;
  notificationsShowing(): number;
  notify(notification: Notification): void;
  openFiles(paths: readonly string[]): void;
  navigate(target: NavigationTarget): void;
};

/**
 * Publishes {@link TestingHooks} on `globalThis.flamencoDeskTesting` for
 * test/electron/smoke.test.ts, only in an unpackaged run started with
 * FLAMENCO_DESK_TESTING=1, so a shipped app never exposes them.
 */
export function installTestingHooks(packaged: boolean, environment: NodeJS.ProcessEnv, hooks: TestingHooks): boolean {
  if (packaged || environment['FLAMENCO_DESK_TESTING'] !== '1') return false;
  (globalThis as { flamencoDeskTesting?: TestingHooks }).flamencoDeskTesting = hooks;
  return true;
}
