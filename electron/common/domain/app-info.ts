/** Facts about the running app, shown in About and diagnostics. */
export type AppInfo = {
  readonly version: string;
  /** `electron` inside the desktop app, `bridge` when served to a browser for tests/headless use. */
  readonly host: 'electron' | 'bridge';
  readonly platform: 'linux' | 'windows' | 'darwin';
  readonly dataDirectory: string;
};
