import type {
  FarmStatus,
  JobEta,
  JobId,
  JobSummary,
  LiveChange,
  LiveConnectionState,
  TaskSummary,
  WorkerId,
  WorkerSummary,
  WorkerTag,
} from '../../../common/domain/farm';
import { isFinalJobStatus } from '../../../common/domain/farm';
import type { ManagerVersion } from '../../../common/domain/manager';
import type { Clock } from '../../ports';
import { systemClock } from '../../ports';
import type { ManagerClient } from '../manager-client';
import { applyJobEvent, applyTaskEvent, toWorkerTag, workerFromEvent } from '../mapping';
import {
  farmStatusSchema,
  jobDeletedEventSchema,
  jobEventSchema,
  lastRenderedEventSchema,
  lifecycleEventSchema,
  taskEventSchema,
  workerEventSchema,
  workerTagEventSchema,
} from '../schemas';
import type { ProgressSample } from './eta';
import { addSample, estimateEta } from './eta';
import type { LiveSocket, LiveSocketFactory, ManagerEventName } from './live-socket';
import { socketIoFactory } from './live-socket';

/** Options of {@link LiveModel}. */
export type LiveModelOptions = {
  readonly client: ManagerClient;
  /** Headers for the socket (the same as the client's, for reverse proxies). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly clock?: Clock;
  readonly socketFactory?: LiveSocketFactory;
  /** How often to poll the REST API while the socket is down (default 5 s). */
  readonly pollIntervalMilliseconds?: number;
  /** Told about failures the model recovers from by itself (for logs). */
  readonly onProblem?: (problem: unknown) => void;
};

type Listener = (change: LiveChange) => void;

/**
 * The farm as the app sees it: jobs, tasks of watched jobs, workers, worker tags and farm
 * status, kept current by Socket.IO events and refetches, with typed changes for the UI
 * and notifications. When the socket cannot connect (or drops) the model polls the REST
 * API until it is back; after every (re)connection it refetches everything, as the web
 * app does, and reports a changed Manager version.
 */
export class LiveModel {
  private readonly client: ManagerClient;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly clock: Clock;
  private readonly socketFactory: LiveSocketFactory;
  private readonly pollIntervalMilliseconds: number;
  private readonly onProblem: (problem: unknown) => void;
  private readonly listeners = new Set<Listener>();
  private readonly jobMap = new Map<JobId, JobSummary>();
  private readonly taskMap = new Map<JobId, Map<string, TaskSummary>>();
  private readonly workerMap = new Map<WorkerId, WorkerSummary>();
  private readonly progress = new Map<JobId, readonly ProgressSample[]>();
  private tagList: readonly WorkerTag[] = [];
  private status: FarmStatus | undefined;
  private version: ManagerVersion | undefined;
  private connectionState: LiveConnectionState = { kind: 'stopped' };
  private socket: LiveSocket | undefined;
  private pollTimer: { cancel(): void } | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private stopped = true;

  constructor(options: LiveModelOptions) {
    this.client = options.client;
    this.headers = options.headers ?? {};
    this.clock = options.clock ?? systemClock;
    this.socketFactory = options.socketFactory ?? socketIoFactory;
    this.pollIntervalMilliseconds = options.pollIntervalMilliseconds ?? 5_000;
    this.onProblem = options.onProblem ?? (() => undefined);
  }

  /** Listens to changes; returns the function that stops listening. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fetches everything, then connects the socket. Resolves once the first fetch is done (or failed). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.setConnection({ kind: 'connecting' });
    const socket = this.socketFactory(this.client.http.baseUrl, this.headers, this.clock);
    this.socket = socket;
    socket.onConnect(() => void this.connected(socket));
    socket.onDisconnect((reason) => this.disconnected(`the connection dropped (${reason})`));
    socket.onConnectError((error) => this.disconnected(`cannot connect to the live updates (${error.message})`));
    socket.onEvent((name, payload) => this.handleEvent(name, payload));
    await this.refresh();
  }

  /** Disconnects and stops polling. The model keeps its last state. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    this.socket?.close();
    this.socket = undefined;
    await this.refreshing?.catch(() => undefined);
    this.setConnection({ kind: 'stopped' });
  }

  /** Every job, newest update first. */
  jobs(): readonly JobSummary[] {
    return [...this.jobMap.values()].sort((left, right) => right.updated.localeCompare(left.updated));
  }

