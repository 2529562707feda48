import io from 'socket.io-client';
import type { Clock } from '../../ports';
import { systemClock } from '../../ports';

/** The events a Manager pushes over Socket.IO (MANAGER-FACTS "Live updates"). */
export const managerEventNames = ['/jobs', '/task', '/workers', '/workertags', '/last-rendered', '/status', '/lifecycle'] as const;
/** One of {@link managerEventNames}. */
export type ManagerEventName = (typeof managerEventNames)[number];

/** What a subscription asks for (`SocketIOSubscription`). */
export type Subscription = {
  readonly type: 'allJobs' | 'allWorkers' | 'allWorkerTags' | 'allLastRendered' | 'job' | 'tasklog';
  readonly uuid?: string;
};

/** What the live model needs from a Socket.IO connection; tests give a fake. */
export type LiveSocket = {
  /** Called on every (re)connection. */
  onConnect(listener: () => void): void;
  /** Called when an established connection drops. */
  onDisconnect(listener: (reason: string) => void): void;
  /** Called when a connection attempt fails. */
  onConnectError(listener: (error: Error) => void): void;
  onEvent(listener: (name: ManagerEventName, payload: unknown) => void): void;
  /** Emits `/subscription`; resolves with the Manager's answer (`ok` or an error sentence). */
  subscribe(operation: 'subscribe' | 'unsubscribe', subscription: Subscription): Promise<string>;
  close(): void;
};

/** Opens a {@link LiveSocket} to a Manager. */
export type LiveSocketFactory = (baseUrl: URL, headers: Readonly<Record<string, string>>, clock?: Clock) => LiveSocket;

/** How long to wait for a subscription's acknowledgement. */
const subscriptionAckMilliseconds = 10_000;

/**
 * The real connection: socket.io-client 2.x (the Manager speaks Socket.IO v2 / Engine.IO 3;
 * a v3/v4 client cannot talk to it), WebSocket only because the Manager has no
 * long-polling. The client pings (Engine.IO 3 does by default; the Manager never pings and
 * drops silent clients after 60 s). Reconnection uses the library's exponential backoff
 * with jitter.
 */
export const socketIoFactory: LiveSocketFactory = (baseUrl, headers, clock = systemClock) => {
  const socket = io(baseUrl.origin, {
    // A reverse proxy may serve the Manager below a path prefix.
    path: `${baseUrl.pathname.replace(/\/$/, '')}/socket.io/`,
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
    timeout: 10_000,
    ...(Object.keys(headers).length === 0 ? {} : { extraHeaders: headers }),
  });
  socket.on('disconnect', (reason) => {
    // socket.io-client 2 does not reconnect by itself after the server closed the session
    // (a Manager shutting down); reconnecting here hands over to its backoff when the
    // Manager is not back yet.
    if (reason === 'io server disconnect') socket.connect();
  });
  return {
    onConnect: (listener) => void socket.on('connect', () => listener()),
    onDisconnect: (listener) => void socket.on('disconnect', (reason) => listener(String(reason))),
    onConnectError: (listener) => {
      const forward = (error: unknown): void => listener(error instanceof Error ? error : new Error(String(error)));
      socket.on('connect_error', forward);
      socket.on('connect_timeout', () => forward(new Error('connection timed out')));
    },
    onEvent: (listener) => {
      for (const name of managerEventNames) socket.on(name, (payload) => listener(name, payload));
    },
    subscribe: (operation, subscription) =>
      new Promise((resolve) => {
        const timer = clock.setTimeout(() => resolve('no answer'), subscriptionAckMilliseconds);
        socket.emit('/subscription', { op: operation, ...subscription }, (answer: unknown) => {
          timer.cancel();
          resolve(String(answer));
        });
      }),
    close: () => void socket.close(),
  };
};
