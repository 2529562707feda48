import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../electron/common/errors';
import type { PreparedJob, ResumePoint, SubmissionId, SubmissionState, TransferOutcome } from '../../../../electron/common/domain/submission';
import type { SubmissionEvent } from '../../../../electron/common/domain/submission-machine';
import {
  availableActions,
  mayHaveJob,
  recoverAfterRestart,
  resumePointOf,
  transition,
} from '../../../../electron/common/domain/submission-machine';

const prepared: PreparedJob = {
  jobType: { name: 'echo-sleep-test', label: 'Echo', etag: 'etag-1', settings: [] },
  settings: { message: 'hi' },
  dependencies: [],
  warnings: [],
};
const transfer: TransferOutcome = { blendfile: '{jobs}/shot-1/shot.blend', checkoutId: 'shot-1' };
const error: AppError = { code: 'manager-http', message: 'job type unknown', status: 400 };
const scoutId = 'scout-1' as SubmissionId;

const draftPoint: ResumePoint = { phase: 'draft' };
const readyPoint: ResumePoint = { phase: 'ready', prepared };
const unsentPoint: ResumePoint = { phase: 'submitting', prepared, transfer, sent: false };
const sentPoint: ResumePoint = { phase: 'submitting', prepared, transfer, sent: true };

/** One sample of every phase, with the variants that decide legality. */
const states = {
  draft: { phase: 'draft' },
  inspecting: { phase: 'inspecting' },
  ready: { phase: 'ready', prepared },
  hashing: { phase: 'hashing', prepared },
  uploading: { phase: 'uploading', prepared },
  checkout: { phase: 'checkout', prepared },
  submittingUnsent: { phase: 'submitting', prepared, transfer, sent: false },
  submittingSent: { phase: 'submitting', prepared, transfer, sent: true },
  submitted: { phase: 'submitted', jobId: 'job-1', jobStatus: 'queued' },
  completed: { phase: 'completed', jobId: 'job-1' },
  jobFailed: { phase: 'job-failed', jobId: 'job-1', reason: 'crashed' },
  jobCanceled: { phase: 'job-canceled', jobId: 'job-1', reason: 'by user' },
  waitingDraft: { phase: 'waiting-for-manager', resume: draftPoint, reason: 'down', attempt: 1, nextAttemptAt: 10 },
  waitingReady: { phase: 'waiting-for-manager', resume: readyPoint, reason: 'down', attempt: 1, nextAttemptAt: 10 },
  waitingSent: { phase: 'waiting-for-manager', resume: sentPoint, reason: 'down', attempt: 2, nextAttemptAt: 20 },
  scouting: { phase: 'awaiting-scout', resume: readyPoint, scoutId, scoutCompleted: false },
  scoutDone: { phase: 'awaiting-scout', resume: readyPoint, scoutId, scoutCompleted: true },
  attentionDraft: { phase: 'needs-attention', resume: draftPoint, reason: 'job type unknown', error },
  attentionReady: { phase: 'needs-attention', resume: readyPoint, reason: 'job type unknown', error },
  failedReady: { phase: 'failed', resume: readyPoint, reason: 'job type unknown', error, retryAt: 50 },
  failedSent: { phase: 'failed', resume: sentPoint, reason: 'job type unknown', error },
  pausedDraft: { phase: 'paused', resume: draftPoint },
  pausedReady: { phase: 'paused', resume: readyPoint },
  pausedUnsent: { phase: 'paused', resume: unsentPoint },
  pausedSent: { phase: 'paused', resume: sentPoint },
  canceled: { phase: 'canceled', reason: 'by user' },
} satisfies Record<string, SubmissionState>;
type StateName = keyof typeof states;

