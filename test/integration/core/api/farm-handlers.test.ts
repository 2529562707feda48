import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobId, TaskId } from '../../../../electron/common/domain/farm';
import { createContractHandlers } from '../../../../electron/core/api/contract-handlers';
import type { ContractHandlers } from '../../../../electron/core/api/contract-handlers';
import { dispatch } from '../../../../electron/core/api/dispatch';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import { lastRenderedImage, useManagerDouble } from '../../../support/manager-double/index';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('farmHandlers', () => {
  const manager = useManagerDouble();
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  let handlers: ContractHandlers;
  const opened: string[] = [];

  async function submitEcho(name: string): Promise<JobId> {
    const response = await fetch(`${manager().url}/api/v3/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, type: 'echo-sleep-test', priority: 50, submitter_platform: 'linux', settings: { message: 'hi' }, metadata: {} }),
    });
    return ((await response.json()) as { readonly id: JobId }).id;
  }

  beforeEach(async () => {
    directory = makeTemporaryDirectory();
    opened.length = 0;
    core = createCore({
      paths: { dataDirectory: join(directory.path, 'data'), temporaryDirectory: join(directory.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      opener: { openPath: async (path) => void opened.push(path), openExternal: async () => undefined },
      appVersion: '1.2.3',
    });
    const profile = await core.managers.add({ name: 'Double', url: `${manager().url}/` });
    core.managers.use(profile.id);
    handlers = createContractHandlers(core, 'bridge');
  });

  afterEach(async () => {
    await core.close();
    directory.remove();
  });

  it('lists job types with editable and required only where the Manager sent them', async () => {
    const types = await handlers['job-types:list']();
    const simple = types.find((type) => type.name === 'simple-blender-render');
    const byKey = new Map(simple?.settings.map((setting) => [setting.key, setting]));
    expect([byKey.get('frames')?.editable, byKey.get('frames')?.required, byKey.get('render_output_path')?.editable, byKey.get('chunk_size')?.required]).toEqual([
      undefined,
      true,
      false,
      undefined,
    ]);
  });

  it('applies an action to each job on its own and refuses transitions the Manager would answer with 500', async () => {
    const queued = await submitEcho('queued one');
    const completed = await submitEcho('completed one');
    manager().completeJob(completed);
    const report = await handlers['jobs:act']({ jobIds: [queued, completed], action: 'pause' });
    expect(report.succeeded).toEqual([queued]);
    expect(report.failed.map((failure) => [failure.id, failure.error.code, failure.error.message])).toEqual([
      [completed, 'conflict', 'Cannot pause job "completed one" while it is completed'],
    ]);
    // A queued job has no running task to wait for, so the Manager pauses it at once.
    expect(manager().state.jobs.find((job) => job.id === queued)?.status).toBe('paused');
  });

  it('cancels a task, and validates the arguments before core sees them', async () => {
    const jobId = await submitEcho('tasks');
    const task = manager().state.tasks.find((candidate) => candidate.job_id === jobId);
    const taskId = task?.id as TaskId;
    expect(await handlers['tasks:act']({ taskIds: [taskId], action: 'cancel' })).toEqual({ succeeded: [taskId], failed: [] });
    expect(manager().state.tasks.find((candidate) => candidate.id === taskId)?.status).toBe('canceled');
    expect(await dispatch(handlers, 'tasks:act', { taskIds: [], action: 'cancel' })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'Invalid arguments for tasks:act at taskIds: Too small: expected array to have >=1 items' },
    });
  });

  it('fetches the last rendered image as a data URL (the renderer cannot reach the Manager)', async () => {
    const jobId = await submitEcho('rendered');
    expect(await handlers['jobs:last-rendered']({ jobId })).toBeNull();
    manager().setLastRendered(jobId);
    expect(await handlers['jobs:last-rendered']({ jobId })).toEqual({
      dataUrl: `data:image/jpeg;base64,${lastRenderedImage('last-rendered-small.jpg').toString('base64')}`,
      suffix: 'last-rendered-small.jpg',
    });
  });

  it('reads the log tail of a task (null before there is one)', async () => {
    const jobId = await submitEcho('logs');
    const taskId = manager().state.tasks.find((candidate) => candidate.job_id === jobId)?.id as TaskId;
    expect(await handlers['tasks:log-tail']({ taskId })).toBeNull();
    manager().setTaskLog(taskId, 'line 1\nline 2');
    expect(await handlers['tasks:log-tail']({ taskId })).toBe('line 1\nline 2');
  });

  it('starts the live farm for the snapshot and follows a watched job', async () => {
    const jobId = await submitEcho('watched');
    const snapshot = await handlers['farm:snapshot']();
    expect([snapshot.manager?.name, snapshot.jobs.map((job) => job.name), snapshot.version?.name]).toEqual(['Double', ['watched'], 'Flamenco Double']);
    const tasks = await handlers['jobs:tasks']({ jobId });
    expect(tasks.map((task) => task.name)).toEqual(manager().state.tasks.filter((task) => task.job_id === jobId).map((task) => task.name));
  });
});
