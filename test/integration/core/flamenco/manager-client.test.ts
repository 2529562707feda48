import { describe, expect, it, vi } from 'vitest';
import type { JobId } from '../../../../electron/common/domain/farm';
import { CoreError } from '../../../../electron/core/errors';
import type { SubmittedJob } from '../../../../electron/core/flamenco/manager-client';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { useManagerDouble } from '../../../support/manager-double';

const manager = useManagerDouble({
  name: 'Studio Farm',
  version: '3.9',
  variables: { render: { isTwoWay: true, values: { linux: '/mnt/render', windows: 'R:\\render' } } },
});

function client(): ManagerClient {
  return ManagerClient.create({ baseUrl: manager().url, timeoutMilliseconds: 5_000 });
}

async function submitEcho(name = 'echo job', overrides: Partial<SubmittedJob> = {}): Promise<JobId> {
  const api = client();
  const jobType = await api.jobType('echo-sleep-test');
  const job = await api.submitJob({
    name,
    type: 'echo-sleep-test',
    type_etag: jobType.etag,
    priority: 50,
    submitter_platform: 'linux',
    settings: { message: 'hello', sleep_duration_seconds: 1, sleep_repeats: 2 },
    metadata: { project: 'sprite' },
    ...overrides,
  });
  return job.id;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('ManagerClient against the Manager double', () => {
  it('reads version, farm status, configuration, shared storage and variables', async () => {
    const api = client();

    const [version, status, configuration, storage, variables] = await Promise.all([
      api.version(),
      api.farmStatus(),
      api.configuration(),
      api.sharedStorage('linux'),
      api.variables('windows'),
    ]);

    expect(version).toEqual({ version: '3.9', shortVersion: expect.any(String), name: 'Studio Farm', git: expect.any(String) });
    expect(status).toBe(manager().state.farmStatus);
    expect(configuration).toEqual({ storageLocation: manager().config.storageLocation, shamanEnabled: true, isFirstRun: false });
    expect(storage).toEqual({ location: manager().config.storageLocation, platform: 'linux', shamanEnabled: true });
    expect(variables.find((variable) => variable.name === 'render')).toEqual({ name: 'render', value: 'R:\\render', isTwoWay: true });
  });

  it('lists job types and reads one with its etag', async () => {
    const api = client();

    const types = await api.jobTypes();
    const echo = await api.jobType('echo-sleep-test');

    expect(types.map((type) => type.name).sort()).toEqual(['echo-sleep-test', 'simple-blender-render']);
    expect(echo).toEqual(types.find((type) => type.name === 'echo-sleep-test'));
    expect(await failure(api.jobType('no-such-type'))).toEqual({ code: 'not-found', status: 404 });
  });

  it('checks, submits, lists and reads jobs', async () => {
    const api = client();
    const jobType = await api.jobType('echo-sleep-test');
    const submission: SubmittedJob = {
      name: 'check me',
      type: 'echo-sleep-test',
      type_etag: jobType.etag,
      priority: 40,
      submitter_platform: 'linux',
      settings: { message: 'hi', sleep_duration_seconds: 1, sleep_repeats: 1 },
    };

    await api.checkJob(submission);
    const submitted = await api.submitJob(submission);
    const listed = await api.jobs();
    const read = await api.job(submitted.id);

    expect(listed).toEqual([read]);
    expect(read).toEqual({ ...submitted, status: read.status, updated: read.updated, activity: read.activity });
    expect([read.name, read.priority, read.type, read.stepsTotal]).toEqual(['check me', 40, 'echo-sleep-test', manager().state.jobs[0]?.steps_total]);
  });

  it('reports a changed job type etag as manager-job-type-changed', async () => {
    const api = client();
    const submission: SubmittedJob = {
      name: 'stale',
      type: 'echo-sleep-test',
      type_etag: 'stale-etag',
      priority: 50,
      submitter_platform: 'linux',
      settings: { message: 'hi' },
    };

    expect([await failure(api.checkJob(submission)), await failure(api.submitJob(submission))]).toEqual([
      { code: 'manager-job-type-changed', status: 412 },
      { code: 'manager-job-type-changed', status: 412 },
    ]);
  });

  it('changes job status, priority and tag', async () => {
    const api = client();
    const jobId = await submitEcho();
    const tag = await api.createWorkerTag({ name: 'gpu', description: 'GPU boxes' });

    await api.setJobStatus(jobId, 'pause-requested', 'test');
    await api.setJobPriority(jobId, 80);
    await api.setJobTag(jobId, tag.id);
    const job = await api.job(jobId);

    expect([job.status === 'pause-requested' || job.status === 'paused', job.priority, job.workerTagId]).toEqual([true, 80, tag.id]);
    expect(await failure(api.setJobPriority(jobId, 101))).toEqual({ code: 'invalid-argument', status: undefined });
  });

  it('answers an illegal job transition with manager-http 500, like the Manager', async () => {
    const api = client();
    const jobId = await submitEcho();
    manager().completeJob(jobId);

    expect(await failure(api.setJobStatus(jobId, 'pause-requested', 'test'))).toEqual({ code: 'manager-http', status: 500 });
  });

  it('tells what deleting does, then deletes a job', async () => {
    const api = client();
    const jobId = await submitEcho('to delete', { storage: { shaman_checkout_id: 'proj/shot' } });
    await api.setJobStatus(jobId, 'cancel-requested', 'test');

    const what = await api.whatWouldDeleteDo(jobId);
    await api.deleteJob(jobId);
    await manager().processDeletions();

    expect(what).toEqual({ deletesShamanCheckout: true });
    // The Manager deletes in the background; the double does too.
    await vi.waitFor(async () => expect(await api.jobs()).toEqual([]));
  });

  it('lists tasks, reads a task, changes its status and reads its logs', async () => {
    const api = client();
    const jobId = await submitEcho();
    const workerId = manager().addWorker({ name: 'box-1' });
    const activeTask = manager().advanceTask(jobId, { workerId });
    manager().setTaskLog(activeTask.id, 'line 1\nline 2\n');

    const tasks = await api.jobTasks(jobId);
    const task = await api.task(activeTask.id);
    const tail = await api.taskLogTail(activeTask.id);
    const info = await api.taskLogInfo(activeTask.id);
    await api.setTaskStatus(activeTask.id, 'canceled', 'test');
    const canceled = await api.task(activeTask.id);

    expect(tasks.map((entry) => [entry.name, entry.jobId, entry.worker])).toEqual([
      ['echo', jobId, { id: workerId, name: 'box-1' }],
      ['sleep', jobId, undefined],
      ['sleep', jobId, undefined],
    ]);
    expect([task.id, task.jobId, task.status, task.worker]).toEqual([activeTask.id, jobId, 'active', { id: workerId, name: 'box-1' }]);
    expect(tail).toContain('line 2');
    expect(info?.size).toBe('line 1\nline 2\n'.length);
    expect(info?.url.startsWith(`${manager().url}/`)).toBe(true);
    expect(canceled.status).toBe('canceled');
  });

  it('returns undefined for a task without a log yet', async () => {
    const api = client();
    const jobId = await submitEcho();
    const [first] = await api.jobTasks(jobId);

    expect([await api.taskLogTail(first?.id ?? ''), await api.taskLogInfo(first?.id ?? '')]).toEqual([undefined, undefined]);
  });

  it('reads and clears a job blocklist', async () => {
    const api = client();
    const jobId = await submitEcho();
    const workerId = manager().addWorker({ name: 'flaky' });
    const task = manager().advanceTask(jobId, { workerId });
    manager().failTask(task.id, { workerId, soft: true });

    const before = await api.blocklist(jobId);
    await api.removeFromBlocklist(jobId, before);
    const after = await api.blocklist(jobId);

    expect([before, after]).toEqual([[{ workerId, workerName: 'flaky', taskType: 'misc' }], []]);
  });

  it('reads last-rendered images of a job and of the farm as absolute URLs', async () => {
    const api = client();
    const jobId = await submitEcho();
    const none = await api.jobLastRendered(jobId);
    manager().setLastRendered(jobId);

    const [image, global] = await Promise.all([api.jobLastRendered(jobId), api.globalLastRendered()]);

    expect(none).toBeUndefined();
    expect(image?.base.startsWith(`${manager().url}/`)).toBe(true);
    expect(image?.suffixes).toEqual(['last-rendered.jpg', 'last-rendered-small.jpg', 'last-rendered-tiny.jpg']);
    expect(global).toEqual(image);
  });

  it('manages workers: list, read, status, tags, sleep schedule, delete', async () => {
    const api = client();
    const workerId = manager().addWorker({ name: 'box-2', platform: 'windows' });
    const tag = await api.createWorkerTag({ name: 'cpu' });

    const listed = await api.workers();
    await api.setWorkerStatus(workerId, 'asleep', true);
    await api.setWorkerTags(workerId, [tag.id]);
    const noSchedule = await api.sleepSchedule(workerId);
    await api.setSleepSchedule(workerId, { isActive: true, daysOfWeek: 'mo tu', startTime: '09:00', endTime: '18:00' });
    const schedule = await api.sleepSchedule(workerId);
    const detail = await api.worker(workerId);
    await api.deleteWorker(workerId);

    expect(listed.map((worker) => [worker.id, worker.name, worker.status])).toEqual([[workerId, 'box-2', 'awake']]);
    expect(noSchedule).toBeUndefined();
    expect(schedule).toEqual({ isActive: true, daysOfWeek: 'mo tu', startTime: '09:00', endTime: '18:00' });
    expect([detail.platform, detail.statusChange, detail.tags]).toEqual(['windows', { status: 'asleep', isLazy: true }, [tag]]);
    expect(await api.workers()).toEqual([]);
    expect(await failure(api.worker(workerId))).toEqual({ code: 'not-found', status: 404 });
  });

  it('manages worker tags: list, create, update, delete', async () => {
    const api = client();

    const created = await api.createWorkerTag({ name: 'gpu', description: 'first' });
    await api.updateWorkerTag({ ...created, name: 'GPU', description: 'renamed' });
    const afterUpdate = await api.workerTags();
    await api.deleteWorkerTag(created.id);

    expect(afterUpdate).toEqual([{ id: created.id, name: 'GPU', description: 'renamed' }]);
    expect(await api.workerTags()).toEqual([]);
  });
});
