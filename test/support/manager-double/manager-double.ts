import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { components } from '../../../electron/core/flamenco/generated/flamenco-api';
import {
  type FarmStatus,
  FarmState,
  type JobRecord,
  type JobStatus,
  type TaskRecord,
  type TaskStatus,
  type WorkerRecord,
  type WorkerStatus,
  type WorkerTagRecord,
  legalJobTransitions,
  legalTaskTransitions,
} from './farm-state';
import { FaultSwitches, type FaultDecision } from './faults';
import {
  type CompileInput,
  type JobCompiler,
  JobCompileError,
  compileEchoSleepTest,
  compileSimpleBlenderRender,
  compileSingleTask,
} from './job-compiler';
import { type AvailableJobType, type JobTypeDefinition, echoSleepTestDefinition, simpleBlenderRenderDefinition, toAvailableJobType } from './job-types';
import { type SpecBody, type SpecOperation, type SpecViolation, loadOpenApiSpec, parseGoBool } from './openapi-spec';
import { isLastRenderedSuffix, lastRenderedImage, lastRenderedSuffixes } from './last-rendered-images';
import { createRandom } from './prng';
import { ShamanCheckoutError, ShamanStore } from './shaman-store';
import { SocketHub } from './socket-hub';

type Schemas = components['schemas'];

/** A Manager variable: one value per platform (`all` = fallback), one- or two-way. */
export type DoubleVariable = {
  readonly isTwoWay: boolean;
  readonly values: Readonly<Partial<Record<'linux' | 'windows' | 'darwin' | 'all', string>>>;
};

/** Options of {@link startManagerDouble}; every field has a Manager-like default. */
export type ManagerDoubleOptions = {
  /** Manager name in `/version` (default "Flamenco Double"). */
  readonly name?: string;
  /** `/version` version (default "3.9-beta1"); shortversion is derived. */
  readonly version?: string;
  readonly shamanEnabled?: boolean;
  /** Shared storage root; default: a fresh temp dir removed by `close()`. */
  readonly storageLocation?: string;
  readonly isFirstRun?: boolean;
  readonly variables?: Readonly<Record<string, DoubleVariable>>;
  /** Seed of the PRNG behind probabilistic faults and checkout suffixes (default 1). */
  readonly seed?: number;
  /** Ping interval announced in the Engine.IO handshake (default 30 000 ms, as golang-socketio). */
  readonly pingIntervalMs?: number;
  /** A client silent this long is dropped (default 60 000 ms, like a real Manager). */
  readonly silentClientTimeoutMs?: number;
  /** Clock for timestamps (default: real time). */
  readonly now?: () => Date;
  /** When false, jobs stay "deletion requested" until `processDeletions()` (default true). */
  readonly autoDelete?: boolean;
  /** Port to listen on (default: random). */
  readonly port?: number;
};

/** One request the double received, for assertions about what the client sent. */
export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body, when the request had one. */
  body: unknown;
  readonly operationId: string | undefined;
  /** Status answered, the fault applied (`reset`, `stall`), or `dropped` when the connection died first. */
  outcome: number | 'reset' | 'stall' | 'dropped' | 'pending';
};

/** Options of {@link ManagerDouble.advanceTask}. */
export type AdvanceTaskOptions = {
  /** Task to advance; default: the first active task, else the first queued one. */
  readonly taskId?: string;
  /** Target status; default: queued -> active, active -> completed. */
  readonly status?: TaskStatus;
  /** Steps completed to report (only with an active task, without `status`). */
  readonly steps?: number;
  /** Worker to assign when the task becomes active. */
  readonly workerId?: string;
};

type Reply =
  | { readonly status: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly text: string; readonly contentType: string }
  | { readonly status: number; readonly bytes: Buffer; readonly contentType: string }
  | { readonly status: number; readonly empty: true; readonly headers?: Readonly<Record<string, string>> };

