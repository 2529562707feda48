import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlendFile } from '../../../../../electron/core/blender/blendfile';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';
import { variants, writeScene } from './scene-graph-fixture';

describe('openBlendFile', () => {
  const folder = makeTemporaryDirectory('blendfile-reader-');
  afterAll(() => folder.remove());

  describe.each(variants)('with a $label file', (variant) => {
    let path = '';
    beforeAll(() => {
      path = writeScene(folder.path, variant, `${variant.form}-${variant.pointerSize}-${String(variant.littleEndian)}-${String(variant.gzip)}.blend`);
    });

    it('reads the header, the block index and the DNA', async () => {
      const file = await openBlendFile(path);
      try {
        expect({
          header: file.header,
          compression: file.compression,
          codes: file.blocks.map((block) => block.code),
          hasImageStruct: file.sdna.structsByName.has('Image'),
        }).toEqual({
          header: {
            size: variant.form === 'large' ? 17 : 12,
            pointerSize: variant.pointerSize,
            littleEndian: variant.littleEndian,
            version: variant.version,
            formatVersion: variant.form === 'large' ? 1 : 0,
            blockHeaderLayout: variant.form === 'large' ? 'large-bhead8' : variant.pointerSize === 8 ? 'small-bhead8' : 'bhead4',
            blockHeaderSize: variant.form === 'large' ? 32 : variant.pointerSize === 8 ? 24 : 20,
          },
          compression: variant.gzip ? 'gzip' : 'none',
          codes: ['GLOB', 'SC', 'OB', 'DATA', 'MA', 'IM', 'DATA', 'DATA', 'IM', 'DATA', 'IM', 'LI', 'ID', 'DNA1'],
          hasImageStruct: true,
        });
      } finally {
        await file.close();
      }
    });

    it('reads typed fields, follows pointers and walks lists when asked by field name', async () => {
      const file = await openBlendFile(path);
      try {
        const scene = file.view(file.blocksWithCode('SC')[0] ?? file.blocks[0]!);
        const camera = scene?.deref('camera');
        const materials = camera?.pointerArray('mat').map((address) => file.deref(address, 'Material')?.string('id.name'));
        const image = file.view(file.blocksWithCode('IM')[0]!);
        expect({
          scene: scene?.string('id.name'),
          frames: [scene?.number('r.sfra'), scene?.number('r.efra'), scene?.number('r.frame_step')],
          fpsBase: scene?.number('r.frs_sec_base'),
          output: scene?.string('r.pic'),
          imtype: scene?.number('r.im_format.imtype'),
          camera: camera?.string('id.name'),
          cameraType: camera?.number('type'),
          materials,
          imagePath: image?.string('name'),
          tiles: image?.list('tiles', 'ImageTile').map((tile) => tile.number('tile_number')),
          missingField: scene?.number('r.no_such_field'),
        }).toEqual({
          scene: 'SCShot',
          frames: [5, 9, 2],
          fpsBase: 1,
          output: '//out/####',
          imtype: 23,
          camera: 'OBCam',
          cameraType: 11,
          materials: ['MAMat'],
          imagePath: '//tex/t.<UDIM>.png',
          tiles: [1001, 1002],
          missingField: undefined,
        });
      } finally {
        await file.close();
      }
    });
  });
});
