import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlendFile, readSceneFacts, traceDependencies } from '../../../../../electron/core/blender/blendfile';
import { blender, blenderPath } from '../../../../support/requirements';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';
import { askBlender, comparableFacts, fixtureScript, nativeFiles, oracleFacts, type OracleAnswer } from './blender-oracle';

describe.skipIf(!blender.available)(`native tracer and scene facts against Blender 3.4 on generated fixtures${blender.available ? '' : ` (skipped: ${blender.reason})`}`, () => {
  const folder = makeTemporaryDirectory('blendfile-fixtures-');
  const project = join(folder.path, 'project');
  const answers = new Map<string, OracleAnswer>();
  let skipped: Record<string, string> = {};

  beforeAll(() => {
    const output = execFileSync(blenderPath ?? '', ['-b', '--factory-startup', '--python', fixtureScript, '--', folder.path], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    const line = output.split('\n').find((text) => text.startsWith('FIXTURES_JSON='));
    skipped = (JSON.parse(line?.slice('FIXTURES_JSON='.length) ?? '{"skipped":{}}') as { skipped: Record<string, string> }).skipped;
    for (const name of ['main.blend', 'main_compressed.blend']) {
      const answer = askBlender(blenderPath ?? '', join(project, name));
      if (!answer.ok) throw new Error(answer.reason);
      answers.set(name, answer.answer);
    }
  }, 600_000);
  afterAll(() => folder.remove());

  it('built every kind of reference on this Blender', () => {
    expect(skipped).toEqual({});
  });

  it.each(['main.blend', 'main_compressed.blend'])('finds the same files as Blender in %s', async (name) => {
    const dependencies = await traceDependencies(join(project, name), { projectRoot: project });
    expect(nativeFiles(dependencies)).toEqual(answers.get(name)?.files);
  });

  it('reads the compressed file as zstd and the plain one as uncompressed', async () => {
    const plain = await openBlendFile(join(project, 'main.blend'));
    const compressed = await openBlendFile(join(project, 'main_compressed.blend'));
    const result = [plain.compression, compressed.compression, plain.header.version, compressed.blocks.length === plain.blocks.length];
    await plain.close();
    await compressed.close();
    expect(result).toEqual(['none', 'zstd', 304, true]);
  });

  it('reports each kind of reference with the block, the stored path and the file that holds it', async () => {
    const dependencies = await traceDependencies(join(project, 'main.blend'), { projectRoot: project });
    const pick = (kind: string, file: string): unknown =>
      dependencies
        .filter((dependency) => dependency.kind === kind && dependency.absolutePath.endsWith(file))
        .map((dependency) => ({ ...dependency, absolutePath: dependency.absolutePath.replace(project, '<project>'), fromFile: dependency.fromFile.replace(project, '<project>') }));
    expect({
      library: pick('library', 'library.blend'),
      deepImage: pick('image', 'deep_texture.png'),
      windowsStyle: pick('image', 'windows_style.png'),
      missing: pick('image', 'does_not_exist.png'),
      udim: pick('image', 'tiles.1011.png'),
      pointCacheCount: dependencies.filter((dependency) => dependency.kind === 'point-cache').length,
      kinds: [...new Set(dependencies.map((dependency) => dependency.kind))].sort(),
      unusedLibraryImage: dependencies.some((dependency) => dependency.absolutePath.endsWith('unused.png')),
      packed: dependencies.some((dependency) => dependency.absolutePath.endsWith('packed.png')),
    }).toEqual({
      library: [{ kind: 'library', block: 'LIlibrary.blend', storedPath: '//lib/library.blend', absolutePath: '<project>/lib/library.blend', exists: true, insideProject: true, fromFile: '<project>/main.blend', packed: false }],
      deepImage: [{ kind: 'image', block: 'IMdeep_texture.png', storedPath: '//deep_texture.png', absolutePath: '<project>/lib/deeper/deep_texture.png', exists: true, insideProject: true, fromFile: '<project>/lib/deeper/deep.blend', packed: false }],
      windowsStyle: [{ kind: 'image', block: 'IMwindows_style.png', storedPath: '//textures\\windows_style.png', absolutePath: '<project>/textures/windows_style.png', exists: true, insideProject: true, fromFile: '<project>/main.blend', packed: false }],
      missing: [{ kind: 'image', block: 'IMmissing', storedPath: '//textures/does_not_exist.png', absolutePath: '<project>/textures/does_not_exist.png', exists: false, insideProject: true, fromFile: '<project>/main.blend', packed: false }],
      udim: [{ kind: 'image', block: 'IMtiles.1001.png', storedPath: '//udim/tiles.<UDIM>.png', absolutePath: '<project>/udim/tiles.1011.png', exists: true, insideProject: true, fromFile: '<project>/main.blend', packed: false }],
      pointCacheCount: 6,
      kinds: ['cache-file', 'fluid-cache', 'font', 'ies-profile', 'image', 'library', 'mesh-cache', 'movie-clip', 'multires-external', 'ocean-cache', 'point-cache', 'sequencer-strip', 'shader-script', 'sound', 'text', 'volume'],
      unusedLibraryImage: false,
      packed: false,
    });
  });

  it.each(['main.blend', 'main_compressed.blend'])('reads the same scene facts as Blender in %s', async (name) => {
    const facts = await readSceneFacts(join(project, name));
    const answer = answers.get(name);
    expect(answer).toBeDefined();
    expect({ version: facts.blenderVersion, ...(comparableFacts(facts) as object) }).toEqual({ version: answer?.version, ...(oracleFacts(answer!) as object) });
  });
});