  /** One job, if known. */
  job(id: JobId): JobSummary | undefined {
    return this.jobMap.get(id);
  }

  /** Tasks of a watched job, in job order; empty for jobs not watched. */
  tasks(jobId: JobId): readonly TaskSummary[] {
    const tasks = this.taskMap.get(jobId);
    if (tasks === undefined) return [];
    return [...tasks.values()].sort((left, right) => (left.indexInJob ?? 0) - (right.indexInJob ?? 0) || left.name.localeCompare(right.name));
  }

  /** Every worker, by name. */
  workers(): readonly WorkerSummary[] {
    return [...this.workerMap.values()].sort((left, right) => left.name.localeCompare(right.name));
  }

  /** Every worker tag. */
  workerTags(): readonly WorkerTag[] {
    return this.tagList;
  }

  /** The farm's status, once known. */
  farmStatus(): FarmStatus | undefined {
    return this.status;
  }

  /** The Manager's version, once known. */
  managerVersion(): ManagerVersion | undefined {
    return this.version;
  }

  /** How the model currently gets its updates. */
  connection(): LiveConnectionState {
    return this.connectionState;
  }

  /** The estimated completion of a job, from its progress seen so far. */
  eta(jobId: JobId): JobEta {
    const job = this.jobMap.get(jobId);
    if (job === undefined) return { kind: 'unknown' };
    return estimateEta(job.status, job.stepsTotal, this.progress.get(jobId) ?? [], this.clock.now());
  }

  /** Follows the tasks of a job: subscribes to its task events and fetches its tasks. */
  async watchJob(jobId: JobId): Promise<void> {
    if (!this.taskMap.has(jobId)) this.taskMap.set(jobId, new Map());
    await this.subscribeJob(jobId, 'subscribe');
    await this.refreshTasks(jobId);
  }

  /** Stops following the tasks of a job. */
  async unwatchJob(jobId: JobId): Promise<void> {
    if (!this.taskMap.delete(jobId)) return;
    await this.subscribeJob(jobId, 'unsubscribe');
  }

