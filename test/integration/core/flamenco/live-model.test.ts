import { afterEach, describe, expect, it } from 'vitest';
import type { JobId, LiveChange } from '../../../../electron/common/domain/farm';
import { followTaskLog } from '../../../../electron/core/flamenco/live/log-follower';
import type { TaskLogUpdate } from '../../../../electron/core/flamenco/live/log-follower';
import { LiveModel } from '../../../../electron/core/flamenco/live/live-model';
import { socketIoFactory } from '../../../../electron/core/flamenco/live/live-socket';
import { notificationFor } from '../../../../electron/core/flamenco/live/notifications';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import { useManagerDouble } from '../../../support/manager-double';

const manager = useManagerDouble({ name: 'Live Farm', version: '3.9' });

const models: LiveModel[] = [];
afterEach(async () => {
  await Promise.all(models.splice(0).map((model) => model.stop()));
});

function client(): ManagerClient {
  return ManagerClient.create({ baseUrl: manager().url, retry: { attempts: 2, baseDelayMilliseconds: 5, maxDelayMilliseconds: 10 } });
}

/** A model that records every change. */
function liveModel(options: { clock?: ManualClock; socketPath?: string } = {}): { model: LiveModel; changes: LiveChange[] } {
  const api = client();
  const model = new LiveModel({
    client: api,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.socketPath === undefined ? {} : { socketFactory: (_url, headers) => socketIoFactory(new URL(options.socketPath ?? '/', manager().url), headers) }),
    pollIntervalMilliseconds: 5_000,
  });
  const changes: LiveChange[] = [];
  model.onChange((change) => changes.push(change));
  models.push(model);
  return { model, changes };
}

/** Resolves with the first change (from now on) that `accept` matches. */
function nextChange<Kind extends LiveChange['kind']>(
  model: LiveModel,
  kind: Kind,
  accept: (change: Extract<LiveChange, { kind: Kind }>) => boolean = () => true,
): Promise<Extract<LiveChange, { kind: Kind }>> {
  return new Promise((resolve) => {
    const stop = model.onChange((change) => {
      if (change.kind === kind && accept(change as Extract<LiveChange, { kind: Kind }>)) {
        stop();
        resolve(change as Extract<LiveChange, { kind: Kind }>);
      }
    });
  });
}

async function startLive(model: LiveModel): Promise<void> {
  const live = nextChange(model, 'connection', (change) => change.state.kind === 'live');
  const refreshed = nextChange(model, 'refreshed');
  await model.start();
  await live;
  // The refetch that follows every connection.
  await refreshed;
}

async function submitEcho(name: string): Promise<JobId> {
  const api = client();
  const jobType = await api.jobType('echo-sleep-test');
  const job = await api.submitJob({
    name,
    type: 'echo-sleep-test',
    type_etag: jobType.etag,
    priority: 50,
    submitter_platform: 'linux',
    settings: { message: 'hi', sleep_duration_seconds: 1, sleep_repeats: 1 },
  });
  return job.id;
}

