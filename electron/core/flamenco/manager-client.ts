import type {
  BlocklistEntry,
  FarmStatus,
  JobStatus,
  JobSummary,
  LastRenderedImage,
  TaskDetail,
  TaskLogInfo,
  TaskStatus,
  TaskSummary,
  WorkerDetail,
  WorkerId,
  WorkerSleepSchedule,
  WorkerStatus,
  WorkerSummary,
  WorkerTag,
  JobId,
  TaskId,
  WorkerTagId,
} from '../../common/domain/farm';
import type { ManagerConfiguration, ManagerPlatform, ManagerVariable, ManagerVersion, SharedStorage } from '../../common/domain/manager';
import { CoreError } from '../errors';
import type { components } from './generated/flamenco-api';
import type { HttpClientOptions, HttpRequest, HttpResponse } from './http-client';
import { HttpClient, endpoint, errorForResponse, parseJson } from './http-client';
import {
  toJobSummary,
  toManagerConfiguration,
  toManagerVariables,
  toManagerVersion,
  toSharedStorage,
  toTaskSummary,
  toWorkerSummary,
  toWorkerTag,
} from './mapping';
import {
  blocklistSchema,
  configurationSchema,
  farmStatusSchema,
  jobDeletionInfoSchema,
  jobListSchema,
  jobSchema,
  jobTasksSchema,
  jobTypeSchema,
  jobTypesSchema,
  lastRenderedSchema,
  sharedStorageSchema,
  sleepScheduleSchema,
  taskLogInfoSchema,
  taskSchema,
  variablesSchema,
  versionSchema,
  workerListSchema,
  workerSchema,
  workerTagListSchema,
  workerTagSchema,
} from './schemas';

/** A job type with its settings, as the Manager describes it (the submission form is built from it). */
export type JobType = components['schemas']['AvailableJobType'];
/** A job as it is submitted (`POST /jobs/check`, `POST /jobs`). */
export type SubmittedJob = components['schemas']['SubmittedJob'];

/** Every user-facing operation of a Flamenco Manager (3.8/3.9), typed and validated. */
export class ManagerClient {
  /** The request layer, shared with the Shaman client. */
  readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  /** A client for the Manager at `options.baseUrl`. */
  static create(options: HttpClientOptions): ManagerClient {
    return new ManagerClient(new HttpClient(options));
  }

  /** The Manager's version and name. */
  async version(options: { readonly timeoutMilliseconds?: number; readonly retry?: boolean } = {}): Promise<ManagerVersion> {
    const request: HttpRequest = { ...endpoint('get', '/api/v3/version', {}), ...options };
    return toManagerVersion(await this.http.json(request, versionSchema));
  }

  /** The farm's overall status. */
  async farmStatus(): Promise<FarmStatus> {
    return (await this.http.json(endpoint('get', '/api/v3/status', {}), farmStatusSchema)).status;
  }

  /** Whether Shaman is on, and where the Manager keeps job files. */
  async configuration(): Promise<ManagerConfiguration> {
    return toManagerConfiguration(await this.http.json(endpoint('get', '/api/v3/configuration', {}), configurationSchema));
  }

  /** Shared storage as users of `platform` see it. */
  async sharedStorage(platform: ManagerPlatform): Promise<SharedStorage> {
    const request = endpoint('get', '/api/v3/configuration/shared-storage/{audience}/{platform}', { audience: 'users', platform });
    return toSharedStorage(await this.http.json(request, sharedStorageSchema));
  }

  /** Path variables for users of `platform`. */
  async variables(platform: ManagerPlatform): Promise<readonly ManagerVariable[]> {
    const request = endpoint('get', '/api/v3/configuration/variables/{audience}/{platform}', { audience: 'users', platform });
    return toManagerVariables(await this.http.json(request, variablesSchema));
  }

  /** Every job type (built-in and the site's own), each with its etag. */
  async jobTypes(): Promise<readonly JobType[]> {
    return (await this.http.json(endpoint('get', '/api/v3/jobs/types', {}), jobTypesSchema)).job_types;
  }

