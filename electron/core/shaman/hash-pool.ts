import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Sha256 } from '../../common/domain/shaman';
import type { FileStamp } from '../db/repositories/hash-cache-repository';
import { CoreError } from '../errors';
import { hashWorkerSource } from './hash-worker-source';

/** A file's checksum with the exact version of the file that was read. */
export type HashedFile = {
  readonly sha256: Sha256;
  readonly stamp: FileStamp;
};

/** Tuning of a {@link HashPool}. */
export type HashPoolOptions = {
  /** Worker threads; default `os.availableParallelism()`. */
  readonly workers?: number;
  /** Read size for big files; two buffers of this size per worker bound the memory. Default 2 MiB. */
  readonly chunkBytes?: number;
};

/** Options of one {@link HashPool.hash} call. */
export type HashRequest = {
  readonly signal?: AbortSignal;
  /** Bytes read so far, reported in increments while a big file is hashed. */
  readonly onBytes?: (bytes: number) => void;
};

type WorkerAnswer =
  | { readonly id: number; readonly kind: 'progress'; readonly bytes: number }
  | {
      readonly id: number;
      readonly kind: 'done';
      readonly sha256: string;
      readonly size: number;
      readonly mtimeNs: string;
      readonly inode: string;
      readonly device: string;
    }
  | { readonly id: number; readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly id: number; readonly kind: 'stats'; readonly stats: readonly WorkerStat[] };

type WorkerStat =
  | { readonly size: number; readonly mtimeNs: string; readonly inode: string; readonly device: string; readonly error?: undefined }
  | { readonly error: string; readonly message: string };

type Job = {
  readonly id: number;
  readonly path: string;
  /** Set for a stat job: the files to stat instead of hashing `path`. */
  readonly paths?: readonly string[];
  readonly request: HashRequest;
  readonly resolve: (value: HashedFile) => void;
  readonly resolveStats?: (value: readonly FileStamp[]) => void;
  readonly reject: (error: unknown) => void;
  reported: number;
  detach: () => void;
};

type Slot = {
  worker: Worker;
  readonly cancel: Int32Array;
  job: Job | undefined;
};

const defaultChunkBytes = 2 * 1024 * 1024;

/**
 * Streaming SHA-256 in a small pool of worker threads: many files are hashed side by side
 * (one per worker), a big file is read in large chunks with reading and hashing
 * overlapped. Memory is bounded by two chunk buffers per worker. Workers start on first
 * use and do not keep the process alive while idle.
 */
