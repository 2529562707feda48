/**
 * Writes small .blend files from a struct description, for tests of the native reader.
 * Independent of the reader's own layout code: it lays structs out the way makesdna does
 * (fields back to back) and encodes headers per Blender's documented header forms.
 */
export type HeaderForm = 'classic' | 'large';

export type FieldSpec = readonly [type: string, declaration: string];
export type StructSpec = { readonly name: string; readonly fields: readonly FieldSpec[] };
export type Value = number | bigint | string | readonly (number | bigint)[];
export type BlockSpec = {
  readonly code: string;
  /** Struct stored in the block; undefined means raw data (SDNA index 0). */
  readonly struct?: string;
  readonly address: number;
  /** Field values by name (dotted for embedded structs), or a raw body. */
  readonly values?: Readonly<Record<string, Value>> | readonly Readonly<Record<string, Value>>[];
  readonly raw?: Buffer;
};
export type BlendSpec = {
  readonly form: HeaderForm;
  readonly pointerSize: 4 | 8;
  readonly littleEndian: boolean;
  readonly version: number;
  readonly structs: readonly StructSpec[];
  readonly blocks: readonly BlockSpec[];
};

const primitiveSizes: Record<string, number> = { char: 1, uchar: 1, short: 2, ushort: 2, int: 4, uint: 4, float: 4, double: 8, int64_t: 8, uint64_t: 8, void: 0 };

type Layout = { offset: number; size: number; pointer: boolean; type: string; count: number; elementSize: number };

/** The structs every synthetic file carries, modelled on Blender's DNA names (a subset). */
export const standardStructs = (extra: readonly StructSpec[] = []): StructSpec[] => [
  { name: 'Link', fields: [['Link', '*next'], ['Link', '*prev']] },
  { name: 'ListBase', fields: [['void', '*first'], ['void', '*last']] },
  { name: 'ID', fields: [['void', '*next'], ['void', '*prev'], ['char', 'name[66]'], ['char', '_pad[6]'], ['Library', '*lib']] },
  { name: 'Library', fields: [['ID', 'id'], ['char', 'name[1024]'], ['PackedFile', '*packedfile']] },
  { name: 'PackedFile', fields: [['int', 'size'], ['int', 'seek']] },
  { name: 'ImageTile', fields: [['ImageTile', '*next'], ['ImageTile', '*prev'], ['int', 'tile_number'], ['int', '_pad']] },
  { name: 'Image', fields: [['ID', 'id'], ['char', 'name[1024]'], ['short', 'source'], ['short', '_pad[3]'], ['PackedFile', '*packedfile'], ['ListBase', 'tiles']] },
  { name: 'Material', fields: [['ID', 'id'], ['Image', '*image']] },
  { name: 'Object', fields: [['ID', 'id'], ['Material', '**mat'], ['short', 'type'], ['short', '_pad[3]']] },
  { name: 'ImageFormatData', fields: [['char', 'imtype'], ['char', '_pad[7]']] },
  {
    name: 'RenderData',
    fields: [['int', 'sfra'], ['int', 'efra'], ['int', 'frame_step'], ['short', 'frs_sec'], ['short', 'size'], ['float', 'frs_sec_base'], ['int', 'xsch'], ['int', 'ysch'], ['ImageFormatData', 'im_format'], ['char', 'pic[1024]'], ['char', 'engine[32]']],
  },
  { name: 'Scene', fields: [['ID', 'id'], ['Object', '*camera'], ['RenderData', 'r']] },
  { name: 'FileGlobal', fields: [['Scene', '*curscene'], ['int', 'fileflags'], ['int', '_pad']] },
  ...extra,
];

class Encoder {
  readonly sizes = new Map<string, number>(Object.entries(primitiveSizes));
  readonly layouts = new Map<string, Map<string, Layout>>();

