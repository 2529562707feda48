import { stat } from 'node:fs/promises';
import type { HashedPackFile, PackFile, Sha256, TransferProgress } from '../../common/domain/shaman';
import type { FileStamp, HashCacheRepository } from '../db/repositories/hash-cache-repository';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import type { HashPool } from './hash-pool';
import { ProgressTracker } from './progress';
import { runLimited, throwIfAborted } from './timing';

/** What {@link hashPackFiles} works with. */
export type HashFilesOptions = {
  readonly pool: HashPool;
  /** Without a cache every file is read. */
  readonly cache?: HashCacheRepository | undefined;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Cache entries unused for this long are dropped after each run. Default 90 days. */
  readonly cacheMaxAgeMs?: number;
};

const storeBatch = 256;
const defaultCacheMaxAgeMs = 90 * 24 * 60 * 60 * 1000;

/**
 * Reads the current version of a file without opening it: the cache key. `bigint` stats
 * keep nanosecond times and big inode numbers exact.
 */
export async function stampFile(path: string): Promise<FileStamp> {
  try {
    const stats = await stat(path, { bigint: true });
    if (!stats.isFile()) throw new CoreError('file-unreadable', `${path} is not a regular file.`, { details: { path } });
    return { path, size: Number(stats.size), mtimeNs: stats.mtimeNs, inode: stats.ino, device: stats.dev };
  } catch (error) {
    if (error instanceof CoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file-missing' : 'file-unreadable';
    throw new CoreError(code, `Cannot read ${path}: ${(error as Error).message}`, { details: { path }, cause: error });
  }
}

/**
 * SHA-256 and size of every pack file. Files whose stamp (path, size, mtime, inode,
 * device) matches the cache are not read at all; the others are hashed in the pool,
 * biggest first so the workers finish together, and their checksums cached. A file that
 * changes while it is read is hashed once more, then reported as `file-changed`.
 */
export async function hashPackFiles(files: readonly PackFile[], options: HashFilesOptions): Promise<readonly HashedPackFile[]> {
  const { pool, cache, clock, signal } = options;
  throwIfAborted(signal);
  const stamps = await pool.stamp(
    files.map((file) => file.absolutePath),
    signal,
  );
  const hits = cache?.lookup(stamps, clock.now()) ?? new Map<string, Sha256>();
  const tracker = new ProgressTracker({
    phase: 'hash',
    clock,
    onProgress: options.onProgress,
    filesTotal: files.length,
    bytesTotal: stamps.reduce((sum, stamp) => sum + stamp.size, 0),
  });
  const results = new Map<string, { readonly sha256: Sha256; readonly size: number }>();
  const misses: FileStamp[] = [];
  for (const stamp of stamps) {
    const sha256 = hits.get(stamp.path);
    if (sha256 === undefined) {
      misses.push(stamp);
      continue;
    }
    results.set(stamp.path, { sha256, size: stamp.size });
    tracker.addBytes(stamp.size);
    tracker.addFile();
  }
  misses.sort((left, right) => right.size - left.size);
  const toStore: { stamp: FileStamp; sha256: Sha256 }[] = [];
  const storePending = (): void => {
    if (cache !== undefined && toStore.length > 0) cache.store(toStore.splice(0), clock.now());
  };
  try {
    // Two files per worker in flight keep every worker busy without queueing thousands of jobs.
    await runLimited(misses, pool.workers * 2, signal, async (stamp, laneSignal) => {
      const hashed = await hashWithRetry(pool, stamp.path, laneSignal, tracker);
      results.set(stamp.path, { sha256: hashed.sha256, size: hashed.stamp.size });
      toStore.push({ stamp: hashed.stamp, sha256: hashed.sha256 });
      if (toStore.length >= storeBatch) storePending();
      tracker.addFile();
    });
  } finally {
    storePending();
  }
  cache?.pruneUnusedSince(clock.now() - (options.cacheMaxAgeMs ?? defaultCacheMaxAgeMs));
  tracker.flush();
  return files.map((file) => {
    const result = results.get(file.absolutePath);
    if (result === undefined) throw new CoreError('internal', `No checksum for ${file.absolutePath}.`);
    return { ...file, size: result.size, sha256: result.sha256 };
  });
}

async function hashWithRetry(pool: HashPool, path: string, signal: AbortSignal, tracker: ProgressTracker) {
  let counted = 0;
  const onBytes = (bytes: number): void => {
    counted += bytes;
    tracker.addBytes(bytes);
  };
  try {
    return await pool.hash(path, { signal, onBytes });
  } catch (error) {
    if (!(error instanceof CoreError) || error.code !== 'file-changed') throw error;
    // A file being saved while we read it: one more read usually sees the finished file.
    tracker.addBytes(-counted);
    return pool.hash(path, { signal, onBytes: (bytes) => tracker.addBytes(bytes) });
  }
}

