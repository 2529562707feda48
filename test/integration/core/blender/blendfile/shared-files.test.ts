import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openBlendFile, readSceneFacts, traceDependencies, versionText } from '../../../../../electron/core/blender/blendfile';
import { CoreError } from '../../../../../electron/core/errors';
import { blender, blenderPath } from '../../../../support/requirements';
import { askBlender, comparableFacts, nativeFiles, oracleFacts } from './blender-oracle';

/** The shared test data lies beside the repository (locally and in CI). */
const shared = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');
const classic = join(shared, 'blendfiles');
const modern = join(shared, 'blendfiles-modern');

function blendFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.blend')) found.push(full);
    }
  };
  walk(folder);
  return found;
}

const classicFiles = blendFiles(classic);
const modernFiles = blendFiles(modern);

describe.skipIf(!blender.available || classicFiles.length === 0)(
  `native tracer against Blender 3.4 on the shared 2.7x-3.x files${!blender.available ? ` (skipped: ${blender.reason})` : classicFiles.length === 0 ? ` (skipped: no ${classic})` : ''}`,
  () => {
    it.for(classicFiles.map((path) => ({ path, name: relative(classic, path) })))('finds what Blender finds in $name', { timeout: 120_000 }, async ({ path }, context) => {
      const oracle = askBlender(blenderPath ?? '', path);
      if (!oracle.ok) {
        // Blender itself cannot open it: the native reader must refuse it with a typed error too.
        const failure = await traceDependencies(path).then(
          () => 'resolved',
          (error: unknown) => (error instanceof CoreError ? error.code : String(error)),
        );
        expect(failure).toBe('blend-invalid');
        context.skip(`Blender cannot open it: ${oracle.reason}`);
        return;
      }
      const dependencies = await traceDependencies(path);
      const facts = await readSceneFacts(path);
      expect({ files: nativeFiles(dependencies), version: facts.blenderVersion, facts: comparableFacts(facts) }).toEqual({
        files: oracle.answer.files,
        version: oracle.answer.version,
        facts: oracleFacts(oracle.answer),
      });
    });
  },
);

/** Version and compression per file name, from the data's SOURCE.md ("`name.blend` 4.0 none"). */
function expectations(): Map<string, { version: string; compression: string }> {
  const result = new Map<string, { version: string; compression: string }>();
  const source = join(modern, 'SOURCE.md');
  if (!existsSync(source)) return result;
  for (const match of readFileSync(source, 'utf8').matchAll(/`([^`]+\.blend)` (\d\.\d) (none|zstd)/g)) {
    result.set((match[1] ?? '').split('/').pop() ?? '', { version: match[2] ?? '', compression: match[3] ?? '' });
  }
  return result;
}

describe.skipIf(modernFiles.length === 0)(`native reader on the shared Blender 4.0-5.3 files${modernFiles.length === 0 ? ` (skipped: no ${modern})` : ''}`, () => {
  const expected = expectations();

  it.each(modernFiles.map((path) => ({ path, name: relative(modern, path) })))('parses header, blocks and DNA of $name and traces it', async ({ path, name }) => {
    const file = await openBlendFile(path);
    const base = name.split('/').pop() ?? '';
    let facts;
    try {
      facts = {
        version: versionText(file.header.version),
        compression: file.compression,
        layout: file.header.blockHeaderLayout,
        hasDna: ['ID', 'Scene', 'Image', 'Library'].every((struct) => file.sdna.structsByName.has(struct)),
        blockStructsKnown: file.blocks.every((block) => block.sdnaIndex < file.sdna.structs.length),
      };
    } finally {
      await file.close();
    }
    const version = expected.get(base)?.version;
    expect(facts).toEqual({
      version,
      compression: expected.get(base)?.compression,
      layout: version !== undefined && Number(version) >= 5 ? 'large-bhead8' : 'small-bhead8',
      hasDna: true,
      blockStructsKnown: true,
    });
    const dependencies = await traceDependencies(path, { projectRoot: modern });
    expect(dependencies.every((dependency) => dependency.fromFile.startsWith(modern) && dependency.absolutePath !== '')).toBe(true);
  });

  it('resolves the documented references of the modern files', async () => {
    const scenes = join(modern, 'KhronosGroup__glTF-Blender-IO/tests/scenes');
    const definitions = join(modern, 'hedge-dev__HedgehogEngineBlenderIO/blender/Definitions');
    const fonts = await traceDependencies(join(modern, 'xavier150__Blender-For-UnrealEngine-Addons/docs/Examples/AssetsExample_CamerasDepthOfField.blend'));
    const udim = await traceDependencies(join(scenes, '33_udim.blend'));
    const linked = await traceDependencies(join(scenes, '01_linked_collection.blend'));
    const templates = await traceDependencies(join(definitions, 'FORCES/MaterialTemplates.blend'));
    const short = (path: string): string => relative(modern, path);
    expect({
      fonts: fonts.filter((dependency) => dependency.kind === 'font').map((dependency) => [dependency.storedPath, dependency.exists]),
      udimTiles: udim
        .filter((dependency) => dependency.kind === 'image')
        .map((dependency) => [short(dependency.absolutePath), dependency.exists])
        .sort(),
      linkedLibrary: linked.filter((dependency) => dependency.kind === 'library').map((dependency) => [dependency.storedPath, short(dependency.absolutePath), dependency.exists]),
      templatesLibrary: templates.filter((dependency) => dependency.kind === 'library').map((dependency) => [dependency.storedPath, short(dependency.absolutePath), dependency.exists]),
    }).toEqual({
      fonts: [['C:\\Windows\\Fonts\\calibri.ttf', false]],
      udimTiles: ['test', 'test2', 'test3', 'test4'].flatMap((stem) => [1001, 1002, 1011, 1012].map((tile) => [`KhronosGroup__glTF-Blender-IO/tests/scenes/${stem}.${tile}.png`, true])),
      linkedLibrary: [['//collection_to_link.blend', 'KhronosGroup__glTF-Blender-IO/tests/scenes/collection_to_link.blend', true]],
      templatesLibrary: [['//..\\Common.blend', 'hedge-dev__HedgehogEngineBlenderIO/blender/Definitions/Common.blend', true]],
    });
  });
});
