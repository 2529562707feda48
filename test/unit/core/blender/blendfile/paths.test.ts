import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryCache, expandSequence, expandTiles, isInside, resolveBlendPath, uvTileLabel } from '../../../../../electron/core/blender/blendfile/paths';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';

describe('resolveBlendPath', () => {
  it('resolves // against the folder of the .blend that holds the path, with Windows separators', () => {
    expect([
      resolveBlendPath('//tex/a.png', '/p/shots/s.blend'),
      resolveBlendPath('//..\\Common.blend', '/p/defs/FORCES/M.blend'),
      resolveBlendPath('/abs/./x/../y.png', '/p/s.blend'),
      resolveBlendPath('C:\\Windows\\Fonts\\calibri.ttf', '/p/s.blend'),
    ]).toEqual(['/p/shots/tex/a.png', '/p/defs/Common.blend', '/abs/y.png', 'C:\\Windows\\Fonts\\calibri.ttf']);
  });
});

describe('isInside', () => {
  it('says whether a path lies in a root folder', () => {
    expect([isInside('/p/a/b.png', '/p'), isInside('/p', '/p'), isInside('/pp/a.png', '/p'), isInside('/q/a.png', '/p')]).toEqual([true, true, false, false]);
  });
});

describe('expandTiles', () => {
  it('replaces UDIM and UVTILE tokens, or the first tile number of older files', () => {
    expect([
      expandTiles('/t/c.<UDIM>.png', [1001, 1012]),
      expandTiles('/t/c.<UVTILE>.png', [1001, 1012]),
      expandTiles('/t/c.1001.png', [1001, 1002]),
      uvTileLabel(1023),
    ]).toEqual([['/t/c.1001.png', '/t/c.1012.png'], ['/t/c.u1_v1.png', '/t/c.u2_v2.png'], ['/t/c.1001.png', '/t/c.1002.png'], 'u3_v3']);
  });
});

describe('expandSequence', () => {
  it('lists the files that differ from the stored one only in the frame number', async () => {
    const folder = makeTemporaryDirectory('blendfile-sequence-');
    try {
      mkdirSync(join(folder.path, 'seq'));
      for (const name of ['shot_0001.png', 'shot_0002.png', 'shot_0010.png', 'shot_0001.jpg', 'other_0001.png']) writeFileSync(join(folder.path, 'seq', name), '');
      const cache = new DirectoryCache();
      expect([await expandSequence(join(folder.path, 'seq', 'shot_0001.png'), cache), await expandSequence(join(folder.path, 'none', 'x_01.png'), cache)]).toEqual([
        ['shot_0001.png', 'shot_0002.png', 'shot_0010.png'].map((name) => join(folder.path, 'seq', name)),
        [join(folder.path, 'none', 'x_01.png')],
      ]);
    } finally {
      folder.remove();
    }
  });
});
