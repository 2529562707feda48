/**
 * What the submission queue needs from the rest of core, as small interfaces: tests use the
 * real implementations (Blender, the tracer, Shaman, the Manager client) or fakes, and the
 * reliability test runs the real ones in a process it kills.
 */
import type { JobStatus } from '../../common/domain/farm';
import type { JobSettingValue, JobTypeSpec } from '../../common/domain/job-settings';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { TransferProgress, TransferWarning } from '../../common/domain/shaman';
import type { SubmissionId, TransferOutcome } from '../../common/domain/submission';
import type { SubmittedJob } from '../flamenco/manager-client';

/** A dependency as the queue needs it (a subset of the tracer's `Dependency`). */
export type InspectedDependency = {
  readonly absolutePath: string;
  /** The path as stored in the .blend (`//` = relative to the .blend). */
  readonly storedPath: string;
  readonly exists: boolean;
  readonly insideProject: boolean;
};

/** What inspecting a .blend for a job type gives. */
export type Inspection = {
  /** Each setting's value (given, evaluated, or default); keys without a value are left out. */
  readonly values: Readonly<Record<string, JobSettingValue>>;
  /** Settings whose `eval` failed, with Blender's error. */
  readonly evalErrors: readonly { readonly key: string; readonly error: string }[];
  readonly dependencies: readonly InspectedDependency[];
  /** Version of the local Blender that evaluated the settings, if one ran. */
  readonly blenderVersion?: string;
};

/** What an inspection is asked. */
export type InspectionRequest = {
  readonly blendPath: string;
  readonly jobType: JobTypeSpec;
  readonly jobName: string;
  readonly values: Readonly<Record<string, JobSettingValue>>;
  readonly signal: AbortSignal;
};

/** Reads scene facts, evaluates the job type's `eval` settings and traces dependencies. */
export type Inspector = {
  inspect(request: InspectionRequest): Promise<Inspection>;
};

/** The transfer phases the queue shows as states. */
export type TransferStep = 'hashing' | 'uploading' | 'checkout';

/** What a transfer is asked. */
export type TransferRequest = {
  readonly submissionId: SubmissionId;
  readonly managerId: ManagerId;
  readonly blendPath: string;
  /** Absolute paths of the existing dependencies. */
  readonly dependencies: readonly string[];
  readonly jobName: string;
  readonly signal: AbortSignal;
  /** Called when a new step starts, in order. */
  onStep(step: TransferStep): void;
  onProgress(progress: TransferProgress): void;
  onWarning(warning: TransferWarning): void;
};

/** Brings the files to the farm (Shaman upload and checkout, or shared storage). */
export type Transferer = {
  transfer(request: TransferRequest): Promise<TransferOutcome & { readonly uploaded: boolean }>;
};

/** A job as the queue follows it. */
export type JobState = { readonly id: string; readonly status: JobStatus; readonly activity: string };

/** The Manager calls the queue makes. */
export type ManagerGateway = {
  jobType(managerId: ManagerId, name: string): Promise<JobTypeSpec>;
  /** 204 = fine; throws `manager-job-type-changed` on 412, `manager-http` on 400. */
  checkJob(managerId: ManagerId, job: SubmittedJob): Promise<void>;
  submitJob(managerId: ManagerId, job: SubmittedJob): Promise<JobState>;
  /** The job whose metadata carries this submission id, if the Manager has it. */
  findJob(managerId: ManagerId, submissionId: SubmissionId): Promise<JobState | undefined>;
  job(managerId: ManagerId, jobId: string): Promise<JobState>;
  /** Resolves when the Manager answers at all. */
  probe(managerId: ManagerId): Promise<void>;
  /**
   * The Blender version the farm runs, when the Manager's `blender` variable names one in
   * its path (e.g. `/opt/blender-4.2/blender`); undefined when it cannot be told.
   */
  farmBlenderVersion?(managerId: ManagerId): Promise<string | undefined>;
  /** The Manager's name, for notifications (undefined when unknown). */
  managerName?(managerId: ManagerId): string | undefined;
};
