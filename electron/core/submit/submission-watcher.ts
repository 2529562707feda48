import { resolve } from 'node:path';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { Submission, SubmissionId } from '../../common/domain/submission';
import { resumePointOf } from './submission-machine';

/** What the watcher needs from the queue. */
export type WatchedQueue = {
  list(): readonly Submission[];
  onChange(listener: (submission: Submission) => void): () => void;
  fileChanged(id: SubmissionId, path: string): void;
  fileDeleted(id: SubmissionId, path: string): void;
};

/** Options of {@link SubmissionWatcher}. */
export type SubmissionWatcherOptions = {
  /** Poll instead of native events (network drives). */
  readonly usePolling?: boolean;
  readonly interval?: number;
};

type EntryWatch = { readonly key: string; readonly files: readonly string[]; readonly watcher: FSWatcher; readonly ready: Promise<void> };

/**
 * Watches the files of entries that are not uploaded yet (the .blend and, once inspected,
 * its dependencies). A change before the upload sends the entry back to inspection, so
 * the files are traced and hashed again; a deleted file puts it in needs-attention. Files
 * of entries that are uploading or later are not watched: what was hashed is what goes.
 * One chokidar watcher per entry, so each has its own `ready` (chokidar emits it once).
 */
export class SubmissionWatcher {
  private readonly queue: WatchedQueue;
  private readonly options: SubmissionWatcherOptions;
  private readonly entries = new Map<SubmissionId, EntryWatch>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(queue: WatchedQueue, options: SubmissionWatcherOptions = {}) {
    this.queue = queue;
    this.options = options;
    this.unsubscribe = queue.onChange((submission) => this.reconcileEntry(submission));
    for (const submission of queue.list()) this.reconcileEntry(submission);
  }

  /** Resolves once every watcher has read its files. */
  async ready(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.ready));
  }

  /** The paths watched now, sorted. */
  watchedPaths(): readonly string[] {
    return [...new Set([...this.entries.values()].flatMap((entry) => entry.files))].sort();
  }

  /** Stops watching. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await Promise.all([...this.entries.values()].map((entry) => entry.watcher.close()));
    this.entries.clear();
  }

  private reconcileEntry(submission: Submission): void {
    if (this.closed) return;
    const files = filesToWatch(submission);
    const key = files.join('\n');
    const current = this.entries.get(submission.id);
    if (current?.key === key) return;
    if (current !== undefined) {
      this.entries.delete(submission.id);
      void current.watcher.close();
    }
    if (files.length === 0) return;
    const watcher = watch([...files], {
      ignoreInitial: true,
      persistent: true,
      ...(this.options.usePolling === undefined ? {} : { usePolling: this.options.usePolling }),
      ...(this.options.interval === undefined ? {} : { interval: this.options.interval }),
    });
    const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
    watcher.on('change', (path) => this.queue.fileChanged(submission.id, resolve(path)));
    watcher.on('unlink', (path) => this.queue.fileDeleted(submission.id, resolve(path)));
    this.entries.set(submission.id, { key, files, watcher, ready });
  }
}

/** The files of an entry worth watching: before its upload, its .blend and known dependencies. */
export function filesToWatch(submission: Submission): readonly string[] {
  const state = submission.state;
  if (state.phase === 'hashing' || state.phase === 'uploading' || state.phase === 'checkout' || state.phase === 'needs-attention') return [];
  const resume = resumePointOf(state);
  if (resume === undefined || resume.phase === 'submitting') return [];
  const dependencies = resume.phase === 'ready' ? resume.prepared.dependencies : [];
  return [...new Set([submission.request.blendPath, ...dependencies].map((path) => resolve(path)))];
}
