import { describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../../../electron/common/domain/shaman';
import type { Submission, SubmissionId } from '../../../../electron/common/domain/submission';
import { progressBarArguments, taskbarProgress, TransferProgressTracker } from '../../../../electron/main/notifications/taskbar-progress';

function transfer(bytesDone: number, bytesTotal: number): TransferProgress {
  return { phase: 'upload', filesDone: 0, filesTotal: 1, bytesDone, bytesTotal, bytesPerSecond: 0, etaSeconds: undefined };
}

describe('taskbarProgress', () => {
  it('sums the bytes of every running upload', () => {
    expect(taskbarProgress([transfer(25, 100), transfer(75, 100)])).toEqual({ kind: 'fraction', value: 0.5, paused: false });
  });

  it('is indeterminate before totals are known and absent when nothing runs', () => {
    expect([taskbarProgress([transfer(0, 0)]), taskbarProgress([])]).toEqual([{ kind: 'indeterminate' }, { kind: 'none' }]);
  });

  it('never passes 1 even when a retry over-counts bytes, and shows a paused queue', () => {
    expect(taskbarProgress([transfer(150, 100)], { paused: true })).toEqual({ kind: 'fraction', value: 1, paused: true });
  });
});

describe('progressBarArguments', () => {
  it('maps to the values setProgressBar understands', () => {
    expect([
      progressBarArguments({ kind: 'none' }),
      progressBarArguments({ kind: 'indeterminate' }),
      progressBarArguments({ kind: 'fraction', value: 0.25, paused: false }),
      progressBarArguments({ kind: 'fraction', value: 0.25, paused: true }),
    ]).toEqual([
      { value: -1, mode: 'none' },
      { value: 2, mode: 'indeterminate' },
      { value: 0.25, mode: 'normal' },
      { value: 0.25, mode: 'paused' },
    ]);
  });
});

describe('TransferProgressTracker', () => {
  it('keeps the latest transfer of each entry while it transfers', () => {
    const tracker = new TransferProgressTracker();
    const id = 's1' as SubmissionId;
    tracker.progress({ id, phase: 'hashing', transfer: transfer(1, 10) });
    tracker.progress({ id, phase: 'uploading', transfer: transfer(5, 10) });
    tracker.progress({ id: 's2' as SubmissionId, phase: 'uploading', transfer: transfer(0, 4) });
    const during = tracker.current();
    tracker.changed({ id, state: { phase: 'submitted', jobId: 'j', jobStatus: 'queued' } } as Submission);
    tracker.progress({ id: 's2' as SubmissionId, phase: 'submitting' });
    expect({ during, after: tracker.current() }).toEqual({ during: [transfer(5, 10), transfer(0, 4)], after: [] });
  });
});
