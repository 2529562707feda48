import { assertNever } from '../assert-never';
import type { AppError } from '../errors';
import type { JobStatus } from './farm';
import type {
  PreparedJob,
  ResumePoint,
  SubmissionAction,
  SubmissionId,
  SubmissionPhase,
  SubmissionState,
  TransferOutcome,
} from './submission';

/** Everything that can happen to a submission. */
export type SubmissionEvent =
  | { readonly type: 'inspect' }
  | { readonly type: 'inspected'; readonly prepared: PreparedJob }
  | { readonly type: 'transfer-started' }
  | { readonly type: 'hashed' }
  | { readonly type: 'uploaded' }
  | { readonly type: 'transferred'; readonly transfer: TransferOutcome }
  | { readonly type: 'sending' }
  | { readonly type: 'accepted'; readonly jobId: string; readonly jobStatus: JobStatus }
  | { readonly type: 'job-updated'; readonly jobStatus: JobStatus; readonly reason: string }
  | { readonly type: 'manager-unreachable'; readonly reason: string; readonly attempt: number; readonly nextAttemptAt: number }
  | { readonly type: 'manager-back' }
  | { readonly type: 'rejected'; readonly error: AppError; readonly resume?: ResumePoint }
  | { readonly type: 'errored'; readonly error: AppError; readonly retryAt?: number }
  | { readonly type: 'file-changed'; readonly path: string }
  | { readonly type: 'file-deleted'; readonly path: string; readonly error: AppError }
  | { readonly type: 'scout-required'; readonly scoutId: SubmissionId }
  | { readonly type: 'scout-ended'; readonly completed: boolean; readonly confirm: boolean; readonly reason: string }
  | { readonly type: 'confirm-scout' }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'cancel'; readonly reason: string }
  | { readonly type: 'retry' }
  | { readonly type: 'edited' };

/** The outcome of {@link transition}: the next state, or why the event does not apply. */
export type TransitionResult = { readonly ok: true; readonly state: SubmissionState } | { readonly ok: false; readonly reason: string };

const draft: ResumePoint = { phase: 'draft' };

function to(state: SubmissionState): TransitionResult {
  return { ok: true, state };
}

function illegal(state: SubmissionState, event: SubmissionEvent): TransitionResult {
  return { ok: false, reason: `A submission that is ${state.phase} cannot take "${event.type}"` };
}

/**
 * Where work resumes from `state`: in-flight work restarts from its last safe point (an
 * interrupted upload restarts from `ready`; the Shaman journal skips what is stored), and
 * `submitting` keeps its `sent` flag so the job is looked up before it is sent again.
 * Undefined for states that have nothing to resume (submitted or final).
 */
export function resumePointOf(state: SubmissionState): ResumePoint | undefined {
  switch (state.phase) {
    case 'draft':
    case 'inspecting':
      return draft;
    case 'ready':
    case 'hashing':
    case 'uploading':
    case 'checkout':
      return { phase: 'ready', prepared: state.prepared };
    case 'submitting':
      return { phase: 'submitting', prepared: state.prepared, transfer: state.transfer, sent: state.sent };
    case 'waiting-for-manager':
    case 'awaiting-scout':
    case 'needs-attention':
    case 'failed':
    case 'paused':
      return state.resume;
    case 'submitted':
    case 'completed':
    case 'job-failed':
    case 'job-canceled':
    case 'canceled':
      return undefined;
    default:
      return assertNever(state, 'submission state');
  }
}

/** The state a resume point starts. */
export function stateAt(resume: ResumePoint): SubmissionState {
  switch (resume.phase) {
    case 'draft':
      return { phase: 'draft' };
    case 'ready':
      return { phase: 'ready', prepared: resume.prepared };
    case 'submitting':
      return { phase: 'submitting', prepared: resume.prepared, transfer: resume.transfer, sent: resume.sent };
    default:
      return assertNever(resume, 'resume point');
  }
}

