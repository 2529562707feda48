import { z } from 'zod';
import { farmStatuses, jobStatuses, taskStatuses, workerStatuses } from '../../common/domain/farm';
import type { components } from './generated/flamenco-api';

/**
 * Validators for every Manager answer the app reads. Each is annotated with the generated
 * type, so the compiler proves the validated value has the spec's shape. Unknown fields are
 * dropped. Lists accept `null` as empty because the Manager is written in Go, where an empty
 * slice without `omitempty` is sent as `null`.
 */
type Schemas = components['schemas'];

/** The spec types free-form objects as `Record<string, never>`; they hold anything. */
const freeFormObject = z.record(z.string(), z.unknown()).transform((value) => value as Record<string, never>);

function list<T>(item: z.ZodType<T>): z.ZodType<T[]> {
  return z
    .array(item)
    .nullable()
    .transform((value) => value ?? []);
}

/** `GET /version`. */
export const versionSchema: z.ZodType<Schemas['FlamencoVersion']> = z.object({
  version: z.string(),
  shortversion: z.string(),
  name: z.string(),
  git: z.string(),
});

/** `GET /configuration`. */
export const configurationSchema: z.ZodType<Schemas['ManagerConfiguration']> = z.object({
  storageLocation: z.string(),
  shamanEnabled: z.boolean(),
  isFirstRun: z.boolean(),
});

/** `GET /status`. */
export const farmStatusSchema: z.ZodType<Schemas['FarmStatusReport']> = z.object({ status: z.enum(farmStatuses) });

/** `GET /configuration/shared-storage/{audience}/{platform}`. */
export const sharedStorageSchema: z.ZodType<Schemas['SharedStorageLocation']> = z.object({
  location: z.string(),
  audience: z.enum(['users', 'workers']),
  platform: z.string(),
  shamanEnabled: z.boolean(),
});

/** `GET /configuration/variables/{audience}/{platform}`. */
export const variablesSchema: z.ZodType<Schemas['ManagerVariables']> = z.record(
  z.string(),
  z.object({ value: z.string(), is_twoway: z.boolean() }),
);

const jobSettingSchema: z.ZodType<Schemas['AvailableJobSetting']> = z.object({
  key: z.string(),
  type: z.enum(['string', 'int32', 'float', 'bool']),
  subtype: z.enum(['file_path', 'dir_path', 'file_name', 'hashed_file_path']).exactOptional(),
  choices: z.array(z.string()).exactOptional(),
  propargs: freeFormObject.exactOptional(),
  description: z.unknown().exactOptional(),
  label: z.unknown().exactOptional(),
  default: z.unknown().exactOptional(),
  eval: z.string().exactOptional(),
  evalInfo: z.object({ showLinkButton: z.boolean().default(false), description: z.string().default('') }).exactOptional(),
  visible: z.enum(['visible', 'hidden', 'submission', 'web']).exactOptional(),
  // Left missing when the Manager leaves them out: the add-on treats a missing `editable` as
  // true (the stock `frames` setting has none), so "missing" must not turn into "false".
  required: z.boolean().exactOptional(),
  editable: z.boolean().exactOptional(),
});

/** One job type of `GET /jobs/types` or `GET /jobs/type/{name}`. */
export const jobTypeSchema: z.ZodType<Schemas['AvailableJobType']> = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string().exactOptional(),
  settings: list(jobSettingSchema),
  etag: z.string(),
});

/** `GET /jobs/types`. */
export const jobTypesSchema: z.ZodType<Schemas['AvailableJobTypes']> = z.object({ job_types: list(jobTypeSchema) });

const jobStatusSchema = z.enum(jobStatuses);
const taskStatusSchema = z.enum(taskStatuses);
const workerStatusSchema = z.enum(workerStatuses);

