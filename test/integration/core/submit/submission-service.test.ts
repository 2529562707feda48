import { randomUUID } from 'node:crypto';
import { mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubmissionId, SubmissionRequest, SubmissionState } from '../../../../electron/common/domain/submission';
import { submissionMetadataKey } from '../../../../electron/common/domain/submission';
import type { Inspector } from '../../../../electron/core/submit/ports';
import { defaultsInspector } from '../../../../electron/core/submit/blender-inspector';
import { recordingNotifier } from '../../../support/fake-ports';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import type { JobTypeDefinition } from '../../../support/manager-double/index';
import { useManagerDouble } from '../../../support/manager-double/index';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';
import type { SubmitHarness, SubmitHarnessOptions } from '../../../support/submit/submit-harness';
import { createSubmitHarness, doubleManagerId } from '../../../support/submit/submit-harness';

const testRender: JobTypeDefinition = {
  label: 'Test Render',
  settings: [
    { key: 'frames', type: 'string', required: true, eval: "f'{C.scene.frame_start}-{C.scene.frame_end}'" },
    { key: 'chunk_size', type: 'int32', default: 1 },
    { key: 'message', type: 'string', default: 'hello' },
    { key: 'blendfile', type: 'string', required: true, visible: 'web' },
  ],
};

const manager = useManagerDouble();
/** Backoff delays are scaled by 0.5 + random / 2; the harness's random is 0.5. */
const jitter = 0.75;
let folder: ReturnType<typeof makeTemporaryDirectory>;
let harness: SubmitHarness | undefined;
let clock: ManualClock;
let notifier: ReturnType<typeof recordingNotifier>;
let blendPath: string;
let texturePath: string;

/** Inspection as Blender would give it for the fixture: the texture is a dependency. */
const withTexture: Inspector = {
  async inspect(request) {
    const base = await defaultsInspector.inspect(request);
    return { ...base, dependencies: [{ absolutePath: texturePath, storedPath: '//../textures/wood.png', exists: true, insideProject: true }] };
  },
};

function start(options: Partial<SubmitHarnessOptions> = {}): SubmitHarness {
  harness = createSubmitHarness({
    managerUrl: manager().url,
    dataDirectory: join(folder.path, 'data'),
    notifier,
    clock,
    inspector: withTexture,
    random: () => 0.5,
    backoff: { baseMilliseconds: 1_000, maxMilliseconds: 8_000 },
    ...options,
  });
  return harness;
}

function request(overrides: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    blendPath,
    managerId: doubleManagerId,
    jobType: 'test-render',
    jobName: 'Shot one',
    settings: { frames: '1-10' },
    priority: 50,
    paused: false,
    scout: 'off',
    ...overrides,
  };
}

function stateOf(id: SubmissionId): SubmissionState {
  if (harness === undefined) throw new Error('no harness');
  return harness.service.get(id).state;
}

function postedJobs(): number {
  return manager().requests.filter((entry) => entry.method === 'POST' && entry.path === '/api/v3/jobs').length;
}

beforeEach(() => {
  folder = makeTemporaryDirectory('flamenco-desk-submit-');
  clock = new ManualClock();
  notifier = recordingNotifier();
  const project = join(folder.path, 'project');
  mkdirSync(join(project, 'shots'), { recursive: true });
  mkdirSync(join(project, 'textures'), { recursive: true });
  writeFileSync(join(project, '.blender_project'), '');
  blendPath = join(project, 'shots', 'shot.blend');
  texturePath = join(project, 'textures', 'wood.png');
  writeFileSync(blendPath, 'BLENDER-v304 pretend scene');
  writeFileSync(texturePath, 'pretend texture');
  manager().addJobType('test-render', testRender);
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
  folder.remove();
});

