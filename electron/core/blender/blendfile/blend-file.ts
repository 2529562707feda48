import { CoreError } from '../../errors';
import { openByteSource, readAt, type ByteSource, type Compression } from './byte-source';
import { maxHeaderSize, parseHeader, type BlendHeader } from './header';
import { parseSdnaCached, type Sdna, type SdnaField, type SdnaStruct } from './sdna';

/**
 * An address a block had in memory when it was written: a number when it fits in 53 bits,
 * otherwise a hex string. `0` is the null pointer.
 */
export type Address = number | string;

/** One file block (Blender's `BHead`) and where its body lies in the uncompressed data. */
export type BlendBlock = {
  readonly index: number;
  /** `DATA`, `GLOB`, `DNA1`, `REND`, `TEST`, `ENDB` or a two-letter ID code like `IM`, `OB`. */
  readonly code: string;
  readonly size: number;
  readonly address: Address;
  readonly sdnaIndex: number;
  readonly count: number;
  /** Offset of the body in the uncompressed data. */
  readonly offset: number;
};

/** Options for {@link openBlendFile}. */
export type OpenOptions = {
  /**
   * For compressed files only (bodies of plain files are read on demand): whether to keep a
   * block's body in memory while streaming. `owner` is the code of the data-block a `DATA`
   * block belongs to (the last non-`DATA` block before it). Default keeps bodies up to 4 MiB.
   */
  readonly keepBody?: (block: BlendBlock, owner: string | undefined) => boolean;
};

const defaultKeepLimit = 4 << 20;
/** Bytes of on-demand reads a plain file keeps for re-use (views re-read the same blocks). */
const readCacheBudget = 64 << 20;
/** Hard cap on one kept body from a compressed stream, against decompression bombs. */
const maxKeptBody = 1 << 30;

/** Reads a stored pointer; 64-bit values beyond 53 bits become hex strings so they stay exact. */
export function readAddress(buffer: Buffer, offset: number, pointerSize: 4 | 8, littleEndian: boolean): Address {
  if (pointerSize === 4) return littleEndian ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset);
  const low = littleEndian ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset + 4);
  const high = littleEndian ? buffer.readUInt32LE(offset + 4) : buffer.readUInt32BE(offset);
  if (high < 0x200000) return high * 0x100000000 + low;
  return `${high.toString(16)}:${low.toString(16).padStart(8, '0')}`;
}

function trimCode(raw: Buffer): string {
  const end = raw.indexOf(0);
  return raw.toString('latin1', 0, end < 0 ? 4 : end);
}

/** Reads a 64-bit signed length, refusing values that cannot be a real size. */
function readLength64(buffer: Buffer, offset: number, littleEndian: boolean): number {
  const value = littleEndian ? buffer.readBigInt64LE(offset) : buffer.readBigInt64BE(offset);
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) return -1;
  return Number(value);
}

type RawBlockHeader = { code: string; size: number; address: Address; sdnaIndex: number; count: number };

function parseBlockHeader(raw: Buffer, header: BlendHeader): RawBlockHeader {
  const littleEndian = header.littleEndian;
  const int32 = (offset: number): number => (littleEndian ? raw.readInt32LE(offset) : raw.readInt32BE(offset));
  const code = trimCode(raw.subarray(0, 4));
  switch (header.blockHeaderLayout) {
    case 'bhead4':
      return { code, size: int32(4), address: readAddress(raw, 8, 4, littleEndian), sdnaIndex: int32(12), count: int32(16) };
    case 'small-bhead8':
      return { code, size: int32(4), address: readAddress(raw, 8, 8, littleEndian), sdnaIndex: int32(16), count: int32(20) };
    case 'large-bhead8':
      return { code, sdnaIndex: int32(4), address: readAddress(raw, 8, 8, littleEndian), size: readLength64(raw, 16, littleEndian), count: readLength64(raw, 24, littleEndian) };
  }
}

/**
 * An open .blend: block index, SDNA and block bodies. Bodies of plain files are read on demand
 * with positional reads; bodies of compressed files are those kept while streaming.
 * Call {@link BlendFile.close} when done.
 */
