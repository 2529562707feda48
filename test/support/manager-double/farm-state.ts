import { randomUUID } from 'node:crypto';
import type { components } from '../../../electron/core/flamenco/generated/flamenco-api';
import type { AuthoredCommand, AuthoredTask } from './job-compiler';

type Schemas = components['schemas'];
/** Job status (`JobStatus` schema). */
export type JobStatus = Schemas['JobStatus'];
/** Task status (`TaskStatus` schema). */
export type TaskStatus = Schemas['TaskStatus'];
/** Worker status (`WorkerStatus` schema). */
export type WorkerStatus = Schemas['WorkerStatus'];
/** Farm status (`FarmStatus` schema). */
export type FarmStatus = Schemas['FarmStatus'];

/** A job as the double stores it. Fields mirror the Manager's database row. */
export type JobRecord = {
  readonly id: string;
  name: string;
  type: string;
  priority: number;
  settings: Record<string, unknown>;
  metadata: Record<string, string>;
  shamanCheckoutId: string;
  workerTagId: string | undefined;
  readonly created: Date;
  updated: Date;
  status: JobStatus;
  activity: string;
  deleteRequestedAt: Date | undefined;
  readonly taskIds: string[];
  blocklist: Schemas['JobBlocklistEntry'][];
  hasLastRendered: boolean;
};

/** A task as the double stores it. */
export type TaskRecord = {
  readonly id: string;
  readonly jobId: string;
  readonly index: number;
  readonly name: string;
  readonly type: string;
  status: TaskStatus;
  priority: number;
  activity: string;
  readonly commands: AuthoredCommand[];
  stepsCompleted: number;
  readonly stepsTotal: number;
  workerId: string | undefined;
  readonly created: Date;
  updated: Date;
  lastTouched: Date | undefined;
  failedBy: string[];
  log: string;
};

/** A worker as the double stores it. */
export type WorkerRecord = {
  readonly id: string;
  name: string;
  status: WorkerStatus;
  statusChange: Schemas['WorkerStatusChangeRequest'] | undefined;
  lastSeen: Date | undefined;
  version: string;
  canRestart: boolean;
  address: string;
  platform: string;
  supportedTaskTypes: string[];
  tagIds: string[];
  sleepSchedule: Schemas['WorkerSleepSchedule'] | undefined;
  updated: Date;
};

/** A worker tag as the double stores it. */
export type WorkerTagRecord = { readonly id: string; name: string; description: string };

/** Events the state emits; the Socket.IO hub routes them to rooms like the real broker. */
export type FarmEvent =
  | { readonly kind: 'job'; readonly payload: Schemas['EventJobUpdate'] }
  | { readonly kind: 'task'; readonly payload: Schemas['EventTaskUpdate'] }
  | { readonly kind: 'worker'; readonly payload: Schemas['EventWorkerUpdate'] }
  | { readonly kind: 'worker-tag'; readonly payload: Schemas['EventWorkerTagUpdate'] }
  | { readonly kind: 'last-rendered'; readonly payload: Schemas['EventLastRenderedUpdate'] }
  | { readonly kind: 'farm-status'; readonly payload: Schemas['EventFarmStatus'] };

/** The status transitions the Manager's web app offers (MANAGER-FACTS.md); others answer 500. */
export const legalJobTransitions: Readonly<Partial<Record<JobStatus, readonly JobStatus[]>>> = {
  'pause-requested': ['active', 'canceled', 'queued'],
  'cancel-requested': ['active', 'failed', 'paused', 'pause-requested', 'queued'],
  requeueing: ['canceled', 'completed', 'failed', 'paused'],
};

/** Task transitions the web app offers: cancel and requeue. */
export const legalTaskTransitions: Readonly<Partial<Record<TaskStatus, readonly TaskStatus[]>>> = {
  canceled: ['active', 'queued', 'soft-failed'],
  queued: ['canceled', 'completed', 'failed'],
};

/** Job statuses from which the web app offers deletion. */
export const deletableJobStatuses: readonly JobStatus[] = ['canceled', 'completed', 'failed', 'paused', 'queued'];

/** The Manager fails a job once this percentage of its tasks failed (task_state_machine.go). */
const taskFailJobPercentage = 10;

/**
 * In-memory farm: jobs, tasks, workers, tags; with the Manager's task state machine
 * (cascades between task and job statuses) and the events it broadcasts.
 */
export class FarmState {
  readonly jobs = new Map<string, JobRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly workers = new Map<string, WorkerRecord>();
  readonly workerTags = new Map<string, WorkerTagRecord>();
  farmStatus: FarmStatus = 'idle';
  lastRenderedJobId: string | undefined;

