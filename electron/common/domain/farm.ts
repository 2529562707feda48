import type { Brand } from '../brand';
import { assertNever } from '../assert-never';

/** Identifies a job on a Manager (a UUID). */
export type JobId = Brand<string, 'JobId'>;
/** Identifies a task on a Manager (a UUID). */
export type TaskId = Brand<string, 'TaskId'>;
/** Identifies a worker on a Manager (a UUID). */
export type WorkerId = Brand<string, 'WorkerId'>;
/** Identifies a worker tag on a Manager (a UUID). */
export type WorkerTagId = Brand<string, 'WorkerTagId'>;

/** Every status a job can have (Flamenco 3.8/3.9). */
export const jobStatuses = [
  'active',
  'canceled',
  'completed',
  'failed',
  'paused',
  'pause-requested',
  'queued',
  'cancel-requested',
  'requeueing',
  'under-construction',
] as const;
/** One of {@link jobStatuses}. */
export type JobStatus = (typeof jobStatuses)[number];

/** Every status a task can have. */
export const taskStatuses = ['active', 'canceled', 'completed', 'failed', 'queued', 'soft-failed', 'paused'] as const;
/** One of {@link taskStatuses}. */
export type TaskStatus = (typeof taskStatuses)[number];

/** Every status a worker can have. */
export const workerStatuses = ['starting', 'awake', 'asleep', 'error', 'testing', 'offline', 'restart'] as const;
/** One of {@link workerStatuses}. */
export type WorkerStatus = (typeof workerStatuses)[number];

/** Every status the farm as a whole can have (`GET /status`). */
export const farmStatuses = ['active', 'idle', 'waiting', 'asleep', 'inoperative', 'unknown', 'starting'] as const;
/** One of {@link farmStatuses}. */
export type FarmStatus = (typeof farmStatuses)[number];

/** A job as the job list shows it. */
export type JobSummary = {
  readonly id: JobId;
  readonly name: string;
  readonly type: string;
  readonly status: JobStatus;
  readonly priority: number;
  readonly stepsCompleted: number;
  readonly stepsTotal: number;
  /** ISO timestamp of the last change on the Manager. */
  readonly updated: string;
  /** ISO timestamp of submission; missing when only an event has been seen. */
  readonly created?: string;
  readonly activity: string;
  readonly workerTagId?: WorkerTagId;
  /** Set when the user asked the Manager to delete the job. */
  readonly deleteRequestedAt?: string;
  readonly submitterPlatform?: string;
  /** The job's settings as the Manager stores them (paths hold `{variables}`). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, string>>;
};

/** The worker a task is (or was) assigned to. */
export type TaskWorkerReference = {
  readonly id: WorkerId;
  readonly name: string;
};

/** A task as the job detail view shows it. */
export type TaskSummary = {
  readonly id: TaskId;
  readonly jobId: JobId;
  readonly name: string;
  readonly status: TaskStatus;
  /** Position in the job; missing when only an event has been seen. */
  readonly indexInJob?: number;
  readonly taskType?: string;
  readonly updated: string;
  readonly worker?: TaskWorkerReference;
  readonly stepsCompleted: number;
  readonly stepsTotal: number;
  readonly activity?: string;
};

/** A pending status change of a worker (lazy = after its current task). */
export type WorkerStatusChange = {
  readonly status: WorkerStatus;
  readonly isLazy: boolean;
};

/** A worker as the worker list shows it. */
export type WorkerSummary = {
  readonly id: WorkerId;
  readonly name: string;
  readonly status: WorkerStatus;
  readonly statusChange?: WorkerStatusChange;
  readonly lastSeen?: string;
  readonly version: string;
  readonly canRestart: boolean;
};

/** A worker tag (a group of workers a job can be limited to). */
export type WorkerTag = {
  readonly id: WorkerTagId;
  readonly name: string;
  readonly description: string;
};

/** Where the last rendered image of a job lives: image URL = `<base>/<suffix>`. */
export type LastRenderedImage = {
  readonly base: string;
  readonly suffixes: readonly string[];
};

/** Estimated time to completion of a job, from its progress over time. */
export type JobEta =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'finished' }
  | {
      readonly kind: 'estimate';
      readonly remainingMilliseconds: number;
      /** Clock time (ms since the epoch) at which the job should finish. */
      readonly finishesAt: number;
      readonly stepsPerMinute: number;
    };

/** How the live model currently learns about changes. */
export type LiveConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  /** The socket could not connect: the model polls the REST API instead. */
  | { readonly kind: 'polling'; readonly reason: string }
  | { readonly kind: 'stopped' };

/** How a job ended, for notifications. */
export type JobOutcome = 'completed' | 'failed' | 'canceled';