export class BlendFile {
  private readonly byAddress = new Map<Address, BlendBlock>();
  private readonly byCode = new Map<string, BlendBlock[]>();
  private fd: number | undefined;
  /** Bodies read on demand from a plain file, kept while they fit the budget. */
  private readonly readCache = new Map<number, Buffer>();
  private readCacheBytes = 0;

  constructor(
    readonly path: string,
    readonly header: BlendHeader,
    readonly compression: Compression,
    readonly blocks: readonly BlendBlock[],
    readonly sdna: Sdna,
    private readonly bodies: Map<number, Buffer>,
    fd: number | undefined,
    private closer: (() => Promise<void>) | undefined,
  ) {
    this.fd = fd;
    for (const block of blocks) {
      if (block.address !== 0 && !this.byAddress.has(block.address)) this.byAddress.set(block.address, block);
      const list = this.byCode.get(block.code);
      if (list === undefined) this.byCode.set(block.code, [block]);
      else list.push(block);
    }
  }

  /** All blocks with a code, in file order. */
  blocksWithCode(code: string): readonly BlendBlock[] {
    return this.byCode.get(code) ?? [];
  }

  /** The block that started at `address` when written, if any. */
  blockAt(address: Address): BlendBlock | undefined {
    return address === 0 ? undefined : this.byAddress.get(address);
  }

  /** The SDNA struct stored in a block. */
  structOf(block: BlendBlock): SdnaStruct | undefined {
    return this.sdna.structs[block.sdnaIndex];
  }

  /** The body of a block; throws `blend-unsupported` when a compressed file's body was not kept. */
  body(block: BlendBlock): Buffer {
    const kept = this.bodies.get(block.index);
    if (kept !== undefined) return kept;
    if (this.fd === undefined) {
      throw new CoreError('blend-unsupported', `Block ${block.code} #${block.index} of ${this.path} was not kept in memory while decompressing.`);
    }
    const cached = this.readCache.get(block.index);
    if (cached !== undefined) return cached;
    const body = readAt(this.fd, block.offset, block.size);
    if (body.length < block.size) throw new CoreError('blend-invalid', `${this.path} is truncated inside block ${block.code}.`);
    if (this.readCacheBytes + body.length > readCacheBudget) {
      this.readCache.clear();
      this.readCacheBytes = 0;
    }
    if (body.length <= readCacheBudget) {
      this.readCache.set(block.index, body);
      this.readCacheBytes += body.length;
    }
    return body;
  }

  /** True when {@link BlendFile.body} can give this block's body (always for plain files). */
  hasBody(block: BlendBlock): boolean {
    return this.fd !== undefined || this.bodies.has(block.index);
  }

  /**
   * A view of element `element` of the struct array stored in `block`, typed by the block's own
   * SDNA index; undefined when the struct is unknown or a compressed file's body was not kept.
   */
  view(block: BlendBlock, element = 0, struct: SdnaStruct | undefined = this.structOf(block)): StructView | undefined {
    if (struct === undefined || struct.size <= 0 || !this.hasBody(block)) return undefined;
    const body = this.body(block);
    const offset = element * struct.size;
    if (offset + struct.size > body.length) return undefined;
    return new StructView(this, struct, body, offset, block);
  }

  /** Follows a pointer to a block and views it, typed by `typeName` when it is a known struct. */
  deref(address: Address, typeName?: string): StructView | undefined {
    const block = this.blockAt(address);
    if (block === undefined) return undefined;
    const typed = typeName === undefined ? undefined : this.sdna.structsByName.get(typeName);
    const own = this.structOf(block);
    // Raw data blocks carry SDNA index 0; prefer the pointer's declared type when it is a struct.
    return this.view(block, 0, typed ?? own);
  }

  /** Releases the file (plain files keep it open for on-demand reads). Safe to call twice. */
  async close(): Promise<void> {
    const closer = this.closer;
    this.fd = undefined;
    this.closer = undefined;
    this.readCache.clear();
    this.readCacheBytes = 0;
    if (closer !== undefined) await closer();
  }
}