/**
 * The state to continue from after the process stopped without warning: work that was in
 * flight restarts from its resume point; everything else is kept as it was persisted.
 */
export function recoverAfterRestart(state: SubmissionState): SubmissionState {
  switch (state.phase) {
    case 'inspecting':
    case 'hashing':
    case 'uploading':
    case 'checkout': {
      const resume = resumePointOf(state);
      return resume === undefined ? state : stateAt(resume);
    }
    default:
      return state;
  }
}

/** True when the job may already exist on the Manager, so the entry cannot be canceled locally. */
export function mayHaveJob(state: SubmissionState): boolean {
  const resume = resumePointOf(state);
  return state.phase === 'submitted' || (resume?.phase === 'submitting' && resume.sent);
}

/** Phases in which the queue is working on the entry. */
const workingPhases: readonly SubmissionPhase[] = ['inspecting', 'ready', 'hashing', 'uploading', 'checkout', 'submitting'];

/** Phases before any byte of the entry went to the farm, where a file change means inspecting again. */
function beforeUpload(state: SubmissionState): boolean {
  const resume = resumePointOf(state);
  return resume !== undefined && resume.phase !== 'submitting' && !['hashing', 'uploading', 'checkout'].includes(state.phase);
}

type HeldState = Extract<SubmissionState, { readonly phase: 'paused' | 'needs-attention' | 'failed' | 'awaiting-scout' }>;

/** States that wait for the user rather than for the queue. */
function isHeld(state: SubmissionState): state is HeldState {
  return state.phase === 'paused' || state.phase === 'needs-attention' || state.phase === 'failed' || state.phase === 'awaiting-scout';
}

/** The job statuses in which a job has ended, and the submission's final phase for each. */
function endOf(jobId: string, status: JobStatus, reason: string): SubmissionState | undefined {
  switch (status) {
    case 'completed':
      return { phase: 'completed', jobId };
    case 'failed':
      return { phase: 'job-failed', jobId, reason };
    case 'canceled':
      return { phase: 'job-canceled', jobId, reason };
    default:
      return undefined;
  }
}

/**
 * The submission state machine: the next state after `event`, or the reason it does not
 * apply. Pure; the queue persists every state it returns before acting on it.
 */