  constructor(
    private readonly now: () => Date,
    private readonly emit: (event: FarmEvent) => void,
  ) {}

  // ----- jobs -------------------------------------------------------------------------

  /** Stores a compiled job with its tasks and broadcasts it as new (no previous_status). */
  addJob(input: {
    readonly name: string;
    readonly type: string;
    readonly priority: number;
    readonly settings: Record<string, unknown>;
    readonly metadata: Record<string, string>;
    readonly shamanCheckoutId: string;
    readonly workerTagId: string | undefined;
    readonly status: JobStatus;
    readonly created: Date;
    readonly tasks: readonly AuthoredTask[];
  }): JobRecord {
    const job: JobRecord = {
      id: randomUUID(),
      name: input.name,
      type: input.type,
      priority: input.priority,
      settings: input.settings,
      metadata: input.metadata,
      shamanCheckoutId: input.shamanCheckoutId,
      workerTagId: input.workerTagId,
      created: input.created,
      updated: input.created,
      status: input.status,
      activity: '',
      deleteRequestedAt: undefined,
      taskIds: [],
      blocklist: [],
      hasLastRendered: false,
    };
    this.jobs.set(job.id, job);
    input.tasks.forEach((authored, index) => {
      const task: TaskRecord = {
        id: randomUUID(),
        jobId: job.id,
        index,
        name: authored.name,
        type: authored.type,
        status: 'queued',
        priority: 50,
        activity: '',
        commands: authored.commands.map((command) => ({ ...command, parameters: { ...command.parameters } })),
        stepsCompleted: 0,
        stepsTotal: authored.commands.reduce((sum, command) => sum + command.total_step_count, 0),
        workerId: undefined,
        created: input.created,
        updated: input.created,
        lastTouched: undefined,
        failedBy: [],
        log: '',
      };
      this.tasks.set(task.id, task);
      job.taskIds.push(task.id);
    });
    this.emit({ kind: 'job', payload: this.jobUpdate(job, undefined, false) });
    return job;
  }

  /** The job's tasks in index order. */
  tasksOf(job: JobRecord): TaskRecord[] {
    return job.taskIds.map((id) => this.tasks.get(id)).filter((task): task is TaskRecord => task !== undefined);
  }

  /** Job steps are the sum of its tasks' steps. */
  jobSteps(job: JobRecord): { completed: number; total: number } {
    let completed = 0;
    let total = 0;
    for (const task of this.tasksOf(job)) {
      completed += task.stepsCompleted;
      total += task.stepsTotal;
    }
    return { completed, total };
  }

  /** `EventJobUpdate` as eventbus.NewJobUpdate builds it. */
  jobUpdate(job: JobRecord, previous: JobStatus | undefined, refreshTasks: boolean): Schemas['EventJobUpdate'] {
    const steps = this.jobSteps(job);
    return {
      id: job.id,
      name: job.name,
      updated: job.updated.toISOString(),
      status: job.status,
      ...(previous === undefined ? {} : { previous_status: previous }),
      type: job.type,
      priority: job.priority,
      refresh_tasks: refreshTasks,
      steps_completed: steps.completed,
      steps_total: steps.total,
      ...(job.deleteRequestedAt === undefined ? {} : { delete_requested_at: job.deleteRequestedAt.toISOString() }),
    };
  }

  /** Re-broadcasts a job without a status change (priority, tag, deletion request). */
  touchJob(job: JobRecord): void {
    job.updated = this.now();
    this.emit({ kind: 'job', payload: this.jobUpdate(job, undefined, false) });
  }

  /**
   * Changes a job's status and follows the Manager's cascade (jobStatusChange loop):
   * cancel-requested cancels runnable tasks then becomes canceled, pause-requested pauses
   * queued tasks, requeueing requeues tasks then becomes queued, and so on.
   */
  changeJobStatus(job: JobRecord, target: JobStatus, reason: string): void {
    let next: JobStatus | undefined = target;
    while (next !== undefined && next !== job.status) {
      const previous = job.status;
      job.status = next;
      job.activity = `Changed to status "${next}": ${reason}`;
      job.updated = this.now();
      const { following, massUpdate } = this.updateTasksAfterJobStatusChange(job, previous);
      this.emit({ kind: 'job', payload: this.jobUpdate(job, previous, massUpdate) });
      next = following;
    }
  }