  /** Refetches everything; concurrent calls share one refresh (and one more after it). */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    const run = async (): Promise<void> => {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain && !this.stopped);
    };
    this.refreshing = run().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    try {
      const [version, jobs, workers, tags, status] = await Promise.all([
        this.client.version(),
        this.client.jobs(),
        this.client.workers(),
        this.client.workerTags(),
        this.client.farmStatus(),
      ]);
      if (this.stopped) return;
      this.setVersion(version);
      this.replaceJobs(jobs);
      this.replaceWorkers(workers);
      this.replaceTags(tags);
      this.setFarmStatus(status);
      await Promise.all([...this.taskMap.keys()].map((jobId) => this.refreshTasks(jobId)));
      this.emit({ kind: 'refreshed' });
    } catch (error) {
      this.onProblem(error);
    }
  }

  private async refreshTasks(jobId: JobId): Promise<void> {
    try {
      const tasks = await this.client.jobTasks(jobId);
      if (!this.taskMap.has(jobId)) return;
      this.taskMap.set(jobId, new Map(tasks.map((task) => [task.id, task])));
      this.emit({ kind: 'tasks-replaced', jobId, tasks: this.tasks(jobId) });
    } catch (error) {
      this.onProblem(error);
    }
  }

  private async subscribeJob(jobId: JobId, operation: 'subscribe' | 'unsubscribe'): Promise<void> {
    if (this.socket === undefined || this.connectionState.kind !== 'live') return;
    const answer = await this.socket.subscribe(operation, { type: 'job', uuid: jobId });
    if (answer !== 'ok') this.onProblem(new Error(`The Manager refused to ${operation} job ${jobId}: ${answer}`));
  }

  private async connected(socket: LiveSocket): Promise<void> {
    if (this.stopped || socket !== this.socket) return;
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    this.setConnection({ kind: 'live' });
    const subscriptions = [
      socket.subscribe('subscribe', { type: 'allJobs' }),
      socket.subscribe('subscribe', { type: 'allWorkers' }),
      socket.subscribe('subscribe', { type: 'allWorkerTags' }),
      socket.subscribe('subscribe', { type: 'allLastRendered' }),
      ...[...this.taskMap.keys()].map((jobId) => socket.subscribe('subscribe', { type: 'job', uuid: jobId })),
    ];
    const answers = await Promise.all(subscriptions);
    for (const answer of answers) if (answer !== 'ok') this.onProblem(new Error(`The Manager refused a subscription: ${answer}`));
    // Events missed while disconnected are gone: refetch everything (as the web app does).
    await this.refresh();
  }

  private disconnected(reason: string): void {
    if (this.stopped) return;
    if (this.connectionState.kind !== 'polling') this.setConnection({ kind: 'polling', reason });
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.pollTimer !== undefined || this.stopped) return;
    this.pollTimer = this.clock.setTimeout(() => {
      this.pollTimer = undefined;
      if (this.stopped || this.connectionState.kind !== 'polling') return;
      void this.refresh().finally(() => {
        if (this.connectionState.kind === 'polling') this.schedulePoll();
      });
    }, this.pollIntervalMilliseconds);
  }

  private handleEvent(name: ManagerEventName, payload: unknown): void {
    if (this.stopped) return;
    switch (name) {
      case '/jobs':
        return this.handleJobEvent(payload);
      case '/task': {
        const event = taskEventSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        const tasks = this.taskMap.get(event.data.job_id as JobId);
        if (tasks === undefined) return;
        const task = applyTaskEvent(tasks.get(event.data.id), event.data);
        tasks.set(task.id, task);
        return this.emit({ kind: 'task-updated', task });
      }
      case '/workers': {
        const event = workerEventSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        if (event.data.deleted_at !== undefined) {
          if (this.workerMap.delete(event.data.id as WorkerId)) this.emit({ kind: 'worker-removed', workerId: event.data.id as WorkerId });
          return;
        }
        return this.putWorker(workerFromEvent(event.data));
      }
      case '/workertags': {
        const event = workerTagEventSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        const tag = toWorkerTag(event.data.tag);
        if (tag === undefined) return;
        const others = this.tagList.filter((existing) => existing.id !== tag.id);
        this.tagList = event.data.was_deleted === true ? others : [...others, tag].sort((left, right) => left.name.localeCompare(right.name));
        return this.emit({ kind: 'worker-tags-changed', tags: this.tagList });
      }
      case '/last-rendered': {
        const event = lastRenderedEventSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        const base = this.client.http.url(event.data.thumbnail.base).href.replace(/\/$/, '');
        return this.emit({ kind: 'last-rendered', jobId: event.data.job_id as JobId, image: { base, suffixes: event.data.thumbnail.suffixes } });
      }
      case '/status': {
        const event = farmStatusSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        return this.setFarmStatus(event.data.status);
      }
      case '/lifecycle': {
        const event = lifecycleEventSchema.safeParse(payload);
        if (!event.success) return this.onProblem(event.error);
        this.emit({ kind: 'manager-lifecycle', event: event.data.type === 'manager-startup' ? 'startup' : 'shutdown' });
        if (event.data.type === 'manager-startup') void this.refresh();
        return;
      }
    }
  }

  private handleJobEvent(payload: unknown): void {
    const deleted = jobDeletedEventSchema.safeParse(payload);
    if (deleted.success) {
      const jobId = deleted.data.id as JobId;
      this.removeJob(jobId);
      return;
    }
    const event = jobEventSchema.safeParse(payload);
    if (!event.success) return this.onProblem(event.error);
    const jobId = event.data.id as JobId;
    const existing = this.jobMap.get(jobId);
    this.putJob(applyJobEvent(existing, event.data));
    // A new job's event lacks settings and metadata: fetch the whole job.
    if (existing === undefined) void this.fetchJob(jobId);
    if (event.data.refresh_tasks && this.taskMap.has(jobId)) void this.refreshTasks(jobId);
  }

  private async fetchJob(jobId: JobId): Promise<void> {
    try {
      const job = await this.client.job(jobId);
      if (!this.stopped && this.jobMap.has(jobId)) this.putJob(job);
    } catch (error) {
      this.onProblem(error);
    }
  }

  private putJob(job: JobSummary): void {
    const previous = this.jobMap.get(job.id);
    this.jobMap.set(job.id, job);
    this.progress.set(job.id, addSample(this.progress.get(job.id) ?? [], { at: this.clock.now(), stepsCompleted: job.stepsCompleted }));
    if (previous === undefined) {
      this.emit({ kind: 'job-added', job });
      return;
    }
    if (sameJob(previous, job)) return;
    this.emit({ kind: 'job-updated', job, previousStatus: previous.status });
    if (previous.status !== job.status && isFinalJobStatus(job.status)) this.emit({ kind: 'job-finished', job, outcome: job.status });
  }

  private removeJob(jobId: JobId): void {
    this.progress.delete(jobId);
    if (this.jobMap.delete(jobId)) this.emit({ kind: 'job-removed', jobId });
  }

  private replaceJobs(jobs: readonly JobSummary[]): void {
    const present = new Set(jobs.map((job) => job.id));
    for (const jobId of [...this.jobMap.keys()]) if (!present.has(jobId)) this.removeJob(jobId);
    for (const job of jobs) this.putJob(job);
  }

  private putWorker(worker: WorkerSummary): void {
    const previous = this.workerMap.get(worker.id);
    this.workerMap.set(worker.id, worker);
    if (previous === undefined) {
      this.emit({ kind: 'worker-added', worker });
      return;
    }
    if (JSON.stringify(previous) === JSON.stringify(worker)) return;
    this.emit({ kind: 'worker-updated', worker, previousStatus: previous.status });
    if (previous.status !== 'offline' && worker.status === 'offline') this.emit({ kind: 'worker-went-offline', worker });
  }

  private replaceWorkers(workers: readonly WorkerSummary[]): void {
    const present = new Set(workers.map((worker) => worker.id));
    for (const workerId of [...this.workerMap.keys()]) {
      if (!present.has(workerId)) {
        this.workerMap.delete(workerId);
        this.emit({ kind: 'worker-removed', workerId });
      }
    }
    for (const worker of workers) this.putWorker(worker);
  }

  private replaceTags(tags: readonly WorkerTag[]): void {
    const sorted = [...tags].sort((left, right) => left.name.localeCompare(right.name));
    if (JSON.stringify(sorted) === JSON.stringify(this.tagList)) return;
    this.tagList = sorted;
    this.emit({ kind: 'worker-tags-changed', tags: sorted });
  }

  private setFarmStatus(status: FarmStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emit({ kind: 'farm-status', status });
  }

  private setVersion(version: ManagerVersion): void {
    const previous = this.version;
    this.version = version;
    if (previous !== undefined && previous.version !== version.version) {
      this.emit({ kind: 'manager-upgraded', previousVersion: previous.version, version: version.version });
    }
  }

  private setConnection(state: LiveConnectionState): void {
    this.connectionState = state;
    this.emit({ kind: 'connection', state });
  }

  private emit(change: LiveChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onProblem(error);
      }
    }
  }
}

/** Whether two summaries differ in anything a user would see. */
function sameJob(left: JobSummary, right: JobSummary): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}
