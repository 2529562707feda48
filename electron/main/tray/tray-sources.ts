import type { JobSummary, LiveConnectionState } from '../../common/domain/farm';
import type { ManagerProfile } from '../../common/domain/manager-profile';
import type { TransferProgress } from '../../common/domain/shaman';
import type { Submission, SubmissionAction, SubmissionId } from '../../common/domain/submission';
import { isFinal } from '../../common/domain/submission';
import type { AppSettings } from '../../common/domain/settings';
import { assertNever } from '../../common/assert-never';
import { allNotificationsMuted } from '../notifications/notification-routing';
import type { TrayConnection, TrayInput, TrayJob, TrayQueue } from './tray-state';

/** The tray's view of the live model's connection; `undefined` = no live model running. */
export function trayConnection(state: LiveConnectionState | undefined, activeManager: ManagerProfile | undefined): TrayConnection {
  if (activeManager === undefined) return 'not-configured';
  if (state === undefined) return 'connecting';
  switch (state.kind) {
    case 'connecting':
      return 'connecting';
    case 'live':
      return 'live';
    case 'polling':
      return 'polling';
    case 'stopped':
      return 'offline';
    default:
      return assertNever(state, 'live connection state');
  }
}

/** The jobs the tray lists: the active ones, most recently updated first. */
export function trayJobs(jobs: readonly JobSummary[]): readonly TrayJob[] {
  return jobs
    .filter((job) => job.status === 'active')
    .toSorted((left, right) => right.updated.localeCompare(left.updated))
    .map((job) => ({ id: job.id, name: job.name, stepsCompleted: job.stepsCompleted, stepsTotal: job.stepsTotal }));
}

/** The parts of the app the tray reads; each defaults to "nothing there". */
export type TraySources = {
  readonly settings: () => AppSettings;
  readonly activeManager: () => ManagerProfile | undefined;
  readonly connection?: () => LiveConnectionState | undefined;
  readonly jobs?: () => readonly JobSummary[];
  /** Uploads running now (also drive the taskbar progress). */
  readonly transfers?: () => readonly TransferProgress[];
  readonly queue?: () => TrayQueue | undefined;
  /** Pauses or resumes the submission queue; without it the tray opens the queue screen. */
  readonly setQueuePaused?: (paused: boolean) => void;
  readonly attention?: () => number;
};

/** Reads the sources into the plain {@link TrayInput} that `trayState` takes. */
export function readTrayInput(sources: TraySources): TrayInput {
  const manager = sources.activeManager();
  return {
    connection: trayConnection(sources.connection?.(), manager),
    managerName: manager?.name,
    activeJobs: trayJobs(sources.jobs?.() ?? []),
    activeUploads: sources.transfers?.().length ?? 0,
    queue: sources.queue?.(),
    attention: sources.attention?.() ?? 0,
    notificationsMuted: allNotificationsMuted(sources.settings().mutedNotifications),
  };
}

// Entries whose job is on the farm already: they are rendering, not waiting in the queue.
function isQueued(submission: Submission): boolean {
  return !isFinal(submission.state) && submission.state.phase !== 'submitted';
}

/** The queue as the tray shows it: entries not sent yet, and whether all of them are paused. */
export function trayQueue(submissions: readonly Submission[]): TrayQueue {
  const queued = submissions.filter(isQueued);
  return { pending: queued.length, paused: queued.length > 0 && queued.every((submission) => submission.state.phase === 'paused') };
}

/** Entries that wait for the user: a problem to fix, a failure out of retries, a finished scout to confirm. */
export function trayAttention(submissions: readonly Submission[]): number {
  return submissions.filter(({ state }) => {
    switch (state.phase) {
      case 'needs-attention':
        return true;
      case 'failed':
        return state.retryAt === undefined;
      case 'awaiting-scout':
        return state.scoutCompleted;
      default:
        return false;
    }
  }).length;
}

/**
 * The entries the tray's "Pause the queue" (or "Resume the queue") applies to: the queue
 * has no global switch, so the tray pauses every queued entry that can be paused, and
 * resumes the paused ones.
 */
export function queueEntriesToToggle(
  submissions: readonly Submission[],
  pause: boolean,
  actionsOf: (submission: Submission) => readonly SubmissionAction[],
): readonly SubmissionId[] {
  return submissions
    .filter((submission) => isQueued(submission) && (pause ? submission.state.phase !== 'paused' : submission.state.phase === 'paused'))
    .filter((submission) => actionsOf(submission).includes(pause ? 'pause' : 'resume'))
    .map((submission) => submission.id);
}