export function transition(state: SubmissionState, event: SubmissionEvent): TransitionResult {
  switch (event.type) {
    case 'inspect':
      return state.phase === 'draft' ? to({ phase: 'inspecting' }) : illegal(state, event);
    case 'inspected':
      return state.phase === 'inspecting' ? to({ phase: 'ready', prepared: event.prepared }) : illegal(state, event);
    case 'transfer-started':
      return state.phase === 'ready' ? to({ phase: 'hashing', prepared: state.prepared }) : illegal(state, event);
    case 'hashed':
      return state.phase === 'hashing' ? to({ phase: 'uploading', prepared: state.prepared }) : illegal(state, event);
    case 'uploaded':
      return state.phase === 'uploading' ? to({ phase: 'checkout', prepared: state.prepared }) : illegal(state, event);
    case 'transferred':
      // Shared storage has no upload or checkout, so any transfer phase may finish it.
      return state.phase === 'hashing' || state.phase === 'uploading' || state.phase === 'checkout'
        ? to({ phase: 'submitting', prepared: state.prepared, transfer: event.transfer, sent: false })
        : illegal(state, event);
    case 'sending':
      return state.phase === 'submitting' ? to({ ...state, sent: true }) : illegal(state, event);
    case 'accepted':
      return state.phase === 'submitting' ? to({ phase: 'submitted', jobId: event.jobId, jobStatus: event.jobStatus }) : illegal(state, event);
    case 'job-updated':
      if (state.phase !== 'submitted') return illegal(state, event);
      return to(endOf(state.jobId, event.jobStatus, event.reason) ?? { ...state, jobStatus: event.jobStatus });
    case 'manager-unreachable': {
      const resume = resumePointOf(state);
      if (resume === undefined || !(workingPhases.includes(state.phase) || state.phase === 'waiting-for-manager')) return illegal(state, event);
      return to({ phase: 'waiting-for-manager', resume, reason: event.reason, attempt: event.attempt, nextAttemptAt: event.nextAttemptAt });
    }
    case 'manager-back':
      return state.phase === 'waiting-for-manager' ? to(stateAt(state.resume)) : illegal(state, event);
    case 'rejected': {
      const resume = resumePointOf(state);
      if (resume === undefined || !workingPhases.includes(state.phase)) return illegal(state, event);
      // A rejection is answered by a change (settings, files, job type): start again from a
      // fresh inspection unless the caller knows a later point is still valid.
      return to({ phase: 'needs-attention', resume: event.resume ?? draft, reason: event.error.message, error: event.error });
    }
    case 'errored': {
      const resume = resumePointOf(state);
      if (resume === undefined || !workingPhases.includes(state.phase)) return illegal(state, event);
      return to({ phase: 'failed', resume, reason: event.error.message, error: event.error, ...(event.retryAt === undefined ? {} : { retryAt: event.retryAt }) });
    }
    case 'file-changed':
      // A changed file invalidates the inspection; an entry held by the user stays held.
      if (!beforeUpload(state)) return illegal(state, event);
      return to(isHeld(state) ? { ...state, resume: draft } : { phase: 'draft' });
    case 'file-deleted':
      return beforeUpload(state) ? to({ phase: 'needs-attention', resume: draft, reason: event.error.message, error: event.error }) : illegal(state, event);
    case 'scout-required':
      return state.phase === 'ready'
        ? to({ phase: 'awaiting-scout', resume: { phase: 'ready', prepared: state.prepared }, scoutId: event.scoutId, scoutCompleted: false })
        : illegal(state, event);
    case 'scout-ended':
      if (state.phase !== 'awaiting-scout' || state.scoutCompleted) return illegal(state, event);
      if (!event.completed) {
        const error: AppError = { code: 'conflict', message: `The scout job did not complete: ${event.reason}` };
        return to({ phase: 'needs-attention', resume: state.resume, reason: error.message, error });
      }
      return to(event.confirm ? { ...state, scoutCompleted: true } : stateAt(state.resume));
    case 'confirm-scout':
      return state.phase === 'awaiting-scout' && state.scoutCompleted ? to(stateAt(state.resume)) : illegal(state, event);
    case 'pause': {
      const resume = resumePointOf(state);
      if (resume === undefined || state.phase === 'paused' || state.phase === 'awaiting-scout') return illegal(state, event);
      return to({ phase: 'paused', resume });
    }
    case 'resume':
      return state.phase === 'paused' ? to(stateAt(state.resume)) : illegal(state, event);
    case 'cancel':
      return resumePointOf(state) === undefined || mayHaveJob(state) ? illegal(state, event) : to({ phase: 'canceled', reason: event.reason });
    case 'retry':
      return state.phase === 'needs-attention' || state.phase === 'failed' || state.phase === 'waiting-for-manager'
        ? to(stateAt(state.resume))
        : illegal(state, event);
    case 'edited':
      // Any entry whose job cannot exist yet may change; work in flight is dropped.
      if (resumePointOf(state) === undefined || mayHaveJob(state)) return illegal(state, event);
      return to(state.phase === 'paused' ? { phase: 'paused', resume: draft } : { phase: 'draft' });
    default:
      return assertNever(event, 'submission event');
  }
}

/** The user actions that apply to `state` (the UI shows only these). */
export function availableActions(state: SubmissionState): readonly SubmissionAction[] {
  const events: Record<SubmissionAction, SubmissionEvent> = {
    pause: { type: 'pause' },
    resume: { type: 'resume' },
    cancel: { type: 'cancel', reason: '' },
    retry: { type: 'retry' },
    edit: { type: 'edited' },
    'confirm-scout': { type: 'confirm-scout' },
  };
  return (Object.keys(events) as SubmissionAction[]).filter((action) => transition(state, events[action]).ok);
}
