import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntrospectionJobType } from '../../../../electron/core/blender/introspect';
import { BlendIntrospector } from '../../../../electron/core/blender/introspect';
import { CoreError } from '../../../../electron/core/errors';
import type { Clock } from '../../../../electron/core/ports';
import { systemClock } from '../../../../electron/core/ports';
import { blender, blenderPath } from '../../../support/requirements';

const fixtureScript = fileURLToPath(new URL('../../../fixtures/blender/introspection/make-fixtures.py', import.meta.url));

function jobType(name: string): IntrospectionJobType {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/job-types/${name}.json`, import.meta.url), 'utf8')) as IntrospectionJobType;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error instanceof CoreError ? error.code : error;
  }
  return 'resolved';
}

describe.skipIf(!blender.available)(`BlendIntrospector with real Blender${blender.available ? '' : ` (skipped: ${blender.reason})`}`, { timeout: 120_000 }, () => {
  const executable = blenderPath ?? '';
  let root = '';
  let sceneFile = '';
  let counter = '';
  let countingBlender = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'blender-introspect-'));
    execFileSync(executable, ['-b', '--factory-startup', '--python', fixtureScript, '--', root], { stdio: 'ignore', timeout: 120_000 });
    sceneFile = join(root, 'project', 'shots', 'shot-010', 'scene.blend');
    writeFileSync(join(root, 'broken.blend'), 'this is not a blend file');
    counter = join(root, 'runs.txt');
    writeFileSync(counter, '');
    // Counts Blender runs, so the cache can be proven without timing anything.
    countingBlender = join(root, 'counting-blender');
    writeFileSync(countingBlender, `#!/bin/sh\necho run >> '${counter}'\nexec '${executable}' "$@"\n`);
    chmodSync(countingBlender, 0o755);
  }, 180_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const runs = (): number => readFileSync(counter, 'utf8').split('\n').filter((line) => line === 'run').length;
  const introspector = (cache?: string): BlendIntrospector =>
    new BlendIntrospector({ clock: systemClock, temporaryDirectory: join(root, 'tmp'), ...(cache === undefined ? {} : { cacheDirectory: cache }) });

  it('reports scenes, paths and libraries of a file, and evaluates simple-blender-render', async () => {
    const result = await introspector().introspect({
      blenderExecutable: executable,
      file: sceneFile,
      jobType: jobType('simple-blender-render'),
      jobName: 'Shot 10',
      values: { render_output_root: '/render', add_path_components: 2 },
    });
    const blenderVersion = /^Blender (\S+)/.exec(execFileSync(executable, ['--version'], { encoding: 'utf8' }))?.[1];
    expect({ ...result, fileSubversion: typeof result.fileSubversion }).toEqual({
      file: sceneFile,
      blenderVersion,
      fileVersion: blenderVersion?.split('.').slice(0, 2).join('.'),
      fileSubversion: 'number',
      activeScene: 'Shot',
      scenes: [
        {
          name: 'Other',
          frameStart: 1,
          frameEnd: 5,
          frameStep: 1,
          fps: 24,
          fpsBase: 1,
          outputPath: '//',
          fileFormat: 'PNG',
          fileExtension: '.png',
          usePreview: false,
          engine: 'BLENDER_EEVEE',
          resolution: { x: 1920, y: 1080, percentage: 100 },
          camera: null,
          cameras: [],
          viewLayers: [{ name: 'ViewLayer', use: true }],
        },
        {
          name: 'Shot',
          frameStart: 10,
          frameEnd: 20,
          frameStep: 2,
          fps: 24,
          fpsBase: 1,
          outputPath: '//render/frame_####',
          fileFormat: 'OPEN_EXR',
          fileExtension: '.exr',
          usePreview: true,
          engine: 'CYCLES',
          resolution: { x: 1280, y: 720, percentage: 50 },
          camera: 'CamB',
          cameras: ['CamA', 'CamB'],
          viewLayers: [
            { name: 'Main', use: true },
            { name: 'Background', use: false },
          ],
        },
      ],
      blendPaths: [join(root, 'project', 'lib', 'props.blend'), join(root, 'project', 'shots', 'shot-010', 'textures', 'wood.png')],
      libraries: [{ name: 'props.blend', filepath: '//../../lib/props.blend', absolutePath: join(root, 'project', 'lib', 'props.blend') }],
      settings: [
        { key: 'frames', outcome: 'value', source: 'eval', value: '10-20' },
        { key: 'chunk_size', outcome: 'value', source: 'default', value: 1 },
        { key: 'render_output_root', outcome: 'value', source: 'given', value: '/render' },
        { key: 'add_path_components', outcome: 'value', source: 'given', value: 2 },
        { key: 'render_output_path', outcome: 'value', source: 'eval', value: '/render/shots/shot-010/Shot 10/{timestamp}/######' },
        { key: 'blendfile', outcome: 'value', source: 'empty', value: '' },
        { key: 'fps', outcome: 'value', source: 'eval', value: 24 },
        { key: 'format', outcome: 'value', source: 'eval', value: 'OPEN_EXR' },
        { key: 'image_file_extension', outcome: 'value', source: 'eval', value: '.exr' },
        { key: 'has_previews', outcome: 'value', source: 'eval', value: true },
        { key: 'scene', outcome: 'value', source: 'eval', value: 'Shot' },
      ],
    });
  });

  it('evaluates settings after the settings they read, and reports each failing eval', async () => {
    const result = await introspector().introspect({ blenderExecutable: executable, file: sceneFile, jobType: jobType('dependent-settings'), jobName: 'J' });
    expect(result.settings).toEqual([
      { key: 'output', outcome: 'value', source: 'eval', value: '/farm/out/shot-010/0006' },
      { key: 'shot', outcome: 'value', source: 'eval', value: 'shot-010' },
      { key: 'root', outcome: 'value', source: 'default', value: '/farm/out' },
      { key: 'frame_count', outcome: 'value', source: 'eval', value: 6 },
      { key: 'texture', outcome: 'value', source: 'eval', value: join(root, 'project', 'shots', 'shot-010', 'textures', 'wood.png') },
      { key: 'explodes', outcome: 'error', error: 'ZeroDivisionError: division by zero' },
      { key: 'after_explosion', outcome: 'error', error: "SettingFailed: setting 'explodes' has no value: ZeroDivisionError: division by zero" },
      { key: 'ping', outcome: 'error', error: 'circular reference between settings: ping -> pong -> ping' },
      { key: 'pong', outcome: 'error', error: 'circular reference between settings: pong -> ping -> pong' },
      // eval(expression, {}, locals), as in the add-on: a comprehension cannot see the locals.
      { key: 'in_comprehension', outcome: 'error', error: "NameError: name 'jobname' is not defined" },
      { key: 'not_json', outcome: 'error', error: 'TypeError: value of type Scene cannot be sent to the Manager' },
      { key: 'unknown', outcome: 'error', error: "AttributeError: job settings have no setting 'nope'" },
      // Only `settings.X` is seen by the planner; a reference through getattr() is not ordered.
      { key: 'hidden_reference', outcome: 'error', error: "SettingFailed: setting 'late' is not evaluated yet" },
      { key: 'late', outcome: 'value', source: 'eval', value: 'late value' },
    ]);
  });

  it('throws blend-invalid for a file that is not a .blend, file-missing for no file', async () => {
    expect([
      await failureOf(introspector().introspect({ blenderExecutable: executable, file: join(root, 'broken.blend') })),
      await failureOf(introspector().introspect({ blenderExecutable: executable, file: join(root, 'absent.blend') })),
    ]).toEqual(['blend-invalid', 'file-missing']);
  });

  it('throws blender-not-found when the executable does not exist', async () => {
    expect(await failureOf(introspector().introspect({ blenderExecutable: join(root, 'no-such-blender'), file: sceneFile }))).toBe('blender-not-found');
  });

  it('throws blender-timeout and kills Blender when the timeout passes', async () => {
    // A clock whose every timer is already due: the run times out without the test waiting.
    const dueClock: Clock = {
      now: () => 0,
      setTimeout(callback) {
        const handle = setImmediate(callback);
        return { cancel: () => clearImmediate(handle) };
      },
    };
    const timed = new BlendIntrospector({ clock: dueClock, temporaryDirectory: join(root, 'tmp') });
    expect(await failureOf(timed.introspect({ blenderExecutable: executable, file: sceneFile, timeoutMilliseconds: 60_000 }))).toBe('blender-timeout');
  });

  it('answers from its cache (memory, then disk) until the file or the request changes', async () => {
    const cache = join(root, 'cache');
    const request = { blenderExecutable: countingBlender, file: sceneFile, jobType: jobType('simple-blender-render'), jobName: 'A' };
    const first = await introspector(cache).introspect(request);
    const again = await introspector(cache).introspect(request);
    const afterRestart = runs();
    await introspector(cache).introspect({ ...request, jobName: 'B' });
    const afterJobName = runs();
    utimesSync(sceneFile, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    await introspector(cache).introspect(request);
    expect({ same: again, afterRestart, afterJobName, afterTouch: runs() }).toEqual({ same: first, afterRestart: 1, afterJobName: 2, afterTouch: 3 });
  });

  it('starts Blender once for two simultaneous requests of the same file', async () => {
    const before = runs();
    const shared = introspector();
    const [left, right] = await Promise.all([
      shared.introspect({ blenderExecutable: countingBlender, file: sceneFile, jobName: 'same' }),
      shared.introspect({ blenderExecutable: countingBlender, file: sceneFile, jobName: 'same' }),
    ]);
    expect({ same: left === right, runs: runs() - before }).toEqual({ same: true, runs: 1 });
  });
});