  constructor(
    readonly spec: BlendSpec,
  ) {
    for (const struct of spec.structs) {
      const layout = new Map<string, Layout>();
      let offset = 0;
      for (const [type, declaration] of struct.fields) {
        const pointer = declaration.startsWith('*') || declaration.startsWith('(');
        const name = /^\(?\**([A-Za-z0-9_]+)/.exec(declaration)?.[1] ?? declaration;
        const count = [...declaration.matchAll(/\[(\d+)\]/g)].reduce((product, match) => product * Number(match[1]), 1);
        const elementSize = pointer ? spec.pointerSize : (this.sizes.get(type) ?? 0);
        layout.set(name, { offset, size: elementSize * count, pointer, type, count, elementSize });
        offset += elementSize * count;
      }
      this.sizes.set(struct.name, offset);
      this.layouts.set(struct.name, layout);
    }
  }

  private locate(struct: string, path: string): Layout {
    let offset = 0;
    let current = struct;
    const parts = path.split('.');
    for (let index = 0; index < parts.length; index += 1) {
      const layout = this.layouts.get(current)?.get(parts[index] ?? '');
      if (layout === undefined) throw new Error(`no field ${path} in ${struct}`);
      if (index === parts.length - 1) return { ...layout, offset: offset + layout.offset };
      offset += layout.offset;
      current = layout.type;
    }
    throw new Error('unreachable');
  }

  writeNumber(buffer: Buffer, offset: number, type: string, size: number, value: number | bigint, pointer: boolean): void {
    const littleEndian = this.spec.littleEndian;
    if (pointer || type === 'int64_t' || type === 'uint64_t') {
      if (size === 8) {
        if (littleEndian) buffer.writeBigUInt64LE(BigInt(value), offset);
        else buffer.writeBigUInt64BE(BigInt(value), offset);
      } else if (littleEndian) buffer.writeUInt32LE(Number(value), offset);
      else buffer.writeUInt32BE(Number(value), offset);
      return;
    }
    const number = Number(value);
    switch (type) {
      case 'char':
      case 'uchar':
        buffer.writeUInt8(number & 0xff, offset);
        return;
      case 'short':
        if (littleEndian) buffer.writeInt16LE(number, offset);
        else buffer.writeInt16BE(number, offset);
        return;
      case 'float':
        if (littleEndian) buffer.writeFloatLE(number, offset);
        else buffer.writeFloatBE(number, offset);
        return;
      case 'double':
        if (littleEndian) buffer.writeDoubleLE(number, offset);
        else buffer.writeDoubleBE(number, offset);
        return;
      default:
        if (littleEndian) buffer.writeInt32LE(number, offset);
        else buffer.writeInt32BE(number, offset);
    }
  }

  encode(struct: string, values: Readonly<Record<string, Value>>): Buffer {
    const buffer = Buffer.alloc(this.sizes.get(struct) ?? 0);
    for (const [path, value] of Object.entries(values)) {
      const layout = this.locate(struct, path);
      if (typeof value === 'string') {
        Buffer.from(value, 'utf8').copy(buffer, layout.offset, 0, layout.size - 1);
      } else if (typeof value === 'number' || typeof value === 'bigint') {
        this.writeNumber(buffer, layout.offset, layout.type, layout.elementSize, value, layout.pointer);
      } else {
        value.forEach((element, index) => this.writeNumber(buffer, layout.offset + index * layout.elementSize, layout.type, layout.elementSize, element, layout.pointer));
      }
    }
    return buffer;
  }

  pointers(addresses: readonly number[]): Buffer {
    const buffer = Buffer.alloc(addresses.length * this.spec.pointerSize);
    addresses.forEach((address, index) => this.writeNumber(buffer, index * this.spec.pointerSize, 'void', this.spec.pointerSize, address, true));
    return buffer;
  }
}

function align4(parts: Buffer[]): void {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  if (length % 4 !== 0) parts.push(Buffer.alloc(4 - (length % 4)));
}

function sdnaBody(spec: BlendSpec, encoder: Encoder): Buffer {
  const names: string[] = [];
  const types: string[] = [...Object.keys(primitiveSizes)];
  for (const struct of spec.structs) if (!types.includes(struct.name)) types.push(struct.name);
  for (const struct of spec.structs) for (const [type, declaration] of struct.fields) {
    if (!names.includes(declaration)) names.push(declaration);
    if (!types.includes(type)) types.push(type);
  }
  const littleEndian = spec.littleEndian;
  const int32 = (value: number): Buffer => {
    const buffer = Buffer.alloc(4);
    if (littleEndian) buffer.writeInt32LE(value);
    else buffer.writeInt32BE(value);
    return buffer;
  };
  const int16 = (value: number): Buffer => {
    const buffer = Buffer.alloc(2);
    if (littleEndian) buffer.writeUInt16LE(value);
    else buffer.writeUInt16BE(value);
    return buffer;
  };
  const parts: Buffer[] = [Buffer.from('SDNANAME'), int32(names.length), ...names.map((name) => Buffer.from(`${name}\0`, 'latin1'))];
  align4(parts);
  parts.push(Buffer.from('TYPE'), int32(types.length), ...types.map((type) => Buffer.from(`${type}\0`, 'latin1')));
  align4(parts);
  parts.push(Buffer.from('TLEN'), ...types.map((type) => int16(encoder.sizes.get(type) ?? 0)));
  align4(parts);
  parts.push(Buffer.from('STRC'), int32(spec.structs.length));
  for (const struct of spec.structs) {
    parts.push(int16(types.indexOf(struct.name)), int16(struct.fields.length));
    for (const [type, declaration] of struct.fields) parts.push(int16(types.indexOf(type)), int16(names.indexOf(declaration)));
  }
  return Buffer.concat(parts);
}

function blockHeader(spec: BlendSpec, code: string, length: number, address: number, sdnaIndex: number, count: number): Buffer {
  const littleEndian = spec.littleEndian;
  const codeBytes = Buffer.alloc(4);
  Buffer.from(code, 'latin1').copy(codeBytes);
  if (spec.form === 'large') {
    const buffer = Buffer.alloc(32);
    codeBytes.copy(buffer, 0);
    if (littleEndian) {
      buffer.writeInt32LE(sdnaIndex, 4);
      buffer.writeBigUInt64LE(BigInt(address), 8);
      buffer.writeBigInt64LE(BigInt(length), 16);
      buffer.writeBigInt64LE(BigInt(count), 24);
    } else {
      buffer.writeInt32BE(sdnaIndex, 4);
      buffer.writeBigUInt64BE(BigInt(address), 8);
      buffer.writeBigInt64BE(BigInt(length), 16);
      buffer.writeBigInt64BE(BigInt(count), 24);
    }
    return buffer;
  }
  const buffer = Buffer.alloc(spec.pointerSize === 8 ? 24 : 20);
  codeBytes.copy(buffer, 0);
  const write32 = (value: number, offset: number): void => {
    if (littleEndian) buffer.writeInt32LE(value, offset);
    else buffer.writeInt32BE(value, offset);
  };
  write32(length, 4);
  if (spec.pointerSize === 8) {
    if (littleEndian) buffer.writeBigUInt64LE(BigInt(address), 8);
    else buffer.writeBigUInt64BE(BigInt(address), 8);
    write32(sdnaIndex, 16);
    write32(count, 20);
  } else {
    if (littleEndian) buffer.writeUInt32LE(address, 8);
    else buffer.writeUInt32BE(address, 8);
    write32(sdnaIndex, 12);
    write32(count, 16);
  }
  return buffer;
}

/** Encodes a pointer array body (for `**` fields) in the spec's pointer size and byte order. */
export function pointerArray(spec: BlendSpec, addresses: readonly number[]): Buffer {
  return new Encoder(spec).pointers(addresses);
}

/** Builds the bytes of a .blend from the spec (header, blocks, DNA1, ENDB). */
export function buildBlend(spec: BlendSpec): Buffer {
  const encoder = new Encoder(spec);
  const versionDigits = spec.form === 'large' ? String(spec.version).padStart(4, '0') : String(spec.version).padStart(3, '0');
  const endian = spec.littleEndian ? 'v' : 'V';
  const header = spec.form === 'large' ? `BLENDER17-01${endian}${versionDigits}` : `BLENDER${spec.pointerSize === 8 ? '-' : '_'}${endian}${versionDigits}`;
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  for (const block of spec.blocks) {
    const structIndex = block.struct === undefined ? 0 : spec.structs.findIndex((struct) => struct.name === block.struct);
    if (structIndex < 0) throw new Error(`unknown struct ${String(block.struct)}`);
    let body: Buffer;
    let count = 1;
    if (block.raw !== undefined) body = block.raw;
    else if (Array.isArray(block.values)) {
      const list = block.values as readonly Readonly<Record<string, Value>>[];
      body = Buffer.concat(list.map((values) => encoder.encode(block.struct ?? 'Link', values)));
      count = list.length;
    } else body = encoder.encode(block.struct ?? 'Link', (block.values ?? {}) as Readonly<Record<string, Value>>);
    parts.push(blockHeader(spec, block.code, body.length, block.address, structIndex, count), body);
  }
  const dna = sdnaBody(spec, encoder);
  parts.push(blockHeader(spec, 'DNA1', dna.length, 1, 0, 1), dna);
  parts.push(blockHeader(spec, 'ENDB', 0, 0, 0, 0));
  return Buffer.concat(parts);
}
