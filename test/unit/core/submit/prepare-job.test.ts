import { describe, expect, it } from 'vitest';
import type { JobTypeSpec } from '../../../../electron/common/domain/job-settings';
import type { ManagerId } from '../../../../electron/common/domain/manager-profile';
import type { SubmissionId, SubmissionRequest } from '../../../../electron/common/domain/submission';
import type { Inspection } from '../../../../electron/core/submit/ports';
import { blenderVersionInPath } from '../../../../electron/core/submit/manager-gateway';
import { buildJob, normaliseValue, prepareJob, submitterPlatform } from '../../../../electron/core/submit/prepare-job';

const jobType: JobTypeSpec = {
  name: 'simple-blender-render',
  label: 'Simple Blender Render',
  etag: 'etag-7',
  settings: [
    { key: 'frames', type: 'string', required: true, eval: "f'{C.scene.frame_start}-{C.scene.frame_end}'" },
    { key: 'chunk_size', type: 'int32', default: 1 },
    { key: 'format', type: 'string', required: true, eval: 'C.scene.render.image_settings.file_format' },
    { key: 'blendfile', type: 'string', required: true, visible: 'web' },
  ],
};

const request: SubmissionRequest = {
  blendPath: '/p/shots/shot.blend',
  managerId: 'farm' as ManagerId,
  jobType: 'simple-blender-render',
  jobName: 'Shot',
  settings: { chunk_size: '4' },
  priority: 40,
  paused: true,
  scout: 'off',
  workerTagId: 'tag-1',
};

const inspection: Inspection = {
  values: { frames: '1-12', format: 'FFMPEG' },
  evalErrors: [],
  dependencies: [
    { absolutePath: '/p/textures/wood.png', storedPath: '//../textures/wood.png', exists: true, insideProject: true },
    { absolutePath: '/shared/sky.exr', storedPath: '/shared/sky.exr', exists: true, insideProject: false },
    { absolutePath: '/p/textures/gone.png', storedPath: '//../textures/gone.png', exists: false, insideProject: true },
  ],
};

describe('prepareJob', () => {
  it('merges given and evaluated values, types text values and lists every warning', () => {
    expect(prepareJob(jobType, request, inspection)).toEqual({
      ok: true,
      prepared: {
        jobType,
        settings: { frames: '1-12', chunk_size: 4, format: 'FFMPEG' },
        dependencies: ['/p/textures/wood.png', '/shared/sky.exr'],
        warnings: [
          { kind: 'outside-project', path: '/shared/sky.exr', message: '/shared/sky.exr is outside the project folder' },
          { kind: 'absolute-path', path: '/shared/sky.exr', message: '/shared/sky.exr is an absolute path; workers must see the same path' },
          { kind: 'missing-file', path: '/p/textures/gone.png', message: '/p/textures/gone.png is missing; the farm will render without it' },
          { kind: 'output-format', format: 'FFMPEG', message: 'simple-blender-render only renders images, not FFMPEG; choose an image format' },
        ],
      },
    });
  });

  it('reports failed evals, invalid values and unknown settings together', () => {
    const outcome = prepareJob(jobType, { ...request, settings: { chunk_size: 'four', colour: 'red' } }, { ...inspection, values: { frames: '1-12' }, evalErrors: [{ key: 'format', error: "AttributeError: 'NoneType'" }] });
    expect(outcome.ok ? [] : outcome.issues).toEqual([
      { key: 'format', kind: 'type', message: "format: AttributeError: 'NoneType'" },
      { key: 'chunk_size', kind: 'type', message: 'chunk_size must be a number, not "four"' },
      { key: 'format', kind: 'missing', message: 'format is required' },
      { key: 'colour', kind: 'unknown-setting', message: 'simple-blender-render has no setting colour' },
    ]);
  });
});

describe('normaliseValue', () => {
  it('types text for numbers and booleans and turns numbers into text for text settings', () => {
    expect([normaliseValue({ type: 'int32' }, '8'), normaliseValue({ type: 'bool' }, 'true'), normaliseValue({ type: 'string' }, 12), normaliseValue({ type: 'float' }, 2.5)]).toEqual([8, true, '12', 2.5]);
  });
});

describe('buildJob', () => {
  it('carries the settings, the transferred blendfile, the checkout id, the submission id, the tag and the paused status', () => {
    const prepared = { jobType, settings: { frames: '1-12', chunk_size: 4, format: 'PNG' }, dependencies: [], warnings: [] };
    const job = buildJob('sub-1' as SubmissionId, request, prepared, { blendfile: '{jobs}/Shot-1/shots/shot.blend', checkoutId: 'Shot-1' }, '1.2.3');
    expect({ ...job, metadata: { submission: job.metadata?.['flamenco-desk.submission'], version: job.metadata?.['flamenco-desk.version'] } }).toEqual({
      name: 'Shot',
      type: 'simple-blender-render',
      type_etag: 'etag-7',
      priority: 40,
      settings: { frames: '1-12', chunk_size: 4, format: 'PNG', blendfile: '{jobs}/Shot-1/shots/shot.blend' },
      metadata: { submission: 'sub-1', version: '1.2.3' },
      submitter_platform: submitterPlatform(),
      storage: { shaman_checkout_id: 'Shot-1' },
      worker_tag: 'tag-1',
      initial_status: 'paused',
    });
  });

  it('names the platform the way the Manager wants it', () => {
    expect(['win32', 'linux', 'darwin'].map((platform) => submitterPlatform(platform))).toEqual(['windows', 'linux', 'darwin']);
  });
});

describe('blender version warning', () => {
  it('warns when the local Blender and the farm differ in major or minor version only', () => {
    const warnings = (local: string, farm: string | undefined): readonly string[] => {
      const outcome = prepareJob(jobType, request, { ...inspection, dependencies: [], values: { frames: '1', format: 'PNG' }, blenderVersion: local }, farm);
      return (outcome.ok ? outcome.prepared.warnings : outcome.warnings).map((warning) => warning.message);
    };
    expect([warnings('3.4.1', '4.2'), warnings('3.4.1', '3.4.0'), warnings('3.4.1', undefined)]).toEqual([
      ['Settings were evaluated with Blender 3.4.1, but the farm runs Blender 4.2'],
      [],
      [],
    ]);
  });

  it('reads a version from the path of the farm Blender', () => {
    expect(['/opt/blender-4.2.1-linux-x64/blender', 'C:\\Blender Foundation\\Blender 3.6\\blender.exe', 'blender', '/usr/bin/blender'].map(blenderVersionInPath)).toEqual([
      '4.2.1',
      '3.6',
      undefined,
      undefined,
    ]);
  });
});
