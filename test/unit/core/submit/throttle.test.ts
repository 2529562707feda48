import { describe, expect, it } from 'vitest';
import { throttle } from '../../../../electron/core/submit/throttle';
import { ManualClock } from '../../../support/flamenco/manual-clock';

describe('throttle', () => {
  it('runs at once, folds calls within the interval into one trailing run, and runs again after it', () => {
    const clock = new ManualClock(0);
    const runs: number[] = [];
    const call = throttle(clock, 100, () => runs.push(clock.now()));
    call();
    call();
    call();
    clock.advance(50);
    call();
    clock.advance(50);
    clock.advance(200);
    call();
    expect(runs).toEqual([0, 100, 300]);
  });

  it('drops a pending run when canceled', () => {
    const clock = new ManualClock(0);
    const runs: number[] = [];
    const call = throttle(clock, 100, () => runs.push(clock.now()));
    call();
    call();
    call.cancel();
    clock.advance(500);
    expect(runs).toEqual([0]);
  });
});
