import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionRequest } from '../../../../electron/common/domain/submission';
import { submissionMetadataKey } from '../../../../electron/common/domain/submission';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import type { ManagerDouble } from '../../../support/manager-double/index';
import { startManagerDouble } from '../../../support/manager-double/index';
import { blender } from '../../../support/requirements';
import { makeBlenderProject } from '../../../support/submit/blender-project';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

/** What Blender itself says the simple-blender-render evals give for the fixture (an independent run). */
const oracleScript = [
  'import bpy, json, pathlib',
  'C = bpy.context',
  "r = C.scene.render",
  "print('ORACLE=' + json.dumps({'frames': f'{C.scene.frame_start}-{C.scene.frame_end}', 'fps': r.fps / r.fps_base,",
  "  'format': r.image_settings.file_format, 'image_file_extension': r.file_extension, 'has_previews': r.image_settings.use_preview,",
  "  'scene': C.scene.name, 'render_output_path': str(pathlib.Path('/render', '', 'Shot one', '{timestamp}', '######'))}))",
].join('\n');

describe.skipIf(!blender.available)('submitting a real .blend through core (Blender, tracer, Shaman, Manager double)', () => {
  let double: ManagerDouble;
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  let blendPath: string;
  let oracle: Record<string, unknown>;
  let request: SubmissionRequest;

  beforeAll(async () => {
    if (!blender.available) return;
    folder = makeTemporaryDirectory('flamenco-desk-blender-submit-');
    blendPath = makeBlenderProject(blender.path, folder.path);
    const printed = execFileSync(blender.path, ['-b', blendPath, '--factory-startup', '--python-expr', oracleScript], { encoding: 'utf8' });
    oracle = JSON.parse(printed.match(/^ORACLE=(.*)$/m)?.[1] ?? '{}') as Record<string, unknown>;
    double = await startManagerDouble();
    core = createCore({
      paths: { dataDirectory: join(folder.path, 'data'), temporaryDirectory: join(folder.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      appVersion: '0.0.0-test',
    });
    await core.settings.update({ preferredBlender: blender.path });
    const profile = await core.managers.add({ name: 'Double', url: double.url });
    request = {
      blendPath,
      managerId: profile.id,
      jobType: 'simple-blender-render',
      jobName: 'Shot one',
      settings: { render_output_root: '/render', chunk_size: '4' },
      priority: 60,
      paused: false,
      scout: 'off',
    };
  }, 120_000);

  afterAll(async () => {
    if (!blender.available) return;
    await core.close();
    await double.close();
    double.assertNoSpecViolations();
    folder.remove();
  });

  it('evaluates the settings like Blender and shows every pre-flight warning together', async () => {
    const report = await core.submissions.queue.preflight(request);
    const shared = join(folder.path, 'shared', 'outside.png');
    expect({
      settings: report.settings,
      issues: report.issues,
      warnings: report.warnings.map((warning) => [warning.kind, 'path' in warning ? warning.path : '']),
    }).toEqual({
      settings: { ...oracle, chunk_size: 4, render_output_root: '/render', add_path_components: 0 },
      issues: [],
      warnings: [
        ['missing-file', join(folder.path, 'project', 'textures', 'gone.png')],
        ['outside-project', shared],
        ['absolute-path', shared],
      ],
    });
  }, 120_000);

  it('submits a job with the evaluated settings, the checkout blendfile path and the checkout id', async () => {
    core.submissions.start();
    const submission = core.submissions.queue.submit(request);
    await core.submissions.queue.whenSettled();
    const state = core.submissions.queue.get(submission.id).state;
    const job = double.state.jobs.find((candidate) => candidate.metadata?.[submissionMetadataKey] === submission.id);
    const checkout = job?.storage?.shaman_checkout_id ?? '';
    const checkoutRoot = join(double.shaman.checkoutRoot, checkout);
    const { render_output_path: renderOutput, ...settings } = job?.settings ?? {};
    expect({
      state: state.phase,
      settings,
      renderOutput: String(renderOutput).replace(/\d{4}-\d{2}-\d{2}_\d{6}/, '{timestamp}'),
      checkoutNamed: checkout.startsWith(`Shot one-${submission.id.slice(0, 8)}`),
      files: ['shots/shot.blend', 'textures/wood.png', `_outside${join(folder.path, 'shared', 'outside.png')}`].map((path) => existsSync(join(checkoutRoot, path))),
    }).toEqual({
      state: 'submitted',
      settings: {
        frames: oracle['frames'],
        fps: oracle['fps'],
        format: oracle['format'],
        image_file_extension: oracle['image_file_extension'],
        has_previews: oracle['has_previews'],
        scene: oracle['scene'],
        chunk_size: 4,
        render_output_root: '/render',
        add_path_components: 0,
        blendfile: `{jobs}/${checkout}/shots/shot.blend`,
      },
      renderOutput: oracle['render_output_path'],
      checkoutNamed: true,
      files: [true, true, true],
    });
  }, 120_000);

  it('ends the submission when the live farm reports the job completed, and notifies once', async () => {
    const queue = core.submissions.queue;
    const submitted = queue.list().find((entry) => entry.state.phase === 'submitted');
    if (submitted === undefined || submitted.state.phase !== 'submitted') throw new Error('the previous test left no submitted entry');
    const jobId = submitted.state.jobId;
    await core.farm.start();
    const ended = new Promise<void>((resolve) => {
      const stop = queue.onChange((entry) => {
        if (entry.id === submitted.id && entry.state.phase === 'completed') {
          stop();
          resolve();
        }
      });
    });
    double.completeJob(jobId);
    await ended;
    const shown = (core.options.notifier as ReturnType<typeof recordingNotifier>).shown.filter((notification) => notification.kind === 'job-completed');
    expect([queue.get(submitted.id).state, shown.length]).toEqual([{ phase: 'completed', jobId }, 1]);
  }, 120_000);
});