const primitiveReaders: Record<string, (buffer: Buffer, offset: number, littleEndian: boolean) => number> = {
  char: (buffer, offset) => buffer.readUInt8(offset),
  uchar: (buffer, offset) => buffer.readUInt8(offset),
  int8_t: (buffer, offset) => buffer.readInt8(offset),
  uint8_t: (buffer, offset) => buffer.readUInt8(offset),
  bool: (buffer, offset) => buffer.readUInt8(offset),
  short: (buffer, offset, littleEndian) => (littleEndian ? buffer.readInt16LE(offset) : buffer.readInt16BE(offset)),
  ushort: (buffer, offset, littleEndian) => (littleEndian ? buffer.readUInt16LE(offset) : buffer.readUInt16BE(offset)),
  int16_t: (buffer, offset, littleEndian) => (littleEndian ? buffer.readInt16LE(offset) : buffer.readInt16BE(offset)),
  uint16_t: (buffer, offset, littleEndian) => (littleEndian ? buffer.readUInt16LE(offset) : buffer.readUInt16BE(offset)),
  int: (buffer, offset, littleEndian) => (littleEndian ? buffer.readInt32LE(offset) : buffer.readInt32BE(offset)),
  int32_t: (buffer, offset, littleEndian) => (littleEndian ? buffer.readInt32LE(offset) : buffer.readInt32BE(offset)),
  uint: (buffer, offset, littleEndian) => (littleEndian ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset)),
  uint32_t: (buffer, offset, littleEndian) => (littleEndian ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset)),
  float: (buffer, offset, littleEndian) => (littleEndian ? buffer.readFloatLE(offset) : buffer.readFloatBE(offset)),
  double: (buffer, offset, littleEndian) => (littleEndian ? buffer.readDoubleLE(offset) : buffer.readDoubleBE(offset)),
  int64_t: (buffer, offset, littleEndian) => Number(littleEndian ? buffer.readBigInt64LE(offset) : buffer.readBigInt64BE(offset)),
  uint64_t: (buffer, offset, littleEndian) => Number(littleEndian ? buffer.readBigUInt64LE(offset) : buffer.readBigUInt64BE(offset)),
};

/** Typed access to one struct inside a block body, by field name (dotted for embedded structs). */
export class StructView {
  constructor(
    readonly file: BlendFile,
    readonly struct: SdnaStruct,
    private readonly buffer: Buffer,
    private readonly base: number,
    readonly block: BlendBlock,
  ) {}

  /** Resolves `a.b.c` through embedded structs to a field and its absolute offset in the body. */
  private locate(path: string): { field: SdnaField; offset: number } | undefined {
    let struct: SdnaStruct | undefined = this.struct;
    let offset = this.base;
    const parts = path.split('.');
    for (let index = 0; index < parts.length; index += 1) {
      const field: SdnaField | undefined = struct?.fieldsByName.get(parts[index] ?? '');
      if (field === undefined) return undefined;
      if (index === parts.length - 1) {
        if (offset + field.offset + field.size > this.buffer.length) return undefined;
        return { field, offset: offset + field.offset };
      }
      if (field.isPointer) return undefined;
      struct = this.file.sdna.structsByName.get(field.type);
      offset += field.offset;
    }
    return undefined;
  }

  /** True when the struct has this (possibly dotted) field. */
  has(path: string): boolean {
    return this.locate(path) !== undefined;
  }

  /** The field descriptor, if present. */
  field(path: string): SdnaField | undefined {
    return this.locate(path)?.field;
  }

  /** A numeric field (first element of an array); undefined when absent or not numeric. */
  number(path: string): number | undefined {
    const located = this.locate(path);
    if (located === undefined || located.field.isPointer) return undefined;
    const reader = primitiveReaders[located.field.type];
    return reader?.(this.buffer, located.offset, this.file.header.littleEndian);
  }

  /** All elements of a numeric array field. */
  numbers(path: string): number[] | undefined {
    const located = this.locate(path);
    if (located === undefined || located.field.isPointer) return undefined;
    const reader = primitiveReaders[located.field.type];
    if (reader === undefined) return undefined;
    const values: number[] = [];
    for (let index = 0; index < located.field.arrayLength; index += 1) {
      values.push(reader(this.buffer, located.offset + index * located.field.elementSize, this.file.header.littleEndian));
    }
    return values;
  }

