import { describe, expect, it } from 'vitest';
import type { Submission, SubmissionId, SubmissionState } from '../../../../electron/common/domain/submission';
import { availableActions } from '../../../../electron/common/domain/submission-machine';
import { queueEntriesToToggle, trayAttention, trayQueue } from '../../../../electron/main/tray/tray-sources';

const error = { code: 'manager-unreachable', message: 'down' } as const;

function entry(id: string, state: SubmissionState): Submission {
  // The tray reads only ids and states; the request is irrelevant here.
  return { id: id as SubmissionId, request: {} as Submission['request'], state, sequence: 0, failures: 0, createdAt: 0, updatedAt: 0 };
}

const queue: readonly Submission[] = [
  entry('draft', { phase: 'draft' }),
  entry('waiting', { phase: 'waiting-for-manager', resume: { phase: 'draft' }, reason: 'down', attempt: 1, nextAttemptAt: 10 }),
  entry('held', { phase: 'paused', resume: { phase: 'draft' } }),
  entry('attention', { phase: 'needs-attention', resume: { phase: 'draft' }, reason: 'missing file', error }),
  entry('retrying', { phase: 'failed', resume: { phase: 'draft' }, reason: 'r', error, retryAt: 5 }),
  entry('gave-up', { phase: 'failed', resume: { phase: 'draft' }, reason: 'r', error }),
  entry('scout', { phase: 'awaiting-scout', resume: { phase: 'draft' }, scoutId: 's' as SubmissionId, scoutCompleted: true }),
  entry('rendering', { phase: 'submitted', jobId: 'j', jobStatus: 'active' }),
  entry('done', { phase: 'completed', jobId: 'j2' }),
];

describe('queue sources of the tray', () => {
  it('counts entries not sent yet and says whether all of them are paused', () => {
    expect([trayQueue(queue), trayQueue([queue[2] as Submission, queue[8] as Submission]), trayQueue([])]).toEqual([
      { pending: 7, paused: false },
      { pending: 1, paused: true },
      { pending: 0, paused: false },
    ]);
  });

  it('counts entries that wait for the user', () => {
    expect(trayAttention(queue)).toBe(3);
  });

  it('pauses every queued entry that can be paused, and resumes the paused ones', () => {
    const actionsOf = (submission: Submission) => availableActions(submission.state);
    expect({ pause: queueEntriesToToggle(queue, true, actionsOf), resume: queueEntriesToToggle(queue, false, actionsOf) }).toEqual({
      pause: ['draft', 'waiting', 'attention', 'retrying', 'gave-up'],
      resume: ['held'],
    });
  });
});
