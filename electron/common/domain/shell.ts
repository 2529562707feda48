/** Where the shell asks the renderer to go (a notification click, a tray menu item). */
export type NavigationTarget =
  | { readonly screen: 'job'; readonly jobId: string }
  | { readonly screen: 'queue'; readonly submissionId?: string }
  | { readonly screen: 'submit' };

/** Files the user handed the app from outside (second launch, macOS open-file, the dock). */
export type OpenedFiles = {
  readonly paths: readonly string[];
};

/** What the user asks when choosing files in a native dialog. */
export type ChooseFilesRequest = {
  readonly title: string;
  /** Extensions without the dot, e.g. `blend`; empty or missing = any file. */
  readonly extensions?: readonly string[];
  readonly multiple?: boolean;
};
