import { createRequire } from 'node:module';

/** The slice of a socket.io-client 2.x socket that tests use (the package ships no types). */
export type SocketIoClient = {
  readonly connected: boolean;
  readonly id: string;
  on(event: string, listener: (...args: unknown[]) => void): SocketIoClient;
  once(event: string, listener: (...args: unknown[]) => void): SocketIoClient;
  off(event: string, listener?: (...args: unknown[]) => void): SocketIoClient;
  emit(event: string, ...args: unknown[]): SocketIoClient;
  close(): void;
  readonly io: { readonly engine: { readonly transport: { readonly name: string } } };
};

type SocketIoClientFactory = (url: string, options: Record<string, unknown>) => SocketIoClient;

const require = createRequire(import.meta.url);
const connectClient = require('socket.io-client') as SocketIoClientFactory;

/**
 * Opens a socket.io-client 2.x connection the way the Manager's web app does (WebSocket
 * transport only) and resolves once connected. Reconnection is off unless asked for.
 */
export async function connectSocket(url: string, options: Record<string, unknown> = {}): Promise<SocketIoClient> {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
  });
  return socket;
}

/** Resolves with the next payload of `event`. */
export function nextEvent<T = unknown>(socket: SocketIoClient, event: string): Promise<T> {
  return new Promise<T>((resolve) => {
    socket.once(event, (payload) => resolve(payload as T));
  });
}

/** Emits `/subscription` and resolves with the Manager's ack text. */
export function subscribe(socket: SocketIoClient, payload: unknown): Promise<string> {
  return new Promise<string>((resolve) => {
    socket.emit('/subscription', payload, (answer: unknown) => resolve(String(answer)));
  });
}
