import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What {@link blendFilesFromArgv} needs besides the arguments. */
export type ArgvContext = {
  /** The launching process's working directory (relative paths are resolved against it). */
  readonly workingDirectory: string;
  /** Unpackaged runs have the app's path (`.` or out/main/index.js) as the first argument. */
  readonly packaged: boolean;
};

/** True for a path or file URL naming a .blend file. */
export function isBlendFile(path: string): boolean {
  return /\.blend$/i.test(path);
}

/**
 * The .blend files named on a command line: Chromium and Electron flags (`--foo`,
 * `--foo=bar`, `-x`) are ignored, as are the executable and, when not packaged, the app
 * path; `file://` URLs (Linux desktop files pass `%U`) become paths; duplicates are dropped.
 */
export function blendFilesFromArgv(argv: readonly string[], context: ArgvContext): readonly string[] {
  const positional = argv.slice(1).filter((argument) => !argument.startsWith('-'));
  const candidates = context.packaged ? positional : positional.slice(1);
  const paths: string[] = [];
  for (const candidate of candidates) {
    const path = toPath(candidate, context.workingDirectory);
    if (path !== undefined && isBlendFile(path) && !paths.includes(path)) paths.push(path);
  }
  return paths;
}

function toPath(argument: string, workingDirectory: string): string | undefined {
  if (argument.startsWith('file://')) {
    try {
      return fileURLToPath(argument);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(argument)) return undefined;
  return isAbsolute(argument) ? resolve(argument) : resolve(workingDirectory, argument);
}

/**
 * Hands files from outside to the renderer exactly once. Until the renderer asks for the
 * pending files (its Submit screen does on start, after subscribing to the event), they
 * are kept; after that each batch goes straight to the event.
 */
export class LaunchFiles {
  private pending: string[] = [];
  private rendererReady = false;
  private readonly deliverNow: (paths: readonly string[]) => void;

  constructor(deliverNow: (paths: readonly string[]) => void) {
    this.deliverNow = deliverNow;
  }

  /** Files arrived (first launch, second instance, open-file). */
  add(paths: readonly string[]): void {
    if (paths.length === 0) return;
    if (this.rendererReady) {
      this.deliverNow(paths);
      return;
    }
    for (const path of paths) if (!this.pending.includes(path)) this.pending.push(path);
  }

  /** The files kept so far; from now on new files are delivered directly. */
  take(): readonly string[] {
    this.rendererReady = true;
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** The page went away (reload, crash): keep files again until it asks. */
  rendererGone(): void {
    this.rendererReady = false;
  }
}