const missing: AppError = { code: 'file-missing', message: '/p/tex.png was deleted' };
const events = {
  inspect: { type: 'inspect' },
  inspected: { type: 'inspected', prepared },
  transferStarted: { type: 'transfer-started' },
  hashed: { type: 'hashed' },
  uploaded: { type: 'uploaded' },
  transferred: { type: 'transferred', transfer },
  sending: { type: 'sending' },
  accepted: { type: 'accepted', jobId: 'job-1', jobStatus: 'queued' },
  jobActive: { type: 'job-updated', jobStatus: 'active', reason: 'rendering' },
  jobCompleted: { type: 'job-updated', jobStatus: 'completed', reason: 'done' },
  jobFailed: { type: 'job-updated', jobStatus: 'failed', reason: 'crashed' },
  jobCanceled: { type: 'job-updated', jobStatus: 'canceled', reason: 'by user' },
  unreachable: { type: 'manager-unreachable', reason: 'down', attempt: 3, nextAttemptAt: 99 },
  back: { type: 'manager-back' },
  rejected: { type: 'rejected', error },
  errored: { type: 'errored', error, retryAt: 70 },
  fileChanged: { type: 'file-changed', path: '/p/tex.png' },
  fileDeleted: { type: 'file-deleted', path: '/p/tex.png', error: missing },
  scoutRequired: { type: 'scout-required', scoutId },
  scoutCompleted: { type: 'scout-ended', completed: true, confirm: false, reason: 'done' },
  scoutCompletedConfirm: { type: 'scout-ended', completed: true, confirm: true, reason: 'done' },
  scoutFailed: { type: 'scout-ended', completed: false, confirm: false, reason: 'crashed' },
  confirmScout: { type: 'confirm-scout' },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  cancel: { type: 'cancel', reason: 'by user' },
  retry: { type: 'retry' },
  edited: { type: 'edited' },
} satisfies Record<string, SubmissionEvent>;
type EventName = keyof typeof events;

const waiting = (resume: ResumePoint): SubmissionState => ({ phase: 'waiting-for-manager', resume, reason: 'down', attempt: 3, nextAttemptAt: 99 });
const attention = (resume: ResumePoint): SubmissionState => ({ phase: 'needs-attention', resume, reason: 'job type unknown', error });
const failed = (resume: ResumePoint): SubmissionState => ({ phase: 'failed', resume, reason: 'job type unknown', error, retryAt: 70 });
const deleted = (resume: ResumePoint): SubmissionState => ({ phase: 'needs-attention', resume, reason: missing.message, error: missing });
const scoutFailure: AppError = { code: 'conflict', message: 'The scout job did not complete: crashed' };
const canceled: SubmissionState = { phase: 'canceled', reason: 'by user' };
const submitted: SubmissionState = { phase: 'submitted', jobId: 'job-1', jobStatus: 'queued' };

