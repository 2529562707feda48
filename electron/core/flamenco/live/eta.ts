import type { JobEta, JobStatus } from '../../../common/domain/farm';

/** One observation of a job's progress. */
export type ProgressSample = {
  /** Clock time in milliseconds. */
  readonly at: number;
  readonly stepsCompleted: number;
};

/** Samples older than this (relative to the newest) do not count: farms change pace. */
export const etaWindowMilliseconds = 15 * 60_000;

/**
 * Estimates when a job finishes from its progress over time: the rate between the oldest
 * and newest sample in the window, applied to the steps left, counted from `now`.
 */
export function estimateEta(status: JobStatus, stepsTotal: number, samples: readonly ProgressSample[], now: number): JobEta {
  if (status === 'completed') return { kind: 'finished' };
  if (status !== 'active' || samples.length < 2 || stepsTotal <= 0) return { kind: 'unknown' };
  const newest = samples[samples.length - 1];
  if (newest === undefined) return { kind: 'unknown' };
  const oldest = samples.find((sample) => newest.at - sample.at <= etaWindowMilliseconds) ?? newest;
  const elapsed = newest.at - oldest.at;
  const steps = newest.stepsCompleted - oldest.stepsCompleted;
  if (elapsed <= 0 || steps <= 0) return { kind: 'unknown' };
  const stepsPerMillisecond = steps / elapsed;
  const remainingSteps = Math.max(0, stepsTotal - newest.stepsCompleted);
  const remainingMilliseconds = Math.max(0, Math.round(remainingSteps / stepsPerMillisecond - (now - newest.at)));
  return {
    kind: 'estimate',
    remainingMilliseconds,
    finishesAt: now + remainingMilliseconds,
    stepsPerMinute: stepsPerMillisecond * 60_000,
  };
}

/**
 * Adds a sample to a job's history: repeated values are skipped, a drop in progress (the
 * job was requeued) starts a new history, and samples older than the window are dropped.
 */
export function addSample(samples: readonly ProgressSample[], sample: ProgressSample): readonly ProgressSample[] {
  const last = samples[samples.length - 1];
  if (last !== undefined && last.stepsCompleted === sample.stepsCompleted) return samples;
  if (last !== undefined && sample.stepsCompleted < last.stepsCompleted) return [sample];
  return [...samples.filter((kept) => sample.at - kept.at <= etaWindowMilliseconds), sample];
}
