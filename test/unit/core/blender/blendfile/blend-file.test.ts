import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlendFile, readSceneFacts } from '../../../../../electron/core/blender/blendfile';
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

describe('openBlendFile on a file with a 1 GiB block', () => {
  const folder = makeTemporaryDirectory('blendfile-large-');
  afterAll(() => folder.remove());

  it('skips the body with positional reads instead of loading it', async () => {
    const variant = variants[0]!;
    const small = readFileSync(writeScene(folder.path, variant, 'small.blend'));
    const tailAt = small.lastIndexOf('DNA1');
    const hugeHeader = Buffer.alloc(24);
    hugeHeader.write('DATA', 0, 'latin1');
    hugeHeader.writeInt32LE(1 << 30, 4);
    hugeHeader.writeBigUInt64LE(0xabc000n, 8);
    const path = join(folder.path, 'huge.blend');
    // A sparse file: the 1 GiB body is a hole, so the test costs no disk space.
    const fd = openSync(path, 'w');
    writeSync(fd, small, 0, tailAt, 0);
    writeSync(fd, hugeHeader, 0, hugeHeader.length, tailAt);
    writeSync(fd, small, tailAt, small.length - tailAt, tailAt + hugeHeader.length + (1 << 30));
    closeSync(fd);

    const before = process.memoryUsage();
    const file = await openBlendFile(path);
    const huge = file.blocks.find((block) => block.size === 1 << 30);
    const facts = await readSceneFacts(path);
    const after = process.memoryUsage();
    await file.close();
    const grownMiB = (after.arrayBuffers + after.heapUsed - before.arrayBuffers - before.heapUsed) / (1 << 20);
    expect({ huge: huge?.code, scenes: facts.scenes.map((scene) => scene.name), grewLessThan256MiB: grownMiB < 256 }).toEqual({ huge: 'DATA', scenes: ['Shot'], grewLessThan256MiB: true });
  });
});