  private updateTasksAfterJobStatusChange(job: JobRecord, previous: JobStatus): { following: JobStatus | undefined; massUpdate: boolean } {
    switch (job.status) {
      case 'cancel-requested':
      case 'failed':
        this.setTaskStatuses(job, ['active', 'queued', 'soft-failed'], 'canceled', `Manager cancelled this task because the job got status "${job.status}".`);
        return { following: job.status === 'cancel-requested' ? 'canceled' : undefined, massUpdate: true };
      case 'pause-requested':
        this.setTaskStatuses(job, ['queued', 'soft-failed'], 'paused', `Manager paused this task because the job got status "${job.status}".`);
        return { following: this.isPausingComplete(job) ? 'paused' : 'pause-requested', massUpdate: true };
      case 'requeueing': {
        if (previous === 'under-construction') return { following: undefined, massUpdate: true };
        const reason = `Queued because job transitioned status from "${previous}" to "${job.status}"`;
        const from: TaskStatus[] = previous === 'completed' ? ['active', 'canceled', 'completed', 'failed', 'paused', 'queued', 'soft-failed'] : ['canceled', 'failed', 'paused', 'soft-failed'];
        this.setTaskStatuses(job, from, 'queued', reason);
        for (const task of this.tasksOf(job)) if (task.status === 'queued') task.stepsCompleted = 0;
        return { following: 'queued', massUpdate: true };
      }
      case 'queued': {
        const tasks = this.tasksOf(job);
        const done = tasks.length > 0 && tasks.every((task) => task.status === 'completed');
        return { following: done ? 'completed' : undefined, massUpdate: true };
      }
      default:
        return { following: undefined, massUpdate: false };
    }
  }

  /** Mass task update: tasks change silently, the job event carries `refresh_tasks: true`. */
  private setTaskStatuses(job: JobRecord, from: readonly TaskStatus[], to: TaskStatus, activity: string): void {
    const now = this.now();
    for (const task of this.tasksOf(job)) {
      if (!from.includes(task.status)) continue;
      task.status = to;
      task.activity = activity;
      task.updated = now;
    }
  }

  private isPausingComplete(job: JobRecord): boolean {
    return job.status === 'pause-requested' && !this.tasksOf(job).some((task) => task.status === 'active');
  }

  // ----- tasks ------------------------------------------------------------------------

  /** `EventTaskUpdate` as eventbus.NewTaskUpdate builds it. */
  taskUpdate(task: TaskRecord, previous: TaskStatus | undefined): Schemas['EventTaskUpdate'] {
    const worker = task.workerId === undefined ? undefined : this.workers.get(task.workerId);
    return {
      id: task.id,
      job_id: task.jobId,
      ...(worker === undefined ? {} : { worker: { name: worker.name, uuid: worker.id } }),
      name: task.name,
      updated: task.updated.toISOString(),
      status: task.status,
      ...(previous === undefined ? {} : { previous_status: previous }),
      activity: task.activity,
      steps_completed: task.stepsCompleted,
      steps_total: task.stepsTotal,
    };
  }

  /**
   * Changes one task's status, broadcasts it to the job's room, then updates the job as
   * the Manager's task state machine does (updateJobAfterTaskStatusChange).
   */
  changeTaskStatus(task: TaskRecord, status: TaskStatus, activity?: string): void {
    const job = this.jobs.get(task.jobId);
    if (job === undefined) return;
    const previous = task.status;
    task.status = status;
    if (activity !== undefined) task.activity = activity;
    task.updated = this.now();
    task.lastTouched = task.updated;
    if (status === 'completed') task.stepsCompleted = task.stepsTotal;
    if (status === 'queued') task.stepsCompleted = 0;
    this.emit({ kind: 'task', payload: this.taskUpdate(task, previous) });
    this.updateJobAfterTaskStatusChange(job, task);
  }

  /** Reports progress of an active task; the job's step counters follow. */
  setTaskProgress(task: TaskRecord, stepsCompleted: number): void {
    const job = this.jobs.get(task.jobId);
    task.stepsCompleted = Math.max(0, Math.min(task.stepsTotal, stepsCompleted));
    task.updated = this.now();
    task.lastTouched = task.updated;
    this.emit({ kind: 'task', payload: this.taskUpdate(task, undefined) });
    if (job !== undefined) this.touchJob(job);
  }

