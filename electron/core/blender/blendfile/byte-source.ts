import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { CoreError } from '../../errors';

/** How the bytes of a .blend are stored on disk. */
export type Compression = 'none' | 'gzip' | 'zstd';

/**
 * Sequential access to the uncompressed bytes of a .blend. Reads never return more than asked;
 * fewer means the data ended.
 */
export type ByteSource = {
  readonly compression: Compression;
  /** Size of the uncompressed data when known up front (plain files only). */
  readonly knownSize: number | undefined;
  /** Bytes consumed so far. */
  readonly position: number;
  /** Descriptor for positional reads, for plain (uncompressed) files only. */
  readonly fd: number | undefined;
  read(length: number): Promise<Buffer>;
  /** Skips bytes; returns how many were skipped (fewer at the end of data). */
  skip(length: number): Promise<number>;
  close(): Promise<void>;
};

const chunkSize = 1 << 20;

/** Detects the compression of a file from its first bytes. */
export function detectCompression(start: Uint8Array): Compression | undefined {
  if (start.length >= 7 && Buffer.from(start.subarray(0, 7)).toString('latin1') === 'BLENDER') return 'none';
  if (start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b) return 'gzip';
  if (start.length >= 4 && start[0] === 0x28 && start[1] === 0xb5 && start[2] === 0x2f && start[3] === 0xfd) return 'zstd';
  return undefined;
}

/** Plain file: buffered positional reads, skips move the position without reading. */
class PlainSource implements ByteSource {
  readonly compression = 'none';
  position = 0;
  get fd(): number {
    return this.handle.fd;
  }
  private buffer: Buffer = Buffer.alloc(0);
  private bufferStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly knownSize: number,
  ) {}

  private async fill(): Promise<void> {
    const length = Math.min(chunkSize, this.knownSize - this.position);
    const buffer = Buffer.allocUnsafe(Math.max(0, length));
    const { bytesRead } = length > 0 ? await this.handle.read(buffer, 0, length, this.position) : { bytesRead: 0 };
    this.buffer = buffer.subarray(0, bytesRead);
    this.bufferStart = this.position;
  }

  async read(length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.knownSize - this.position));
    const inBuffer = this.position - this.bufferStart;
    if (inBuffer >= 0 && inBuffer + wanted <= this.buffer.length) {
      this.position += wanted;
      return this.buffer.subarray(inBuffer, inBuffer + wanted);
    }
    if (wanted > chunkSize) {
      const result = Buffer.allocUnsafe(wanted);
      const { bytesRead } = await this.handle.read(result, 0, wanted, this.position);
      this.position += bytesRead;
      return result.subarray(0, bytesRead);
    }
    await this.fill();
    const result = this.buffer.subarray(0, Math.min(wanted, this.buffer.length));
    this.position += result.length;
    return result;
  }

  skip(length: number): Promise<number> {
    const skipped = Math.max(0, Math.min(length, this.knownSize - this.position));
    this.position += skipped;
    return Promise.resolve(skipped);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Decompressed stream: chunks arrive from an async iterator and are consumed in order. */
class StreamSource implements ByteSource {
  readonly knownSize = undefined;
  readonly fd = undefined;
  position = 0;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(
    readonly compression: Compression,
    private readonly iterator: AsyncIterator<Uint8Array>,
    private readonly onClose: () => Promise<void>,
  ) {}

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    let next: IteratorResult<Uint8Array>;
    try {
      next = await this.iterator.next();
    } catch (error) {
      throw new CoreError('blend-invalid', `The ${this.compression} data of the .blend file is corrupt: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    return true;
  }

  async read(length: number): Promise<Buffer> {
    while (this.buffered < length && (await this.pull()));
    const wanted = Math.min(length, this.buffered);
    const first = this.chunks[0];
    let result: Buffer;
    if (first !== undefined && first.length >= wanted) {
      result = first.subarray(0, wanted);
      if (first.length === wanted) this.chunks.shift();
      else this.chunks[0] = first.subarray(wanted);
    } else {
      result = Buffer.allocUnsafe(wanted);
      let filled = 0;
      while (filled < wanted) {
        const chunk = this.chunks[0];
        if (chunk === undefined) break;
        const take = Math.min(chunk.length, wanted - filled);
        chunk.copy(result, filled, 0, take);
        filled += take;
        if (take === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(take);
      }
    }
    this.buffered -= wanted;
    this.position += wanted;
    return result;
  }

  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length) {
      if (this.chunks.length === 0 && !(await this.pull())) break;
      const chunk = this.chunks[0];
      if (chunk === undefined) continue;
      const take = Math.min(chunk.length, length - skipped);
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
      this.buffered -= take;
      skipped += take;
    }
    this.position += skipped;
    return skipped;
  }

  close(): Promise<void> {
    this.chunks = [];
    this.ended = true;
    return this.onClose();
  }
}

async function* zstdChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  const output: Uint8Array[] = [];
  // Blender writes zstd files as many independent frames plus a seek table (a skippable
  // frame); fzstd's streaming decoder walks all of them, so one pass yields the whole file.
  const decoder = new Decompress((data) => {
    output.push(data);
  });
  const input = Buffer.allocUnsafe(chunkSize);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(input, 0, chunkSize, position);
    position += bytesRead;
    if (bytesRead === 0) {
      decoder.push(new Uint8Array(0), true);
    } else {
      decoder.push(input.subarray(0, bytesRead));
    }
    while (output.length > 0) {
      const next = output.shift();
      if (next !== undefined) yield next;
    }
    if (bytesRead === 0) return;
  }
}

/**
 * Opens a .blend for sequential reading, transparently decompressing gzip (Blender before 3.0)
 * and zstd (Blender 3.0 and later) with streams so the whole file is never held in memory.
 */
export async function openByteSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CoreError('file-missing', `The .blend file ${path} does not exist.`, { cause: error, details: { path } });
    throw new CoreError('file-unreadable', `The .blend file ${path} cannot be read: ${String(error)}`, { cause: error, details: { path } });
  }
  try {
    const { size } = await handle.stat();
    const start = Buffer.alloc(8);
    const { bytesRead } = await handle.read(start, 0, 8, 0);
    const compression = detectCompression(start.subarray(0, bytesRead));
    switch (compression) {
      case undefined:
        throw new CoreError('blend-invalid', `${path} is not a .blend file (no BLENDER, gzip or zstd signature).`, { details: { path } });
      case 'none':
        return new PlainSource(handle, size);
      case 'gzip': {
        const gunzip = createGunzip();
        const stream = handle.createReadStream({ start: 0, autoClose: false, highWaterMark: chunkSize });
        stream.on('error', (error) => gunzip.destroy(error));
        stream.pipe(gunzip);
        return new StreamSource('gzip', gunzip[Symbol.asyncIterator](), async () => {
          stream.unpipe(gunzip);
          stream.destroy();
          gunzip.destroy();
          await handle.close();
        });
      }
      case 'zstd':
        return new StreamSource('zstd', zstdChunks(handle), () => handle.close());
    }
  } catch (error) {
    await handle.close();
    if (error instanceof CoreError) throw error;
    throw new CoreError('file-unreadable', `The .blend file ${path} cannot be read: ${String(error)}`, { cause: error, details: { path } });
  }
}

/** Reads `length` bytes at `position` of an open plain file, synchronously (small block bodies on demand). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const count = readSync(fd, buffer, filled, length - filled, position + filled);
    if (count === 0) break;
    filled += count;
  }
  return buffer.subarray(0, filled);
}