/** A job (`GET /jobs/{id}`, `POST /jobs`). */
export const jobSchema: z.ZodType<Schemas['Job']> = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  type_etag: z.string().exactOptional(),
  // The spec gives priority a default, so a Manager may leave it out.
  priority: z.number().default(50),
  settings: z.record(z.string(), z.unknown()).exactOptional(),
  metadata: z.record(z.string(), z.string()).exactOptional(),
  submitter_platform: z.string(),
  storage: z.object({ shaman_checkout_id: z.string().exactOptional() }).exactOptional(),
  worker_tag: z.string().exactOptional(),
  initial_status: jobStatusSchema.exactOptional(),
  created: z.string(),
  updated: z.string(),
  status: jobStatusSchema,
  activity: z.string(),
  steps_completed: z.number(),
  steps_total: z.number(),
  delete_requested_at: z.string().exactOptional(),
});

/** `GET /jobs`. */
export const jobListSchema: z.ZodType<Schemas['JobsQueryResult']> = z.object({ jobs: list(jobSchema) });

/** `GET /jobs/{id}/what-would-delete-do`. */
export const jobDeletionInfoSchema: z.ZodType<Schemas['JobDeletionInfo']> = z.object({ shaman_checkout: z.boolean() });

/** `GET /jobs/{id}/last-rendered`, `GET /jobs/last-rendered`. */
export const lastRenderedSchema: z.ZodType<Schemas['JobLastRenderedImageInfo']> = z.object({
  base: z.string(),
  suffixes: list(z.string()),
});

const taskWorkerSchema: z.ZodType<Schemas['TaskWorker']> = z.object({ id: z.string(), name: z.string(), address: z.string() });

const taskSummaryObject = z.object({
  id: z.string(),
  name: z.string(),
  status: taskStatusSchema,
  index_in_job: z.number(),
  priority: z.number(),
  task_type: z.string(),
  updated: z.string(),
  worker: taskWorkerSchema.exactOptional(),
  steps_completed: z.number(),
  steps_total: z.number(),
});
/** One task of `GET /jobs/{id}/tasks`. */
export const taskSummarySchema: z.ZodType<Schemas['TaskSummary']> = taskSummaryObject;

/** `GET /jobs/{id}/tasks`. */
export const jobTasksSchema: z.ZodType<Schemas['JobTasksSummary']> = z.object({ tasks: list(taskSummarySchema).exactOptional() });

const commandSchema: z.ZodType<Schemas['Command']> = z.object({
  name: z.string(),
  parameters: freeFormObject,
  total_step_count: z.number().default(0),
});

/** `GET /tasks/{id}`. */
export const taskSchema: z.ZodType<Schemas['Task']> = z.object({
  id: z.string(),
  created: z.string(),
  updated: z.string(),
  job_id: z.string(),
  index_in_job: z.number(),
  name: z.string(),
  status: taskStatusSchema,
  priority: z.number(),
  task_type: z.string(),
  activity: z.string(),
  commands: list(commandSchema),
  steps_completed: z.number(),
  steps_total: z.number(),
  worker: taskWorkerSchema.exactOptional(),
  last_touched: z.string().exactOptional(),
  failed_by_workers: list(taskWorkerSchema).exactOptional(),
});

/** `GET /tasks/{id}/log`. */
export const taskLogInfoSchema: z.ZodType<Schemas['TaskLogInfo']> = z.object({
  task_id: z.string(),
  job_id: z.string(),
  url: z.string(),
  size: z.number(),
});

/** `GET /jobs/{id}/blocklist`. */
export const blocklistSchema: z.ZodType<Schemas['JobBlocklist']> = list(
  z.object({ worker_id: z.string(), task_type: z.string(), worker_name: z.string().exactOptional() }),
);

const statusChangeSchema: z.ZodType<Schemas['WorkerStatusChangeRequest']> = z.object({ status: workerStatusSchema, is_lazy: z.boolean() });

/** One worker of `GET /worker-mgt/workers`. */
export const workerSummarySchema: z.ZodType<Schemas['WorkerSummary']> = z.object({
  id: z.string(),
  name: z.string(),
  status: workerStatusSchema,
  status_change: statusChangeSchema.exactOptional(),
  last_seen: z.string().exactOptional(),
  version: z.string(),
  can_restart: z.boolean().default(false),
});

/** `GET /worker-mgt/workers`. */
export const workerListSchema: z.ZodType<Schemas['WorkerList']> = z.object({ workers: list(workerSummarySchema) });

