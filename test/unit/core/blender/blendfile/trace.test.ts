import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dependency } from '../../../../../electron/common/domain/dependency';
import { readSceneFacts, traceDependencies } from '../../../../../electron/core/blender/blendfile';
import { CoreError } from '../../../../../electron/core/errors';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';
import { variants, writeBlocks, writeScene } from './scene-graph-fixture';

function summary(dependencies: readonly Dependency[], root: string): string[] {
  return dependencies.map((dependency) => `${dependency.kind} ${dependency.block} ${dependency.absolutePath.replace(root, '<root>')} exists=${String(dependency.exists)} from=${dependency.fromFile.replace(root, '<root>')}`);
}

describe('traceDependencies', () => {
  const folder = makeTemporaryDirectory('blendfile-trace-');
  const root = folder.path;
  afterAll(() => folder.remove());

  beforeAll(() => {
    mkdirSync(join(root, 'tex'));
    mkdirSync(join(root, 'lib'));
    for (const name of ['t.1001.png', 't.1002.png', 'w.png', 'p.png']) writeFileSync(join(root, 'tex', name), '');
    writeFileSync(join(root, 'lib', 'shared.png'), '');
  });

  describe.each(variants)('with a $label file', (variant) => {
    it('lists tiles, Windows-style paths and libraries, follows the library into what is linked from it and skips packed data', async () => {
      const scene = writeScene(root, variant, `scene-${variant.form}-${variant.pointerSize}-${String(variant.gzip)}.blend`);
      writeBlocks(join(root, 'lib', 'lib.blend'), variant, [
        { code: 'MA', struct: 'Material', address: 0x10, values: { 'id.name': 'MAShared', image: 0x20 } },
        { code: 'IM', struct: 'Image', address: 0x20, values: { 'id.name': 'IMshared', name: '//shared.png', source: 1 } },
        { code: 'IM', struct: 'Image', address: 0x30, values: { 'id.name': 'IMunused', name: '//unused.png', source: 1 } },
      ]);
      const dependencies = await traceDependencies(scene, { projectRoot: root });
      const sceneName = scene.replace(root, '<root>');
      expect(summary(dependencies, root)).toEqual([
        `image IMtiles <root>/tex/t.1001.png exists=true from=${sceneName}`,
        `image IMtiles <root>/tex/t.1002.png exists=true from=${sceneName}`,
        `image IMwin <root>/tex/w.png exists=true from=${sceneName}`,
        `library LIlib.blend <root>/lib/lib.blend exists=true from=${sceneName}`,
        'image IMshared <root>/lib/shared.png exists=true from=<root>/lib/lib.blend',
      ]);
      expect(dependencies.every((dependency) => dependency.insideProject && !dependency.packed)).toBe(true);
    });
  });

  it('reports packed data only when asked, and does not descend into libraries when not recursive', async () => {
    const scene = writeScene(root, variants[0]!, 'packed-check.blend');
    const withPacked = await traceDependencies(scene, { includePacked: true, recursive: false });
    expect({ lines: summary(withPacked, root), packed: withPacked.map((dependency) => dependency.packed) }).toEqual({
      lines: [
        'image IMtiles <root>/tex/t.1001.png exists=true from=<root>/packed-check.blend',
        'image IMtiles <root>/tex/t.1002.png exists=true from=<root>/packed-check.blend',
        'image IMpacked <root>/tex/p.png exists=true from=<root>/packed-check.blend',
        'image IMwin <root>/tex/w.png exists=true from=<root>/packed-check.blend',
        'library LIlib.blend <root>/lib/lib.blend exists=true from=<root>/packed-check.blend',
      ],
      packed: [false, false, true, false, false],
    });
  });

  it('refuses a missing file, a folder and a file that is not a .blend with typed errors', async () => {
    writeFileSync(join(root, 'notes.blend'), 'just text');
    const codeOf = (path: string): Promise<string> =>
      traceDependencies(path).then(
        () => 'resolved',
        (error: unknown) => (error instanceof CoreError ? error.code : String(error)),
      );
    expect([await codeOf(join(root, 'absent.blend')), await codeOf(join(root, 'tex')), await codeOf(join(root, 'notes.blend'))]).toEqual(['file-missing', 'file-unreadable', 'blend-invalid']);
  });

  it('ends when two libraries link each other', async () => {
    const variant = variants[0]!;
    mkdirSync(join(root, 'loop'), { recursive: true });
    writeFileSync(join(root, 'loop', 'a.png'), '');
    const main = writeBlocks(join(root, 'loop', 'main.blend'), variant, [
      { code: 'LI', struct: 'Library', address: 0x100, values: { 'id.name': 'LIa.blend', name: '//a.blend' } },
      { code: 'ID', struct: 'ID', address: 0x110, values: { name: 'MAa', lib: 0x100 } },
    ]);
    writeBlocks(join(root, 'loop', 'a.blend'), variant, [
      { code: 'MA', struct: 'Material', address: 0x10, values: { 'id.name': 'MAa', image: 0x30 } },
      { code: 'IM', struct: 'Image', address: 0x20, values: { 'id.name': 'IMa', name: '//a.png', source: 1 } },
      { code: 'LI', struct: 'Library', address: 0x200, values: { 'id.name': 'LIb.blend', name: '//b.blend' } },
      { code: 'ID', struct: 'ID', address: 0x30, values: { name: 'MAb', lib: 0x200 } },
    ]);
    writeBlocks(join(root, 'loop', 'b.blend'), variant, [
      { code: 'MA', struct: 'Material', address: 0x10, values: { 'id.name': 'MAb', image: 0x30 } },
      { code: 'LI', struct: 'Library', address: 0x300, values: { 'id.name': 'LIa.blend', name: '//a.blend' } },
      { code: 'ID', struct: 'ID', address: 0x30, values: { name: 'IMa', lib: 0x300 } },
      { code: 'ID', struct: 'ID', address: 0x40, values: { name: 'MAa', lib: 0x300 } },
    ]);
    const dependencies = await traceDependencies(main);
    expect(summary(dependencies, root)).toEqual([
      'library LIa.blend <root>/loop/a.blend exists=true from=<root>/loop/main.blend',
      'library LIb.blend <root>/loop/b.blend exists=true from=<root>/loop/a.blend',
      'library LIa.blend <root>/loop/a.blend exists=true from=<root>/loop/b.blend',
      'image IMa <root>/loop/a.png exists=true from=<root>/loop/a.blend',
    ]);
  });
});

describe('readSceneFacts', () => {
  const folder = makeTemporaryDirectory('blendfile-facts-');
  afterAll(() => folder.remove());

  it.each(variants)('reads scene names, the active scene and render settings from a $label file', async (variant) => {
    const path = writeScene(folder.path, variant, `facts-${variant.form}-${variant.pointerSize}-${String(variant.gzip)}.blend`);
    expect(await readSceneFacts(path)).toEqual({
      blenderVersion: variant.version === 500 ? '5.0' : variant.version === 304 ? '3.4' : '2.79',
      activeScene: 'Shot',
      scenes: [
        {
          name: 'Shot',
          frameStart: 5,
          frameEnd: 9,
          frameStep: 2,
          fps: 25,
          fpsBase: 1,
          outputPath: '//out/####',
          imageFormat: 'OPEN_EXR',
          fileExtension: '.exr',
          engine: 'CYCLES',
          resolutionX: 1280,
          resolutionY: 720,
          resolutionPercentage: 50,
          camera: 'Cam',
          cameras: [],
          viewLayers: [],
        },
      ],
    });
  });
});
