import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors';
import { backoffDelay, delay, runLimited } from '../../../../electron/core/shaman/timing';
import { manualClock } from '../../../support/shaman-fixtures';

describe('backoffDelay', () => {
  it('doubles up to the ceiling, half of it jittered', () => {
    const backoff = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(backoff, attempt, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(backoff, 2, () => 1)).toBe(200);
  });
});

describe('delay', () => {
  it('resolves when the clock passes the delay', async () => {
    const clock = manualClock();
    let done = false;
    const waiting = delay(clock, 100, undefined).then(() => {
      done = true;
    });
    clock.advance(99);
    await Promise.resolve();
    const early = done;
    clock.advance(1);
    await waiting;
    expect([early, done]).toEqual([false, true]);
  });

  it('rejects with canceled when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = delay(manualClock(), 1000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'canceled' });
  });
});

describe('runLimited', () => {
  it('never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, undefined, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      done.push(item);
    });
    expect({ peak, done: [...done].sort() }).toEqual({ peak: 3, done: [1, 2, 3, 4, 5, 6, 7] });
  });

  it('stops the others and rethrows when one item fails', async () => {
    const started: number[] = [];
    const failure = new CoreError('file-missing', 'gone');
    const run = runLimited([1, 2, 3, 4, 5], 2, undefined, async (item, signal) => {
      started.push(item);
      if (item === 2) throw failure;
      await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted) return;
    });
    await expect(run).rejects.toBe(failure);
    expect(started).toEqual([1, 2]);
  });
});