/** One worker tag. */
export const workerTagSchema: z.ZodType<Schemas['WorkerTag']> = z.object({
  id: z.string().exactOptional(),
  name: z.string(),
  description: z.string().exactOptional(),
});

/** `GET /worker-mgt/tags`. */
export const workerTagListSchema: z.ZodType<Schemas['WorkerTagList']> = z.object({ tags: list(workerTagSchema).exactOptional() });

/** `GET /worker-mgt/workers/{id}`. */
export const workerSchema: z.ZodType<Schemas['Worker']> = z.object({
  id: z.string(),
  name: z.string(),
  status: workerStatusSchema,
  status_change: statusChangeSchema.exactOptional(),
  last_seen: z.string().exactOptional(),
  version: z.string(),
  can_restart: z.boolean().default(false),
  ip_address: z.string(),
  platform: z.string(),
  supported_task_types: list(z.string()),
  task: taskSummaryObject
    .extend({ job_id: z.string() })
    .exactOptional(),
  tags: list(workerTagSchema).exactOptional(),
});

/** `GET /worker-mgt/workers/{id}/sleep-schedule`. */
export const sleepScheduleSchema: z.ZodType<Schemas['WorkerSleepSchedule']> = z.object({
  is_active: z.boolean(),
  days_of_week: z.string(),
  start_time: z.string(),
  end_time: z.string(),
});

/**
 * Socket.IO `/jobs` announcing a deletion: only `id` is meaningful; the Manager (Go) sends
 * the other required fields as zero values such as `status: ""`.
 */
export const jobDeletedEventSchema = z.object({ id: z.string(), was_deleted: z.literal(true) });

/** Socket.IO `/jobs` (not a deletion; see {@link jobDeletedEventSchema}). */
export const jobEventSchema: z.ZodType<Schemas['EventJobUpdate']> = z.object({
  id: z.string(),
  name: z.string().exactOptional(),
  updated: z.string(),
  status: jobStatusSchema,
  previous_status: jobStatusSchema.exactOptional(),
  type: z.string(),
  priority: z.number().default(50),
  refresh_tasks: z.boolean().default(false),
  steps_completed: z.number().default(0),
  steps_total: z.number().default(0),
  delete_requested_at: z.string().exactOptional(),
  was_deleted: z.boolean().exactOptional(),
});

/** Socket.IO `/task`. */
export const taskEventSchema: z.ZodType<Schemas['EventTaskUpdate']> = z.object({
  id: z.string(),
  job_id: z.string(),
  worker: z.object({ name: z.string(), uuid: z.string() }).exactOptional(),
  name: z.string(),
  updated: z.string(),
  status: taskStatusSchema,
  previous_status: taskStatusSchema.exactOptional(),
  activity: z.string().default(''),
  steps_completed: z.number().default(0),
  steps_total: z.number().default(0),
});

/** Socket.IO `/workers`. */
export const workerEventSchema: z.ZodType<Schemas['EventWorkerUpdate']> = z.object({
  id: z.string(),
  name: z.string(),
  updated: z.string(),
  last_seen: z.string().exactOptional(),
  status: workerStatusSchema,
  previous_status: workerStatusSchema.exactOptional(),
  status_change: statusChangeSchema.exactOptional(),
  version: z.string().default(''),
  deleted_at: z.string().exactOptional(),
  can_restart: z.boolean().default(false),
});

/** Socket.IO `/workertags`. */
export const workerTagEventSchema: z.ZodType<Schemas['EventWorkerTagUpdate']> = z.object({
  tag: workerTagSchema,
  was_deleted: z.boolean().exactOptional(),
});

/** Socket.IO `/last-rendered`. */
export const lastRenderedEventSchema: z.ZodType<Schemas['EventLastRenderedUpdate']> = z.object({
  job_id: z.string(),
  thumbnail: lastRenderedSchema,
});

/** Socket.IO `/lifecycle`. */
export const lifecycleEventSchema: z.ZodType<Schemas['EventLifeCycle']> = z.object({ type: z.enum(['manager-startup', 'manager-shutdown']) });
