import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { BridgeMessage, BridgeRequest } from '../../common/ipc/bridge-protocol';
import { bridgePath } from '../../common/ipc/bridge-protocol';
import { dispatch } from '../api/dispatch';
import type { ContractHandlers } from '../api/contract-handlers';
import type { EventHub } from '../api/event-hub';

/** Options for {@link startBridge}. */
export type BridgeOptions = {
  readonly handlers: ContractHandlers;
  readonly events: EventHub;
  /** Serve these built renderer files at `/` too (the e2e tests and `serve` do). */
  readonly staticDirectory?: string;
  /** 0 = any free port. */
  readonly port?: number;
};

/** A running bridge. */
export type Bridge = {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The per-run secret every WebSocket must present. */
  readonly token: string;
  /** The page URL that connects the renderer to this bridge. */
  readonly pageUrl: string;
  close(): Promise<void>;
};

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the IPC contract over a loopback WebSocket so the real renderer can run in a
 * browser against the real core (tests, headless use). Binds to 127.0.0.1 only and
 * requires a per-run secret token. The packaged app never starts it (lint forbids
 * electron/main from importing this folder).
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    void serveStatic(options.staticDirectory, request, response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (!isAuthorized(request, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => serveClient(webSocket, options));
  });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    pageUrl: `${url}/?bridge=${encodeURIComponent(`ws://127.0.0.1:${port}${bridgePath}`)}&token=${encodeURIComponent(token)}`,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function isAuthorized(request: IncomingMessage, token: string): boolean {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== bridgePath) return false;
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function serveClient(webSocket: WebSocket, options: BridgeOptions): void {
  const send = (message: BridgeMessage): void => {
    if (webSocket.readyState === webSocket.OPEN) webSocket.send(JSON.stringify(message));
  };
  const unsubscribe = options.events.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
  webSocket.on('close', unsubscribe);
  webSocket.on('message', (data) => {
    let request: BridgeRequest;
    try {
      request = JSON.parse(String(data)) as BridgeRequest;
    } catch {
      webSocket.close(1003, 'not JSON');
      return;
    }
    if (request.type !== 'invoke' || !Number.isSafeInteger(request.id)) {
      webSocket.close(1003, 'not a bridge request');
      return;
    }
    void dispatch(options.handlers, request.channel, request.args).then((result) => send({ type: 'result', id: request.id, result }));
  });
}

async function serveStatic(root: string | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (root === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const relative = normalize(pathname === '/' ? 'index.html' : pathname.slice(1));
  const file = join(root, relative);
  if (relative.startsWith('..') || !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    response.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  } catch {
    response.writeHead(404).end();
  }
}