  /** One job type; `not-found` when the Manager does not know it. */
  async jobType(name: string): Promise<JobType> {
    return this.notFoundAs(`job type ${name}`, () => this.http.json(endpoint('get', '/api/v3/jobs/type/{typeName}', { typeName: name }), jobTypeSchema));
  }

  /** Every job on the Manager (there is no paging in 3.9). */
  async jobs(): Promise<readonly JobSummary[]> {
    return (await this.http.json(endpoint('get', '/api/v3/jobs', {}), jobListSchema)).jobs.map(toJobSummary);
  }

  /** One job. */
  async job(id: string): Promise<JobSummary> {
    return toJobSummary(await this.notFoundAs(`job ${id}`, () => this.http.json(endpoint('get', '/api/v3/jobs/{job_id}', { job_id: id }), jobSchema)));
  }

  /**
   * Asks the Manager whether it would accept `job` (204 = yes). 412 means the job type
   * changed since its etag was read: refetch job types (`manager-job-type-changed`).
   */
  async checkJob(job: SubmittedJob): Promise<void> {
    const response = await this.http.send(endpoint('post', '/api/v3/jobs/check', {}, job));
    if (response.status === 204 || response.status === 200) return;
    throw this.submitError(endpoint('post', '/api/v3/jobs/check', {}, job), response);
  }

  /** Submits a job; see {@link checkJob} for the errors. */
  async submitJob(job: SubmittedJob): Promise<JobSummary> {
    const request = endpoint('post', '/api/v3/jobs', {}, job);
    const response = await this.http.send(request);
    if (response.status !== 200) throw this.submitError(request, response);
    return toJobSummary(parseJson(request, response, jobSchema));
  }

  /**
   * Requests a job status change. The Manager answers an illegal transition with 500, so
   * callers should offer only {@link allowedJobActions} (MANAGER-FACTS "Errors").
   */
  async setJobStatus(id: string, status: JobStatus, reason: string): Promise<void> {
    await this.http.empty(endpoint('post', '/api/v3/jobs/{job_id}/setstatus', { job_id: id }, { status, reason }));
  }

