import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBlend, pointerArray, standardStructs, type BlendSpec, type BlockSpec, type HeaderForm } from './synthetic-blend';

/** One way of storing a synthetic file: header form, pointer size, byte order, compression. */
export type Variant = { readonly label: string; readonly form: HeaderForm; readonly pointerSize: 4 | 8; readonly littleEndian: boolean; readonly version: number; readonly gzip: boolean };

/** Every header/pointer/endianness form the reader supports, plus a gzip-compressed one. */
export const variants: readonly Variant[] = [
  { label: 'classic 64-bit little-endian (3.4)', form: 'classic', pointerSize: 8, littleEndian: true, version: 304, gzip: false },
  { label: 'classic 32-bit big-endian (2.79)', form: 'classic', pointerSize: 4, littleEndian: false, version: 279, gzip: false },
  { label: 'Blender 5 header with LargeBHead8 (5.0)', form: 'large', pointerSize: 8, littleEndian: true, version: 500, gzip: false },
  { label: 'gzip-compressed classic (2.79)', form: 'classic', pointerSize: 8, littleEndian: true, version: 279, gzip: true },
];

function spec(variant: Variant, blocks: readonly BlockSpec[]): BlendSpec {
  return { form: variant.form, pointerSize: variant.pointerSize, littleEndian: variant.littleEndian, version: variant.version, structs: standardStructs(), blocks };
}

/** A scene with a camera, a material chain to a UDIM image, a packed image, a Windows-style path and a linked library. */
export function sceneBlocks(variant: Variant): BlockSpec[] {
  const base = spec(variant, []);
  return [
    { code: 'GLOB', struct: 'FileGlobal', address: 0x900, values: { curscene: 0x1000 } },
    {
      code: 'SC',
      struct: 'Scene',
      address: 0x1000,
      values: {
        'id.name': 'SCShot',
        camera: 0x2000,
        'r.sfra': 5,
        'r.efra': 9,
        'r.frame_step': 2,
        'r.frs_sec': 25,
        'r.frs_sec_base': 1,
        'r.size': 50,
        'r.xsch': 1280,
        'r.ysch': 720,
        'r.im_format.imtype': 23,
        'r.pic': '//out/####',
        'r.engine': 'CYCLES',
      },
    },
    { code: 'OB', struct: 'Object', address: 0x2000, values: { 'id.name': 'OBCam', type: 11, mat: 0x3100 } },
    { code: 'DATA', address: 0x3100, raw: pointerArray(base, [0x3000]) },
    { code: 'MA', struct: 'Material', address: 0x3000, values: { 'id.name': 'MAMat', image: 0x4000 } },
    { code: 'IM', struct: 'Image', address: 0x4000, values: { 'id.name': 'IMtiles', name: '//tex/t.<UDIM>.png', source: 6, 'tiles.first': 0x5000, 'tiles.last': 0x5001 } },
    { code: 'DATA', struct: 'ImageTile', address: 0x5000, values: { next: 0x5001, tile_number: 1001 } },
    { code: 'DATA', struct: 'ImageTile', address: 0x5001, values: { prev: 0x5000, tile_number: 1002 } },
    { code: 'IM', struct: 'Image', address: 0x4100, values: { 'id.name': 'IMpacked', name: '//tex/p.png', source: 1, packedfile: 0x6000 } },
    { code: 'DATA', struct: 'PackedFile', address: 0x6000, values: { size: 4 } },
    { code: 'IM', struct: 'Image', address: 0x4200, values: { 'id.name': 'IMwin', name: '//tex\\w.png', source: 1 } },
    { code: 'LI', struct: 'Library', address: 0x7000, values: { 'id.name': 'LIlib.blend', name: '//lib/lib.blend' } },
    { code: 'ID', struct: 'ID', address: 0x7100, values: { name: 'MAShared', lib: 0x7000 } },
  ];
}

/** Writes the scene file for a variant into `folder` and returns its path. */
export function writeScene(folder: string, variant: Variant, name = 'scene.blend'): string {
  const bytes = buildBlend(spec(variant, sceneBlocks(variant)));
  const path = join(folder, name);
  writeFileSync(path, variant.gzip ? gzipSync(bytes) : bytes);
  return path;
}

/** Writes a file with the given blocks in a variant's form. */
export function writeBlocks(path: string, variant: Variant, blocks: readonly BlockSpec[]): string {
  const bytes = buildBlend(spec(variant, blocks));
  writeFileSync(path, variant.gzip ? gzipSync(bytes) : bytes);
  return path;
}
