import { describe, expect, it } from 'vitest';
import { parseDeclaration, parseSdna } from '../../../../../electron/core/blender/blendfile/sdna';
import { CoreError } from '../../../../../electron/core/errors';
import { openBlendFile } from '../../../../../electron/core/blender/blendfile';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';
import { variants, writeScene } from './scene-graph-fixture';

describe('parseDeclaration', () => {
  it('splits pointers, arrays and function pointers', () => {
    expect([parseDeclaration('*next'), parseDeclaration('**mat'), parseDeclaration('name[66]'), parseDeclaration('mat[4][4]'), parseDeclaration('(*free_edit)()')]).toEqual([
      { name: 'next', pointerDepth: 1, isFunction: false, dimensions: [] },
      { name: 'mat', pointerDepth: 2, isFunction: false, dimensions: [] },
      { name: 'name', pointerDepth: 0, isFunction: false, dimensions: [66] },
      { name: 'mat', pointerDepth: 0, isFunction: false, dimensions: [4, 4] },
      { name: 'free_edit', pointerDepth: 1, isFunction: true, dimensions: [] },
    ]);
  });
});

describe('parseSdna', () => {
  it('lays out struct fields back to back with pointer sizes from the header', async () => {
    const folder = makeTemporaryDirectory('blendfile-sdna-');
    try {
      const path32 = writeScene(folder.path, variants[1]!, 'bits32.blend');
      const file = await openBlendFile(path32);
      const id = file.sdna.structsByName.get('ID');
      await file.close();
      expect(id?.fields.map((field) => [field.name, field.offset, field.size])).toEqual([
        ['next', 0, 4],
        ['prev', 4, 4],
        ['name', 8, 66],
        ['_pad', 74, 6],
        ['lib', 80, 4],
      ]);
    } finally {
      folder.remove();
    }
  });

  it('rejects counts larger than the block as blend-invalid', () => {
    const body = Buffer.concat([Buffer.from('SDNANAME'), Buffer.from([0xff, 0xff, 0xff, 0x7f])]);
    let code = 'no error';
    try {
      parseSdna(body, true, 8);
    } catch (error) {
      code = error instanceof CoreError ? error.code : 'other';
    }
    expect(code).toBe('blend-invalid');
  });
});
