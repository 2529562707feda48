import { describe, expect, it } from 'vitest';
import {
  type AvailableJobSetting,
  computeJobTypeEtag,
  echoSleepTestDefinition,
  type LastRenderedSuffix,
  lastRenderedImage,
  simpleBlenderRenderDefinition,
  startManagerDouble,
  useManagerDouble,
} from '../../../support/manager-double/index';

type Json = Record<string, unknown>;

async function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; text: string; contentType: string | null }> {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, contentType: response.headers.get('content-type') };
}

/** Width and height from a JPEG's start-of-frame segment; undefined when `bytes` is no JPEG. */
function jpegSize(bytes: Buffer): readonly [number, number] | undefined {
  if (bytes.readUInt16BE(0) !== 0xffd8) return undefined;
  let offset = 2;
  while (offset + 9 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] ?? 0;
    // SOF0..SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5)];
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

const renderEtag = computeJobTypeEtag('simple-blender-render', simpleBlenderRenderDefinition);

function renderJob(settings: Json = {}): Json {
  return {
    name: 'Shot 010',
    type: 'simple-blender-render',
    type_etag: renderEtag,
    priority: 50,
    submitter_platform: 'linux',
    settings: {
      frames: '1-10',
      chunk_size: 4,
      render_output_root: '/render',
      add_path_components: 0,
      render_output_path: '/render/shot/{timestamp}/######',
      blendfile: '{jobs}/shot-010/shot.blend',
      fps: 24,
      format: 'PNG',
      image_file_extension: '.png',
      has_previews: false,
      scene: 'Scene',
      ...settings,
    },
    metadata: { project: 'Sprite Fright' },
    storage: { shaman_checkout_id: 'shot-010' },
  };
}

describe('ManagerDouble HTTP API', () => {
  const manager = useManagerDouble({ name: 'Studio Farm', now: () => new Date('2026-04-13T10:00:00Z') });

  it('answers version and configuration like a 3.9 Manager', async () => {
    const double = manager();
    const version = await call(double.url, 'GET', '/api/v3/version');
    const configuration = await call(double.url, 'GET', '/api/v3/configuration');
    expect(version.json).toEqual({ version: '3.9-beta1', shortversion: '3.9', name: 'Studio Farm', git: 'double' });
    expect(configuration.json).toEqual({ storageLocation: double.config.storageLocation, shamanEnabled: true, isFirstRun: false });
  });

  it('lists both built-in job types with the Manager-computed etags', async () => {
    const response = await call(manager().url, 'GET', '/api/v3/jobs/types');
    const types = (response.json as { job_types: { name: string; etag: string }[] }).job_types;
    expect(types.map((type) => [type.name, type.etag])).toEqual([
      ['echo-sleep-test', 'eba586e16d6b55baaa43e32f9e78ae514b457fee'],
      ['simple-blender-render', renderEtag],
    ]);
  });

  it('rejects a request that breaks the spec with 400 {message} and records the violation', async () => {
    const double = manager();
    const response = await call(double.url, 'POST', '/api/v3/jobs', { name: 'no type' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.json as Json)).toEqual(['message']);
    expect(double.specViolations.map((violation) => [violation.direction, violation.operationId])).toEqual([['request', 'submitJob']]);
    double.specViolations.length = 0;
  });

  it('records a response that breaks the spec', async () => {
    const double = manager();
    const broken = [{ key: 'mode', type: 'enum-of-doom' }] as unknown as AvailableJobSetting[];
    double.addJobType('broken', { label: 'Broken', settings: broken });
    await call(double.url, 'GET', '/api/v3/jobs/type/broken');
    expect(double.specViolations.map((violation) => [violation.direction, violation.operationId, violation.status])).toEqual([
      ['response', 'getJobType', 200],
    ]);
    double.specViolations.length = 0;
  });

  it('accepts a job check with 204 and compiles a submitted render job into chunked tasks plus a video task', async () => {
    const double = manager();
    const check = await call(double.url, 'POST', '/api/v3/jobs/check', renderJob());
    const submit = await call(double.url, 'POST', '/api/v3/jobs', renderJob());
    const job = submit.json as Json;
    const tasks = await call(double.url, 'GET', `/api/v3/jobs/${String(job['id'])}/tasks`);
    const summaries = (tasks.json as { tasks: Json[] }).tasks;
    expect(check.status).toBe(204);
    expect(submit.status).toBe(200);
    expect(job['status']).toBe('queued');
    expect(job['steps_total']).toBe(10);
    expect((job['settings'] as Json)['render_output_path']).toBe(`/render/shot/${localStamp(new Date('2026-04-13T10:00:00Z'))}/######`);
    expect(summaries.map((task) => [task['name'], task['task_type'], task['steps_total'], task['status']])).toEqual([
      ['render-1-4', 'blender', 4, 'queued'],
      ['render-5-8', 'blender', 4, 'queued'],
      ['render-9-10', 'blender', 2, 'queued'],
      ['preview-video', 'ffmpeg', 0, 'queued'],
    ]);
  });

  it('rejects a video output format with the compiler message', async () => {
    const response = await call(manager().url, 'POST', '/api/v3/jobs/check', renderJob({ format: 'FFMPEG' }));
    expect(response).toMatchObject({ status: 400, json: { code: 400, message: 'This job type only renders images, and not "FFMPEG"' } });
  });

  it('answers 412 for an outdated etag and 400 for an unknown job type', async () => {
    const double = manager();
    const outdated = await call(double.url, 'POST', '/api/v3/jobs', { ...renderJob(), type_etag: 'stale' });
    const unknown = await call(double.url, 'POST', '/api/v3/jobs/check', { ...renderJob(), type: 'nope' });
    expect([outdated.status, unknown.json]).toEqual([412, { code: 400, message: 'job type unknown' }]);
  });

  it('fails with 500 on submit, but not on check, when the worker tag is unknown', async () => {
    const double = manager();
    const job = { ...renderJob(), worker_tag: '0f6d9e5a-3a1b-4e44-9a4f-2b6c5b1d7e10' };
    const check = await call(double.url, 'POST', '/api/v3/jobs/check', job);
    const submit = await call(double.url, 'POST', '/api/v3/jobs', job);
    expect([check.status, submit.status]).toEqual([204, 500]);
  });

  it('replaces two-way variables in submitted settings', async () => {
    const double = await startManagerDouble({ variables: { render: { isTwoWay: true, values: { linux: '/mnt/render', windows: 'R:' } } } });
    try {
      const response = await call(double.url, 'POST', '/api/v3/jobs', renderJob({ render_output_root: '/mnt/render/shots' }));
      expect(((response.json as Json)['settings'] as Json)['render_output_root']).toBe('{render}/shots');
    } finally {
      await double.close();
    }
    double.assertNoSpecViolations();
  });

  it('compiles echo-sleep-test into an echo task and sleep tasks', async () => {
    const double = manager();
    const etag = computeJobTypeEtag('echo-sleep-test', echoSleepTestDefinition);
    const submitted = await call(double.url, 'POST', '/api/v3/jobs', {
      name: 'echo',
      type: 'echo-sleep-test',
      type_etag: etag,
      priority: 50,
      submitter_platform: 'linux',
      settings: { message: 'hi', sleep_duration_seconds: 1, sleep_repeats: 2 },
    });
    expect(double.state.tasks.map((task) => [task.name, task.commands[0]?.name])).toEqual([
      ['echo', 'echo'],
      ['sleep', 'sleep'],
      ['sleep', 'sleep'],
    ]);
    expect(submitted.status).toBe(200);
  });

  it('applies the legal status transitions and answers 500 to illegal ones', async () => {
    const double = manager();
    const job = (await call(double.url, 'POST', '/api/v3/jobs', renderJob())).json as Json;
    const id = String(job['id']);
    const illegal = await call(double.url, 'POST', `/api/v3/jobs/${id}/setstatus`, { status: 'requeueing', reason: 'x' });
    const cancel = await call(double.url, 'POST', `/api/v3/jobs/${id}/setstatus`, { status: 'cancel-requested', reason: 'stop' });
    const afterCancel = (await call(double.url, 'GET', `/api/v3/jobs/${id}`)).json as Json;
    const requeue = await call(double.url, 'POST', `/api/v3/jobs/${id}/setstatus`, { status: 'requeueing', reason: 'again' });
    const afterRequeue = (await call(double.url, 'GET', `/api/v3/jobs/${id}`)).json as Json;
    expect([illegal.status, cancel.status, afterCancel['status'], requeue.status, afterRequeue['status']]).toEqual([500, 204, 'canceled', 204, 'queued']);
    expect(double.state.tasks.map((task) => task.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
  });

  it('moves the job through active to completed as the driver advances tasks', async () => {
    const double = manager();
    const job = (await call(double.url, 'POST', '/api/v3/jobs', renderJob({ frames: '1-2', chunk_size: 1, fps: 0 }))).json as Json;
    const id = String(job['id']);
    const worker = double.addWorker({ name: 'render-01' });
    double.advanceTask(id);
    const active = double.state.jobs[0]?.status;
    double.advanceTask(id);
    const task = double.state.tasks[0];
    double.completeJob(id);
    expect([active, task?.status, task?.worker?.name, double.state.jobs[0]?.status, double.state.jobs[0]?.steps_completed]).toEqual([
      'active',
      'completed',
      'render-01',
      'completed',
      2,
    ]);
    expect(worker).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to cancel a completed task, and requeues every task when one task of a completed job is requeued', async () => {
    const double = manager();
    const job = (await call(double.url, 'POST', '/api/v3/jobs', renderJob({ frames: '1-2', chunk_size: 1, fps: 0 }))).json as Json;
    const [first, second] = double.state.tasks;
    double.completeJob(String(job['id']));
    const refuse = await call(double.url, 'POST', `/api/v3/tasks/${first?.id ?? ''}/setstatus`, { status: 'canceled', reason: 'x' });
    const requeue = await call(double.url, 'POST', `/api/v3/tasks/${second?.id ?? ''}/setstatus`, { status: 'queued', reason: 'redo' });
    expect([refuse.status, requeue.status, double.state.jobs[0]?.status, double.state.tasks.map((task) => task.status)]).toEqual([
      500,
      204,
      'queued',
      // completed -> requeueing requeues all tasks of the job (task_state_machine requeueTasks).
      ['queued', 'queued'],
    ]);
  });

  it('requests deletion first and deletes the job and its Shaman checkout afterwards', async () => {
    const double = await startManagerDouble({ autoDelete: false });
    try {
      const job = (await call(double.url, 'POST', '/api/v3/jobs', renderJob())).json as Json;
      const id = String(job['id']);
      const what = await call(double.url, 'GET', `/api/v3/jobs/${id}/what-would-delete-do`);
      const deletion = await call(double.url, 'DELETE', `/api/v3/jobs/${id}`);
      const requested = (await call(double.url, 'GET', `/api/v3/jobs/${id}`)).json as Json;
      await double.processDeletions();
      const gone = await call(double.url, 'GET', `/api/v3/jobs/${id}`);
      expect([what.json, deletion.status, typeof requested['delete_requested_at'], gone.status]).toEqual([{ shaman_checkout: true }, 204, 'string', 404]);
    } finally {
      await double.close();
    }
    double.assertNoSpecViolations();
  });

  it('serves task logs: 204 without a log, the tail as text and the log info with one', async () => {
    const double = manager();
    await call(double.url, 'POST', '/api/v3/jobs', renderJob());
    const taskId = double.state.tasks[0]?.id ?? '';
    const before = await call(double.url, 'GET', `/api/v3/tasks/${taskId}/logtail`);
    double.setTaskLog(taskId, 'line 1\nline 2');
    const tail = await call(double.url, 'GET', `/api/v3/tasks/${taskId}/logtail`);
    const info = (await call(double.url, 'GET', `/api/v3/tasks/${taskId}/log`)).json as { url: string; size: number };
    const full = await call(double.url, 'GET', info.url);
    expect([before.status, tail.text, info.size, full.text]).toEqual([204, 'line 1\nline 2', 13, 'line 1\nline 2']);
  });

  it('serves variables and shared storage for users of a platform', async () => {
    const double = manager();
    const variables = await call(double.url, 'GET', '/api/v3/configuration/variables/users/linux');
    const storage = await call(double.url, 'GET', '/api/v3/configuration/shared-storage/users/windows');
    expect(variables.json).toEqual({
      blender: { value: 'blender', is_twoway: false },
      blenderArgs: { value: '-b -y', is_twoway: false },
      jobs: { value: `${double.config.storageLocation}/jobs`, is_twoway: false },
    });
    expect(storage.json).toEqual({ location: double.config.storageLocation, audience: 'users', platform: 'windows', shamanEnabled: true });
  });

  it('manages worker tags, workers, sleep schedules, blocklists and last-rendered info', async () => {
    const double = manager();
    const tag = (await call(double.url, 'POST', '/api/v3/worker-mgt/tags', { name: 'GPU' })).json as { id: string };
    const workerId = double.addWorker({ name: 'gpu-01' });
    await call(double.url, 'POST', `/api/v3/worker-mgt/workers/${workerId}/settags`, { tag_ids: [tag.id] });
    await call(double.url, 'POST', `/api/v3/worker-mgt/workers/${workerId}/sleep-schedule`, { is_active: true, days_of_week: 'mo tu', start_time: '09:00', end_time: '18:00' });
    const job = (await call(double.url, 'POST', '/api/v3/jobs', { ...renderJob(), worker_tag: tag.id })).json as Json;
    const id = String(job['id']);
    double.failTask(double.state.tasks[0]?.id ?? '', { workerId, soft: true });
    const blocklist = await call(double.url, 'GET', `/api/v3/jobs/${id}/blocklist`);
    const noImage = await call(double.url, 'GET', `/api/v3/jobs/${id}/last-rendered`);
    double.setLastRendered(id);
    const image = await call(double.url, 'GET', '/api/v3/jobs/last-rendered');
    const worker = (await call(double.url, 'GET', `/api/v3/worker-mgt/workers/${workerId}`)).json as Json;
    const schedule = await call(double.url, 'GET', `/api/v3/worker-mgt/workers/${workerId}/sleep-schedule`);
    expect(blocklist.json).toEqual([{ worker_id: workerId, task_type: 'blender', worker_name: 'gpu-01' }]);
    expect([noImage.status, image.json]).toEqual([204, { base: `/job-files/job-${id}/last-rendered`, suffixes: ['last-rendered.jpg', 'last-rendered-small.jpg', 'last-rendered-tiny.jpg'] }]);
    expect([worker['tags'], job['worker_tag'], schedule.json]).toEqual([
      [{ id: tag.id, name: 'GPU', description: '' }],
      tag.id,
      { is_active: true, days_of_week: 'mo tu', start_time: '09:00', end_time: '18:00' },
    ]);
  });

  it('serves real JPEGs in the Manager\'s three sizes under the last-rendered base', async () => {
    const double = manager();
    const id = String(((await call(double.url, 'POST', '/api/v3/jobs', renderJob())).json as Json)['id']);
    const before = await fetch(`${double.url}/job-files/job-${id}/last-rendered/last-rendered.jpg`);
    double.setLastRendered(id);
    const info = (await call(double.url, 'GET', `/api/v3/jobs/${id}/last-rendered`)).json as { base: string; suffixes: string[] };
    const images = await Promise.all(
      info.suffixes.map(async (suffix) => {
        const response = await fetch(`${double.url}${info.base}/${suffix}`);
        const bytes = Buffer.from(await response.arrayBuffer());
        return [suffix, response.status, response.headers.get('content-type'), jpegSize(bytes), bytes.equals(lastRenderedImage(suffix as LastRenderedSuffix))];
      }),
    );
    expect([before.status, images]).toEqual([
      404,
      [
        ['last-rendered.jpg', 200, 'image/jpeg', [1920, 1080], true],
        ['last-rendered-small.jpg', 200, 'image/jpeg', [600, 338], true],
        ['last-rendered-tiny.jpg', 200, 'image/jpeg', [200, 112], true],
      ],
    ]);
  });

  it('logs requests with method, path and headers', async () => {
    const double = manager();
    await fetch(`${double.url}/api/v3/version`, { headers: { Authorization: 'Bearer token' } });
    expect(double.requests.map((request) => [request.method, request.path, request.headers['authorization'], request.outcome])).toEqual([
      ['GET', '/api/v3/version', 'Bearer token', 200],
    ]);
  });

  it('keeps its state and port across a restart', async () => {
    const double = manager();
    await call(double.url, 'POST', '/api/v3/jobs', renderJob());
    const port = double.port;
    await double.restart();
    const jobs = await call(double.url, 'GET', '/api/v3/jobs');
    expect([double.port, (jobs.json as { jobs: unknown[] }).jobs.length]).toEqual([port, 1]);
  });
});

function localStamp(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}
