import type {
  JobId,
  JobSummary,
  TaskId,
  TaskSummary,
  WorkerId,
  WorkerSummary,
  WorkerTag,
  WorkerTagId,
} from '../../common/domain/farm';
import type { ManagerConfiguration, ManagerVariable, ManagerVersion, SharedStorage } from '../../common/domain/manager';
import type { components } from './generated/flamenco-api';

type Schemas = components['schemas'];

/** The domain form of `GET /version`. */
export function toManagerVersion(version: Schemas['FlamencoVersion']): ManagerVersion {
  return { version: version.version, shortVersion: version.shortversion, name: version.name, git: version.git };
}

/** The domain form of `GET /configuration`. */
export function toManagerConfiguration(configuration: Schemas['ManagerConfiguration']): ManagerConfiguration {
  return { storageLocation: configuration.storageLocation, shamanEnabled: configuration.shamanEnabled, isFirstRun: configuration.isFirstRun };
}

/** The domain form of a shared storage answer. */
export function toSharedStorage(storage: Schemas['SharedStorageLocation']): SharedStorage {
  return { location: storage.location, platform: storage.platform, shamanEnabled: storage.shamanEnabled };
}

/** The domain form of the variables answer, sorted by name. */
export function toManagerVariables(variables: Schemas['ManagerVariables']): readonly ManagerVariable[] {
  return Object.entries(variables)
    .map(([name, variable]) => ({ name, value: variable.value, isTwoWay: variable.is_twoway }))
    .sort((left, right) => left.name.localeCompare(right.name));
}

/** The summary of a full job. */
export function toJobSummary(job: Schemas['Job']): JobSummary {
  return {
    id: job.id as JobId,
    name: job.name,
    type: job.type,
    status: job.status,
    priority: job.priority,
    stepsCompleted: job.steps_completed,
    stepsTotal: job.steps_total,
    updated: job.updated,
    created: job.created,
    activity: job.activity,
    ...(job.worker_tag === undefined || job.worker_tag === '' ? {} : { workerTagId: job.worker_tag as WorkerTagId }),
    ...(job.delete_requested_at === undefined ? {} : { deleteRequestedAt: job.delete_requested_at }),
    submitterPlatform: job.submitter_platform,
    settings: job.settings ?? {},
    metadata: job.metadata ?? {},
  };
}

/**
 * Applies a `/jobs` event to what is known of the job. A new job's event lacks settings,
 * metadata and creation time; those stay empty until the job is fetched.
 */
export function applyJobEvent(existing: JobSummary | undefined, event: Schemas['EventJobUpdate']): JobSummary {
  const base: JobSummary = existing ?? {
    id: event.id as JobId,
    name: event.name ?? '',
    type: event.type,
    status: event.status,
    priority: event.priority,
    stepsCompleted: event.steps_completed,
    stepsTotal: event.steps_total,
    updated: event.updated,
    activity: '',
    settings: {},
    metadata: {},
  };
  const { deleteRequestedAt: _previousDeleteRequest, ...rest } = base;
  return {
    ...rest,
    name: event.name ?? base.name,
    type: event.type === '' ? base.type : event.type,
    status: event.status,
    priority: event.priority,
    stepsCompleted: event.steps_completed,
    stepsTotal: event.steps_total,
    updated: event.updated,
    ...(event.delete_requested_at === undefined ? {} : { deleteRequestedAt: event.delete_requested_at }),
  };
}

/** The domain form of one task of `GET /jobs/{id}/tasks`. */
export function toTaskSummary(task: Schemas['TaskSummary'], jobId: string): TaskSummary {
  return {
    id: task.id as TaskId,
    jobId: jobId as JobId,
    name: task.name,
    status: task.status,
    indexInJob: task.index_in_job,
    taskType: task.task_type,
    updated: task.updated,
    // An unassigned task comes with `worker: {id: "", name: "", address: ""}`.
    ...(task.worker === undefined || task.worker.id === '' ? {} : { worker: { id: task.worker.id as WorkerId, name: task.worker.name } }),
    stepsCompleted: task.steps_completed,
    stepsTotal: task.steps_total,
  };
}

/** Applies a `/task` event to what is known of the task. */
export function applyTaskEvent(existing: TaskSummary | undefined, event: Schemas['EventTaskUpdate']): TaskSummary {
  const { worker: _previousWorker, ...base } = existing ?? { id: event.id as TaskId, jobId: event.job_id as JobId };
  return {
    ...base,
    id: event.id as TaskId,
    jobId: event.job_id as JobId,
    name: event.name,
    status: event.status,
    updated: event.updated,
    activity: event.activity,
    stepsCompleted: event.steps_completed,
    stepsTotal: event.steps_total,
    ...(event.worker === undefined || event.worker.uuid === '' ? {} : { worker: { id: event.worker.uuid as WorkerId, name: event.worker.name } }),
  };
}

/** The domain form of a worker summary (list, or the summary part of a full worker). */
export function toWorkerSummary(worker: Schemas['WorkerSummary']): WorkerSummary {
  return {
    id: worker.id as WorkerId,
    name: worker.name,
    status: worker.status,
    ...(worker.status_change === undefined ? {} : { statusChange: { status: worker.status_change.status, isLazy: worker.status_change.is_lazy } }),
    ...(worker.last_seen === undefined ? {} : { lastSeen: worker.last_seen }),
    version: worker.version,
    canRestart: worker.can_restart,
  };
}

/** Applies a `/workers` event. */
export function workerFromEvent(event: Schemas['EventWorkerUpdate']): WorkerSummary {
  return toWorkerSummary({
    id: event.id,
    name: event.name,
    status: event.status,
    ...(event.status_change === undefined ? {} : { status_change: event.status_change }),
    ...(event.last_seen === undefined ? {} : { last_seen: event.last_seen }),
    version: event.version,
    can_restart: event.can_restart,
  });
}

/** The domain form of a worker tag (a tag without an id is not addressable, so it is dropped). */
export function toWorkerTag(tag: Schemas['WorkerTag']): WorkerTag | undefined {
  if (tag.id === undefined) return undefined;
  return { id: tag.id as WorkerTagId, name: tag.name, description: tag.description ?? '' };
}