/** One change of the live model, for the UI and for notifications. */
export type LiveChange =
  | { readonly kind: 'refreshed' }
  | { readonly kind: 'job-added'; readonly job: JobSummary }
  | { readonly kind: 'job-updated'; readonly job: JobSummary; readonly previousStatus: JobStatus }
  | { readonly kind: 'job-removed'; readonly jobId: JobId }
  | { readonly kind: 'job-finished'; readonly job: JobSummary; readonly outcome: JobOutcome }
  | { readonly kind: 'tasks-replaced'; readonly jobId: JobId; readonly tasks: readonly TaskSummary[] }
  | { readonly kind: 'task-updated'; readonly task: TaskSummary }
  | { readonly kind: 'worker-added'; readonly worker: WorkerSummary }
  | { readonly kind: 'worker-updated'; readonly worker: WorkerSummary; readonly previousStatus: WorkerStatus }
  | { readonly kind: 'worker-removed'; readonly workerId: WorkerId }
  | { readonly kind: 'worker-went-offline'; readonly worker: WorkerSummary }
  | { readonly kind: 'worker-tags-changed'; readonly tags: readonly WorkerTag[] }
  | { readonly kind: 'last-rendered'; readonly jobId: JobId; readonly image: LastRenderedImage }
  | { readonly kind: 'farm-status'; readonly status: FarmStatus }
  | { readonly kind: 'connection'; readonly state: LiveConnectionState }
  | { readonly kind: 'manager-lifecycle'; readonly event: 'startup' | 'shutdown' }
  | { readonly kind: 'manager-upgraded'; readonly previousVersion: string; readonly version: string };

/** What a user can do to a job from the job list. */
export type JobAction = 'pause' | 'cancel' | 'requeue' | 'delete';
/** What a user can do to a task. */
export type TaskAction = 'cancel' | 'requeue';

/** Every job action, in the order a menu shows them. */
export const jobActions: readonly JobAction[] = ['pause', 'cancel', 'requeue', 'delete'];
/** Every task action, in the order a menu shows them. */
export const taskActions: readonly TaskAction[] = ['cancel', 'requeue'];

/**
 * The job statuses each action is offered from. The Manager answers an illegal transition
 * with 500 (never 422), so the app offers only what Flamenco's web app offers
 * (MANAGER-FACTS "Transitions the web app offers").
 */
const jobActionSources: Readonly<Record<JobAction, readonly JobStatus[]>> = {
  pause: ['active', 'canceled', 'queued'],
  cancel: ['active', 'failed', 'paused', 'pause-requested', 'queued'],
  requeue: ['canceled', 'completed', 'failed', 'paused'],
  delete: ['canceled', 'completed', 'failed', 'paused', 'queued'],
};

const taskActionSources: Readonly<Record<TaskAction, readonly TaskStatus[]>> = {
  cancel: ['active', 'queued', 'soft-failed'],
  requeue: ['canceled', 'completed', 'failed'],
};

/** The actions the UI may offer for a job in `status`. */
export function allowedJobActions(status: JobStatus): readonly JobAction[] {
  return jobActions.filter((action) => jobActionSources[action].includes(status));
}

/**
 * The actions the UI may offer for a task in `status` of a job in `jobStatus`. The web app
 * does not offer canceling a task while its job is `pause-requested`.
 */
export function allowedTaskActions(status: TaskStatus, jobStatus: JobStatus): readonly TaskAction[] {
  return taskActions.filter((action) => {
    if (action === 'cancel' && jobStatus === 'pause-requested') return false;
    return taskActionSources[action].includes(status);
  });
}

/** The status a job action sends with `POST /jobs/{id}/setstatus`; `undefined` for delete (a DELETE request). */
export function jobActionStatus(action: JobAction): JobStatus | undefined {
  switch (action) {
    case 'pause':
      return 'pause-requested';
    case 'cancel':
      return 'cancel-requested';
    case 'requeue':
      return 'requeueing';
    case 'delete':
      return undefined;
    default:
      return assertNever(action, 'job action');
  }
}

/** The status a task action sends with `POST /tasks/{id}/setstatus`. */
export function taskActionStatus(action: TaskAction): TaskStatus {
  switch (action) {
    case 'cancel':
      return 'canceled';
    case 'requeue':
      return 'queued';
    default:
      return assertNever(action, 'task action');
  }
}

/** True for statuses a job does not leave by itself. */
export function isFinalJobStatus(status: JobStatus): status is JobOutcome {
  return status === 'completed' || status === 'failed' || status === 'canceled';
}

/** A task with what the task detail view adds to the summary. */
export type TaskDetail = TaskSummary & {
  readonly created: string;
  readonly priority: number;
  readonly lastTouched?: string;
  /** Workers that failed this task (and may be blocklisted). */
  readonly failedByWorkers: readonly TaskWorkerReference[];
};

/** Where a task's full log is: `url` is absolute on the Manager. */
export type TaskLogInfo = {
  readonly url: string;
  readonly size: number;
};

/** A worker with what the worker detail view adds to the summary. */
export type WorkerDetail = WorkerSummary & {
  readonly ipAddress: string;
  readonly platform: string;
  readonly supportedTaskTypes: readonly string[];
  readonly task?: { readonly id: TaskId; readonly jobId: JobId; readonly name: string; readonly status: TaskStatus };
  readonly tags: readonly WorkerTag[];
};

/** When a worker sleeps: `daysOfWeek` like `mo tu th` (empty = every day), times `HH:MM`. */
export type WorkerSleepSchedule = {
  readonly isActive: boolean;
  readonly daysOfWeek: string;
  readonly startTime: string;
  readonly endTime: string;
};

/** A worker that may no longer run one task type of a job. */
export type BlocklistEntry = {
  readonly workerId: WorkerId;
  readonly workerName?: string;
  readonly taskType: string;
};
