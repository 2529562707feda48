import { afterEach, describe, expect, it } from 'vitest';
import type { JobId, JobSummary, TaskId, TaskSummary, WorkerId, WorkerSummary } from '../../../electron/common/domain/farm';
import type { FarmSnapshot } from '../../../electron/common/domain/farm-view';
import type { ManagerId } from '../../../electron/common/domain/manager-profile';
import { setIpcForTesting } from '../../../renderer/src/lib/ipc';
import { FarmState } from '../../../renderer/src/state/farm.svelte';
import { fakeContract } from '../fake-contract';

function job(id: string, patch: Partial<JobSummary> = {}): JobSummary {
  return { id: id as JobId, name: `job ${id}`, type: 'echo-sleep-test', status: 'queued', priority: 50, stepsCompleted: 0, stepsTotal: 10, updated: '2026-01-01T00:00:00Z', activity: '', settings: {}, metadata: {}, ...patch };
}

function task(id: string, jobId: string, patch: Partial<TaskSummary> = {}): TaskSummary {
  return { id: id as TaskId, jobId: jobId as JobId, name: `task ${id}`, status: 'queued', updated: '2026-01-01T00:00:00Z', stepsCompleted: 0, stepsTotal: 1, ...patch };
}

const worker: WorkerSummary = { id: 'w1' as WorkerId, name: 'render-01', status: 'awake', version: '3.9', canRestart: false };

const snapshot: FarmSnapshot = {
  manager: { id: 'm1' as ManagerId, name: 'Farm', url: 'http://farm/', extraHeaders: {}, secretHeaderNames: [], isActive: true, createdAt: 0 },
  version: { version: '3.9', shortVersion: '3.9', name: 'Farm', git: 'abc' },
  connection: { kind: 'live' },
  farmStatus: 'active',
  jobs: [job('a'), job('b', { status: 'active' })],
  workers: [worker],
  tags: [],
  etas: { b: { kind: 'estimate', remainingMilliseconds: 60_000, finishesAt: 1, stepsPerMinute: 2 } },
};

afterEach(() => setIpcForTesting(fakeContract({})));

describe('FarmState', () => {
  it('loads the snapshot from core and follows farm events', async () => {
    const contract = fakeContract({ 'farm:snapshot': () => snapshot });
    setIpcForTesting(contract);
    const state = new FarmState((callback) => callback());
    await state.start();
    expect([state.manager?.name, state.connection, state.farmStatus, [...state.jobs.keys()], state.workers, state.etaOf('b' as JobId).kind, state.loading]).toEqual([
      'Farm',
      { kind: 'live' },
      'active',
      ['a', 'b'],
      [worker],
      'estimate',
      false,
    ]);
    expect([contract.listenerCount('farm:changed'), contract.listenerCount('farm:etas'), contract.listenerCount('managers:changed')]).toEqual([1, 1, 1]);
    state.stop();
    expect(contract.listenerCount('farm:changed')).toBe(0);
  });

  it('shows why the farm could not be loaded', async () => {
    setIpcForTesting(fakeContract({ 'farm:snapshot': () => ({ code: 'manager-unreachable', message: 'The Manager at http://farm/ does not answer' }) }));
    const state = new FarmState((callback) => callback());
    await state.start();
    expect([state.problem, state.loading, state.jobs.size]).toEqual(['The Manager at http://farm/ does not answer', false, 0]);
  });

  it('applies a batch of job, task, worker and status changes in one revision', () => {
    const state = new FarmState((callback) => callback());
    state.load(snapshot);
    state.setTasks('b' as JobId, [task('t1', 'b'), task('t2', 'b')]);
    const before = state.revision;
    state.apply([
      { kind: 'job-updated', job: job('b', { status: 'completed', stepsCompleted: 10 }), previousStatus: 'active' },
      { kind: 'job-added', job: job('c') },
      { kind: 'job-removed', jobId: 'a' as JobId },
      { kind: 'task-updated', task: task('t2', 'b', { status: 'completed' }) },
      { kind: 'worker-updated', worker: { ...worker, status: 'asleep' }, previousStatus: 'awake' },
      { kind: 'farm-status', status: 'idle' },
      { kind: 'connection', state: { kind: 'polling', reason: 'socket dropped' } },
    ]);
    expect([
      state.revision - before,
      [...state.jobs.values()].map((entry) => [entry.id, entry.status]),
      state.tasksOf('b' as JobId).map((entry) => [entry.id, entry.status]),
      state.workers.map((entry) => entry.status),
      state.farmStatus,
      state.connection,
    ]).toEqual([1, [['b', 'completed'], ['c', 'queued']], [['t1', 'queued'], ['t2', 'completed']], ['asleep'], 'idle', { kind: 'polling', reason: 'socket dropped' }]);
  });

  it('coalesces event batches until the next frame', () => {
    const contract = fakeContract({ 'farm:snapshot': () => snapshot });
    setIpcForTesting(contract);
    const frames: (() => void)[] = [];
    const state = new FarmState((callback) => void frames.push(callback));
    state.load(snapshot);
    void state.start();
    contract.emit('farm:changed', [{ kind: 'job-added', job: job('x') }]);
    contract.emit('farm:changed', [{ kind: 'job-added', job: job('y') }]);
    expect([frames.length, state.jobs.has('x' as JobId)]).toEqual([1, false]);
    frames[0]?.();
    expect([state.jobs.has('x' as JobId), state.jobs.has('y' as JobId)]).toEqual([true, true]);
  });

  it('tells subscribers about every change, e.g. a new last-rendered image', () => {
    const state = new FarmState((callback) => callback());
    const seen: string[] = [];
    const stop = state.subscribe((change) => seen.push(change.kind));
    state.apply([{ kind: 'last-rendered', jobId: 'a' as JobId, image: { base: 'http://farm/x', suffixes: ['small.jpg'] } }]);
    stop();
    state.apply([{ kind: 'farm-status', status: 'idle' }]);
    expect(seen).toEqual(['last-rendered']);
  });
});