  private updateJobAfterTaskStatusChange(job: JobRecord, task: TaskRecord): void {
    const tasks = this.tasksOf(job);
    const count = (status: TaskStatus): number => tasks.filter((entry) => entry.status === status).length;
    switch (task.status) {
      case 'queued':
        if (job.status === 'completed') this.changeJobStatus(job, 'requeueing', 'task was queued');
        else this.touchJob(job);
        return;
      case 'paused':
        if (this.isPausingComplete(job)) this.changeJobStatus(job, 'paused', 'last task got paused');
        else this.touchJob(job);
        return;
      case 'canceled': {
        const runnable = tasks.filter((entry) => ['active', 'queued', 'soft-failed'].includes(entry.status)).length;
        if (runnable === 0) this.changeJobStatus(job, 'canceled', 'canceled task was last runnable task of job, canceling job');
        else if (this.isPausingComplete(job)) this.changeJobStatus(job, 'paused', 'no more active tasks after task cancellation');
        else this.touchJob(job);
        return;
      }
      case 'failed': {
        const percentage = Math.floor((count('failed') / tasks.length) * 100);
        if (percentage >= taskFailJobPercentage) this.changeJobStatus(job, 'failed', 'too many tasks failed');
        else if (this.isPausingComplete(job)) this.changeJobStatus(job, 'paused', 'no more active tasks after task failure');
        else if (job.status === 'queued') this.changeJobStatus(job, 'active', 'task failed, but not enough to fail the job');
        else this.touchJob(job);
        return;
      }
      case 'active':
      case 'soft-failed':
        if (job.status === 'active' || job.status === 'cancel-requested') this.touchJob(job);
        else this.changeJobStatus(job, 'active', `task became ${task.status}`);
        return;
      case 'completed':
        if (count('completed') === tasks.length) this.changeJobStatus(job, 'completed', 'all tasks completed');
        else if (this.isPausingComplete(job)) this.changeJobStatus(job, 'paused', 'no more active tasks after task completion');
        else if (job.status === 'queued') this.changeJobStatus(job, 'active', 'no more tasks to do');
        else this.touchJob(job);
        return;
    }
  }

  // ----- workers and tags -------------------------------------------------------------

  /** `EventWorkerUpdate` as eventbus.NewWorkerUpdate builds it. */
  workerUpdate(worker: WorkerRecord, previous: WorkerStatus | undefined, deletedAt?: Date): Schemas['EventWorkerUpdate'] {
    return {
      id: worker.id,
      name: worker.name,
      updated: worker.updated.toISOString(),
      ...(worker.lastSeen === undefined ? {} : { last_seen: worker.lastSeen.toISOString() }),
      status: worker.status,
      ...(previous === undefined ? {} : { previous_status: previous }),
      ...(worker.statusChange === undefined ? {} : { status_change: worker.statusChange }),
      version: worker.version,
      ...(deletedAt === undefined ? {} : { deleted_at: deletedAt.toISOString() }),
      can_restart: worker.canRestart,
    };
  }

  /** Broadcasts a worker change; `deletedAt` marks the deletion event. */
  emitWorker(worker: WorkerRecord, previous: WorkerStatus | undefined, deletedAt?: Date): void {
    worker.updated = this.now();
    this.emit({ kind: 'worker', payload: this.workerUpdate(worker, previous, deletedAt) });
  }

  /** Broadcasts a tag change or deletion (NewWorkerTagUpdate / NewWorkerTagDeletedUpdate). */
  emitWorkerTag(tag: WorkerTagRecord, deleted: boolean): void {
    this.emit({
      kind: 'worker-tag',
      // The deletion event has the tag's id only; Go still serialises the non-pointer `name` as "".
      payload: deleted ? { tag: { id: tag.id, name: '' }, was_deleted: true } : { tag: { id: tag.id, name: tag.name, description: tag.description } },
    });
  }

  /** Broadcasts farm status. */
  setFarmStatus(status: FarmStatus): void {
    this.farmStatus = status;
    this.emit({ kind: 'farm-status', payload: { status } });
  }

  /** Marks a job as having a last-rendered image and broadcasts it. */
  setLastRendered(job: JobRecord, base: string, suffixes: readonly string[]): void {
    job.hasLastRendered = true;
    this.lastRenderedJobId = job.id;
    this.emit({ kind: 'last-rendered', payload: { job_id: job.id, thumbnail: { base, suffixes: [...suffixes] } } });
  }

  /**
   * Removes a job and its tasks and broadcasts the deleter's event: only `id` and
   * `was_deleted` are meaningful, every other field is Go's zero value (status "",
   * updated 0001-01-01), as job_deleter.go sends it.
   */
  deleteJob(job: JobRecord): void {
    const update = {
      id: job.id,
      updated: '0001-01-01T00:00:00Z',
      status: '' as JobStatus,
      type: '',
      priority: 0,
      refresh_tasks: false,
      steps_completed: 0,
      steps_total: 0,
      was_deleted: true,
    };
    for (const id of job.taskIds) this.tasks.delete(id);
    this.jobs.delete(job.id);
    if (this.lastRenderedJobId === job.id) this.lastRenderedJobId = undefined;
    this.emit({ kind: 'job', payload: update });
  }
}
