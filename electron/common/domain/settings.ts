/** Light, dark, or whatever the OS says. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** Every user setting with its type. Adding one: add it here, to {@link defaultSettings}, and to the settings screen. */
export type AppSettings = {
  readonly theme: ThemePreference;
  /** How many files upload to Shaman at once. */
  readonly uploadConcurrency: number;
  /** Notification kinds the user switched off. */
  readonly mutedNotifications: readonly string[];
  /** Blender executables the user added by hand. */
  readonly blenderPaths: readonly string[];
  /** The Blender install to use; undefined = choose the best match for the farm. */
  readonly preferredBlender: string | null;
  /** Folders watched for new .blend files (hot folders). */
  readonly hotFolders: readonly { readonly path: string; readonly presetId: string | null }[];
  /** Whether the app checks for updates. Off by default. */
  readonly autoUpdate: boolean;
  /** Whether closing the window once told the user the app keeps running in the tray. */
  readonly trayHintShown: boolean;
};

/** The values a fresh install starts with. */
export const defaultSettings: AppSettings = {
  theme: 'system',
  uploadConcurrency: 4,
  mutedNotifications: [],
  blenderPaths: [],
  preferredBlender: null,
  hotFolders: [],
  autoUpdate: false,
  trayHintShown: false,
};

/** A settings key. */
export type SettingKey = keyof AppSettings;
