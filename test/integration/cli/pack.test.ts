import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../../electron/cli/command';
import { packCommands } from '../../../electron/cli/commands/pack';
import { runCliForTest } from '../../support/cli-runner';
import { startManagerDouble } from '../../support/manager-double';
import type { ManagerDouble } from '../../support/manager-double';
import { blender, blenderPath } from '../../support/requirements';

const fixtureScript = fileURLToPath(new URL('../../fixtures/blender/introspection/make-fixtures.py', import.meta.url));

describe.skipIf(!blender.available)(`pack CLI command${blender.available ? '' : ` (skipped: ${blender.reason})`}`, { timeout: 120_000 }, () => {
  let root = '';
  let project = '';
  let sceneFile = '';
  let double: ManagerDouble;
  const run = (argv: readonly string[]) => runCliForTest(argv, join(root, 'data'), { commands: packCommands });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pack-cli-'));
    execFileSync(blenderPath ?? '', ['-b', '--factory-startup', '--python', fixtureScript, '--', join(root, 'fixtures')], { stdio: 'ignore', timeout: 120_000 });
    project = join(root, 'fixtures', 'project');
    sceneFile = join(project, 'shots', 'shot-010', 'scene.blend');
    mkdirSync(join(project, 'shots', 'shot-010', 'textures'), { recursive: true });
    writeFileSync(join(project, 'shots', 'shot-010', 'textures', 'wood.png'), 'wood pixels');
    double = await startManagerDouble();
  }, 180_000);

  afterAll(async () => {
    await double.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('pack --dry-run --json lists the files of the pack with sizes, the .blend first', async () => {
    writeFileSync(join(project, '.blender_project'), '');
    const result = await run(['pack', sceneFile, '--dry-run', '--json']);
    const report = JSON.parse(result.stdout) as { files: { packPath: string; size: number; shaman: string }[]; projectRoot: string; warnings: unknown[] };
    expect({ code: result.code, root: report.projectRoot, files: report.files.map((file) => [file.packPath, file.shaman]), warnings: report.warnings }).toEqual({
      code: exitCodes.ok,
      root: project,
      files: [
        ['shots/shot-010/scene.blend', 'unknown'],
        ['shots/shot-010/textures/wood.png', 'unknown'],
        ['lib/props.blend', 'unknown'],
      ],
      warnings: [],
    });
    expect(report.files[1]?.size).toBe('wood pixels'.length);
  });

  it('pack uploads to Shaman and creates the checkout, after which a dry run finds everything stored', async () => {
    writeFileSync(join(project, '.blender_project'), '');
    const sent = await run(['pack', sceneFile, '--manager', double.url, '--job-name', 'Shot 010', '--json']);
    const report = JSON.parse(sent.stdout) as { result: { mode: string; blendfile: string; checkoutPath: string } };
    expect({ code: sent.code, mode: report.result.mode, blendfile: report.result.blendfile }).toEqual({
      code: exitCodes.ok,
      mode: 'shaman',
      blendfile: '{jobs}/Shot 010/shots/shot-010/scene.blend',
    });
    expect(readFileSync(join(double.shaman.checkoutRoot, 'Shot 010', 'shots/shot-010/textures/wood.png'), 'utf8')).toBe('wood pixels');
    const again = await run(['pack', sceneFile, '--dry-run', '--manager', double.url, '--json']);
    const dry = JSON.parse(again.stdout) as { files: { shaman: string }[]; toSend: { files: number; bytes: number } };
    expect({ states: dry.files.map((file) => file.shaman), toSend: dry.toSend }).toEqual({ states: ['stored', 'stored', 'stored'], toSend: { files: 0, bytes: 0 } });
  });

  it('pack copies the project to shared storage when the Manager has Shaman off', async () => {
    writeFileSync(join(project, '.blender_project'), '');
    const off = await startManagerDouble({ shamanEnabled: false });
    try {
      const sent = await run(['pack', sceneFile, '--manager', off.url, '--job-name', 'Shot 010', '--json']);
      const report = JSON.parse(sent.stdout) as { result: { mode: string; blendfile: string; targetDirectory: string; filesCopied: number } };
      expect({ code: sent.code, mode: report.result.mode, copied: report.result.filesCopied, inStorage: report.result.targetDirectory.startsWith(off.config.storageLocation) }).toEqual({
        code: exitCodes.ok,
        mode: 'shared-storage-copy',
        copied: 3,
        inStorage: true,
      });
      expect(readFileSync(join(report.result.targetDirectory, 'shots/shot-010/textures/wood.png'), 'utf8')).toBe('wood pixels');
      expect(report.result.blendfile).toBe(join(report.result.targetDirectory, 'shots/shot-010/scene.blend'));
    } finally {
      await off.close();
    }
  });

  it('pack --dry-run warns about files outside the project root and skips them when asked', async () => {
    rmSync(join(project, '.blender_project'), { force: true });
    const result = await run(['pack', sceneFile, '--dry-run', '--skip-outside']);
    expect({
      code: result.code,
      lastLine: result.stdout.trimEnd().split('\n').at(-1),
      warning: result.stderr.includes(`${join(project, 'lib', 'props.blend')} is outside the project`),
    }).toEqual({ code: exitCodes.ok, lastLine: `2 files, ${((readFileSync(sceneFile).length + 11) / 1024).toFixed(1)} KiB would be sent`, warning: true });
  });
});
