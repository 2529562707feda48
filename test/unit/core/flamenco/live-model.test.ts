import { describe, expect, it } from 'vitest';
import type { JobId, LiveChange } from '../../../../electron/common/domain/farm';
import { LiveModel } from '../../../../electron/core/flamenco/live/live-model';
import type { LiveSocket, ManagerEventName, Subscription } from '../../../../electron/core/flamenco/live/live-socket';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { ManualClock } from '../../../support/flamenco/manual-clock';

/** A farm served from plain objects, answering by path. */
type FakeFarm = {
  version: string;
  jobs: Record<string, unknown>[];
  workers: Record<string, unknown>[];
  status: string;
};

function job(id: string, status: string, stepsCompleted = 0): Record<string, unknown> {
  return {
    id,
    name: `job ${id}`,
    type: 'echo-sleep-test',
    priority: 50,
    submitter_platform: 'linux',
    created: '2026-01-01T00:00:00Z',
    updated: `2026-01-01T00:00:0${stepsCompleted}Z`,
    status,
    activity: '',
    steps_completed: stepsCompleted,
    steps_total: 10,
  };
}

function worker(id: string, status: string): Record<string, unknown> {
  return { id, name: `worker ${id}`, status, version: '3.9', can_restart: false };
}

function farmFetch(farm: FakeFarm): typeof fetch {
  return (async (input: string | URL | Request) => {
    const path = new URL(String(input)).pathname;
    const json = (value: unknown): Response => new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });
    if (path === '/api/v3/version') return json({ version: farm.version, shortversion: farm.version, name: 'Fake', git: 'g' });
    if (path === '/api/v3/jobs') return json({ jobs: farm.jobs });
    if (path === '/api/v3/worker-mgt/workers') return json({ workers: farm.workers });
    if (path === '/api/v3/worker-mgt/tags') return json({ tags: [] });
    if (path === '/api/v3/status') return json({ status: farm.status });
    const single = /^\/api\/v3\/jobs\/([^/]+)$/.exec(path);
    const found = farm.jobs.find((entry) => entry['id'] === single?.[1]);
    if (found !== undefined) return json(found);
    return new Response(JSON.stringify({ code: 404, message: 'not found' }), { status: 404 });
  }) as typeof fetch;
}

/** A socket the test drives by hand. */
class FakeSocket implements LiveSocket {
  readonly subscriptions: { operation: string; subscription: Subscription }[] = [];
  closed = false;
  private connect: (() => void)[] = [];
  private disconnect: ((reason: string) => void)[] = [];
  private connectError: ((error: Error) => void)[] = [];
  private events: ((name: ManagerEventName, payload: unknown) => void)[] = [];

  onConnect(listener: () => void): void {
    this.connect.push(listener);
  }
  onDisconnect(listener: (reason: string) => void): void {
    this.disconnect.push(listener);
  }
  onConnectError(listener: (error: Error) => void): void {
    this.connectError.push(listener);
  }
  onEvent(listener: (name: ManagerEventName, payload: unknown) => void): void {
    this.events.push(listener);
  }
  async subscribe(operation: 'subscribe' | 'unsubscribe', subscription: Subscription): Promise<string> {
    this.subscriptions.push({ operation, subscription });
    return 'ok';
  }
  close(): void {
    this.closed = true;
  }
  fireConnect(): void {
    for (const listener of this.connect) listener();
  }
  fireDisconnect(reason: string): void {
    for (const listener of this.disconnect) listener(reason);
  }
  fireConnectError(message: string): void {
    for (const listener of this.connectError) listener(new Error(message));
  }
  fireEvent(name: ManagerEventName, payload: unknown): void {
    for (const listener of this.events) listener(name, payload);
  }
}

function setup(farm: FakeFarm) {
  const clock = new ManualClock();
  const socket = new FakeSocket();
  const problems: unknown[] = [];
  const model = new LiveModel({
    client: ManagerClient.create({ baseUrl: 'http://fake.test:8080', fetch: farmFetch(farm), clock, retry: { attempts: 1, baseDelayMilliseconds: 1, maxDelayMilliseconds: 1 } }),
    clock,
    socketFactory: () => socket,
    pollIntervalMilliseconds: 5_000,
    onProblem: (problem) => problems.push(problem),
  });
  const changes: LiveChange[] = [];
  model.onChange((change) => changes.push(change));
  return { clock, socket, model, changes, problems };
}