  /** Sets a job's priority (0..100). */
  async setJobPriority(id: string, priority: number): Promise<void> {
    if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
      throw new CoreError('invalid-argument', `Priority must be a whole number from 0 to 100, not ${priority}`);
    }
    await this.http.empty(endpoint('post', '/api/v3/jobs/{job_id}/setpriority', { job_id: id }, { priority }));
  }

  /** Limits a job to the workers of a tag, or to any worker when `tagId` is undefined. */
  async setJobTag(id: string, tagId: string | undefined): Promise<void> {
    await this.http.empty(endpoint('post', '/api/v3/jobs/{job_id}/settag', { job_id: id }, tagId === undefined ? {} : { id: tagId }));
  }

  /** What deleting the job would also delete (its Shaman checkout). */
  async whatWouldDeleteDo(id: string): Promise<{ readonly deletesShamanCheckout: boolean }> {
    const info = await this.http.json(endpoint('get', '/api/v3/jobs/{job_id}/what-would-delete-do', { job_id: id }), jobDeletionInfoSchema);
    return { deletesShamanCheckout: info.shaman_checkout };
  }

  /** Asks the Manager to delete a job (it happens in the background; a `/jobs` event follows). */
  async deleteJob(id: string): Promise<void> {
    await this.http.empty(endpoint('delete', '/api/v3/jobs/{job_id}', { job_id: id }));
  }

  /** The tasks of a job. */
  async jobTasks(id: string): Promise<readonly TaskSummary[]> {
    const summary = await this.http.json(endpoint('get', '/api/v3/jobs/{job_id}/tasks', { job_id: id }), jobTasksSchema);
    return (summary.tasks ?? []).map((task) => toTaskSummary(task, id));
  }

  /** The workers that may no longer run task types of a job. */
  async blocklist(id: string): Promise<readonly BlocklistEntry[]> {
    const entries = await this.http.json(endpoint('get', '/api/v3/jobs/{job_id}/blocklist', { job_id: id }), blocklistSchema);
    return entries.map((entry) => ({
      workerId: entry.worker_id as WorkerId,
      taskType: entry.task_type,
      ...(entry.worker_name === undefined ? {} : { workerName: entry.worker_name }),
    }));
  }

  /** Lets blocklisted workers run the job's tasks again. */
  async removeFromBlocklist(id: string, entries: readonly Pick<BlocklistEntry, 'workerId' | 'taskType'>[]): Promise<void> {
    const body = entries.map((entry) => ({ worker_id: entry.workerId, task_type: entry.taskType }));
    await this.http.empty(endpoint('delete', '/api/v3/jobs/{job_id}/blocklist', { job_id: id }, body));
  }

  /** Where the last rendered image of a job is; undefined when there is none yet. */
  async jobLastRendered(id: string): Promise<LastRenderedImage | undefined> {
    return this.absoluteImage(await this.http.optionalJson(endpoint('get', '/api/v3/jobs/{job_id}/last-rendered', { job_id: id }), lastRenderedSchema));
  }

  /** The last image rendered on the whole farm; undefined when there is none yet. */
  async globalLastRendered(): Promise<LastRenderedImage | undefined> {
    return this.absoluteImage(await this.http.optionalJson(endpoint('get', '/api/v3/jobs/last-rendered', {}), lastRenderedSchema));
  }

  /** One task with its detail. */
  async task(id: string): Promise<TaskDetail> {
    const task = await this.notFoundAs(`task ${id}`, () => this.http.json(endpoint('get', '/api/v3/tasks/{task_id}', { task_id: id }), taskSchema));
    return {
      ...toTaskSummary(task, task.job_id),
      activity: task.activity,
      created: task.created,
      priority: task.priority,
      ...(task.last_touched === undefined ? {} : { lastTouched: task.last_touched }),
      failedByWorkers: (task.failed_by_workers ?? []).map((worker) => ({ id: worker.id as WorkerId, name: worker.name })),
    };
  }

  /** Requests a task status change; offer only {@link allowedTaskActions}. */
  async setTaskStatus(id: string, status: TaskStatus, reason: string): Promise<void> {
    await this.http.empty(endpoint('post', '/api/v3/tasks/{task_id}/setstatus', { task_id: id }, { status, reason }));
  }

  /** Where the task's full log is; undefined when it has no log yet. */
  async taskLogInfo(id: string): Promise<TaskLogInfo | undefined> {
    const info = await this.http.optionalJson(endpoint('get', '/api/v3/tasks/{task_id}/log', { task_id: id }), taskLogInfoSchema);
    return info === undefined ? undefined : { url: this.http.url(info.url).href, size: info.size };
  }

  /** The last lines of a task's log; undefined when it has no log yet (204). */
  async taskLogTail(id: string): Promise<string | undefined> {
    return this.http.text({ ...endpoint('get', '/api/v3/tasks/{task_id}/logtail', { task_id: id }), headers: { accept: 'text/plain' } });
  }

  /** Every worker. */
  async workers(): Promise<readonly WorkerSummary[]> {
    return (await this.http.json(endpoint('get', '/api/v3/worker-mgt/workers', {}), workerListSchema)).workers.map(toWorkerSummary);
  }

  /** One worker with its detail. */
  async worker(id: string): Promise<WorkerDetail> {
    const worker = await this.notFoundAs(`worker ${id}`, () =>
      this.http.json(endpoint('get', '/api/v3/worker-mgt/workers/{worker_id}', { worker_id: id }), workerSchema),
    );
    return {
      ...toWorkerSummary(worker),
      ipAddress: worker.ip_address,
      platform: worker.platform,
      supportedTaskTypes: worker.supported_task_types,
      ...(worker.task === undefined
        ? {}
        : { task: { id: worker.task.id as TaskId, jobId: worker.task.job_id as JobId, name: worker.task.name, status: worker.task.status } }),
      tags: (worker.tags ?? []).flatMap((tag) => toWorkerTag(tag) ?? []),
    };
  }

  /** Asks a worker to change status; lazy = after its current task. */
  async setWorkerStatus(id: string, status: WorkerStatus, isLazy: boolean): Promise<void> {
    await this.http.empty(endpoint('post', '/api/v3/worker-mgt/workers/{worker_id}/setstatus', { worker_id: id }, { status, is_lazy: isLazy }));
  }

  /** Replaces the tags of a worker. */
  async setWorkerTags(id: string, tagIds: readonly string[]): Promise<void> {
    await this.http.empty(endpoint('post', '/api/v3/worker-mgt/workers/{worker_id}/settags', { worker_id: id }, { tag_ids: [...tagIds] }));
  }

  /** A worker's sleep schedule; undefined when it has none. */
  async sleepSchedule(id: string): Promise<WorkerSleepSchedule | undefined> {
    const schedule = await this.http.optionalJson(
      endpoint('get', '/api/v3/worker-mgt/workers/{worker_id}/sleep-schedule', { worker_id: id }),
      sleepScheduleSchema,
    );
    if (schedule === undefined) return undefined;
    return { isActive: schedule.is_active, daysOfWeek: schedule.days_of_week, startTime: schedule.start_time, endTime: schedule.end_time };
  }

  /** Sets a worker's sleep schedule. */
  async setSleepSchedule(id: string, schedule: WorkerSleepSchedule): Promise<void> {
    const body = { is_active: schedule.isActive, days_of_week: schedule.daysOfWeek, start_time: schedule.startTime, end_time: schedule.endTime };
    await this.http.empty(endpoint('post', '/api/v3/worker-mgt/workers/{worker_id}/sleep-schedule', { worker_id: id }, body));
  }

  /** Removes a worker from the Manager. */
  async deleteWorker(id: string): Promise<void> {
    await this.http.empty(endpoint('delete', '/api/v3/worker-mgt/workers/{worker_id}', { worker_id: id }));
  }

  /** Every worker tag. */
  async workerTags(): Promise<readonly WorkerTag[]> {
    const list = await this.http.json(endpoint('get', '/api/v3/worker-mgt/tags', {}), workerTagListSchema);
    return (list.tags ?? []).flatMap((tag) => toWorkerTag(tag) ?? []);
  }

  /** Creates a worker tag. */
  async createWorkerTag(tag: { readonly name: string; readonly description?: string }): Promise<WorkerTag> {
    const created = await this.http.json(endpoint('post', '/api/v3/worker-mgt/tags', {}, { ...tag }), workerTagSchema);
    const mapped = toWorkerTag(created);
    if (mapped === undefined) throw new CoreError('manager-invalid-response', 'The Manager created a worker tag but did not say its id');
    return mapped;
  }

  /** Renames or re-describes a worker tag. */
  async updateWorkerTag(tag: WorkerTag): Promise<void> {
    await this.http.empty(endpoint('put', '/api/v3/worker-mgt/tag/{tag_id}', { tag_id: tag.id }, { id: tag.id, name: tag.name, description: tag.description }));
  }

  /** Deletes a worker tag. */
  async deleteWorkerTag(id: WorkerTagId | string): Promise<void> {
    await this.http.empty(endpoint('delete', '/api/v3/worker-mgt/tag/{tag_id}', { tag_id: id }));
  }

  private absoluteImage(image: components['schemas']['JobLastRenderedImageInfo'] | undefined): LastRenderedImage | undefined {
    if (image === undefined) return undefined;
    return { base: this.http.url(image.base).href.replace(/\/$/, ''), suffixes: image.suffixes };
  }

  private async notFoundAs<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CoreError && error.code === 'manager-http' && error.status === 404) {
        throw new CoreError('not-found', `The Manager has no ${what}`, { status: 404, cause: error });
      }
      throw error;
    }
  }

  private submitError(request: HttpRequest, response: HttpResponse): CoreError {
    const error = errorForResponse(request, response);
    if (response.status === 412) {
      return new CoreError('manager-job-type-changed', 'The job type changed on the Manager since it was read; reload job types and check the settings', {
        status: 412,
        details: error.details ?? {},
        cause: error,
      });
    }
    return error;
  }
}
