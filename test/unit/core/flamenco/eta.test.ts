import { describe, expect, it } from 'vitest';
import { addSample, estimateEta, etaWindowMilliseconds } from '../../../../electron/core/flamenco/live/eta';

const minute = 60_000;

describe('estimateEta', () => {
  it('extrapolates the observed rate to the steps left, counted from now', () => {
    const samples = [
      { at: 0, stepsCompleted: 10 },
      { at: 10 * minute, stepsCompleted: 30 },
    ];

    expect(estimateEta('active', 100, samples, 12 * minute)).toEqual({
      kind: 'estimate',
      remainingMilliseconds: 33 * minute,
      finishesAt: 45 * minute,
      stepsPerMinute: 2,
    });
  });

  it('is unknown with fewer than two samples or no progress', () => {
    expect([
      estimateEta('active', 100, [{ at: 0, stepsCompleted: 5 }], minute),
      estimateEta('active', 100, [{ at: 0, stepsCompleted: 5 }, { at: minute, stepsCompleted: 5 }], minute),
    ]).toEqual([{ kind: 'unknown' }, { kind: 'unknown' }]);
  });

  it('is finished for a completed job and unknown for a paused one', () => {
    const samples = [
      { at: 0, stepsCompleted: 0 },
      { at: minute, stepsCompleted: 1 },
    ];

    expect([estimateEta('completed', 10, samples, minute), estimateEta('paused', 10, samples, minute)]).toEqual([{ kind: 'finished' }, { kind: 'unknown' }]);
  });

  it('ignores samples older than the window', () => {
    const samples = [
      { at: 0, stepsCompleted: 0 },
      { at: etaWindowMilliseconds, stepsCompleted: 90 },
      { at: etaWindowMilliseconds + minute, stepsCompleted: 91 },
      { at: etaWindowMilliseconds + 2 * minute, stepsCompleted: 92 },
    ];

    const eta = estimateEta('active', 100, samples, etaWindowMilliseconds + 2 * minute);

    expect(eta).toEqual({ kind: 'estimate', remainingMilliseconds: 8 * minute, finishesAt: etaWindowMilliseconds + 10 * minute, stepsPerMinute: 1 });
  });
});

describe('addSample', () => {
  it('skips repeats and restarts the history when progress drops (requeue)', () => {
    let samples = addSample([], { at: 0, stepsCompleted: 1 });
    samples = addSample(samples, { at: 1, stepsCompleted: 1 });
    samples = addSample(samples, { at: 2, stepsCompleted: 3 });
    const afterRequeue = addSample(samples, { at: 3, stepsCompleted: 0 });

    expect([samples, afterRequeue]).toEqual([
      [
        { at: 0, stepsCompleted: 1 },
        { at: 2, stepsCompleted: 3 },
      ],
      [{ at: 3, stepsCompleted: 0 }],
    ]);
  });
});
