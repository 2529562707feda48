/**
 * Submissions: a .blend on its way to a Flamenco Manager, from the first inspection to the
 * end of the job it became. Every state carries what the next step needs, so the queue can
 * pick any entry up again after a restart.
 */
import type { Brand } from '../brand';
import type { AppError } from '../errors';
import type { JobStatus } from './farm';
import type { JobSettingValues, JobTypeSpec, SettingIssue } from './job-settings';
import type { ManagerId } from './manager-profile';
import type { TransferProgress } from './shaman';

/** Identifies a submission; also the client id written into the job's metadata (a UUID). */
export type SubmissionId = Brand<string, 'SubmissionId'>;

/** Identifies a saved preset. */
export type PresetId = Brand<string, 'PresetId'>;

/**
 * The metadata key that carries the submission id on the job, so a job sent just before a
 * crash can be found (`GET /jobs` lists every job with its metadata) instead of sent twice.
 */
export const submissionMetadataKey = 'flamenco-desk.submission';

/** How a scout job (first, middle and last frames) precedes the full job. */
export type ScoutMode = 'off' | 'auto' | 'confirm';

/** What the user asked for. Editable until the job is sent. */
export type SubmissionRequest = {
  readonly blendPath: string;
  readonly managerId: ManagerId;
  readonly jobType: string;
  readonly jobName: string;
  /** Values the user set; the rest come from `eval` expressions and defaults. */
  readonly settings: JobSettingValues;
  /** 0..100, the Manager's job priority; higher entries also leave the queue first. */
  readonly priority: number;
  readonly workerTagId?: string;
  /** Submit with `initial_status: 'paused'`. */
  readonly paused: boolean;
  readonly scout: ScoutMode;
  /** For a scout entry: the entry whose full job waits for it. */
  readonly scoutFor?: SubmissionId;
  readonly presetId?: PresetId;
};

/** Something the user should see before submitting; none of these stops a submission. */
export type PreflightWarning =
  | { readonly kind: 'missing-file'; readonly path: string; readonly message: string }
  | { readonly kind: 'outside-project'; readonly path: string; readonly message: string }
  | { readonly kind: 'absolute-path'; readonly path: string; readonly message: string }
  | { readonly kind: 'output-format'; readonly format: string; readonly message: string }
  | { readonly kind: 'blender-version'; readonly local: string; readonly farm: string; readonly message: string }
  | { readonly kind: 'manager-unreachable'; readonly message: string };

/** The outcome of inspection: everything the transfer and the job need. */
export type PreparedJob = {
  /** The job type as read (its etag goes with the job). */
  readonly jobType: JobTypeSpec;
  /** Every setting's value (given, evaluated or default), `blendfile` excepted. */
  readonly settings: JobSettingValues;
  /** Absolute paths of the files to send besides the .blend. */
  readonly dependencies: readonly string[];
  readonly warnings: readonly PreflightWarning[];
};

/** Where the files ended up: the job's `blendfile` and, with Shaman, the checkout id. */
export type TransferOutcome = {
  readonly blendfile: string;
  readonly checkoutId?: string;
};

/** Where work picks up after a wait, a pause or an error. */
export type ResumePoint =
  | { readonly phase: 'draft' }
  | { readonly phase: 'ready'; readonly prepared: PreparedJob }
  | {
      readonly phase: 'submitting';
      readonly prepared: PreparedJob;
      readonly transfer: TransferOutcome;
      /** True once the job may have reached the Manager: look it up before sending again. */
      readonly sent: boolean;
    };

/**
 * The state of a submission. `draft → inspecting → ready → hashing → uploading → checkout →
 * submitting → submitted → completed | job-failed | job-canceled`, plus the detours that say
 * why an entry stopped.
 */