/** Every legal (state, event) pair and the state it leads to; every other pair must be rejected. */
const legal: Partial<Record<`${StateName}|${EventName}`, SubmissionState>> = {
  'draft|inspect': states.inspecting,
  'draft|fileChanged': states.draft,
  'draft|fileDeleted': deleted(draftPoint),
  'draft|pause': states.pausedDraft,
  'draft|cancel': canceled,
  'draft|edited': states.draft,

  'inspecting|inspected': states.ready,
  'inspecting|unreachable': waiting(draftPoint),
  'inspecting|rejected': attention(draftPoint),
  'inspecting|errored': failed(draftPoint),
  'inspecting|fileChanged': states.draft,
  'inspecting|fileDeleted': deleted(draftPoint),
  'inspecting|pause': states.pausedDraft,
  'inspecting|cancel': canceled,
  'inspecting|edited': states.draft,

  'ready|transferStarted': states.hashing,
  'ready|unreachable': waiting(readyPoint),
  'ready|rejected': attention(draftPoint),
  'ready|errored': failed(readyPoint),
  'ready|fileChanged': states.draft,
  'ready|fileDeleted': deleted(draftPoint),
  'ready|scoutRequired': states.scouting,
  'ready|pause': states.pausedReady,
  'ready|cancel': canceled,
  'ready|edited': states.draft,

  'hashing|hashed': states.uploading,
  'hashing|transferred': states.submittingUnsent,
  'hashing|unreachable': waiting(readyPoint),
  'hashing|rejected': attention(draftPoint),
  'hashing|errored': failed(readyPoint),
  'hashing|pause': states.pausedReady,
  'hashing|cancel': canceled,
  'hashing|edited': states.draft,

  'uploading|uploaded': states.checkout,
  'uploading|transferred': states.submittingUnsent,
  'uploading|unreachable': waiting(readyPoint),
  'uploading|rejected': attention(draftPoint),
  'uploading|errored': failed(readyPoint),
  'uploading|pause': states.pausedReady,
  'uploading|cancel': canceled,
  'uploading|edited': states.draft,

  'checkout|transferred': states.submittingUnsent,
  'checkout|unreachable': waiting(readyPoint),
  'checkout|rejected': attention(draftPoint),
  'checkout|errored': failed(readyPoint),
  'checkout|pause': states.pausedReady,
  'checkout|cancel': canceled,
  'checkout|edited': states.draft,

  'submittingUnsent|sending': states.submittingSent,
  'submittingUnsent|accepted': submitted,
  'submittingUnsent|unreachable': waiting(unsentPoint),
  'submittingUnsent|rejected': attention(draftPoint),
  'submittingUnsent|errored': failed(unsentPoint),
  'submittingUnsent|pause': states.pausedUnsent,
  'submittingUnsent|cancel': canceled,
  'submittingUnsent|edited': states.draft,

  'submittingSent|sending': states.submittingSent,
  'submittingSent|accepted': submitted,
  'submittingSent|unreachable': waiting(sentPoint),
  'submittingSent|rejected': attention(draftPoint),
  'submittingSent|errored': failed(sentPoint),
  'submittingSent|pause': states.pausedSent,

  'submitted|jobActive': { phase: 'submitted', jobId: 'job-1', jobStatus: 'active' },
  'submitted|jobCompleted': states.completed,
  'submitted|jobFailed': states.jobFailed,
  'submitted|jobCanceled': states.jobCanceled,

  'waitingDraft|unreachable': waiting(draftPoint),
  'waitingDraft|back': states.draft,
  'waitingDraft|fileChanged': states.draft,
  'waitingDraft|fileDeleted': deleted(draftPoint),
  'waitingDraft|pause': states.pausedDraft,
  'waitingDraft|cancel': canceled,
  'waitingDraft|retry': states.draft,
  'waitingDraft|edited': states.draft,

  'waitingReady|unreachable': waiting(readyPoint),
  'waitingReady|back': states.ready,
  'waitingReady|fileChanged': states.draft,
  'waitingReady|fileDeleted': deleted(draftPoint),
  'waitingReady|pause': states.pausedReady,
  'waitingReady|cancel': canceled,
  'waitingReady|retry': states.ready,
  'waitingReady|edited': states.draft,

  'waitingSent|unreachable': waiting(sentPoint),
  'waitingSent|back': states.submittingSent,
  'waitingSent|pause': states.pausedSent,
  'waitingSent|retry': states.submittingSent,

  'scouting|fileChanged': { ...states.scouting, resume: draftPoint },
  'scouting|fileDeleted': deleted(draftPoint),
  'scouting|scoutCompleted': states.ready,
  'scouting|scoutCompletedConfirm': states.scoutDone,
  'scouting|scoutFailed': { phase: 'needs-attention', resume: readyPoint, reason: scoutFailure.message, error: scoutFailure },
  'scouting|cancel': canceled,
  'scouting|edited': states.draft,

  'scoutDone|fileChanged': { ...states.scoutDone, resume: draftPoint },
  'scoutDone|fileDeleted': deleted(draftPoint),
  'scoutDone|confirmScout': states.ready,
  'scoutDone|cancel': canceled,
  'scoutDone|edited': states.draft,

  'attentionDraft|fileChanged': states.attentionDraft,
  'attentionDraft|fileDeleted': deleted(draftPoint),
  'attentionDraft|pause': states.pausedDraft,
  'attentionDraft|cancel': canceled,
  'attentionDraft|retry': states.draft,
  'attentionDraft|edited': states.draft,

  'attentionReady|fileChanged': { ...states.attentionReady, resume: draftPoint },
  'attentionReady|fileDeleted': deleted(draftPoint),
  'attentionReady|pause': states.pausedReady,
  'attentionReady|cancel': canceled,
  'attentionReady|retry': states.ready,
  'attentionReady|edited': states.draft,

  'failedReady|fileChanged': { ...states.failedReady, resume: draftPoint },
  'failedReady|fileDeleted': deleted(draftPoint),
  'failedReady|pause': states.pausedReady,
  'failedReady|cancel': canceled,
  'failedReady|retry': states.ready,
  'failedReady|edited': states.draft,

  'failedSent|pause': states.pausedSent,
  'failedSent|retry': states.submittingSent,

  'pausedDraft|fileChanged': states.pausedDraft,
  'pausedDraft|fileDeleted': deleted(draftPoint),
  'pausedDraft|resume': states.draft,
  'pausedDraft|cancel': canceled,
  'pausedDraft|edited': states.pausedDraft,

  'pausedReady|fileChanged': states.pausedDraft,
  'pausedReady|fileDeleted': deleted(draftPoint),
  'pausedReady|resume': states.ready,
  'pausedReady|cancel': canceled,
  'pausedReady|edited': states.pausedDraft,

  'pausedUnsent|resume': states.submittingUnsent,
  'pausedUnsent|cancel': canceled,
  'pausedUnsent|edited': states.pausedDraft,

  'pausedSent|resume': states.submittingSent,
};