describe('SubmissionService', () => {
  it('submits a job with its settings, the checked-out blendfile path, the checkout id and its submission id', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ priority: 70 }));
    await service.whenSettled();

    const state = stateOf(submission.id);
    const job = manager().state.jobs.find((candidate) => candidate.metadata?.[submissionMetadataKey] === submission.id);
    const checkout = `Shot one-${submission.id.slice(0, 8)}`;
    expect({ state, job: job && { name: job.name, type: job.type, priority: job.priority, settings: job.settings, storage: job.storage } }).toEqual({
      state: { phase: 'submitted', jobId: job?.id, jobStatus: 'queued' },
      job: {
        name: 'Shot one',
        type: 'test-render',
        priority: 70,
        settings: { frames: '1-10', chunk_size: 1, message: 'hello', blendfile: `{jobs}/${checkout}/shots/shot.blend` },
        storage: { shaman_checkout_id: checkout },
      },
    });
    const checkoutRoot = join(manager().shaman.checkoutRoot, checkout);
    expect([readlinkSync(join(checkoutRoot, 'shots', 'shot.blend')) !== '', readlinkSync(join(checkoutRoot, 'textures', 'wood.png')) !== '']).toEqual([
      true,
      true,
    ]);
    expect(notifier.shown).toEqual([
      { kind: 'upload-finished', title: 'Upload finished', body: 'Shot one: the files are on the farm', target: { screen: 'queue', submissionId: submission.id } },
    ]);
  });

  it('waits for an unreachable Manager and continues by itself once a probe finds it back', async () => {
    const { service } = start();
    await manager().down();
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    const waiting = stateOf(submission.id);
    expect(waiting.phase === 'waiting-for-manager' ? { resume: waiting.resume, attempt: waiting.attempt, wait: waiting.nextAttemptAt - clock.now() } : waiting).toEqual({
      resume: { phase: 'draft' },
      attempt: 1,
      wait: 1_000 * jitter,
    });

    clock.advance(1_000 * jitter);
    await service.whenSettled();
    const second = stateOf(submission.id);
    expect(second.phase === 'waiting-for-manager' ? { attempt: second.attempt, wait: second.nextAttemptAt - clock.now() } : second).toEqual({ attempt: 2, wait: 2_000 * jitter });

    await manager().up();
    clock.advance(2_000 * jitter);
    await service.whenSettled();
    expect([stateOf(submission.id).phase, postedJobs(), notifier.shown.map((shown) => shown.kind)]).toEqual([
      'submitted',
      1,
      ['queue-resumed', 'upload-finished'],
    ]);
  });

  it('continues at once when told the Manager is back, keeping priority order', async () => {
    const { service } = start({ concurrency: 1 });
    await manager().down();
    service.start();
    const low = service.submit(request({ jobName: 'low', priority: 10 }));
    const high = service.submit(request({ jobName: 'high', priority: 90 }));
    await service.whenSettled();
    expect([stateOf(low.id).phase, stateOf(high.id).phase]).toEqual(['waiting-for-manager', 'waiting-for-manager']);

    await manager().up();
    service.managerReachable(doubleManagerId);
    await service.whenSettled();
    expect(manager().state.jobs.map((job) => job.name)).toEqual(['high', 'low']);
  });

  it('puts a job the compiler rejects (400) in needs-attention with the Manager text, without retrying', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ jobType: 'simple-blender-render', settings: { frames: '1-3', render_output_root: '/render', format: 'FFMPEG', render_output_path: '/render/out/######', image_file_extension: '.mkv', scene: 'Scene' } }));
    await service.whenSettled();
    clock.advance(600_000);
    await service.whenSettled();
    const state = stateOf(submission.id);
    expect(state.phase === 'needs-attention' ? { resume: state.resume, error: state.error } : state).toEqual({
      resume: { phase: 'draft' },
      error: {
        code: 'manager-http',
        status: 400,
        message: 'The Manager refused POST /api/v3/jobs/check: This job type only renders images, and not "FFMPEG" (HTTP 400)',
        details: { managerMessage: 'This job type only renders images, and not "FFMPEG"', url: `${manager().url}/api/v3/jobs/check` },
      },
    });
    expect(manager().requests.filter((entry) => entry.path === '/api/v3/jobs/check').length).toEqual(1);
  });

  it('puts a job with an unknown worker tag (500 on submit) in needs-attention and sends it once', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ workerTagId: randomUUID() }));
    await service.whenSettled();
    clock.advance(600_000);
    await service.whenSettled();
    const state = stateOf(submission.id);
    expect([state.phase, state.phase === 'needs-attention' ? state.error.status : undefined, postedJobs(), manager().state.jobs.length]).toEqual([
      'needs-attention',
      500,
      1,
      0,
    ]);
  });

  it('tells what changed when the job type changed after inspection (412) and submits after a retry', async () => {
    let changed = false;
    const changing: Inspector = {
      async inspect(inspection) {
        if (!changed) {
          changed = true;
          manager().addJobType('test-render', { ...testRender, settings: [...testRender.settings, { key: 'denoise', type: 'bool', default: false }] });
        }
        return withTexture.inspect(inspection);
      },
    };
    const { service } = start({ inspector: changing });
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    const state = stateOf(submission.id);
    expect(state.phase === 'needs-attention' ? { code: state.error.code, message: state.error.message, changes: state.error.details?.['changes'] } : state).toEqual({
      code: 'manager-job-type-changed',
      message: 'The job type test-render changed on the Manager: new setting denoise. Check the settings and retry.',
      changes: [{ kind: 'setting-added', key: 'denoise' }],
    });

    service.retry(submission.id);
    await service.whenSettled();
    expect([stateOf(submission.id).phase, manager().state.jobs.map((job) => job.settings?.['denoise'])]).toEqual(['submitted', [false]]);
  });

  it('finds a job sent just before a crash by its submission id instead of sending it again', async () => {
    const first = start();
    first.service.start();
    const submission = first.service.submit(request());
    await first.service.whenSettled();
    const submitted = stateOf(submission.id);
    // Rewind the entry to "sent but not recorded", as a process killed during POST /jobs leaves it.
    const prepared = { jobType: { name: 'test-render', label: 'Test Render', etag: manager().state.jobTypes.find((type) => type.name === 'test-render')?.etag ?? '', settings: [] }, settings: { frames: '1-10' }, dependencies: [], warnings: [] };
    first.repository.saveState(submission.id, { phase: 'submitting', prepared, transfer: { blendfile: 'x' }, sent: true }, 0, clock.now());
    await first.close();

    const second = start();
    second.service.start();
    await second.service.whenSettled();
    expect([stateOf(submission.id), postedJobs(), manager().state.jobs.length]).toEqual([submitted, 1, 1]);
  });

  it('sends a job once when the answer to POST /jobs was garbage, by looking it up before the retry', async () => {
    manager().faults.garbage({ count: 1, target: { method: 'POST', path: /^\/api\/v3\/jobs$/ } });
    const { service } = start();
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    const failed = stateOf(submission.id);
    expect(failed.phase === 'failed' ? { resume: failed.resume.phase, retryIn: (failed.retryAt ?? 0) - clock.now() } : failed).toEqual({ resume: 'submitting', retryIn: 1_000 * jitter });

    clock.advance(1_000 * jitter);
    await service.whenSettled();
    expect([stateOf(submission.id).phase, manager().state.jobs.length]).toEqual(['submitted', 1]);
  });

  it('stops retrying after the allowed number of transient failures', async () => {
    const { service } = start({
      maxFailures: 2,
      wrapTransferer: () => ({
        transfer: async () => {
          throw Object.assign(new Error('disk on fire'), {});
        },
      }),
    });
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    clock.advance(1_000);
    await service.whenSettled();
    clock.advance(600_000);
    await service.whenSettled();
    const state = stateOf(submission.id);
    expect(state.phase === 'failed' ? { retryAt: state.retryAt, reason: state.reason, failures: harness?.service.get(submission.id).failures } : state).toEqual({
      retryAt: undefined,
      reason: 'disk on fire',
      failures: 2,
    });
  });

  it('survives a restart: paused entries stay paused, in-flight work resumes', async () => {
    const first = start();
    const paused = first.service.submit(request({ jobName: 'held' }));
    const other = first.service.submit(request({ jobName: 'other' }));
    first.service.pause(paused.id);
    // An upload that was in flight when the process stopped.
    first.repository.saveState(other.id, { phase: 'uploading', prepared: { jobType: { name: 'test-render', label: '', etag: '', settings: [] }, settings: { frames: '1-2' }, dependencies: [], warnings: [] } }, 0, clock.now());
    await first.close();

    const second = start();
    second.service.start();
    await second.service.whenSettled();
    expect([stateOf(paused.id), stateOf(other.id).phase]).toEqual([{ phase: 'paused', resume: { phase: 'draft' } }, 'submitted']);

    second.service.resume(paused.id);
    await second.service.whenSettled();
    expect([stateOf(paused.id).phase, manager().state.jobs.map((job) => job.name).sort()]).toEqual(['submitted', ['held', 'other']]);
  });

  it('sends the edited request when a waiting entry is edited', async () => {
    const { service } = start();
    await manager().down();
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    await manager().up();
    const edited = service.edit(submission.id, { jobName: 'Shot one, take two', settings: { frames: '5-6', message: 'again' }, priority: 90 });
    await service.whenSettled();
    const job = manager().state.jobs[0];
    expect([edited.request.jobName, stateOf(submission.id).phase, job && [job.name, job.priority, job.settings?.['frames'], job.settings?.['message']]]).toEqual([
      'Shot one, take two',
      'submitted',
      ['Shot one, take two', 90, '5-6', 'again'],
    ]);
  });

  it('submits paused when asked', async () => {
    const { service } = start();
    service.start();
    service.submit(request({ paused: true }));
    await service.whenSettled();
    expect(manager().state.jobs.map((job) => job.status)).toEqual(['paused']);
  });

  it('renders a scout job of the first, middle and last frames first, then the full job when it completes', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ settings: { frames: '1-100' }, scout: 'auto' }));
    await service.whenSettled();
    const scouting = stateOf(submission.id);
    const scoutJob = manager().state.jobs[0];
    expect([scouting.phase, manager().state.jobs.map((job) => [job.name, job.settings?.['frames']])]).toEqual([
      'awaiting-scout',
      [['Shot one (scout)', '1,50,100']],
    ]);

    manager().completeJob(scoutJob?.id ?? '');
    await service.followJobs();
    await service.whenSettled();
    expect([stateOf(submission.id).phase, manager().state.jobs.map((job) => [job.name, job.settings?.['frames']])]).toEqual([
      'submitted',
      [
        ['Shot one (scout)', '1,50,100'],
        ['Shot one', '1-100'],
      ],
    ]);
  });

  it('waits for the user to confirm the full job after a scout job in confirm mode', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ settings: { frames: '1-9' }, scout: 'confirm' }));
    await service.whenSettled();
    manager().completeJob(manager().state.jobs[0]?.id ?? '');
    await service.followJobs();
    await service.whenSettled();
    const waiting = stateOf(submission.id);
    service.confirmScout(submission.id);
    await service.whenSettled();
    expect([
      waiting.phase === 'awaiting-scout' ? waiting.scoutCompleted : waiting.phase,
      stateOf(submission.id).phase,
      manager().state.jobs.map((job) => job.settings?.['frames']),
    ]).toEqual([true, 'submitted', ['1,5,9', '1-9']]);
  });

  it('follows a job until it ends and tells the user', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request());
    await service.whenSettled();
    const jobId = manager().state.jobs[0]?.id ?? '';
    manager().completeJob(jobId);
    service.jobUpdated(doubleManagerId, jobId, 'completed');
    expect([stateOf(submission.id), notifier.shown.at(-1)]).toEqual([
      { phase: 'completed', jobId },
      { kind: 'job-completed', title: 'Job completed', body: 'Shot one completed', target: { screen: 'job', jobId } },
    ]);
  });

  it('rejects settings the job type refuses before anything is uploaded', async () => {
    const { service } = start();
    service.start();
    const submission = service.submit(request({ settings: { frames: '1-10x2', chunk_size: 'four' } }));
    await service.whenSettled();
    const state = stateOf(submission.id);
    expect([state.phase, state.phase === 'needs-attention' ? state.error.code : '', manager().requests.filter((entry) => entry.path.startsWith('/api/v3/shaman')).length]).toEqual([
      'needs-attention',
      'settings-invalid',
      0,
    ]);
  });
});