  /** A `char[N]` field as a C string (up to the first NUL), decoded as UTF-8. */
  string(path: string): string | undefined {
    const located = this.locate(path);
    if (located === undefined || located.field.isPointer) return undefined;
    const bytes = this.buffer.subarray(located.offset, located.offset + located.field.size);
    const end = bytes.indexOf(0);
    return bytes.toString('utf8', 0, end < 0 ? bytes.length : end);
  }

  /** A pointer field's stored address (`0` for null). */
  pointer(path: string): Address | undefined {
    const located = this.locate(path);
    if (located === undefined || !located.field.isPointer) return undefined;
    return readAddress(this.buffer, located.offset, this.file.header.pointerSize, this.file.header.littleEndian);
  }

  /** Follows a pointer field to the block it points at. */
  deref(path: string): StructView | undefined {
    const located = this.locate(path);
    if (located === undefined || !located.field.isPointer) return undefined;
    const address = readAddress(this.buffer, located.offset, this.file.header.pointerSize, this.file.header.littleEndian);
    return this.file.deref(address, located.field.pointerDepth === 1 ? located.field.type : undefined);
  }

  /** Targets of a `**` field (e.g. `Object.mat`): the addresses in the pointer array it points at. */
  pointerArray(path: string): Address[] {
    const address = this.pointer(path);
    const block = address === undefined ? undefined : this.file.blockAt(address);
    if (block === undefined || !this.file.hasBody(block)) return [];
    const body = this.file.body(block);
    const { pointerSize, littleEndian } = this.file.header;
    const result: Address[] = [];
    for (let offset = 0; offset + pointerSize <= body.length; offset += pointerSize) result.push(readAddress(body, offset, pointerSize, littleEndian));
    return result;
  }

  /** A pointer to a C string (e.g. `Text.filepath`): the string in the block it points at. */
  pointedString(path: string): string | undefined {
    const address = this.pointer(path);
    if (address === undefined) return undefined;
    const block = this.file.blockAt(address);
    if (block === undefined || !this.file.hasBody(block)) return undefined;
    const body = this.file.body(block);
    const end = body.indexOf(0);
    return body.toString('utf8', 0, end < 0 ? body.length : end);
  }

  /** An embedded struct field as its own view. */
  sub(path: string): StructView | undefined {
    const located = this.locate(path);
    if (located === undefined || located.field.isPointer) return undefined;
    const struct = this.file.sdna.structsByName.get(located.field.type);
    if (struct === undefined) return undefined;
    return new StructView(this.file, struct, this.buffer, located.offset, this.block);
  }

  /**
   * Walks a `ListBase` field (`first` -> `next` ...), typing each element by `typeName` or by
   * its block. Stops at a repeated address, so a corrupt list cannot loop forever.
   */
  list(path: string, typeName?: string): StructView[] {
    const listBase = this.sub(path);
    const first = listBase?.pointer('first');
    const result: StructView[] = [];
    const seen = new Set<Address>();
    let address: Address | undefined = first;
    while (address !== undefined && address !== 0 && !seen.has(address)) {
      seen.add(address);
      const element = this.file.deref(address, typeName);
      if (element === undefined) break;
      result.push(element);
      address = element.pointer('next');
    }
    return result;
  }

  /** Every element of the block this view lies in, when the block holds an array of this struct. */
  elements(): StructView[] {
    const result: StructView[] = [];
    const count = Math.floor(this.buffer.length / this.struct.size);
    for (let index = 0; index < count; index += 1) result.push(new StructView(this.file, this.struct, this.buffer, index * this.struct.size, this.block));
    return result;
  }
}

/**
 * Opens a .blend and indexes its blocks. Block headers are scanned sequentially (positional
 * reads for plain files, one streaming decompression for gzip/zstd); every length is checked
 * against the data before anything is allocated, so corrupt input fails fast with
 * `blend-invalid` and unsupported variants with `blend-unsupported`.
 */
export async function openBlendFile(path: string, options: OpenOptions = {}): Promise<BlendFile> {
  const source = await openByteSource(path);
  let keepOpen = false;
  try {
    const file = await scan(path, source, options);
    keepOpen = source.fd !== undefined;
    return file;
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('file-unreadable', `The .blend file ${path} cannot be read: ${String(error)}`, { cause: error, details: { path } });
  } finally {
    if (!keepOpen) await source.close();
  }
}

