import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../../electron/cli/command';
import { blenderCommands } from '../../../electron/cli/commands/blender';
import { parseBlenderVersion } from '../../../electron/core/blender/version';
import { runCliForTest } from '../../support/cli-runner';
import { blender, blenderPath } from '../../support/requirements';

const fixtureScript = fileURLToPath(new URL('../../fixtures/blender/introspection/make-fixtures.py', import.meta.url));
const simpleBlenderRender = fileURLToPath(new URL('../../fixtures/job-types/simple-blender-render.json', import.meta.url));

describe.skipIf(!blender.available)(`blender CLI commands${blender.available ? '' : ` (skipped: ${blender.reason})`}`, { timeout: 120_000 }, () => {
  const executable = blenderPath ?? '';
  let root = '';
  let sceneFile = '';
  let data = '';
  const run = (argv: readonly string[]) => runCliForTest(argv, data, { commands: blenderCommands });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'blender-cli-'));
    execFileSync(executable, ['-b', '--factory-startup', '--python', fixtureScript, '--', join(root, 'fixtures')], { stdio: 'ignore', timeout: 120_000 });
    sceneFile = join(root, 'fixtures', 'project', 'shots', 'shot-010', 'scene.blend');
    writeFileSync(join(root, 'broken.blend'), 'not a blend file');
    data = join(root, 'data');
  }, 180_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('blender list --json lists the system Blender with its version and the chosen install', async () => {
    const result = await run(['blender', 'list', '--json']);
    const report = JSON.parse(result.stdout) as { installs: { executable: string }[]; chosen: string | null };
    const version = parseBlenderVersion(execFileSync(executable, ['--version'], { encoding: 'utf8' }));
    expect({
      code: result.code,
      system: report.installs.filter((install) => install.executable === executable),
      chosenIsListed: report.installs.some((install) => install.executable === report.chosen),
    }).toEqual({ code: exitCodes.ok, system: [{ executable, source: 'path', version }], chosenIsListed: true });
  });

  it('blender list prints one line per install, marking the chosen one', async () => {
    const result = await run(['blender', 'list', '--refresh']);
    const lines = result.stdout.trimEnd().split('\n');
    expect({ code: result.code, systemLine: lines.some((line) => line.includes(executable) && /^[* ] \S+/.test(line)), marked: lines.filter((line) => line.startsWith('*')).length }).toEqual({
      code: exitCodes.ok,
      systemLine: true,
      marked: 1,
    });
  });

  it('inspect --headless reports the facts Blender sees and the dependencies', async () => {
    const result = await run(['inspect', '--headless', sceneFile, '--blender', executable, '--json']);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & { dependencies: { kind: string; absolutePath: string; exists: boolean }[] };
    expect({
      code: result.code,
      ...report,
      // The tracer's order is its own business; compare as a set.
      dependencies: report.dependencies.map(({ kind, absolutePath, exists }) => ({ kind, absolutePath, exists })).sort((left, right) => left.kind.localeCompare(right.kind)),
      facts: { ...(report['facts'] as object), blenderVersion: typeof (report['facts'] as { blenderVersion: unknown }).blenderVersion },
    }).toEqual({
      code: exitCodes.ok,
      file: sceneFile,
      source: 'headless',
      facts: {
        blenderVersion: 'string',
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
            imageFormat: 'PNG',
            fileExtension: '.png',
            engine: 'BLENDER_EEVEE',
            resolutionX: 1920,
            resolutionY: 1080,
            resolutionPercentage: 100,
            cameras: [],
            viewLayers: ['ViewLayer'],
          },
          {
            name: 'Shot',
            frameStart: 10,
            frameEnd: 20,
            frameStep: 2,
            fps: 24,
            fpsBase: 1,
            outputPath: '//render/frame_####',
            imageFormat: 'OPEN_EXR',
            fileExtension: '.exr',
            engine: 'CYCLES',
            resolutionX: 1280,
            resolutionY: 720,
            resolutionPercentage: 50,
            camera: 'CamB',
            cameras: ['CamA', 'CamB'],
            viewLayers: ['Main', 'Background'],
          },
        ],
      },
      dependencies: [
        { kind: 'image', absolutePath: join(root, 'fixtures', 'project', 'shots', 'shot-010', 'textures', 'wood.png'), exists: false },
        { kind: 'library', absolutePath: join(root, 'fixtures', 'project', 'lib', 'props.blend'), exists: true },
      ],
      warnings: [],
    });
  });

  it('inspect without --headless gives the same facts as headless Blender', async () => {
    const native = JSON.parse((await run(['inspect', sceneFile, '--json'])).stdout) as { facts: unknown };
    const headless = JSON.parse((await run(['inspect', sceneFile, '--headless', '--blender', executable, '--json'])).stdout) as { facts: unknown };
    expect(native.facts).toEqual(headless.facts);
  });

  it('inspect --job-type evaluates the job type settings with --set values', async () => {
    const result = await run(['inspect', sceneFile, '--blender', executable, '--job-type', simpleBlenderRender, '--job-name', 'Take 2', '--set', 'render_output_root=/out', '--set', 'add_path_components=1', '--json']);
    const report = JSON.parse(result.stdout) as { settings: { key: string; value?: unknown }[] };
    expect({ code: result.code, settings: Object.fromEntries(report.settings.map((setting) => [setting.key, setting.value])) }).toEqual({
      code: exitCodes.ok,
      settings: {
        frames: '10-20',
        chunk_size: 1,
        render_output_root: '/out',
        add_path_components: 1,
        render_output_path: '/out/shot-010/Take 2/{timestamp}/######',
        blendfile: '',
        fps: 24,
        format: 'OPEN_EXR',
        image_file_extension: '.exr',
        has_previews: true,
        scene: 'Shot',
      },
    });
  });

  it('exits with the blend-invalid, blender and usage codes on a broken file, a missing Blender and no file', async () => {
    const broken = await run(['inspect', join(root, 'broken.blend'), '--headless', '--blender', executable, '--json']);
    const noBlender = await run(['inspect', sceneFile, '--headless', '--blender', join(root, 'no-blender'), '--json']);
    const noFile = await run(['inspect']);
    expect({
      broken: [broken.code, (JSON.parse(broken.stdout) as { error: { code: string } }).error.code],
      noBlender: [noBlender.code, (JSON.parse(noBlender.stdout) as { error: { code: string } }).error.code],
      noFile: noFile.code,
    }).toEqual({ broken: [exitCodes.invalidInput, 'blend-invalid'], noBlender: [exitCodes.blenderProblem, 'blender-not-found'], noFile: exitCodes.usage });
  });

  it('deps lists dependencies with their state and a summary', async () => {
    const result = await run(['deps', sceneFile]);
    const lines = result.stdout.trimEnd().split('\n');
    expect({ code: result.code, entries: lines.slice(0, -1).sort(), summary: lines.at(-1), stderr: result.stderr }).toEqual({
      code: exitCodes.ok,
      entries: [
        `missing  image    ${join(root, 'fixtures', 'project', 'shots', 'shot-010', 'textures', 'wood.png')}`,
        `ok       library  ${join(root, 'fixtures', 'project', 'lib', 'props.blend')}`,
      ],
      summary: '2 dependencies, 1 missing',
      stderr: '',
    });
  });
});
