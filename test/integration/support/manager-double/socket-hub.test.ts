import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  type ManagerDouble,
  type SocketIoClient,
  connectSocket,
  nextEvent,
  startManagerDouble,
  subscribe,
  useManagerDouble,
} from '../../../support/manager-double/index';

const sockets: SocketIoClient[] = [];

async function open(double: ManagerDouble, options: Record<string, unknown> = {}): Promise<SocketIoClient> {
  const socket = await connectSocket(double.url, options);
  sockets.push(socket);
  return socket;
}

async function submitEcho(double: ManagerDouble, name: string): Promise<string> {
  const response = await fetch(`${double.url}/api/v3/jobs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, type: 'echo-sleep-test', priority: 50, submitter_platform: 'linux', settings: { message: name, sleep_repeats: 1 } }),
  });
  return ((await response.json()) as { id: string }).id;
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

describe('Manager double Socket.IO v2', () => {
  const manager = useManagerDouble();

  it('connects over WebSocket and acks a subscription with ok', async () => {
    const socket = await open(manager());
    const answer = await subscribe(socket, { op: 'subscribe', type: 'allJobs' });
    expect([socket.io.engine.transport.name, answer]).toEqual(['websocket', 'ok']);
  });

  it('acks bad subscriptions with the Manager sentences', async () => {
    const socket = await open(manager());
    const answers = [
      await subscribe(socket, { op: 'subscribe', type: 'job', uuid: 'not-a-uuid' }),
      await subscribe(socket, { op: 'subscribe', type: 'job' }),
      await subscribe(socket, { op: 'subscribe', type: 'tasklog' }),
      await subscribe(socket, { op: 'subscribe', type: 'everything' }),
    ];
    expect(answers).toEqual([
      'invalid UUID, ignoring request',
      'operation on job requires a UUID',
      'operation on task requires a UUID',
      'unknown subscription type, ignoring request',
    ]);
    manager().specViolations.length = 0;
  });

  it('sends /jobs for a new job without previous_status, then with it on a status change', async () => {
    const double = manager();
    const socket = await open(double);
    await subscribe(socket, { op: 'subscribe', type: 'allJobs' });
    const created = nextEvent<Record<string, unknown>>(socket, '/jobs');
    const jobId = await submitEcho(double, 'first');
    const createdEvent = await created;
    const changes: unknown[][] = [];
    const paused = new Promise<void>((resolve) => {
      socket.on('/jobs', (payload) => {
        const event = payload as Record<string, unknown>;
        changes.push([event['status'], event['previous_status'], event['refresh_tasks']]);
        if (event['status'] === 'paused') resolve();
      });
    });
    double.setJobStatus(jobId, 'pause-requested');
    await paused;
    expect([createdEvent['id'], createdEvent['status'], 'previous_status' in createdEvent]).toEqual([jobId, 'queued', false]);
    expect(changes).toEqual([
      ['pause-requested', 'queued', true],
      ['paused', 'pause-requested', false],
    ]);
  });

  it('announces a deletion request, then the deletion with Go zero values', async () => {
    const double = manager();
    const jobId = await submitEcho(double, 'doomed');
    const socket = await open(double);
    await subscribe(socket, { op: 'subscribe', type: 'allJobs' });
    const events: Record<string, unknown>[] = [];
    const deleted = new Promise<void>((resolve) => {
      socket.on('/jobs', (payload) => {
        events.push(payload as Record<string, unknown>);
        if ((payload as Record<string, unknown>)['was_deleted'] === true) resolve();
      });
    });
    await fetch(`${double.url}/api/v3/jobs/${jobId}`, { method: 'DELETE' });
    await deleted;
    expect([typeof events[0]?.['delete_requested_at'], events[0]?.['status']]).toEqual(['string', 'queued']);
    expect(events[1]).toEqual({ id: jobId, updated: '0001-01-01T00:00:00Z', status: '', type: '', priority: 0, refresh_tasks: false, steps_completed: 0, steps_total: 0, was_deleted: true });
  });

  it('sends /task only to clients subscribed to that job', async () => {
    const double = manager();
    const first = await submitEcho(double, 'first');
    const second = await submitEcho(double, 'second');
    const socket = await open(double);
    await subscribe(socket, { op: 'subscribe', type: 'job', uuid: second });
    const received = nextEvent<Record<string, unknown>>(socket, '/task');
    double.advanceTask(first);
    double.advanceTask(second);
    const event = await received;
    expect([event['job_id'], event['status'], event['previous_status']]).toEqual([second, 'active', 'queued']);
  });

  it('accepts a tasklog subscription (which never delivers, like the Manager)', async () => {
    const double = manager();
    const jobId = await submitEcho(double, 'logged');
    const taskId = double.state.tasks.find((task) => task.job_id === jobId)?.id ?? '';
    const socket = await open(double);
    expect(await subscribe(socket, { op: 'subscribe', type: 'tasklog', uuid: taskId })).toBe('ok');
  });

  it('sends /workers, /workertags and /last-rendered to subscribers', async () => {
    const double = manager();
    const jobId = await submitEcho(double, 'image');
    const socket = await open(double);
    await subscribe(socket, { op: 'subscribe', type: 'allWorkers' });
    await subscribe(socket, { op: 'subscribe', type: 'allWorkerTags' });
    await subscribe(socket, { op: 'subscribe', type: 'allLastRendered' });
    const worker = nextEvent<Record<string, unknown>>(socket, '/workers');
    const workerId = double.addWorker({ name: 'w1' });
    const tag = nextEvent<Record<string, unknown>>(socket, '/workertags');
    await fetch(`${double.url}/api/v3/worker-mgt/tags`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'GPU' }) });
    const image = nextEvent<Record<string, unknown>>(socket, '/last-rendered');
    double.setLastRendered(jobId);
    expect([(await worker)['id'], ((await tag)['tag'] as Record<string, unknown>)['name'], (await image)['job_id']]).toEqual([workerId, 'GPU', jobId]);
  });

  it('sends /status and /lifecycle to every client without a subscription', async () => {
    const double = manager();
    const socket = await open(double);
    const status = nextEvent(socket, '/status');
    double.setFarmStatus('active');
    const lifecycle = nextEvent(socket, '/lifecycle');
    double.emitLifecycle('manager-startup');
    expect([await status, await lifecycle]).toEqual([{ status: 'active' }, { type: 'manager-startup' }]);
  });

  it('refuses long-polling: the Manager speaks WebSocket only', async () => {
    const response = await fetch(`${manager().url}/socket.io/?EIO=3&transport=polling`);
    expect(response.status).toBe(400);
  });

  it('drops socket clients on disconnectSockets while HTTP keeps answering', async () => {
    const double = manager();
    const socket = await open(double);
    const disconnected = nextEvent(socket, 'disconnect');
    double.disconnectSockets();
    expect([await disconnected, (await fetch(`${double.url}/api/v3/version`)).status]).toEqual(['io server disconnect', 200]);
  });

  it('lets a reconnecting client back in after a restart, announcing the shutdown first', async () => {
    const double = manager();
    const socket = await open(double, { reconnection: true, reconnectionDelay: 10, reconnectionDelayMax: 20 });
    const shutdown = nextEvent(socket, '/lifecycle');
    const reconnected = nextEvent(socket, 'reconnect');
    await double.restart();
    expect(await shutdown).toEqual({ type: 'manager-shutdown' });
    await reconnected;
    expect(socket.connected).toBe(true);
  });
});

describe('Manager double Engine.IO timeouts', () => {
  it('drops a client that never pings while a pinging client stays connected', async () => {
    const double = await startManagerDouble({ pingIntervalMs: 40, silentClientTimeoutMs: 300 });
    try {
      const pinging = await open(double);
      const silent = new WebSocket(`ws://127.0.0.1:${double.port}/socket.io/?EIO=3&transport=websocket`);
      const handshake = new Promise<string>((resolve) => silent.once('message', (data: Buffer) => resolve(data.toString())));
      const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
      const open0 = await handshake;
      await closed;
      expect(JSON.parse(open0.slice(1)) as Record<string, unknown>).toMatchObject({ upgrades: [], pingInterval: 40, pingTimeout: 260 });
      expect(pinging.connected).toBe(true);
    } finally {
      await double.close();
    }
    double.assertNoSpecViolations();
  });
});