describe('transition', () => {
  for (const [stateName, state] of Object.entries(states) as [StateName, SubmissionState][]) {
    for (const [eventName, event] of Object.entries(events) as [EventName, SubmissionEvent][]) {
      const expected = legal[`${stateName}|${eventName}`];
      if (expected === undefined) {
        it(`rejects ${eventName} when ${stateName}`, () => {
          expect(transition(state, event)).toEqual({ ok: false, reason: `A submission that is ${state.phase} cannot take "${event.type}"` });
        });
      } else {
        it(`moves to ${expected.phase} on ${eventName} when ${stateName}`, () => {
          expect(transition(state, event)).toEqual({ ok: true, state: expected });
        });
      }
    }
  }
});

describe('recoverAfterRestart', () => {
  it('restarts in-flight work from its last safe point and keeps every other state', () => {
    const recovered = Object.fromEntries(Object.entries(states).map(([name, state]) => [name, recoverAfterRestart(state).phase]));
    expect(recovered).toEqual({
      ...Object.fromEntries(Object.entries(states).map(([name, state]) => [name, state.phase])),
      inspecting: 'draft',
      hashing: 'ready',
      uploading: 'ready',
      checkout: 'ready',
    });
  });

  it('keeps the sent flag of a submission so the job is looked up before it is sent again', () => {
    expect(recoverAfterRestart(states.submittingSent)).toEqual(states.submittingSent);
  });
});

describe('resumePointOf', () => {
  it('says where each state picks up', () => {
    expect([states.inspecting, states.uploading, states.submittingSent, states.pausedReady, states.submitted, states.canceled].map(resumePointOf)).toEqual([
      draftPoint,
      readyPoint,
      sentPoint,
      readyPoint,
      undefined,
      undefined,
    ]);
  });
});

describe('mayHaveJob', () => {
  it('is true once the job may exist on the Manager', () => {
    const names = (Object.keys(states) as StateName[]).filter((name) => mayHaveJob(states[name]));
    expect(names).toEqual(['submittingSent', 'submitted', 'waitingSent', 'failedSent', 'pausedSent']);
  });
});

describe('availableActions', () => {
  it('offers only the actions the machine accepts', () => {
    expect({
      draft: availableActions(states.draft),
      pausedSent: availableActions(states.pausedSent),
      attentionReady: availableActions(states.attentionReady),
      scoutDone: availableActions(states.scoutDone),
      submitted: availableActions(states.submitted),
    }).toEqual({
      draft: ['pause', 'cancel', 'edit'],
      pausedSent: ['resume'],
      attentionReady: ['pause', 'cancel', 'retry', 'edit'],
      scoutDone: ['cancel', 'edit', 'confirm-scout'],
      submitted: [],
    });
  });
});