type Context = {
  readonly request: IncomingMessage;
  readonly operation: SpecOperation;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const apiError = (status: number, message: string): Reply => ({ status, json: { code: status, message } });
const noContent: Reply = { status: 204, empty: true };
// ShamanFileStore answers these with e.String(status, ""): empty text bodies.
const alreadyStored: Reply = { status: 208, empty: true, headers: { 'Content-Type': 'text/plain; charset=UTF-8' } };
const tooEarly: Reply = { status: 425, empty: true, headers: { 'Content-Type': 'text/plain; charset=UTF-8' } };

/**
 * A Flamenco 3.9 Manager double on 127.0.0.1: HTTP API validated against the OpenAPI spec,
 * a real Shaman store on disk, Socket.IO v2 live updates, driver methods and fault switches.
 * Build it with {@link startManagerDouble}.
 */
export class ManagerDouble {
  /** Every mismatch between traffic and the spec; tests assert it stays empty. */
  readonly specViolations: SpecViolation[] = [];
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly faults: FaultSwitches;
  readonly shaman: ShamanStore;
  readonly farm: FarmState;
  /** Mutable configuration (what `/configuration` and `/version` answer). */
  readonly config: {
    name: string;
    version: string;
    shamanEnabled: boolean;
    isFirstRun: boolean;
    storageLocation: string;
    variables: Record<string, DoubleVariable>;
    configurationFile: Record<string, unknown>;
  };
  private readonly spec = loadOpenApiSpec();
  private readonly jobTypes = new Map<string, { type: AvailableJobType; compile: JobCompiler }>();
  private readonly hub: SocketHub;
  private readonly connections = new Set<Socket>();
  private readonly stalled = new Set<ServerResponse>();
  private readonly pendingDeletions = new Set<string>();
  /** Handlers still working (on disk, after a client gave up); close() waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private aborter = new AbortController();
  private server: Server | undefined;
  private currentPort = 0;

  constructor(
    options: ManagerDoubleOptions,
    storageLocation: string,
    private readonly ownsStorage: boolean,
  ) {
    const random = createRandom(options.seed ?? 1);
    this.now = options.now ?? (() => new Date());
    this.autoDelete = options.autoDelete ?? true;
    this.currentPort = options.port ?? 0;
    this.faults = new FaultSwitches(random);
    this.shaman = new ShamanStore(storageLocation, random);
    this.config = {
      name: options.name ?? 'Flamenco Double',
      version: options.version ?? '3.9-beta1',
      shamanEnabled: options.shamanEnabled ?? true,
      isFirstRun: options.isFirstRun ?? false,
      storageLocation,
      variables: {
        blender: { isTwoWay: false, values: { all: 'blender' } },
        blenderArgs: { isTwoWay: false, values: { all: '-b -y' } },
        jobs: { isTwoWay: false, values: { all: join(storageLocation, 'jobs') } },
        ...options.variables,
      },
      configurationFile: { manager_name: options.name ?? 'Flamenco Double', shared_storage_path: storageLocation },
    };
    // golang-socketio announces 30 s and drops a connection after 60 s without a message
    // (its read deadline); Engine.IO 3 drops after pingInterval + pingTimeout, so split 60 s.
    const pingInterval = options.pingIntervalMs ?? 30_000;
    const silentTimeout = options.silentClientTimeoutMs ?? 60_000;
    this.hub = new SocketHub(this.spec, this.specViolations, {
      pingIntervalMs: pingInterval,
      pingTimeoutMs: Math.max(1, silentTimeout - pingInterval),
    });
    this.farm = new FarmState(this.now, (event) => this.hub.publish(event));
    this.addJobType('simple-blender-render', simpleBlenderRenderDefinition, compileSimpleBlenderRender);
    this.addJobType('echo-sleep-test', echoSleepTestDefinition, compileEchoSleepTest);
  }

  private readonly now: () => Date;
  private readonly autoDelete: boolean;

  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.currentPort}`;
  }

  get port(): number {
    return this.currentPort;
  }

  /** True while the port accepts connections (false after {@link down}). */
  get isUp(): boolean {
    return this.server !== undefined;
  }

  /** Number of connected Socket.IO clients. */
  get socketClientCount(): number {
    return this.hub.connectedCount;
  }

  /** `/subscription` messages received and the ack each got. */
  get socketSubscriptions(): readonly { readonly socketId: string; readonly payload: unknown; readonly answer: string }[] {
    return this.hub.subscriptions;
  }

  /** Read-only views of the in-memory state, in API shapes. */
  get state(): {
    readonly jobs: readonly Schemas['Job'][];
    readonly tasks: readonly Schemas['Task'][];
    readonly workers: readonly Schemas['Worker'][];
    readonly workerTags: readonly Schemas['WorkerTag'][];
    readonly farmStatus: FarmStatus;
    readonly jobTypes: readonly AvailableJobType[];
  } {
    // Deep copies: a test poking at a snapshot must not change the double's state.
    return structuredClone({
      jobs: [...this.farm.jobs.values()].map((job) => this.jobToApi(job)),
      tasks: [...this.farm.tasks.values()].map((task) => this.taskToApi(task)),
      workers: [...this.farm.workers.values()].map((worker) => this.workerToApi(worker)),
      workerTags: [...this.farm.workerTags.values()].map((tag) => ({ id: tag.id, name: tag.name, description: tag.description })),
      farmStatus: this.farm.farmStatus,
      jobTypes: [...this.jobTypes.values()].map((entry) => entry.type),
    });
  }

  // ----- lifecycle --------------------------------------------------------------------

  /** Starts listening (first start, or after {@link down}) on the same port. */
  async up(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((request, response) => {
      this.track(this.handle(request, response));
    });
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
    });
    this.hub.attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.currentPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address !== null && typeof address === 'object') this.currentPort = address.port;
    this.server = server;
  }

  /** Fault: closes the port and drops every connection; requests are refused until {@link up}. */
  async down(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    // Slowed requests stop waiting: their connections are about to be destroyed.
    this.aborter.abort();
    this.aborter = new AbortController();
    this.hub.close();
    for (const response of this.stalled) response.destroy();
    this.stalled.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    await closed;
  }

  /** Fault: drops every Socket.IO client while HTTP stays up (clients must reconnect and refetch). */
  disconnectSockets(): void {
    this.hub.disconnectAll();
  }

  /** Restarts like a Manager being restarted: `/lifecycle` shutdown, down, up (same port, same state). */
  async restart(): Promise<void> {
    this.emitLifecycle('manager-shutdown');
    await this.down();
    await this.up();
  }

  /** Stops the server, waits for handlers still writing to disk, removes the temp storage it created. */
  async close(): Promise<void> {
    await this.down();
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsStorage) await rm(this.config.storageLocation, { recursive: true, force: true, maxRetries: 3 });
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  // ----- driver API -------------------------------------------------------------------

  /** Adds (or replaces) a job type; its etag is computed like the Manager's. */
  addJobType(name: string, definition: JobTypeDefinition, compile: JobCompiler = compileSingleTask): AvailableJobType {
    const type = toAvailableJobType(name, definition);
    this.jobTypes.set(name, { type, compile });
    return type;
  }

  /** Removes a job type (submissions then answer 400 `job type unknown`). */
  removeJobType(name: string): void {
    this.jobTypes.delete(name);
  }

  private requireJob(jobId: string): JobRecord {
    const job = this.farm.jobs.get(jobId);
    if (job === undefined) throw new Error(`manager double: no job ${jobId}`);
    return job;
  }

  private requireTask(taskId: string): TaskRecord {
    const task = this.farm.tasks.get(taskId);
    if (task === undefined) throw new Error(`manager double: no task ${taskId}`);
    return task;
  }

  /**
   * Moves one task of a job forward as a worker would: queued -> active -> completed, or to
   * `options.status`, or reports `options.steps` of progress. The job follows through the
   * Manager's state machine and every change is broadcast. Returns the task's API shape.
   */
  advanceTask(jobId: string, options: AdvanceTaskOptions = {}): Schemas['Task'] {
    const job = this.requireJob(jobId);
    const tasks = this.farm.tasksOf(job);
    const task =
      options.taskId === undefined
        ? (tasks.find((entry) => entry.status === 'active') ?? tasks.find((entry) => entry.status === 'queued'))
        : this.requireTask(options.taskId);
    if (task === undefined) throw new Error(`manager double: job ${jobId} has no active or queued task`);
    if (options.steps !== undefined && options.status === undefined) {
      this.farm.setTaskProgress(task, options.steps);
      return this.taskToApi(task);
    }
    const target: TaskStatus = options.status ?? (task.status === 'active' ? 'completed' : 'active');
    if (target === 'active') {
      const workerId = options.workerId ?? [...this.farm.workers.values()][0]?.id;
      task.workerId = workerId;
    }
    this.farm.changeTaskStatus(task, target, target === 'active' ? 'Rendering' : `Task ${target}`);
    return this.taskToApi(task);
  }

  /** Completes every task of the job (activating queued ones first); the job ends completed. */
  completeJob(jobId: string): void {
    const job = this.requireJob(jobId);
    for (const task of this.farm.tasksOf(job)) {
      if (task.status === 'completed') continue;
      if (task.status !== 'active') this.farm.changeTaskStatus(task, 'active', 'Rendering');
      this.farm.changeTaskStatus(task, 'completed', 'Task completed');
    }
  }

  /**
   * Fails a task as a worker would. `soft: true` = soft-failed (will be retried). With a
   * worker, it is added to the task's failure list and the job's blocklist.
   */
  failTask(taskId: string, options: { readonly soft?: boolean; readonly workerId?: string; readonly reason?: string } = {}): void {
    const task = this.requireTask(taskId);
    const job = this.requireJob(task.jobId);
    if (options.workerId !== undefined) {
      const worker = this.farm.workers.get(options.workerId);
      task.failedBy.push(options.workerId);
      if (!job.blocklist.some((entry) => entry.worker_id === options.workerId && entry.task_type === task.type)) {
        job.blocklist.push({ worker_id: options.workerId, task_type: task.type, worker_name: worker?.name ?? '' });
      }
    }
    this.farm.changeTaskStatus(task, options.soft === true ? 'soft-failed' : 'failed', options.reason ?? 'Task failed');
  }

  /** Sets a job status through the state machine, with no legality check (driver power). */
  setJobStatus(jobId: string, status: JobStatus, reason = 'set by test'): void {
    this.farm.changeJobStatus(this.requireJob(jobId), status, reason);
  }

  /** Adds a worker and broadcasts it on `/workers`. Returns its id. */
  addWorker(
    input: Partial<{ name: string; status: WorkerStatus; platform: string; version: string; address: string; tagIds: string[]; supportedTaskTypes: string[]; canRestart: boolean }> = {},
  ): string {
    const now = this.now();
    const worker: WorkerRecord = {
      id: crypto.randomUUID(),
      name: input.name ?? `worker-${this.farm.workers.size + 1}`,
      status: input.status ?? 'awake',
      statusChange: undefined,
      lastSeen: now,
      version: input.version ?? this.config.version,
      canRestart: input.canRestart ?? false,
      address: input.address ?? '127.0.0.1',
      platform: input.platform ?? 'linux',
      supportedTaskTypes: input.supportedTaskTypes ?? ['blender', 'ffmpeg', 'file-management', 'misc'],
      tagIds: input.tagIds ?? [],
      sleepSchedule: undefined,
      updated: now,
    };
    this.farm.workers.set(worker.id, worker);
    this.farm.emitWorker(worker, undefined);
    return worker.id;
  }

  /** Changes a worker's status (as if it reported it) and broadcasts with `previous_status`. */
  setWorkerStatus(workerId: string, status: WorkerStatus): void {
    const worker = this.farm.workers.get(workerId);
    if (worker === undefined) throw new Error(`manager double: no worker ${workerId}`);
    const previous = worker.status;
    worker.status = status;
    worker.statusChange = undefined;
    worker.lastSeen = this.now();
    this.farm.emitWorker(worker, previous);
  }

  /** Sends `/lifecycle` to every client. */
  emitLifecycle(type: 'manager-startup' | 'manager-shutdown'): void {
    this.hub.lifecycle(type);
  }

  /** Sets the farm status and broadcasts `/status`. */
  setFarmStatus(status: FarmStatus): void {
    this.farm.setFarmStatus(status);
  }

  /** Sets a task's log; `logtail` answers its last lines, `log` its size and URL. Empty = 204. */
  setTaskLog(taskId: string, text: string): void {
    this.requireTask(taskId).log = text;
  }

  /** Gives a job a last-rendered image and broadcasts `/last-rendered`. */
  setLastRendered(jobId: string): Schemas['JobLastRenderedImageInfo'] {
    const job = this.requireJob(jobId);
    const info = { base: this.lastRenderedBase(job.id), suffixes: [...lastRenderedSuffixes] };
    this.farm.setLastRendered(job, info.base, info.suffixes);
    return info;
  }

  /** Finishes deletion of every job whose deletion was requested. */
  async processDeletions(): Promise<void> {
    for (const jobId of [...this.pendingDeletions]) {
      this.pendingDeletions.delete(jobId);
      const job = this.farm.jobs.get(jobId);
      if (job === undefined) continue;
      if (job.shamanCheckoutId !== '' && this.config.shamanEnabled) await this.shaman.eraseCheckout(job.shamanCheckoutId);
      this.farm.deleteJob(job);
    }
  }

  /** Throws with the list when the spec was violated (call in afterEach). */
  assertNoSpecViolations(): void {
    if (this.specViolations.length === 0) return;
    const lines = this.specViolations.map((violation) => `${violation.direction} ${violation.method ?? ''} ${violation.path ?? violation.event ?? ''} ${violation.status ?? ''}: ${violation.message}`);
    throw new Error(`Manager double saw ${this.specViolations.length} OpenAPI violation(s):\n${lines.join('\n')}`);
  }

  // ----- HTTP -------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const pathname = url.pathname;
    const match = this.spec.match(method, pathname);
    const operation = match.kind === 'found' ? match.operation : undefined;
    const record: RecordedRequest = {
      method,
      path: pathname,
      query: url.search,
      headers: { ...request.headers },
      body: undefined,
      operationId: operation?.operationId,
      outcome: 'pending',
    };
    this.requests.push(record);

    try {
      const wait = this.faults.delayFor(method, pathname);
      if (wait > 0) await delay(wait, undefined, { signal: this.aborter.signal });
      const fault = this.faults.decide(method, pathname);
      if (this.applyFault(fault, request, response, record)) return;

      if (match.kind !== 'found') {
        const reply = this.serveExtra(method, pathname) ?? (match.kind === 'not-found' ? { status: 404, json: { message: 'Not Found' } } : { status: 405, json: { message: 'Method Not Allowed' } });
        request.resume();
        this.send(response, reply, record, undefined);
        return;
      }

      const isUpload = match.operation.operationId === 'shamanFileStore';
      let body: SpecBody = { kind: 'none' };
      if (isUpload) {
        const length = request.headers['content-length'];
        body = length === '0' || (length === undefined && request.headers['transfer-encoding'] === undefined) ? { kind: 'none' } : { kind: 'binary' };
      } else {
        const raw = await readBody(request);
        if (raw.length > 0) {
          const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
          if (mediaType === 'application/json') {
            try {
              body = { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
              record.body = body.value;
            } catch (error) {
              this.rejectRequest(response, record, match.operation, `request body has an error: failed to decode request body: ${(error as Error).message}`);
              return;
            }
          } else {
            body = { kind: 'text', value: raw.toString('utf8') };
          }
        }
      }
      const problems = this.spec.validateRequest(match.operation, {
        params: match.params,
        query: url.searchParams,
        headers: request.headers,
        contentType: request.headers['content-type'],
        body,
      });
      if (problems.length > 0) {
        if (isUpload) request.resume();
        this.rejectRequest(response, record, match.operation, problems.join('; '));
        return;
      }
      const reply = await this.route({ request, operation: match.operation, params: match.params, body: body.kind === 'json' ? body.value : undefined });
      this.send(response, reply, record, match.operation);
    } catch (error) {
      // A client that went away (or a double going down) mid-request: nothing to answer.
      if (response.destroyed || request.socket.destroyed) {
        record.outcome = 'dropped';
        return;
      }
      this.send(response, apiError(500, `manager double internal error: ${(error as Error).message}`), record, undefined);
    }
  }

  /** Validation failures answer 400 `{message}` only, like the Manager's OpenAPI middleware. */
  private rejectRequest(response: ServerResponse, record: RecordedRequest, operation: SpecOperation, message: string): void {
    this.specViolations.push({ direction: 'request', method: record.method, path: record.path, operationId: operation.operationId, message });
    this.send(response, { status: 400, json: { message } }, record, undefined);
  }

  private applyFault(fault: FaultDecision, request: IncomingMessage, response: ServerResponse, record: RecordedRequest): boolean {
    switch (fault.kind) {
      case 'none':
        return false;
      case 'reset':
        record.outcome = 'reset';
        request.socket.destroy();
        return true;
      case 'stall':
        record.outcome = 'stall';
        request.resume();
        this.stalled.add(response);
        response.on('close', () => this.stalled.delete(response));
        return true;
      case 'fail':
        request.resume();
        this.send(response, apiError(fault.status, 'injected failure'), record, undefined);
        return true;
      case 'garbage': {
        request.resume();
        const text = fault.shape === 'invalid-json' ? '{"jobs": [{"id": "' : JSON.stringify({ unexpected: true, items: 'not-a-list', status: 42 });
        this.send(response, { status: 200, text, contentType: 'application/json' }, record, undefined);
        return true;
      }
    }
  }

  /** Answers stalled requests' connections by destroying them. */
  releaseStalled(): void {
    for (const response of this.stalled) response.destroy();
    this.stalled.clear();
  }

  private send(response: ServerResponse, reply: Reply, record: RecordedRequest, operation: SpecOperation | undefined): void {
    record.outcome = reply.status;
    let payload: Buffer | undefined;
    let contentType: string | undefined;
    let specBody: SpecBody = { kind: 'none' };
    if ('json' in reply) {
      contentType = 'application/json';
      payload = Buffer.from(`${JSON.stringify(reply.json)}\n`);
      specBody = { kind: 'json', value: reply.json };
    } else if ('text' in reply) {
      contentType = reply.contentType;
      payload = Buffer.from(reply.text);
      specBody = { kind: 'text', value: reply.text };
    } else if ('bytes' in reply) {
      contentType = reply.contentType;
      payload = reply.bytes;
    }
    if (operation !== undefined) {
      const problems = this.spec.validateResponse(operation, reply.status, contentType, specBody);
      if (problems.length > 0) {
        this.specViolations.push({ direction: 'response', method: record.method, path: record.path, operationId: operation.operationId, status: reply.status, message: problems.join('; ') });
      }
    }
    if (response.destroyed || response.socket === null || response.socket.destroyed) return;
    const headers: Record<string, string> = { ...('headers' in reply ? reply.headers : {}) };
    if (contentType !== undefined) headers['Content-Type'] = contentType;
    headers['Content-Length'] = String(payload?.length ?? 0);
    response.writeHead(reply.status, headers);
    response.end(payload);
  }

  /** Non-API routes the Manager serves: UPnP description and `/job-files/`. */
  private serveExtra(method: string, pathname: string): Reply | undefined {
    if (method !== 'GET') return undefined;
    if (pathname === '/upnp/description.xml') {
      return { status: 200, text: this.upnpDescription(), contentType: 'text/xml; charset=UTF-8' };
    }
    const log = /^\/job-files\/job-([^/]+)\/task-([^/]+)\.txt$/.exec(pathname);
    if (log !== null) {
      const task = this.farm.tasks.get(log[2] ?? '');
      if (task !== undefined && task.log !== '') return { status: 200, text: task.log, contentType: 'text/plain; charset=utf-8' };
      return { status: 404, json: { message: 'Not Found' } };
    }
    const image = /^\/job-files\/job-([^/]+)\/last-rendered\/([^/]+)$/.exec(pathname);
    const suffix = image?.[2] ?? '';
    if (image !== null && isLastRenderedSuffix(suffix) && this.farm.jobs.get(image[1] ?? '')?.hasLastRendered === true) {
      return { status: 200, bytes: lastRenderedImage(suffix), contentType: 'image/jpeg' };
    }
    if (pathname.startsWith('/api/v3/worker/')) {
      return { status: 404, json: { message: 'worker endpoints are not served by the Manager double' } };
    }
    return undefined;
  }

  /** The UPnP device description (upnp_ssdp/upnp_ssdp.go). */
  upnpDescription(): string {
    return [
      '<root xmlns="urn:schemas-upnp-org:device-1-0">',
      '<specVersion><major>1</major><minor>0</minor></specVersion>',
      '<URLBase>/</URLBase>',
      '<device>',
      '<deviceType>urn:flamenco:manager:0</deviceType>',
      `<friendlyName>Flamenco ${this.config.version}</friendlyName>`,
      '<manufacturer>Blender</manufacturer>',
      '<manufacturerURL>https://www.blender.org/</manufacturerURL>',
      '<modelDescription>Flamenco render farm, Manager component</modelDescription>',
      '<modelName>Flamenco</modelName>',
      '<modelURL>https://flamenco.io/</modelURL>',
      '<UDN>uuid:aa80bc5f-d0af-46b8-8630-23bd7e80ec4d</UDN>',
      '<serviceList></serviceList>',
      '<presentationURL>/</presentationURL>',
      '</device>',
      '</root>',
    ].join('');
  }

  // ----- API shapes -------------------------------------------------------------------

  /** `Job` as jobDBtoAPI builds it (no type_etag; submitter_platform is empty). */
  jobToApi(job: JobRecord): Schemas['Job'] {
    const steps = this.farm.jobSteps(job);
    return {
      name: job.name,
      type: job.type,
      priority: job.priority,
      settings: job.settings,
      metadata: job.metadata,
      submitter_platform: '',
      ...(job.shamanCheckoutId === '' ? {} : { storage: { shaman_checkout_id: job.shamanCheckoutId } }),
      ...(job.workerTagId === undefined ? {} : { worker_tag: job.workerTagId }),
      id: job.id,
      created: job.created.toISOString(),
      updated: job.updated.toISOString(),
      status: job.status,
      activity: job.activity,
      steps_completed: steps.completed,
      steps_total: steps.total,
      ...(job.deleteRequestedAt === undefined ? {} : { delete_requested_at: job.deleteRequestedAt.toISOString() }),
    };
  }

  private taskWorker(workerId: string | undefined): Schemas['TaskWorker'] {
    const worker = workerId === undefined ? undefined : this.farm.workers.get(workerId);
    // The Manager always sends a worker object; unassigned tasks get empty strings.
    return { id: worker?.id ?? workerId ?? '', name: worker?.name ?? '', address: worker?.address ?? '' };
  }

  /** `Task` as FetchTask builds it. */
  taskToApi(task: TaskRecord): Schemas['Task'] {
    return {
      id: task.id,
      created: task.created.toISOString(),
      updated: task.updated.toISOString(),
      job_id: task.jobId,
      index_in_job: task.index,
      name: task.name,
      status: task.status,
      priority: task.priority,
      task_type: task.type,
      activity: task.activity,
      commands: task.commands as Schemas['Command'][],
      steps_completed: task.stepsCompleted,
      steps_total: task.stepsTotal,
      worker: this.taskWorker(task.workerId),
      ...(task.lastTouched === undefined ? {} : { last_touched: task.lastTouched.toISOString() }),
      failed_by_workers: task.failedBy.map((id) => this.taskWorker(id)),
    };
  }

  private taskSummary(task: TaskRecord): Schemas['TaskSummary'] {
    return {
      id: task.id,
      name: task.name,
      status: task.status,
      index_in_job: task.index,
      priority: task.priority,
      task_type: task.type,
      updated: task.updated.toISOString(),
      worker: this.taskWorker(task.workerId),
      steps_completed: task.stepsCompleted,
      steps_total: task.stepsTotal,
    };
  }

  private workerSummary(worker: WorkerRecord): Schemas['WorkerSummary'] {
    return {
      id: worker.id,
      name: worker.name,
      status: worker.status,
      ...(worker.statusChange === undefined ? {} : { status_change: worker.statusChange }),
      ...(worker.lastSeen === undefined ? {} : { last_seen: worker.lastSeen.toISOString() }),
      version: worker.version,
      can_restart: worker.canRestart,
    };
  }

  private workerToApi(worker: WorkerRecord): Schemas['Worker'] {
    const task = [...this.farm.tasks.values()].find((entry) => entry.workerId === worker.id && entry.status === 'active');
    return {
      ...this.workerSummary(worker),
      ip_address: worker.address,
      platform: worker.platform,
      supported_task_types: worker.supportedTaskTypes,
      ...(task === undefined ? {} : { task: { ...this.taskSummary(task), job_id: task.jobId } }),
      tags: worker.tagIds
        .map((id) => this.farm.workerTags.get(id))
        .filter((tag): tag is WorkerTagRecord => tag !== undefined)
        .map((tag) => ({ id: tag.id, name: tag.name, description: tag.description })),
    };
  }

  private lastRenderedBase(jobId: string): string {
    return `/job-files/job-${jobId}/last-rendered`;
  }

  // ----- routes -----------------------------------------------------------------------

  private async route(context: Context): Promise<Reply> {
    const { params } = context;
    switch (context.operation.operationId) {
      case 'getVersion':
        return {
          status: 200,
          json: { version: this.config.version, shortversion: this.config.version.replace(/-.*$/, ''), name: this.config.name, git: 'double' },
        };
      case 'getConfiguration':
        return {
          status: 200,
          json: { storageLocation: this.config.storageLocation, shamanEnabled: this.config.shamanEnabled, isFirstRun: this.config.isFirstRun },
        };
      case 'getConfigurationFile':
        return { status: 200, json: this.config.configurationFile };
      case 'updateConfigurationFile':
        this.config.configurationFile = context.body as Record<string, unknown>;
        return noContent;
      case 'checkSharedStoragePath': {
        const path = String((context.body as { path: string }).path);
        return { status: 200, json: { path, is_usable: path.startsWith('/'), cause: path.startsWith('/') ? '' : 'path must be absolute' } };
      }
      case 'findBlenderExePath':
        return { status: 200, json: [] };
      case 'checkBlenderExePath': {
        const path = String((context.body as { path: string }).path);
        return { status: 200, json: { input: path, path, source: 'input_path', is_usable: false, cause: 'the Manager double runs no Blender' } };
      }
      case 'saveSetupAssistantConfig':
        this.config.isFirstRun = false;
        return noContent;
      case 'getVariables':
        return { status: 200, json: this.variablesFor(params['platform'] ?? '') };
      case 'getSharedStorage':
        return {
          status: 200,
          json: { location: this.config.storageLocation, audience: params['audience'], platform: params['platform'], shamanEnabled: this.config.shamanEnabled },
        };
      case 'getFarmStatus':
        return { status: 200, json: { status: this.farm.farmStatus } };
      case 'getJobTypes':
        return { status: 200, json: { job_types: [...this.jobTypes.values()].map((entry) => entry.type).sort((a, b) => (a.name < b.name ? -1 : 1)) } };
      case 'getJobType': {
        const entry = this.jobTypes.get(params['typeName'] ?? '');
        return entry === undefined ? apiError(404, 'no such job type known') : { status: 200, json: entry.type };
      }
      case 'submitJobCheck':
      case 'submitJob':
        return this.submit(context.body as Schemas['SubmittedJob'], context.operation.operationId === 'submitJob');
      case 'fetchJobs':
        return { status: 200, json: { jobs: [...this.farm.jobs.values()].map((job) => this.jobToApi(job)) } };
      case 'deleteJobMass':
        return this.massDelete(context.body as Schemas['JobMassDeletionSelection']);
      default:
        return this.routeJobsTasksWorkers(context);
    }
  }

  private async routeJobsTasksWorkers(context: Context): Promise<Reply> {
    const { params } = context;
    const operationId = context.operation.operationId;
    if (operationId.startsWith('shaman')) return this.routeShaman(context);

    const jobId = params['job_id'];
    if (jobId !== undefined) {
      if (!uuidPattern.test(jobId)) return apiError(400, 'job ID not valid');
      const job = this.farm.jobs.get(jobId);
      if (operationId === 'fetchJobTasks') {
        return { status: 200, json: { tasks: job === undefined ? [] : this.farm.tasksOf(job).map((task) => this.taskSummary(task)) } };
      }
      if (operationId === 'fetchJobLastRenderedInfo') {
        return job?.hasLastRendered === true ? { status: 200, json: { base: this.lastRenderedBase(job.id), suffixes: lastRenderedSuffixes } } : noContent;
      }
      if (operationId === 'fetchJobBlocklist') return { status: 200, json: job?.blocklist ?? [] };
      if (job === undefined) return apiError(404, 'no such job');
      return this.routeJob(context, job);
    }

    const taskId = params['task_id'];
    if (taskId !== undefined) {
      if (!uuidPattern.test(taskId)) return apiError(400, 'bad task ID');
      const task = this.farm.tasks.get(taskId);
      if (task === undefined) return apiError(404, 'no such task');
      return this.routeTask(context, task);
    }

    switch (operationId) {
      case 'fetchGlobalLastRenderedInfo': {
        const job = this.farm.lastRenderedJobId === undefined ? undefined : this.farm.jobs.get(this.farm.lastRenderedJobId);
        return job === undefined ? noContent : { status: 200, json: { base: this.lastRenderedBase(job.id), suffixes: lastRenderedSuffixes } };
      }
      case 'fetchWorkers':
        return { status: 200, json: { workers: [...this.farm.workers.values()].map((worker) => this.workerSummary(worker)) } };
      case 'fetchWorkerTags':
        return { status: 200, json: { tags: [...this.farm.workerTags.values()].map((tag) => ({ id: tag.id, name: tag.name, description: tag.description })) } };
      case 'createWorkerTag': {
        const input = context.body as Schemas['WorkerTag'];
        const tag: WorkerTagRecord = { id: input.id ?? crypto.randomUUID(), name: input.name, description: input.description ?? '' };
        this.farm.workerTags.set(tag.id, tag);
        this.farm.emitWorkerTag(tag, false);
        return { status: 200, json: { id: tag.id, name: tag.name, description: tag.description } };
      }
      default:
        return this.routeWorkerMgt(context);
    }
  }

  private routeWorkerMgt(context: Context): Reply {
    const { params } = context;
    const tagId = params['tag_id'];
    if (tagId !== undefined) {
      if (!uuidPattern.test(tagId)) return apiError(400, 'not a valid UUID');
      const tag = this.farm.workerTags.get(tagId);
      if (tag === undefined) return apiError(404, `worker tag "${tagId}" not found`);
      switch (context.operation.operationId) {
        case 'fetchWorkerTag':
          return { status: 200, json: { id: tag.id, name: tag.name, description: tag.description } };
        case 'updateWorkerTag': {
          const input = context.body as Schemas['WorkerTag'];
          tag.name = input.name;
          if (input.description !== undefined) tag.description = input.description;
          this.farm.emitWorkerTag(tag, false);
          return noContent;
        }
        case 'deleteWorkerTag':
          this.farm.workerTags.delete(tag.id);
          for (const worker of this.farm.workers.values()) worker.tagIds = worker.tagIds.filter((id) => id !== tag.id);
          this.farm.emitWorkerTag(tag, true);
          return noContent;
      }
    }
    const workerId = params['worker_id'];
    if (workerId === undefined) return apiError(500, `operation ${context.operation.operationId} is not implemented by the Manager double`);
    if (!uuidPattern.test(workerId)) return apiError(400, 'not a valid UUID');
    const worker = this.farm.workers.get(workerId);
    if (worker === undefined) return apiError(404, `worker "${workerId}" not found`);
    switch (context.operation.operationId) {
      case 'fetchWorker':
        return { status: 200, json: this.workerToApi(worker) };
      case 'deleteWorker':
        this.farm.workers.delete(worker.id);
        this.farm.emitWorker(worker, undefined, this.now());
        return noContent;
      case 'requestWorkerStatusChange': {
        const change = context.body as Schemas['WorkerStatusChangeRequest'];
        if (change.status === 'restart' && !worker.canRestart) return apiError(412, `worker "${worker.id}" does not know how to restart`);
        // Asking for the current status cancels a pending request (worker_mgt.go).
        worker.statusChange = change.status === worker.status ? undefined : { status: change.status, is_lazy: change.is_lazy };
        this.farm.emitWorker(worker, undefined);
        return noContent;
      }
      case 'setWorkerTags': {
        const ids = (context.body as Schemas['WorkerTagChangeRequest']).tag_ids;
        worker.tagIds = ids.filter((id) => this.farm.workerTags.has(id));
        this.farm.emitWorker(worker, undefined);
        return noContent;
      }
      case 'fetchWorkerSleepSchedule':
        return worker.sleepSchedule === undefined ? noContent : { status: 200, json: worker.sleepSchedule };
      case 'setWorkerSleepSchedule': {
        const schedule = context.body as Schemas['WorkerSleepSchedule'];
        if (!/^\d{1,2}:\d{2}$/.test(schedule.start_time)) return apiError(400, 'invalid format for schedule start time');
        if (!/^\d{1,2}:\d{2}$/.test(schedule.end_time)) return apiError(400, 'invalid format for schedule end time');
        worker.sleepSchedule = schedule;
        return noContent;
      }
      default:
        return apiError(500, `operation ${context.operation.operationId} is not implemented by the Manager double`);
    }
  }

  private routeJob(context: Context, job: JobRecord): Reply {
    switch (context.operation.operationId) {
      case 'fetchJob':
        return { status: 200, json: this.jobToApi(job) };
      case 'deleteJob':
        job.deleteRequestedAt = this.now();
        this.farm.touchJob(job);
        this.pendingDeletions.add(job.id);
        if (this.autoDelete) setImmediate(() => this.track(this.processDeletions()));
        return noContent;
      case 'deleteJobWhatWouldItDo':
        return { status: 200, json: { shaman_checkout: this.config.shamanEnabled && job.shamanCheckoutId !== '' } };
      case 'setJobStatus': {
        const change = context.body as Schemas['JobStatusChange'];
        if (change.status === job.status) return noContent;
        // The Manager answers 500 (never 422) to a transition it refuses (MANAGER-FACTS.md).
        if (!(legalJobTransitions[change.status] ?? []).includes(job.status)) return apiError(500, 'unexpected error changing job status');
        this.farm.changeJobStatus(job, change.status, change.reason);
        if (change.status === 'requeueing') {
          job.blocklist = [];
          for (const task of this.farm.tasksOf(job)) task.failedBy = [];
        }
        return noContent;
      }
      case 'setJobPriority':
        job.priority = (context.body as Schemas['JobPriorityChange']).priority;
        this.farm.touchJob(job);
        return noContent;
      case 'setJobTag': {
        const change = context.body as Schemas['JobTagChange'];
        let tag: WorkerTagRecord | undefined;
        if (change.id !== undefined) tag = this.farm.workerTags.get(change.id);
        else if (change.name !== undefined) tag = [...this.farm.workerTags.values()].find((entry) => entry.name === change.name);
        if ((change.id !== undefined || change.name !== undefined) && tag === undefined) return apiError(406, 'tag not found');
        job.workerTagId = tag?.id;
        this.farm.touchJob(job);
        return noContent;
      }
      case 'removeJobBlocklist': {
        const entries = (context.body ?? []) as Schemas['JobBlocklist'];
        if (entries.length === 0) return apiError(400, 'empty list of blocklist entries given');
        job.blocklist = job.blocklist.filter((entry) => !entries.some((gone) => gone.worker_id === entry.worker_id && gone.task_type === entry.task_type));
        return noContent;
      }
      default:
        return apiError(500, `operation ${context.operation.operationId} is not implemented by the Manager double`);
    }
  }

  private routeTask(context: Context, task: TaskRecord): Reply {
    switch (context.operation.operationId) {
      case 'fetchTask':
        return { status: 200, json: this.taskToApi(task) };
      case 'fetchTaskLogTail': {
        if (task.log === '') return noContent;
        const lines = task.log.split('\n');
        return { status: 200, text: lines.slice(-2048).join('\n'), contentType: 'text/plain' };
      }
      case 'fetchTaskLogInfo':
        if (task.log === '') return noContent;
        return {
          status: 200,
          json: { task_id: task.id, job_id: task.jobId, url: `/job-files/job-${task.jobId}/task-${task.id}.txt`, size: Buffer.byteLength(task.log) },
        };
      case 'setTaskStatus': {
        const change = context.body as Schemas['TaskStatusChange'];
        const job = this.farm.jobs.get(task.jobId);
        task.activity = change.reason;
        if (change.status === task.status) return noContent;
        const legal = (legalTaskTransitions[change.status] ?? []).includes(task.status) && !(change.status === 'canceled' && job?.status === 'pause-requested');
        if (!legal) return apiError(500, 'unexpected error changing task status');
        this.farm.changeTaskStatus(task, change.status);
        if (change.status === 'queued') task.failedBy = [];
        return noContent;
      }
      default:
        return apiError(500, `operation ${context.operation.operationId} is not implemented by the Manager double`);
    }
  }

  private variablesFor(platform: string): Record<string, Schemas['ManagerVariable']> {
    const result: Record<string, Schemas['ManagerVariable']> = {};
    for (const [name, variable] of Object.entries(this.config.variables)) {
      const value = variable.values[platform as 'linux'] ?? variable.values.all;
      if (value !== undefined) result[name] = { value, is_twoway: variable.isTwoWay };
    }
    return result;
  }

  /** Replaces two-way variable values in string settings and metadata by `{name}` (replaceTwoWayVariables). */
  private replaceTwoWay(values: Record<string, unknown>, platform: string): void {
    const twoWay = Object.entries(this.config.variables)
      .filter(([, variable]) => variable.isTwoWay)
      .map(([name, variable]) => [name, variable.values[platform as 'linux'] ?? variable.values.all] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== '');
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      for (const [name, prefix] of twoWay) {
        if (value.startsWith(prefix)) {
          values[key] = `{${name}}${value.slice(prefix.length)}`;
          break;
        }
      }
    }
  }

  private submit(submitted: Schemas['SubmittedJob'], store: boolean): Reply {
    const entry = this.jobTypes.get(submitted.type);
    if (entry === undefined) return apiError(400, 'job type unknown');
    if (submitted.type_etag !== undefined && submitted.type_etag !== '' && submitted.type_etag !== entry.type.etag) {
      return apiError(412, 'rejecting job because its settings are outdated, refresh the job type');
    }
    const platform = submitted.submitter_platform === 'manager' ? process.platform : submitted.submitter_platform;
    const settings: Record<string, unknown> = structuredClone(submitted.settings ?? {});
    const metadata: Record<string, string> = { ...submitted.metadata };
    this.replaceTwoWay(settings, platform);
    this.replaceTwoWay(metadata, platform);
    const created = this.now();
    const input: CompileInput = { name: submitted.name, type: submitted.type, created, settings, metadata };
    let tasks;
    try {
      tasks = entry.compile(input);
    } catch (error) {
      if (error instanceof JobCompileError) return apiError(400, error.message);
      throw error;
    }
    if (!store) return noContent;
    // An unknown tag UUID fails when the job is stored, so `check` does not catch it.
    if (submitted.worker_tag !== undefined && submitted.worker_tag !== '' && !this.farm.workerTags.has(submitted.worker_tag)) {
      return apiError(500, 'error persisting job in database');
    }
    const job = this.farm.addJob({
      name: submitted.name,
      type: submitted.type,
      priority: submitted.priority,
      settings,
      metadata,
      shamanCheckoutId: submitted.storage?.shaman_checkout_id ?? '',
      workerTagId: submitted.worker_tag === '' ? undefined : submitted.worker_tag,
      status: submitted.initial_status ?? 'queued',
      created,
      tasks,
    });
    return { status: 200, json: this.jobToApi(job) };
  }

  private massDelete(selection: Schemas['JobMassDeletionSelection']): Reply {
    if (selection.last_updated_max === undefined) return apiError(400, 'invalid format (no last_updated_max)');
    const limit = Math.ceil(new Date(selection.last_updated_max).getTime() / 1000) * 1000;
    // Any status: the Manager selects by `updated_at` only (FetchJobUUIDsUpdatedBefore).
    const jobs = [...this.farm.jobs.values()].filter((job) => job.updated.getTime() <= limit);
    if (jobs.length === 0) return apiError(416, 'no jobs modified before timestamp');
    for (const job of jobs) {
      job.deleteRequestedAt = this.now();
      this.farm.touchJob(job);
      this.pendingDeletions.add(job.id);
    }
    if (this.autoDelete) setImmediate(() => this.track(this.processDeletions()));
    return noContent;
  }

  // ----- Shaman -----------------------------------------------------------------------

  private async routeShaman(context: Context): Promise<Reply> {
    if (!this.config.shamanEnabled) {
      if (context.operation.operationId === 'shamanFileStore') context.request.resume();
      return apiError(503, 'shaman server not active');
    }
    switch (context.operation.operationId) {
      case 'shamanCheckoutRequirements': {
        const files = (context.body as Schemas['ShamanRequirementsRequest']).files;
        return { status: 200, json: { files: await this.shaman.requirements(files) } };
      }
      case 'shamanFileStoreCheck':
        return { status: 200, json: { status: await this.shaman.status(context.params['checksum'] ?? '', Number(context.params['filesize'])) } };
      case 'shamanCheckout': {
        const checkout = context.body as Schemas['ShamanCheckout'];
        try {
          return { status: 200, json: { checkoutPath: await this.shaman.checkout(checkout.checkoutPath, checkout.files) } };
        } catch (error) {
          // Every checkout failure is a 500, never the spec's 409/424 (MANAGER-FACTS.md).
          if (error instanceof ShamanCheckoutError) return apiError(500, `unexpected error: ${error.message}`);
          throw error;
        }
      }
      case 'shamanFileStore':
        return this.storeUpload(context);
      default:
        return apiError(500, `operation ${context.operation.operationId} is not implemented by the Manager double`);
    }
  }

  private async storeUpload(context: Context): Promise<Reply> {
    const { request, params } = context;
    const checksum = params['checksum'] ?? '';
    const size = Number(params['filesize']);
    const deferHeader = request.headers['x-shaman-can-defer-upload'];
    const canDefer = typeof deferHeader === 'string' && parseGoBool(deferHeader) === true;
    const filename = request.headers['x-shaman-original-filename'];
    if (filename !== undefined) {
      const problem = checkOriginalFilename(Array.isArray(filename) ? filename.join(', ') : filename);
      if (problem !== undefined) {
        request.resume();
        return apiError(400, `invalid X-Shaman-Original-Filename header: ${JSON.stringify(filename)} (${problem})`);
      }
    }
    if (this.faults.shaman425Remaining > 0 && canDefer && !(await this.shaman.isStored(checksum, size))) {
      this.faults.shaman425Remaining -= 1;
      request.resume();
      return tooEarly;
    }
    if (this.faults.shaman417Remaining > 0) {
      this.faults.shaman417Remaining -= 1;
      request.resume();
      return apiError(417, `file SHA256 mismatched, declared ${checksum} but received an injected fault`);
    }
    const outcome = await this.shaman.receive(checksum, size, request, canDefer);
    switch (outcome.kind) {
      case 'stored':
        // 200 with an empty body, not the spec's 204 (MANAGER-FACTS.md, Shaman).
        return { status: 200, empty: true };
      case 'already-stored':
        return alreadyStored;
      case 'defer':
        return tooEarly;
      case 'mismatch':
        return apiError(417, outcome.message);
    }
  }
}