export class HashPool {
  /** How many files are hashed at the same time at most. */
  readonly workers: number;
  private readonly chunkBytes: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? availableParallelism());
    this.chunkBytes = options.chunkBytes ?? defaultChunkBytes;
  }

  /** Hashes one file; rejects with `file-missing`, `file-unreadable`, `file-changed` or `canceled`. */
  hash(path: string, request: HashRequest = {}): Promise<HashedFile> {
    if (this.closed) return Promise.reject(new CoreError('internal', 'The hash pool is closed.'));
    if (request.signal?.aborted === true) return Promise.reject(canceled());
    return new Promise<HashedFile>((resolve, reject) => {
      const job: Job = { id: this.nextId++, path, request, resolve, reject, reported: 0, detach: () => undefined };
      const signal = request.signal;
      if (signal !== undefined) {
        const onAbort = (): void => this.cancel(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /**
   * The stamps (size, mtime, inode, device) of many files, read in the workers. Rejects
   * with `file-missing` or `file-unreadable` for the first file that cannot be stat'ed.
   */
  async stamp(paths: readonly string[], signal?: AbortSignal): Promise<readonly FileStamp[]> {
    if (this.closed) throw new CoreError('internal', 'The hash pool is closed.');
    const batch = Math.max(64, Math.ceil(paths.length / this.workers));
    const batches: Promise<readonly FileStamp[]>[] = [];
    for (let start = 0; start < paths.length; start += batch) {
      const slice = paths.slice(start, start + batch);
      batches.push(
        new Promise<readonly FileStamp[]>((resolveStats, reject) => {
          this.queue.push({ id: this.nextId++, path: '', paths: slice, request: {}, resolve: () => undefined, resolveStats, reject, reported: 0, detach: () => undefined });
          this.dispatch();
        }),
      );
    }
    const results = await Promise.all(batches);
    if (signal?.aborted === true) throw canceled();
    return results.flat();
  }

  /** Stops every worker; pending and running jobs are rejected as canceled. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, canceled());
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        if (slot.job !== undefined) this.settle(slot.job, canceled());
        await slot.worker.terminate();
      }),
    );
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, canceled());
      return;
    }
    const slot = this.slots.find((candidate) => candidate.job === job);
    // The worker notices between two reads, closes the file and answers `canceled`.
    if (slot !== undefined) Atomics.store(slot.cancel, 0, job.id);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.job === undefined);
      if (slot === undefined && this.slots.length < this.workers) slot = this.spawn();
      if (slot === undefined) return;
      const job = this.queue.shift();
      if (job === undefined) return;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.paths === undefined ? { id: job.id, path: job.path } : { id: job.id, paths: job.paths });
    }
  }

  private spawn(): Slot {
    const cancelBuffer = new SharedArrayBuffer(4);
    const worker = new Worker(hashWorkerSource, {
      eval: true,
      workerData: { cancel: cancelBuffer, chunkBytes: this.chunkBytes, progressBytes: this.chunkBytes * 4 },
    });
    const slot: Slot = { worker, cancel: new Int32Array(cancelBuffer), job: undefined };
    worker.on('message', (answer: WorkerAnswer) => this.onAnswer(slot, answer));
    worker.on('error', (error) => this.onCrash(slot, error));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private onAnswer(slot: Slot, answer: WorkerAnswer): void {
    const job = slot.job;
    if (job === undefined || job.id !== answer.id) return;
    switch (answer.kind) {
      case 'progress':
        job.reported += answer.bytes;
        job.request.onBytes?.(answer.bytes);
        return;
      case 'done':
        if (answer.size > job.reported) job.request.onBytes?.(answer.size - job.reported);
        this.release(slot);
        this.settle(job, undefined, {
          sha256: answer.sha256 as Sha256,
          stamp: {
            path: job.path,
            size: answer.size,
            mtimeNs: BigInt(answer.mtimeNs),
            inode: BigInt(answer.inode),
            device: BigInt(answer.device),
          },
        });
        return;
      case 'error':
        this.release(slot);
        this.settle(job, toCoreError(answer.code, answer.message, job.path));
        return;
      case 'stats': {
        this.release(slot);
        const paths = job.paths ?? [];
        const stamps: FileStamp[] = [];
        for (const [index, stat] of answer.stats.entries()) {
          const path = paths[index] ?? '';
          if (stat.error !== undefined) {
            job.reject(toCoreError(stat.error, stat.message, path));
            return;
          }
          stamps.push({ path, size: stat.size, mtimeNs: BigInt(stat.mtimeNs), inode: BigInt(stat.inode), device: BigInt(stat.device) });
        }
        job.resolveStats?.(stamps);
        return;
      }
    }
  }

  private onCrash(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (slot.job !== undefined) this.settle(slot.job, new CoreError('internal', `The hash worker stopped: ${error.message}`, { cause: error }));
    slot.job = undefined;
    this.dispatch();
  }

  private release(slot: Slot): void {
    slot.job = undefined;
    slot.worker.unref();
    this.dispatch();
  }

  private settle(job: Job, error: unknown, value?: HashedFile): void {
    job.detach();
    if (value !== undefined) job.resolve(value);
    else job.reject(error);
  }
}

function canceled(): CoreError {
  return new CoreError('canceled', 'Hashing was canceled.');
}

function toCoreError(code: string, message: string, path: string): CoreError {
  switch (code) {
    case 'file-missing':
    case 'file-unreadable':
    case 'file-changed':
    case 'canceled':
      return new CoreError(code, message, { details: { path } });
    default:
      return new CoreError('file-unreadable', message, { details: { path } });
  }
}
