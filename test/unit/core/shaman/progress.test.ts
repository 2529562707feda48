import { describe, expect, it } from 'vitest';
import type { TransferProgress } from '../../../../electron/common/domain/shaman';
import { ProgressTracker } from '../../../../electron/core/shaman/progress';
import { manualClock } from '../../../support/shaman-fixtures';

describe('ProgressTracker', () => {
  it('emits at most one snapshot per interval when updates come fast', () => {
    const clock = manualClock();
    const seen: TransferProgress[] = [];
    const tracker = new ProgressTracker({ phase: 'upload', clock, onProgress: (progress) => seen.push(progress), filesTotal: 2, bytesTotal: 1000 });
    for (let step = 0; step < 11; step += 1) {
      tracker.addBytes(10);
      clock.advance(20);
    }
    expect(seen.map((progress) => progress.bytesDone)).toEqual([10, 60, 110]);
  });

  it('reports the recent rate and the ETA when bytes move', () => {
    const clock = manualClock();
    const seen: TransferProgress[] = [];
    const tracker = new ProgressTracker({ phase: 'hash', clock, onProgress: (progress) => seen.push(progress), filesTotal: 2, bytesTotal: 4000 });
    clock.advance(1000);
    tracker.addBytes(1000);
    tracker.addFile();
    tracker.flush();
    expect(seen.at(-1)).toEqual({ phase: 'hash', filesDone: 1, filesTotal: 2, bytesDone: 1000, bytesTotal: 4000, bytesPerSecond: 1000, etaSeconds: 3 });
  });

  it('leaves the ETA unknown when nothing moved yet, and zero when all is done', () => {
    const clock = manualClock();
    const tracker = new ProgressTracker({ phase: 'copy', clock, filesTotal: 1, bytesTotal: 10 });
    const before = tracker.snapshot().etaSeconds;
    clock.advance(500);
    tracker.addBytes(10);
    expect([before, tracker.snapshot().etaSeconds]).toEqual([undefined, 0]);
  });

  it('always emits on flush, and takes back bytes of a failed attempt', () => {
    const clock = manualClock();
    const seen: number[] = [];
    const tracker = new ProgressTracker({ phase: 'upload', clock, onProgress: (progress) => seen.push(progress.bytesDone), bytesTotal: 100 });
    tracker.addBytes(50);
    tracker.addBytes(-50);
    tracker.flush();
    expect(seen).toEqual([50, 0]);
  });
});
