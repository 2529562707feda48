import { assertNever } from '../../common/assert-never';
import type { TransferProgress } from '../../common/domain/shaman';
import type { Submission, SubmissionPhase, SubmissionProgress } from '../../common/domain/submission';

/** What the taskbar/dock progress shows (Electron's `setProgressBar` value and mode). */
export type TaskbarProgress =
  | { readonly kind: 'none' }
  | { readonly kind: 'indeterminate' }
  | { readonly kind: 'fraction'; readonly value: number; readonly paused: boolean };

/**
 * The taskbar progress of the uploads running now: their bytes summed, indeterminate while
 * nothing is counted yet (hashing has no byte total at first), none when nothing runs.
 */
export function taskbarProgress(transfers: readonly TransferProgress[], options: { readonly paused?: boolean } = {}): TaskbarProgress {
  if (transfers.length === 0) return { kind: 'none' };
  const total = transfers.reduce((sum, transfer) => sum + transfer.bytesTotal, 0);
  if (total <= 0) return { kind: 'indeterminate' };
  const done = transfers.reduce((sum, transfer) => sum + Math.min(transfer.bytesDone, transfer.bytesTotal), 0);
  return { kind: 'fraction', value: Math.min(1, Math.max(0, done / total)), paused: options.paused === true };
}

/** Electron's arguments for {@link TaskbarProgress}: -1 removes the bar, 2 is indeterminate. */
export function progressBarArguments(progress: TaskbarProgress): { readonly value: number; readonly mode: 'none' | 'normal' | 'indeterminate' | 'paused' } {
  switch (progress.kind) {
    case 'none':
      return { value: -1, mode: 'none' };
    case 'indeterminate':
      return { value: 2, mode: 'indeterminate' };
    case 'fraction':
      return { value: progress.value, mode: progress.paused ? 'paused' : 'normal' };
    default:
      return assertNever(progress, 'taskbar progress');
  }
}

const transferPhases: readonly SubmissionPhase[] = ['hashing', 'uploading', 'checkout'];

/** Keeps the latest transfer progress of each queue entry while it hashes, uploads or checks out. */
export class TransferProgressTracker {
  private readonly transfers = new Map<string, TransferProgress>();

  /** A progress snapshot from the queue. */
  progress(progress: SubmissionProgress): void {
    if (progress.transfer !== undefined && transferPhases.includes(progress.phase)) this.transfers.set(progress.id, progress.transfer);
    else this.transfers.delete(progress.id);
  }

  /** An entry changed state: once it left the transfer phases its bar is gone. */
  changed(submission: Submission): void {
    if (!transferPhases.includes(submission.state.phase)) this.transfers.delete(submission.id);
  }

  /** The transfers running now. */
  current(): readonly TransferProgress[] {
    return [...this.transfers.values()];
  }
}