function nextChange(model: LiveModel, kind: LiveChange['kind']): Promise<LiveChange> {
  return new Promise((resolve) => {
    const stop = model.onChange((change) => {
      if (change.kind === kind) {
        stop();
        resolve(change);
      }
    });
  });
}

describe('LiveModel', () => {
  it('reports the first fetch as additions, then polls while the socket cannot connect', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [job('a', 'active', 1)], workers: [worker('w', 'awake')], status: 'active' };
    const { clock, socket, model, changes } = setup(farm);

    await model.start();
    socket.fireConnectError('websocket error');
    farm.jobs = [job('a', 'completed', 10)];
    farm.workers = [worker('w', 'offline')];
    const refreshed = nextChange(model, 'refreshed');
    clock.advance(5_000);
    await refreshed;

    expect(changes.map((change) => change.kind)).toEqual([
      'connection',
      'job-added',
      'worker-added',
      'farm-status',
      'refreshed',
      'connection',
      'job-updated',
      'job-finished',
      'worker-updated',
      'worker-went-offline',
      'refreshed',
    ]);
    expect(model.connection()).toEqual({ kind: 'polling', reason: 'cannot connect to the live updates (websocket error)' });
    // Polling goes on until the socket connects.
    await clock.whenTimer((delay) => delay === 5_000);
    expect(clock.pendingDelays()).toEqual([5_000]);
  });

  it('removes jobs that disappeared while polling', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [job('a', 'queued'), job('b', 'queued')], workers: [], status: 'idle' };
    const { clock, socket, model, changes } = setup(farm);
    await model.start();
    socket.fireDisconnect('transport close');
    farm.jobs = [job('b', 'queued')];

    const refreshed = nextChange(model, 'refreshed');
    clock.advance(5_000);
    await refreshed;

    expect(changes.filter((change) => change.kind === 'job-removed')).toEqual([{ kind: 'job-removed', jobId: 'a' }]);
    expect(model.jobs().map((entry) => entry.id)).toEqual(['b']);
  });

  it('subscribes on connect, stops polling and refetches; a changed version is an upgrade', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [], workers: [], status: 'idle' };
    const { clock, socket, model, changes } = setup(farm);
    await model.start();
    socket.fireDisconnect('transport close');
    farm.version = '3.10';

    const refreshed = nextChange(model, 'refreshed');
    socket.fireConnect();
    await refreshed;

    expect(socket.subscriptions.map((entry) => entry.subscription.type)).toEqual(['allJobs', 'allWorkers', 'allWorkerTags', 'allLastRendered']);
    expect(changes.filter((change) => change.kind === 'manager-upgraded')).toEqual([{ kind: 'manager-upgraded', previousVersion: '3.9', version: '3.10' }]);
    expect([model.connection(), clock.pending]).toEqual([{ kind: 'live' }, 0]);
  });

  it('removes a job on a deletion event and reports malformed events as problems', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [job('a', 'active', 0)], workers: [], status: 'active' };
    const { socket, model, changes, problems } = setup(farm);
    await model.start();

    socket.fireEvent('/jobs', { id: 'a', status: 42 });
    socket.fireEvent('/workers', 'not an object');
    socket.fireEvent('/jobs', { id: 'a', was_deleted: true, status: '', type: '', updated: '' });

    expect([model.job('a' as JobId), changes.at(-1), problems.length]).toEqual([undefined, { kind: 'job-removed', jobId: 'a' }, 2]);
  });

  it('estimates ETA for a running job from its events', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [job('a', 'active', 0)], workers: [], status: 'active' };
    const { clock, socket, model } = setup(farm);
    await model.start();
    const event = (steps: number) => ({ id: 'a', name: 'job a', updated: `t${steps}`, status: 'active', type: 'echo-sleep-test', priority: 50, refresh_tasks: false, steps_completed: steps, steps_total: 10 });

    clock.advance(60_000);
    socket.fireEvent('/jobs', event(2));
    clock.advance(60_000);
    socket.fireEvent('/jobs', event(4));

    expect(model.eta('a' as JobId)).toEqual({ kind: 'estimate', remainingMilliseconds: 180_000, finishesAt: clock.now() + 180_000, stepsPerMinute: 2 });
  });

  it('stops cleanly: closes the socket and cancels polling', async () => {
    const farm: FakeFarm = { version: '3.9', jobs: [], workers: [], status: 'idle' };
    const { clock, socket, model } = setup(farm);
    await model.start();
    socket.fireConnectError('refused');

    await model.stop();

    expect([socket.closed, clock.pending, model.connection()]).toEqual([true, 0, { kind: 'stopped' }]);
  });
});
