import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot, planPack } from '../../../../electron/core/shaman/pack-plan';
import { planWarnings } from '../../../../electron/core/shaman/warnings';
import { writeFiles } from '../../../support/shaman-fixtures';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('findProjectRoot', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  beforeEach(() => {
    folder = makeTemporaryDirectory();
  });
  afterEach(() => folder.remove());

  it('finds the nearest ancestor with a project marker', async () => {
    writeFiles(folder.path, { 'studio/.svn/entries': '', 'studio/film/.blender_project/settings': '', 'studio/film/shots/a/a.blend': '' });
    expect(await findProjectRoot(join(folder.path, 'studio/film/shots/a/a.blend'))).toBe(join(folder.path, 'studio/film'));
  });

  it("falls back to the .blend's folder when no ancestor has a marker", async () => {
    writeFiles(folder.path, { 'loose/scene.blend': '' });
    expect(await findProjectRoot(join(folder.path, 'loose/scene.blend'))).toBe(join(folder.path, 'loose'));
  });
});

describe('planPack', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  beforeEach(() => {
    folder = makeTemporaryDirectory();
    writeFiles(folder.path, {
      'proj/.git/HEAD': 'ref',
      'proj/shots/shot.blend': 'blend!',
      'proj/tex/wood.png': 'wood',
      'library/rock.png': 'rock-rock',
    });
  });
  afterEach(() => folder.remove());

  const at = (path: string): string => join(folder.path, path);

  it('keeps paths relative to the project root and puts outside files under _outside when asked', async () => {
    const plan = await planPack({
      blendPath: at('proj/shots/shot.blend'),
      dependencies: [at('proj/tex/wood.png'), at('library/rock.png'), at('proj/tex/missing.png'), at('proj/tex/wood.png')],
      outsideFiles: 'include',
    });
    const outsidePath = `_outside${at('library/rock.png')}`;
    expect(plan).toEqual({
      blendPath: at('proj/shots/shot.blend'),
      projectRoot: at('proj'),
      blendPackPath: 'shots/shot.blend',
      files: [
        { absolutePath: at('proj/shots/shot.blend'), packPath: 'shots/shot.blend', size: 6, outsideProject: false },
        { absolutePath: at('proj/tex/wood.png'), packPath: 'tex/wood.png', size: 4, outsideProject: false },
        { absolutePath: at('library/rock.png'), packPath: outsidePath, size: 9, outsideProject: true },
      ],
      outside: [{ absolutePath: at('library/rock.png'), packPath: outsidePath }],
      missing: [at('proj/tex/missing.png')],
      totalBytes: 19,
    });
    expect(planWarnings(plan).map((warning) => [warning.kind, warning.absolutePath])).toEqual([
      ['outside-project', at('library/rock.png')],
      ['missing-file', at('proj/tex/missing.png')],
    ]);
  });

  it('leaves outside files out, but still reports them, when asked to skip them', async () => {
    const plan = await planPack({ blendPath: at('proj/shots/shot.blend'), dependencies: [at('library/rock.png')], outsideFiles: 'skip' });
    expect({ files: plan.files.map((file) => file.packPath), outside: plan.outside }).toEqual({
      files: ['shots/shot.blend'],
      outside: [{ absolutePath: at('library/rock.png'), packPath: undefined }],
    });
  });

  it('fails with file-missing when the .blend does not exist', async () => {
    await expect(planPack({ blendPath: at('proj/nope.blend'), dependencies: [], outsideFiles: 'skip' })).rejects.toMatchObject({ code: 'file-missing' });
  });
});