describe('LiveModel against the Manager double', () => {
  it('loads the farm, subscribes, and follows job events to completion', async () => {
    const existing = await submitEcho('existing');
    const workerId = manager().addWorker({ name: 'box-1' });
    const { model } = liveModel();

    await startLive(model);
    const snapshot = { jobs: model.jobs().map((job) => job.id), workers: model.workers().map((worker) => worker.id), status: model.farmStatus() };
    const added = nextChange(model, 'job-added');
    const fresh = await submitEcho('fresh');
    const addedChange = await added;
    const finished = nextChange(model, 'job-finished', (change) => change.job.id === fresh);
    manager().completeJob(fresh);
    const finishedChange = await finished;

    expect(snapshot).toEqual({ jobs: [existing], workers: [workerId], status: manager().state.farmStatus });
    expect(manager().socketSubscriptions.map((subscription) => [subscription.payload, subscription.answer])).toEqual([
      [{ op: 'subscribe', type: 'allJobs' }, 'ok'],
      [{ op: 'subscribe', type: 'allWorkers' }, 'ok'],
      [{ op: 'subscribe', type: 'allWorkerTags' }, 'ok'],
      [{ op: 'subscribe', type: 'allLastRendered' }, 'ok'],
    ]);
    expect([addedChange.job.id, addedChange.job.name]).toEqual([fresh, 'fresh']);
    expect([finishedChange.outcome, model.job(fresh)?.status, model.eta(fresh)]).toEqual(['completed', 'completed', { kind: 'finished' }]);
    expect(notificationFor(finishedChange)).toEqual({ kind: 'job-completed', title: 'Job completed', body: 'fresh', target: { screen: 'job', jobId: fresh } });
  });

  it('follows the tasks of a watched job', async () => {
    const jobId = await submitEcho('watched');
    const workerId = manager().addWorker({ name: 'box-1' });
    const { model } = liveModel();
    await startLive(model);

    const replaced = nextChange(model, 'tasks-replaced');
    await model.watchJob(jobId);
    const initialTasks = (await replaced).tasks;
    const taskUpdated = nextChange(model, 'task-updated');
    const activated = manager().advanceTask(jobId, { workerId });
    const update = await taskUpdated;

    expect(initialTasks.map((task) => [task.name, task.status])).toEqual([
      ['echo', 'queued'],
      ['sleep', 'queued'],
    ]);
    expect(manager().socketSubscriptions.at(-1)?.payload).toEqual({ op: 'subscribe', type: 'job', uuid: jobId });
    expect([update.task.id, update.task.status, update.task.worker]).toEqual([activated.id, 'active', { id: workerId, name: 'box-1' }]);
    expect(model.tasks(jobId).find((task) => task.id === activated.id)?.status).toBe('active');
  });

  it('reports workers going offline, tag changes, last-rendered images and farm status', async () => {
    const jobId = await submitEcho('pictures');
    const workerId = manager().addWorker({ name: 'box-1' });
    const { model } = liveModel();
    await startLive(model);

    const offline = nextChange(model, 'worker-went-offline');
    manager().setWorkerStatus(workerId, 'offline');
    const offlineChange = await offline;
    const tags = nextChange(model, 'worker-tags-changed');
    await client().createWorkerTag({ name: 'gpu' });
    const tagsChange = await tags;
    const picture = nextChange(model, 'last-rendered');
    manager().setLastRendered(jobId);
    const pictureChange = await picture;
    const status = nextChange(model, 'farm-status');
    manager().setFarmStatus('asleep');
    const statusChange = await status;

    expect([offlineChange.worker.id, notificationFor(offlineChange)]).toEqual([workerId, { kind: 'worker-offline', title: 'Worker offline', body: 'box-1' }]);
    expect(tagsChange.tags.map((tag) => tag.name)).toEqual(['gpu']);
    expect([pictureChange.jobId, pictureChange.image.base.startsWith(`${manager().url}/`)]).toEqual([jobId, true]);
    expect(statusChange.status).toBe('asleep');
  });

  it('reconnects after a Manager restart, refetches everything and notices an upgrade', async () => {
    const { model } = liveModel();
    await startLive(model);
    const dropped = nextChange(model, 'connection', (change) => change.state.kind === 'polling');
    const lifecycle = nextChange(model, 'manager-lifecycle');

    manager().emitLifecycle('manager-shutdown');
    const lifecycleChange = await lifecycle;
    await manager().down();
    await dropped;
    manager().config.version = '3.10';
    const workerId = manager().addWorker({ name: 'added while down' });
    const upgraded = nextChange(model, 'manager-upgraded');
    const workerAdded = nextChange(model, 'worker-added');
    const live = nextChange(model, 'connection', (change) => change.state.kind === 'live');
    await manager().up();
    await live;

    expect(await upgraded).toEqual({ kind: 'manager-upgraded', previousVersion: '3.9', version: '3.10' });
    expect((await workerAdded).worker.id).toBe(workerId);
    expect(lifecycleChange).toEqual({ kind: 'manager-lifecycle', event: 'shutdown' });
    expect(manager().socketSubscriptions.filter((subscription) => (subscription.payload as { type: string }).type === 'allJobs').length).toBe(2);
  });

  it('reconnects by itself when only the socket is dropped', async () => {
    const { model } = liveModel();
    await startLive(model);
    const dropped = nextChange(model, 'connection', (change) => change.state.kind === 'polling');
    const live = nextChange(model, 'connection', (change) => change.state.kind === 'live');
    const refreshed = (async () => {
      await live;
      return nextChange(model, 'refreshed');
    })();

    manager().disconnectSockets();
    await dropped;
    await live;
    await refreshed;

    expect([model.connection(), manager().socketClientCount]).toEqual([{ kind: 'live' }, 1]);
  });

  it('falls back to polling when the socket cannot connect', async () => {
    const clock = new ManualClock();
    const { model } = liveModel({ clock, socketPath: '/no-socket-here/' });
    const polling = nextChange(model, 'connection', (change) => change.state.kind === 'polling');

    await model.start();
    const pollingChange = await polling;
    const workerId = manager().addWorker({ name: 'seen by polling' });
    const workerAdded = nextChange(model, 'worker-added');
    await clock.whenTimer((delay) => delay === 5_000);
    clock.fireNext((delay) => delay === 5_000);

    expect((await workerAdded).worker.id).toBe(workerId);
    expect(pollingChange.state.kind).toBe('polling');
    expect(manager().socketClientCount).toBe(0);
  });

  it('follows a task log by polling logtail', async () => {
    const jobId = await submitEcho('logs');
    const [task] = await client().jobTasks(jobId);
    const clock = new ManualClock();
    const updates: TaskLogUpdate[] = [];
    let notify: () => void = () => undefined;
    const stop = followTaskLog(client(), task?.id ?? '', (update) => {
      updates.push(update);
      notify();
    }, { clock, intervalMilliseconds: 1_000 });
    const next = (): Promise<void> => new Promise((resolve) => (notify = resolve));

    try {
      await (updates.length > 0 ? Promise.resolve() : next());
      manager().setTaskLog(task?.id ?? '', 'rendering frame 1\n');
      const second = next();
      await clock.whenTimer((delay) => delay === 1_000);
      clock.fireNext();
      await second;
    } finally {
      stop();
    }

    expect(updates).toEqual([{ kind: 'empty' }, { kind: 'tail', text: 'rendering frame 1\n' }]);
  });
});