export type SubmissionState =
  | { readonly phase: 'draft' }
  | { readonly phase: 'inspecting' }
  | { readonly phase: 'ready'; readonly prepared: PreparedJob }
  | { readonly phase: 'hashing'; readonly prepared: PreparedJob }
  | { readonly phase: 'uploading'; readonly prepared: PreparedJob }
  | { readonly phase: 'checkout'; readonly prepared: PreparedJob }
  | { readonly phase: 'submitting'; readonly prepared: PreparedJob; readonly transfer: TransferOutcome; readonly sent: boolean }
  | { readonly phase: 'submitted'; readonly jobId: string; readonly jobStatus: JobStatus }
  | { readonly phase: 'completed'; readonly jobId: string }
  | { readonly phase: 'job-failed'; readonly jobId: string; readonly reason: string }
  | { readonly phase: 'job-canceled'; readonly jobId: string; readonly reason: string }
  | {
      readonly phase: 'waiting-for-manager';
      readonly resume: ResumePoint;
      readonly reason: string;
      /** Failed attempts in a row; sets the backoff. */
      readonly attempt: number;
      /** When the queue tries again by itself (it tries at once when the Manager is back). */
      readonly nextAttemptAt: number;
    }
  | {
      readonly phase: 'awaiting-scout';
      readonly resume: ResumePoint;
      readonly scoutId: SubmissionId;
      /** Set when the scout job completed and the user must confirm the full job. */
      readonly scoutCompleted: boolean;
    }
  | { readonly phase: 'needs-attention'; readonly resume: ResumePoint; readonly reason: string; readonly error: AppError }
  | {
      readonly phase: 'failed';
      readonly resume: ResumePoint;
      readonly reason: string;
      readonly error: AppError;
      /** When the queue tries again by itself; missing once the tries are used up (then only the user retries). */
      readonly retryAt?: number;
    }
  | { readonly phase: 'paused'; readonly resume: ResumePoint }
  | { readonly phase: 'canceled'; readonly reason: string };

/** One phase name. */
export type SubmissionPhase = SubmissionState['phase'];

/** Phases after which nothing more happens. */
export const finalPhases: readonly SubmissionPhase[] = ['completed', 'job-failed', 'job-canceled', 'canceled'];

/** True when the submission has ended (its job ended, or the user canceled it before sending). */
export function isFinal(state: SubmissionState): boolean {
  return finalPhases.includes(state.phase);
}

/** A queue entry: the request, its state and its place in the queue. */
export type Submission = {
  readonly id: SubmissionId;
  readonly request: SubmissionRequest;
  readonly state: SubmissionState;
  /** Queue order among equal priorities: lower goes first. */
  readonly sequence: number;
  /** Transient failures in a row of the current step (uploads, garbage answers). */
  readonly failures: number;
  readonly createdAt: number;
  readonly updatedAt: number;
};

/** Actions a user can take on an entry. */
export type SubmissionAction = 'pause' | 'resume' | 'cancel' | 'retry' | 'edit' | 'confirm-scout';

/** A throttled snapshot of the work on one entry. */
export type SubmissionProgress = {
  readonly id: SubmissionId;
  readonly phase: SubmissionPhase;
  readonly transfer?: TransferProgress;
};

/** Something the queue tells its watchers that is not a state change. */
export type SubmissionNotice =
  | { readonly kind: 'file-changed'; readonly id: SubmissionId; readonly path: string }
  | { readonly kind: 'file-deleted'; readonly id: SubmissionId; readonly path: string }
  | { readonly kind: 'hot-folder-submitted'; readonly id: SubmissionId; readonly path: string };

/** A saved set of settings for one job type. */
export type Preset = {
  readonly id: PresetId;
  readonly name: string;
  readonly jobType: string;
  /** The Manager it is the default for, if any. */
  readonly defaultFor?: ManagerId;
  readonly settings: JobSettingValues;
  readonly priority?: number;
  readonly workerTagId?: string;
  readonly createdAt: number;
};

/** What a user saves as a preset (a new one when `id` is missing). */
export type PresetInput = Omit<Preset, 'id' | 'createdAt'> & { readonly id?: PresetId };

/** The fields of a queued entry a user may change. */
export type SubmissionChanges = Partial<Pick<SubmissionRequest, 'jobName' | 'jobType' | 'settings' | 'priority' | 'workerTagId' | 'paused' | 'scout' | 'managerId'>>;

/** The outcome of a pre-flight check: every setting's value, the problems and warnings, shown together. */
export type PreflightReport = {
  readonly jobType: JobTypeSpec;
  /** Given, evaluated and default values. */
  readonly settings: JobSettingValues;
  readonly issues: readonly SettingIssue[];
  readonly warnings: readonly PreflightWarning[];
};
