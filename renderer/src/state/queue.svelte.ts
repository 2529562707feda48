/**
 * The submission queue as the Queue screen shows it: entries with their state
 * (`queue:changed`), and the latest progress snapshot of each (`submission:progress`).
 */
import type { Submission, SubmissionAction, SubmissionChanges, SubmissionProgress } from '../../../electron/common/domain/submission';
import { isFinal } from '../../../electron/common/domain/submission';
import { assertNever } from '../../../electron/common/assert-never';
import { ipc } from '../lib/ipc';
import { toasts } from './toasts.svelte';

/** The queue state; one instance, {@link queue}. */
export class QueueState {
  entries = $state.raw<readonly Submission[]>([]);
  progress = $state.raw<Readonly<Record<string, SubmissionProgress>>>({});
  loading = $state(false);
  problem = $state<string | undefined>(undefined);
  private stops: (() => void)[] = [];

  /** Entries still in flight (for the sidebar badge). */
  readonly activeCount = $derived(this.entries.filter((entry) => !isFinal(entry.state) && entry.state.phase !== 'submitted').length);

  /** Loads the queue and follows it. */
  async start(): Promise<void> {
    for (const stop of this.stops) stop();
    const api = ipc();
    this.stops = [api.on('queue:changed', (entries) => this.setEntries(entries)), api.on('submission:progress', (progress) => this.setProgress(progress))];
    this.loading = true;
    const result = await api.invoke('queue:list', undefined);
    this.loading = false;
    if (result.ok) {
      this.problem = undefined;
      this.setEntries(result.value);
    } else this.problem = result.error.message;
  }

  /** Replaces the entries, newest first. */
  setEntries(entries: readonly Submission[]): void {
    this.entries = [...entries].sort((left, right) => right.createdAt - left.createdAt);
  }

  /** Keeps the newest progress snapshot of an entry. */
  setProgress(progress: SubmissionProgress): void {
    this.progress = { ...this.progress, [progress.id]: progress };
  }

  /** Applies a user action to an entry (`edit` goes through {@link edit}). */
  async act(entry: Submission, action: Exclude<SubmissionAction, 'edit'>): Promise<void> {
    const api = ipc();
    const id = entry.id;
    const result = await (() => {
      switch (action) {
        case 'pause':
          return api.invoke('queue:pause', { id });
        case 'resume':
          return api.invoke('queue:resume', { id });
        case 'cancel':
          return api.invoke('queue:cancel', { id });
        case 'retry':
          return api.invoke('queue:retry', { id });
        case 'confirm-scout':
          return api.invoke('queue:confirm-scout', { id });
        default:
          return assertNever(action, 'queue action');
      }
    })();
    if (!result.ok) toasts.show('error', result.error.message);
  }

  /** Changes a waiting entry. */
  async edit(entry: Submission, changes: SubmissionChanges): Promise<boolean> {
    const result = await ipc().invoke('queue:edit', { id: entry.id, changes });
    if (!result.ok) toasts.show('error', result.error.message);
    return result.ok;
  }

  /** Forgets a finished entry. */
  async remove(entry: Submission): Promise<void> {
    const result = await ipc().invoke('queue:remove', { id: entry.id });
    if (!result.ok) toasts.show('error', result.error.message);
  }
}

/** The one queue state of the page. */
export const queue = new QueueState();
