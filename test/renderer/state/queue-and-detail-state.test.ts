import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobId, TaskId, WorkerId } from '../../../electron/common/domain/farm';
import type { ManagerId } from '../../../electron/common/domain/manager-profile';
import type { AppSettings } from '../../../electron/common/domain/settings';
import { defaultSettings } from '../../../electron/common/domain/settings';
import type { Submission, SubmissionId } from '../../../electron/common/domain/submission';
import { setIpcForTesting } from '../../../renderer/src/lib/ipc';
import { farm } from '../../../renderer/src/state/farm.svelte';
import { JobDetailState, logPollMilliseconds } from '../../../renderer/src/state/job-detail.svelte';
import { QueueState } from '../../../renderer/src/state/queue.svelte';
import { SettingsState } from '../../../renderer/src/state/settings.svelte';
import { fakeContract } from '../fake-contract';

function submission(id: string, createdAt: number, state: Submission['state']): Submission {
  return {
    id: id as SubmissionId,
    request: { blendPath: '/p/shot.blend', managerId: 'm' as ManagerId, jobType: 'simple-blender-render', jobName: id, settings: {}, priority: 50, paused: false, scout: 'off' },
    state,
    sequence: 1,
    failures: 0,
    createdAt,
    updatedAt: createdAt,
  };
}

afterEach(() => {
  vi.useRealTimers();
  setIpcForTesting(fakeContract({}));
});

describe('QueueState', () => {
  it('lists entries newest first, follows queue events and counts what is in flight', async () => {
    const contract = fakeContract({ 'queue:list': () => [submission('old', 1, { phase: 'completed', jobId: 'j' }), submission('new', 2, { phase: 'inspecting' })] });
    setIpcForTesting(contract);
    const queue = new QueueState();
    await queue.start();
    expect([queue.entries.map((entry) => entry.id), queue.activeCount]).toEqual([['new', 'old'], 1]);
    contract.emit('queue:changed', [submission('new', 2, { phase: 'waiting-for-manager', resume: { phase: 'draft' }, reason: 'down', attempt: 1, nextAttemptAt: 5 })]);
    contract.emit('submission:progress', { id: 'new' as SubmissionId, phase: 'uploading', transfer: { phase: 'upload', filesDone: 1, filesTotal: 2, bytesDone: 10, bytesTotal: 20, bytesPerSecond: 5, etaSeconds: 2 } });
    expect([queue.entries.map((entry) => entry.state.phase), queue.progress['new']?.transfer?.bytesDone]).toEqual([['waiting-for-manager'], 10]);
  });

  it('sends each action on its own channel', async () => {
    const entry = submission('s', 1, { phase: 'paused', resume: { phase: 'draft' } });
    const contract = fakeContract({ 'queue:resume': () => entry, 'queue:retry': () => entry, 'queue:cancel': () => entry, 'queue:edit': () => entry });
    setIpcForTesting(contract);
    const queue = new QueueState();
    await queue.act(entry, 'resume');
    await queue.act(entry, 'retry');
    await queue.act(entry, 'cancel');
    expect(await queue.edit(entry, { priority: 80 })).toBe(true);
    expect(contract.calls).toEqual([
      { channel: 'queue:resume', args: { id: 's' } },
      { channel: 'queue:retry', args: { id: 's' } },
      { channel: 'queue:cancel', args: { id: 's' } },
      { channel: 'queue:edit', args: { id: 's', changes: { priority: 80 } } },
    ]);
  });
});

describe('JobDetailState', () => {
  it('loads tasks, the last rendered image and the blocklist, and refreshes the image on a live event', async () => {
    let pictures = 0;
    const contract = fakeContract({
      'jobs:tasks': ({ jobId }) => [{ id: 't1' as TaskId, jobId, name: 'render 1', status: 'active', updated: 'x', stepsCompleted: 0, stepsTotal: 1 }],
      'jobs:last-rendered': () => {
        pictures += 1;
        return { dataUrl: `data:image/jpeg;base64,${pictures}`, suffix: 'last-rendered-small.jpg' };
      },
      'jobs:blocklist': () => [{ workerId: 'w1' as WorkerId, workerName: 'render-01', taskType: 'blender' }],
    });
    setIpcForTesting(contract);
    const detail = new JobDetailState();
    await detail.open('j1' as JobId);
    expect([farm.tasksOf('j1' as JobId).map((task) => task.id), detail.picture?.dataUrl, detail.blocklist.map((entry) => entry.workerName)]).toEqual([['t1'], 'data:image/jpeg;base64,1', ['render-01']]);
    farm.apply([{ kind: 'last-rendered', jobId: 'j1' as JobId, image: { base: 'http://farm/x', suffixes: [] } }]);
    for (let round = 0; round < 10; round += 1) await Promise.resolve();
    expect(detail.picture?.dataUrl).toBe('data:image/jpeg;base64,2');
    detail.close();
  });

  it('follows the selected task log by polling (the Manager sends no log events) and stops when closed', async () => {
    vi.useFakeTimers();
    const tails = ['line 1', 'line 1\nline 2'];
    const contract = fakeContract({ 'tasks:log-tail': () => tails.shift() ?? null });
    setIpcForTesting(contract);
    const detail = new JobDetailState();
    detail.selectTask('t1' as TaskId);
    await vi.advanceTimersByTimeAsync(0);
    expect(detail.logTail).toBe('line 1');
    await vi.advanceTimersByTimeAsync(logPollMilliseconds);
    expect(detail.logTail).toBe('line 1\nline 2');
    detail.close();
    await vi.advanceTimersByTimeAsync(logPollMilliseconds * 3);
    expect(contract.calls.length).toBe(2);
  });
});

describe('SettingsState', () => {
  it('applies the theme setting to the page and mutes a notification kind', async () => {
    let stored: AppSettings = { ...defaultSettings, theme: 'dark' };
    const contract = fakeContract({
      'settings:get': () => stored,
      'managers:list': () => [],
      'settings:update': (changes) => {
        stored = { ...stored, ...changes };
        return stored;
      },
    });
    setIpcForTesting(contract);
    const settings = new SettingsState();
    await settings.start();
    expect(document.documentElement.dataset['theme']).toBe('dark');
    await settings.setNotification('worker-offline', false);
    await settings.update({ theme: 'system' });
    expect([settings.values?.mutedNotifications, document.documentElement.dataset['theme']]).toEqual([['worker-offline'], undefined]);
  });
});
