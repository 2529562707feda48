/**
 * The active Manager's farm as the screens see it: a snapshot from core, then batches of live
 * changes (`farm:changed`). Jobs live in a plain Map and a `revision` counter tells Svelte
 * something changed: 10k jobs as deep reactive proxies would make every update cost more
 * than the frame it has.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- jobs and tasks live in plain Maps on purpose; `revision` tells Svelte they changed (see FarmState) */
import type { FarmStatus, JobEta, JobId, JobSummary, LiveChange, LiveConnectionState, TaskSummary, WorkerSummary, WorkerTag } from '../../../electron/common/domain/farm';
import type { FarmSnapshot } from '../../../electron/common/domain/farm-view';
import type { ManagerVersion } from '../../../electron/common/domain/manager';
import type { ManagerProfile } from '../../../electron/common/domain/manager-profile';
import { assertNever } from '../../../electron/common/assert-never';
import { ipc } from '../lib/ipc';

/** What a screen hears about besides the data (e.g. the detail view refreshing its image). */
export type FarmListener = (change: LiveChange) => void;

/** Runs a callback before the next frame is drawn (tests pass their own). */
export type FrameScheduler = (callback: () => void) => void;

/** The page's scheduler: the next animation frame while visible, else a microtask (hidden pages get no frames). */
export const nextFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(callback);
  else queueMicrotask(callback);
};

/** The farm state; one instance, {@link farm}. */
export class FarmState {
  manager = $state.raw<ManagerProfile | null>(null);
  version = $state.raw<ManagerVersion | null>(null);
  connection = $state.raw<LiveConnectionState>({ kind: 'connecting' });
  farmStatus = $state<FarmStatus>('unknown');
  workers = $state.raw<readonly WorkerSummary[]>([]);
  tags = $state.raw<readonly WorkerTag[]>([]);
  loading = $state(true);
  problem = $state<string | undefined>(undefined);
  /** Bumped once per applied batch of job or task changes. */
  revision = $state(0);
  /** Bumped when the estimates change. */
  etaRevision = $state(0);

  readonly jobs = new Map<JobId, JobSummary>();
  readonly tasks = new Map<JobId, Map<string, TaskSummary>>();
  private etas: Readonly<Record<string, JobEta>> = {};
  private readonly pending: LiveChange[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<FarmListener>();
  private stops: (() => void)[] = [];
  private readonly schedule: FrameScheduler;

  constructor(schedule: FrameScheduler = nextFrame) {
    this.schedule = schedule;
  }

  /** Loads the snapshot and follows changes. Calling it again reloads. */
  async start(): Promise<void> {
    this.stop();
    const api = ipc();
    this.stops = [
      api.on('farm:changed', (changes) => this.receive(changes)),
      api.on('farm:etas', (etas) => {
        this.etas = etas;
        this.etaRevision += 1;
      }),
      api.on('managers:changed', () => void this.reload()),
    ];
    await this.reload();
  }

  /** Stops following changes. */
  stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  /** Fetches the snapshot again (after switching Managers, or on the user's request). */
  async reload(): Promise<void> {
    this.loading = true;
    const result = await ipc().invoke('farm:snapshot', undefined);
    this.loading = false;
    if (!result.ok) {
      this.problem = result.error.message;
      return;
    }
    this.problem = undefined;
    this.load(result.value);
  }

  /** Replaces everything with a snapshot. */
  load(snapshot: FarmSnapshot): void {
    this.manager = snapshot.manager;
    this.version = snapshot.version;
    this.connection = snapshot.connection;
    this.farmStatus = snapshot.farmStatus;
    this.workers = snapshot.workers;
    this.tags = snapshot.tags;
    this.jobs.clear();
    for (const job of snapshot.jobs) this.jobs.set(job.id, job);
    this.etas = snapshot.etas;
    this.revision += 1;
    this.etaRevision += 1;
  }

  /** Queues a batch; batches are applied together at most once per frame. */
  receive(changes: readonly LiveChange[]): void {
    this.pending.push(...changes);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const flush = (): void => {
      this.flushScheduled = false;
      this.apply(this.pending.splice(0));
    };
    this.schedule(flush);
  }

  /** Applies changes now (tests call this directly). */
  apply(changes: readonly LiveChange[]): void {
    let touched = false;
    let workers: WorkerSummary[] | undefined;
    for (const change of changes) {
      switch (change.kind) {
        case 'refreshed':
          void this.reload();
          break;
        case 'job-added':
        case 'job-updated':
        case 'job-finished':
          this.jobs.set(change.job.id, change.job);
          touched = true;
          break;
        case 'job-removed':
          this.jobs.delete(change.jobId);
          this.tasks.delete(change.jobId);
          touched = true;
          break;
        case 'tasks-replaced':
          this.tasks.set(change.jobId, new Map(change.tasks.map((task) => [task.id, task])));
          touched = true;
          break;
        case 'task-updated': {
          const list = this.tasks.get(change.task.jobId);
          if (list !== undefined) {
            list.set(change.task.id, change.task);
            touched = true;
          }
          break;
        }
        case 'worker-added':
        case 'worker-updated':
        case 'worker-went-offline': {
          workers ??= [...this.workers];
          const index = workers.findIndex((worker) => worker.id === change.worker.id);
          if (index === -1) workers.push(change.worker);
          else workers[index] = change.worker;
          break;
        }
        case 'worker-removed':
          workers = (workers ?? [...this.workers]).filter((worker) => worker.id !== change.workerId);
          break;
        case 'worker-tags-changed':
          this.tags = change.tags;
          break;
        case 'last-rendered':
          break;
        case 'farm-status':
          this.farmStatus = change.status;
          break;
        case 'connection':
          this.connection = change.state;
          break;
        case 'manager-lifecycle':
        case 'manager-upgraded':
          break;
        default:
          assertNever(change, 'live change');
      }
      for (const listener of this.listeners) listener(change);
    }
    if (workers !== undefined) this.workers = workers;
    if (touched) this.revision += 1;
  }

  /** The tasks of a job, in job order (empty until `jobs:tasks` loaded them). */
  tasksOf(jobId: JobId): readonly TaskSummary[] {
    const list = this.tasks.get(jobId);
    if (list === undefined) return [];
    return [...list.values()].sort((left, right) => (left.indexInJob ?? 0) - (right.indexInJob ?? 0) || left.name.localeCompare(right.name));
  }

  /** Sets a job's tasks as loaded by the detail view. */
  setTasks(jobId: JobId, tasks: readonly TaskSummary[]): void {
    this.tasks.set(jobId, new Map(tasks.map((task) => [task.id, task])));
    this.revision += 1;
  }

  /** The estimate of a job. */
  etaOf(jobId: JobId): JobEta {
    return this.etas[jobId] ?? { kind: 'unknown' };
  }

  /** Calls `listener` for every applied change; returns the function that removes it. */
  subscribe(listener: FarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every job (read `revision` in a reactive context to depend on changes). */
  allJobs(): IterableIterator<JobSummary> {
    return this.jobs.values();
  }

  /** The tag's name, or undefined. */
  tagName(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.tags.find((tag) => tag.id === id)?.name;
  }
}

/** The one farm state of the page. */
export const farm = new FarmState();
