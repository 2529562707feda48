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
  /**
   * Jobs sent to one worker before it answers; the worker queues them and runs them one
   * after the other, so it starts its next file without waiting for the main thread.
   * Default 3.
   */
  readonly jobsPerWorker?: number;
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
  /** The cancel cell of the job while it is in a worker. */
  lane: number;
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
  /** One cell per lane: the id of the lane's job once it is canceled. */
  readonly cancel: Int32Array;
  /** Jobs sent to the worker and not answered yet, by id. */
  readonly jobs: Map<number, Job>;
  /** Lanes no job of this worker uses. */
  readonly freeLanes: number[];
};

const defaultChunkBytes = 2 * 1024 * 1024;
const defaultJobsPerWorker = 3;

/**
 * Streaming SHA-256 in a small pool of worker threads: many files are hashed side by side
 * (one per worker), a big file is read in large chunks with reading and hashing
 * overlapped. Each worker holds a few jobs and runs them in turn, so it never idles while
 * the main thread answers. Memory is bounded by two chunk buffers per worker. Workers
 * start on first use and do not keep the process alive while idle.
 */
export class HashPool {
  /** How many files are hashed at the same time at most. */
  readonly workers: number;
  /** Jobs in flight per worker at most; `workers * jobsPerWorker` callers keep the pool busy. */
  readonly jobsPerWorker: number;
  private readonly chunkBytes: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? availableParallelism());
    this.chunkBytes = options.chunkBytes ?? defaultChunkBytes;
    this.jobsPerWorker = Math.max(1, options.jobsPerWorker ?? defaultJobsPerWorker);
  }

  /** Hashes one file; rejects with `file-missing`, `file-unreadable`, `file-changed` or `canceled`. */
  hash(path: string, request: HashRequest = {}): Promise<HashedFile> {
    if (this.closed) return Promise.reject(new CoreError('internal', 'The hash pool is closed.'));
    if (request.signal?.aborted === true) return Promise.reject(canceled());
    return new Promise<HashedFile>((resolve, reject) => {
      const job: Job = { id: this.nextId++, lane: -1, path, request, resolve, reject, reported: 0, detach: () => undefined };
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
          this.queue.push({ id: this.nextId++, lane: -1, path: '', paths: slice, request: {}, resolve: () => undefined, resolveStats, reject, reported: 0, detach: () => undefined });
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
        for (const job of slot.jobs.values()) this.settle(job, canceled());
        slot.jobs.clear();
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
    const slot = this.slots.find((candidate) => candidate.jobs.get(job.id) === job);
    // The worker notices before the job starts or between two reads, closes the file and
    // answers `canceled`; its other jobs go on.
    if (slot !== undefined) Atomics.store(slot.cancel, job.lane, job.id);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.leastBusy();
      const lane = slot?.freeLanes.pop();
      if (slot === undefined || lane === undefined) return;
      const job = this.queue.shift();
      if (job === undefined) {
        slot.freeLanes.push(lane);
        return;
      }
      job.lane = lane;
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.set(job.id, job);
      slot.worker.postMessage(job.paths === undefined ? { id: job.id, lane, path: job.path } : { id: job.id, lane, paths: job.paths });
    }
  }

  /** The worker with the fewest jobs that can take one more; a new worker before a second job anywhere. */
  private leastBusy(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) if (best === undefined || slot.jobs.size < best.jobs.size) best = slot;
    if ((best === undefined || best.jobs.size > 0) && this.slots.length < this.workers) return this.spawn();
    return best !== undefined && best.jobs.size < this.jobsPerWorker ? best : undefined;
  }

  private spawn(): Slot {
    const cancelBuffer = new SharedArrayBuffer(4 * this.jobsPerWorker);
    const worker = new Worker(hashWorkerSource, {
      eval: true,
      workerData: { cancel: cancelBuffer, chunkBytes: this.chunkBytes, progressBytes: this.chunkBytes * 4 },
    });
    const lanes = Array.from({ length: this.jobsPerWorker }, (_, lane) => lane);
    const slot: Slot = { worker, cancel: new Int32Array(cancelBuffer), jobs: new Map(), freeLanes: lanes };
    worker.on('message', (answer: WorkerAnswer) => this.onAnswer(slot, answer));
    worker.on('error', (error) => this.onCrash(slot, error));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private onAnswer(slot: Slot, answer: WorkerAnswer): void {
    const job = slot.jobs.get(answer.id);
    if (job === undefined) return;
    switch (answer.kind) {
      case 'progress':
        job.reported += answer.bytes;
        job.request.onBytes?.(answer.bytes);
        return;
      case 'done':
        if (answer.size > job.reported) job.request.onBytes?.(answer.size - job.reported);
        this.release(slot, job);
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
        this.release(slot, job);
        this.settle(job, toCoreError(answer.code, answer.message, job.path));
        return;
      case 'stats': {
        this.release(slot, job);
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
    for (const job of slot.jobs.values()) this.settle(job, new CoreError('internal', `The hash worker stopped: ${error.message}`, { cause: error }));
    slot.jobs.clear();
    this.dispatch();
  }

  /** Frees the job's lane before anything else can be sent on it. */
  private release(slot: Slot, job: Job): void {
    slot.jobs.delete(job.id);
    Atomics.store(slot.cancel, job.lane, 0);
    slot.freeLanes.push(job.lane);
    if (slot.jobs.size === 0) slot.worker.unref();
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