async function scan(path: string, source: ByteSource, options: OpenOptions): Promise<BlendFile> {
  const start = await source.read(maxHeaderSize);
  const header = parseHeader(start);
  const keepBody = options.keepBody ?? ((block: BlendBlock) => block.size <= defaultKeepLimit);
  let owner: string | undefined;
  const blocks: BlendBlock[] = [];
  const bodies = new Map<number, Buffer>();
  let pending: Buffer = Buffer.from(start.subarray(header.size));
  let position = header.size;
  let sdnaBody: Buffer | undefined;

  const take = async (length: number): Promise<Buffer> => {
    if (pending.length >= length) {
      const result = pending.subarray(0, length);
      pending = pending.subarray(length);
      return result;
    }
    const rest = await source.read(length - pending.length);
    const result = pending.length === 0 ? rest : Buffer.concat([pending, rest]);
    pending = Buffer.alloc(0);
    return result;
  };
  const skip = async (length: number): Promise<number> => {
    const fromPending = Math.min(pending.length, length);
    pending = pending.subarray(fromPending);
    return fromPending + (length > fromPending ? await source.skip(length - fromPending) : 0);
  };

  for (;;) {
    const raw = await take(header.blockHeaderSize);
    if (raw.length < header.blockHeaderSize) {
      throw new CoreError('blend-invalid', `${path} is truncated: it ends after ${blocks.length} blocks without an ENDB block.`, { details: { path } });
    }
    const parsed = parseBlockHeader(raw, header);
    position += header.blockHeaderSize;
    if (parsed.code === 'ENDB') break;
    if (parsed.size < 0 || parsed.count < 0 || parsed.sdnaIndex < 0) {
      throw new CoreError('blend-invalid', `${path} has a corrupt block header at block ${blocks.length} (${JSON.stringify(parsed.code)}).`, { details: { path } });
    }
    if (source.knownSize !== undefined && position + parsed.size > source.knownSize) {
      throw new CoreError('blend-invalid', `${path} is truncated: block ${blocks.length} (${JSON.stringify(parsed.code)}) runs past the end of the file.`, { details: { path } });
    }
    const block: BlendBlock = { index: blocks.length, ...parsed, offset: position };
    blocks.push(block);
    const isDna = parsed.code === 'DNA1';
    if (parsed.code !== 'DATA') owner = parsed.code;
    const keep = isDna || (source.fd === undefined && keepBody(block, owner));
    if (keep) {
      if (parsed.size > maxKeptBody) throw new CoreError('blend-unsupported', `${path} has a block of ${parsed.size} bytes, more than this reader keeps.`, { details: { path } });
      const body = await take(parsed.size);
      if (body.length < parsed.size) throw new CoreError('blend-invalid', `${path} is truncated inside block ${JSON.stringify(parsed.code)}.`, { details: { path } });
      // Copy so a kept body never pins a large shared chunk of the stream.
      const owned = Buffer.from(body);
      if (isDna) sdnaBody = owned;
      else bodies.set(block.index, owned);
    } else {
      const skipped = await skip(parsed.size);
      if (skipped < parsed.size) throw new CoreError('blend-invalid', `${path} is truncated inside block ${JSON.stringify(parsed.code)}.`, { details: { path } });
    }
    position += parsed.size;
  }
  if (sdnaBody === undefined) throw new CoreError('blend-invalid', `${path} has no DNA1 block.`, { details: { path } });
  const sdna = parseSdnaCached(sdnaBody, header.littleEndian, header.pointerSize);
  for (const block of blocks) {
    if (block.code !== 'DNA1' && block.code !== 'ENDB' && block.sdnaIndex >= sdna.structs.length && block.size > 0) {
      throw new CoreError('blend-invalid', `${path}: block ${block.code} #${block.index} names struct ${block.sdnaIndex}, beyond the ${sdna.structs.length} in its DNA.`, { details: { path } });
    }
  }
  const fd = source.fd;
  return new BlendFile(path, header, source.compression, blocks, sdna, bodies, fd, fd === undefined ? undefined : () => source.close());
}
