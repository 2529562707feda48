/**
 * What core needs from its host. The Electron shell, the CLI and the tests each implement
 * these; core never reaches for a host API itself.
 */

/** A notification core wants shown; `target` says what a click opens. */
export type Notification = {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  readonly target?: { readonly screen: 'job'; readonly jobId: string } | { readonly screen: 'queue'; readonly submissionId: string };
};

/** The kinds of notification a user can switch on and off. */
export type NotificationKind =
  | 'job-completed'
  | 'job-failed'
  | 'job-canceled'
  | 'upload-finished'
  | 'upload-failed'
  | 'queue-resumed'
  | 'worker-offline';

/** Shows notifications (native toasts, terminal lines, or a test's list). */
export type Notifier = {
  notify(notification: Notification): void;
};

/** Keeps secrets (tokens) out of plain text; Electron's safeStorage in the app. */
export type SecretStore = {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
};

/** Asks the user to choose files or folders. */
export type Dialogs = {
  chooseFiles(options: { readonly title: string; readonly extensions?: readonly string[]; readonly multiple?: boolean }): Promise<readonly string[]>;
  chooseDirectory(options: { readonly title: string }): Promise<string | undefined>;
};

/** Where the app keeps its data. */
export type AppPaths = {
  /** Folder for the database, caches and logs. */
  readonly dataDirectory: string;
  /** Folder for temporary files. */
  readonly temporaryDirectory: string;
};

/** Opens folders and web pages in the user's desktop. */
export type Opener = {
  openPath(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
};

/** A source of time, injected so tests never sleep. */
export type Clock = {
  now(): number;
  setTimeout(callback: () => void, milliseconds: number): { cancel(): void };
};

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, milliseconds) {
    const handle = setTimeout(callback, milliseconds);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};
