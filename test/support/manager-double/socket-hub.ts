import { createRequire } from 'node:module';
import type { Server as HttpServer } from 'node:http';
import type { FarmEvent } from './farm-state';
import type { OpenApiSpec, SpecViolation } from './openapi-spec';

/** The slice of socket.io 2.x's server-side socket the hub uses (the package ships no types). */
type ServerSocket = {
  readonly id: string;
  join(room: string, callback?: (error?: unknown) => void): void;
  leave(room: string, callback?: (error?: unknown) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  disconnect(close?: boolean): void;
};

type SocketIoServer = {
  on(event: 'connection', listener: (socket: ServerSocket) => void): void;
  to(room: string): { emit(event: string, payload: unknown): void };
  emit(event: string, payload: unknown): void;
  readonly engine: { close(): void };
  readonly sockets: { readonly sockets: Readonly<Record<string, ServerSocket>> };
};

type SocketIoFactory = (server: HttpServer, options: Record<string, unknown>) => SocketIoServer;

const require = createRequire(import.meta.url);
const createSocketIo = require('socket.io') as SocketIoFactory;

/** Socket.IO timing, Engine.IO 3 semantics: the client pings, the server only answers. */
export type SocketTiming = {
  /** Interval the handshake tells clients to ping at. */
  readonly pingIntervalMs: number;
  /** A client silent for pingInterval + pingTimeout is dropped (60 s on a real Manager). */
  readonly pingTimeoutMs: number;
};

const lifecycleRoom = '/lifecycle';
const statusRoom = '/status';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One room subscription a client holds (for assertions). */
export type SocketSubscriptionLog = {
  readonly socketId: string;
  readonly payload: unknown;
  readonly answer: string;
};

/**
 * Socket.IO v2 endpoint of the double. Rooms are named after the real broker's topics
 * (`/jobs`, `/jobs/<uuid>`, `/jobs/<uuid>/last-rendered`, `/workers`, ...), so routing
 * follows eventbus/socketio.go, including the bug that a `tasklog` subscription joins
 * `/jobs/<task uuid>` and therefore never receives anything.
 */
export class SocketHub {
  readonly subscriptions: SocketSubscriptionLog[] = [];
  private io: SocketIoServer | undefined;

  constructor(
    private readonly spec: OpenApiSpec,
    private readonly violations: SpecViolation[],
    private readonly timing: SocketTiming,
  ) {}

  /** Attaches to a (new) HTTP server; WebSocket transport only, as on the Manager. */
  attach(server: HttpServer): void {
    const io = createSocketIo(server, {
      path: '/socket.io',
      serveClient: false,
      transports: ['websocket'],
      allowUpgrades: false,
      pingInterval: this.timing.pingIntervalMs,
      pingTimeout: this.timing.pingTimeoutMs,
      cookie: false,
    });
    io.on('connection', (socket) => {
      socket.join(lifecycleRoom);
      socket.join(statusRoom);
      socket.on('/subscription', (payload: unknown, ack: unknown) => {
        const answer = this.subscribe(socket, payload);
        this.subscriptions.push({ socketId: socket.id, payload, answer });
        if (typeof ack === 'function') (ack as (text: string) => void)(answer);
      });
    });
    this.io = io;
  }

  private subscribe(socket: ServerSocket, payload: unknown): string {
    const problems = this.spec.validateSchema('SocketIOSubscription', payload);
    if (problems.length > 0) {
      this.violations.push({ direction: 'request', event: '/subscription', message: problems.join('; ') });
    }
    const subscription = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const uuid = typeof subscription['uuid'] === 'string' ? subscription['uuid'] : undefined;
    if (uuid !== undefined && !uuidPattern.test(uuid)) return 'invalid UUID, ignoring request';
    const rooms: string[] = [];
    switch (subscription['type']) {
      case 'allJobs':
        rooms.push('/jobs');
        break;
      case 'allWorkers':
        rooms.push('/workers');
        break;
      case 'allLastRendered':
        rooms.push('/last-rendered');
        break;
      case 'allWorkerTags':
        rooms.push('/workertags');
        break;
      case 'job':
        if (uuid === undefined) return 'operation on job requires a UUID';
        rooms.push(`/jobs/${uuid}`, `/jobs/${uuid}/last-rendered`);
        break;
      case 'tasklog':
        if (uuid === undefined) return 'operation on task requires a UUID';
        // Manager bug reproduced: joins the *job* topic named after the task UUID.
        rooms.push(`/jobs/${uuid}`);
        break;
      default:
        return 'unknown subscription type, ignoring request';
    }
    const operation = subscription['op'];
    if (operation !== 'subscribe' && operation !== 'unsubscribe') {
      return 'unable to perform subscription operation: invalid subscription operation, ignoring request';
    }
    for (const room of rooms) {
      if (operation === 'subscribe') socket.join(room);
      else socket.leave(room);
    }
    return 'ok';
  }

  /** Sends a farm event to the rooms the real broker would use. */
  publish(event: FarmEvent): void {
    switch (event.kind) {
      case 'job':
        this.send(['/jobs'], '/jobs', 'EventJobUpdate', event.payload);
        return;
      case 'task':
        this.send([`/jobs/${event.payload.job_id}`], '/task', 'EventTaskUpdate', event.payload);
        return;
      case 'worker':
        this.send(['/workers'], '/workers', 'EventWorkerUpdate', event.payload);
        return;
      case 'worker-tag':
        this.send(['/workertags'], '/workertags', 'EventWorkerTagUpdate', event.payload);
        return;
      case 'last-rendered':
        this.send([`/jobs/${event.payload.job_id}/last-rendered`, '/last-rendered'], '/last-rendered', 'EventLastRenderedUpdate', event.payload);
        return;
      case 'farm-status':
        this.send([statusRoom], '/status', 'EventFarmStatus', event.payload);
        return;
    }
  }

  /** `/lifecycle` goes to every client. */
  lifecycle(type: 'manager-startup' | 'manager-shutdown'): void {
    this.send([lifecycleRoom], '/lifecycle', 'EventLifeCycle', { type });
  }

  private send(rooms: readonly string[], eventName: string, schema: string, payload: unknown): void {
    const problems = this.spec.validateSchema(schema, payload);
    if (problems.length > 0) this.violations.push({ direction: 'event', event: eventName, message: problems.join('; ') });
    // The real broker sends once per topic; a client in two rooms gets the event twice.
    for (const room of rooms) this.io?.to(room).emit(eventName, payload);
  }

  /** Number of connected Socket.IO clients. */
  get connectedCount(): number {
    return this.io === undefined ? 0 : Object.keys(this.io.sockets.sockets).length;
  }

  /** Disconnects every client but keeps accepting new ones (a network blip). */
  disconnectAll(): void {
    for (const socket of Object.values(this.io?.sockets.sockets ?? {})) socket.disconnect(true);
  }

  /** Drops every client (server going down) and detaches; the owner closes the HTTP server. */
  close(): void {
    const io = this.io;
    this.io = undefined;
    if (io === undefined) return;
    for (const socket of Object.values(io.sockets.sockets)) socket.disconnect(true);
    io.engine.close();
  }
}