/**
 * The add-on sends ASCII or RFC 2047 UTF-8 encoded words, never folded (folded headers break
 * behind nginx). Returns what is wrong, or undefined when the value is acceptable.
 */
export function checkOriginalFilename(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'folded header';
  if (/[^\x20-\x7e]/.test(value)) return 'not ASCII and not RFC 2047 encoded';
  const words = value.match(/=\?[^?]*\?[^?]*\?[^?]*\?=/g) ?? [];
  for (const word of words) {
    const parts = /^=\?([^?]+)\?([bBqQ])\?([^?]*)\?=$/.exec(word);
    if (parts === null) return `malformed encoded word ${word}`;
    if ((parts[1] ?? '').toLowerCase() !== 'utf-8') return `charset must be UTF-8, not ${parts[1] ?? ''}`;
    if ((parts[2] ?? '').toLowerCase() === 'b' && !/^[A-Za-z0-9+/]*={0,2}$/.test(parts[3] ?? '')) return `bad base64 in ${word}`;
  }
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts a Manager double on 127.0.0.1 with a random port (or `options.port`). */
export async function startManagerDouble(options: ManagerDoubleOptions = {}): Promise<ManagerDouble> {
  const ownsStorage = options.storageLocation === undefined;
  const storage = options.storageLocation ?? (await realpath(await mkdtemp(join(tmpdir(), 'flamenco-double-'))));
  const double = new ManagerDouble(options, storage, ownsStorage);
  await double.up();
  return double;
}
