/**
 * What the renderer sees of the active Manager's farm: a snapshot to start from, then
 * batches of {@link LiveChange} (contract event `farm:changed`).
 */
import type { AppError } from '../errors';
import type {
  FarmStatus,
  JobEta,
  JobId,
  JobSummary,
  LiveConnectionState,
  TaskId,
  WorkerDetail,
  WorkerSleepSchedule,
  WorkerSummary,
  WorkerTag,
} from './farm';
import type { ManagerVersion } from './manager';
import type { ManagerProfile } from './manager-profile';

/** Everything the farm screens start from; later changes arrive as `farm:changed` batches. */
export type FarmSnapshot = {
  /** The active Manager profile; null when none is chosen yet. */
  readonly manager: ManagerProfile | null;
  readonly version: ManagerVersion | null;
  readonly connection: LiveConnectionState;
  readonly farmStatus: FarmStatus;
  readonly jobs: readonly JobSummary[];
  readonly workers: readonly WorkerSummary[];
  readonly tags: readonly WorkerTag[];
  /** Estimates for jobs that are running (others are `unknown` or `finished`). */
  readonly etas: Readonly<Record<string, JobEta>>;
};

/** The outcome of an action applied to several jobs or tasks: each item succeeds or fails on its own. */
export type ActionReport<Id extends string> = {
  readonly succeeded: readonly Id[];
  readonly failed: readonly { readonly id: Id; readonly error: AppError }[];
};

/** An action report over jobs. */
export type JobActionReport = ActionReport<JobId>;
/** An action report over tasks. */
export type TaskActionReport = ActionReport<TaskId>;

/** A worker with its sleep schedule (null when it has none). */
export type WorkerView = WorkerDetail & { readonly sleepSchedule: WorkerSleepSchedule | null };

/** The statuses a user can ask a worker for from the workers screen. */
export const workerRequests = ['awake', 'asleep', 'offline'] as const;
/** One of {@link workerRequests}: wake up, go to sleep, shut down. */
export type WorkerRequest = (typeof workerRequests)[number];

/** A rendered image fetched by core (the renderer cannot call the Manager: CORS is closed). */
export type LastRenderedPicture = {
  /** `data:image/jpeg;base64,...` */
  readonly dataUrl: string;
  /** Which size was fetched, e.g. `last-rendered-small.jpg`. */
  readonly suffix: string;
};

/** What the Settings screen tests: a saved profile, or a URL being typed. */
export type ManagerTestRequest =
  | { readonly id: string }
  | { readonly url: string; readonly extraHeaders: Readonly<Record<string, string>> };

