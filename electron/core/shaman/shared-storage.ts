import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PackFile, PackPlan, TransferId, TransferProgress, TransferResult, TransferWarning } from '../../common/domain/shaman';
import type { UploadJournalRepository } from '../db/repositories/upload-journal-repository';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import { checkoutPathForJob } from './checkout-path';
import { packPathInside } from './pack-plan';
import { ProgressTracker } from './progress';
import { canceledError, runLimited, throwIfAborted } from './timing';
import { planWarnings } from './warnings';

/** Options of {@link transferToSharedStorage}. */
export type SharedStorageOptions = {
  readonly plan: PackPlan;
  /** Shared storage as this machine sees it (`GET /configuration/shared-storage/users/{platform}`). */
  readonly sharedStorage: string;
  readonly jobName: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly journal?: { readonly repository: UploadJournalRepository; readonly transferId: TransferId } | undefined;
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly onWarning?: ((warning: TransferWarning) => void) | undefined;
  /** Files copied at the same time. Default 4. */
  readonly parallel?: number;
};

/** Files up to this size are copied with one `copyFile` (fast paths such as reflinks); bigger ones are streamed with progress. */
const streamAbove = 8 * 1024 * 1024;

/**
 * For Managers with Shaman off (Manager fact: without Shaman, submit in place when the
 * .blend is already in shared storage, else copy the project to
 * `<shared storage>/<timestamp>-<job name>/` keeping the relative layout). Each file is
 * copied to a temporary name, its size verified, its modification time set to the
 * source's, then renamed: a file with the right size and time is complete, so a resumed
 * copy (same journal id, same folder) skips it. Times are compared within a millisecond:
 * `utimes` goes through floating-point seconds and loses the last digits.
 */
export async function transferToSharedStorage(options: SharedStorageOptions): Promise<TransferResult> {
  const { plan, clock, signal, journal } = options;
  const sharedStorage = path.resolve(options.sharedStorage);
  if (packPathInside(sharedStorage, plan.blendPath) !== undefined) {
    for (const file of plan.files) {
      if (packPathInside(sharedStorage, file.absolutePath) === undefined) {
        options.onWarning?.({
          kind: 'outside-project',
          absolutePath: file.absolutePath,
          packPath: undefined,
          message: `${file.absolutePath} is not on the shared storage ${sharedStorage}; workers may not find it.`,
        });
      }
    }
    for (const absolutePath of plan.missing) {
      options.onWarning?.({ kind: 'missing-file', absolutePath, message: `${absolutePath} is used by the .blend but does not exist.` });
    }
    return { mode: 'shared-storage-in-place', blendfile: plan.blendPath };
  }

  const existing = journal === undefined ? undefined : journal.repository.get(journal.transferId);
  if (existing?.state === 'completed' && existing.result !== undefined) return existing.result;
  const targetDirectory = existing?.destination ?? path.join(sharedStorage, `${timestamp(clock.now())}-${folderNameForJob(options.jobName)}`);
  journal?.repository.begin(journal.transferId, plan.blendPath, targetDirectory, clock.now());
  try {
    for (const warning of planWarnings(plan)) options.onWarning?.(warning);
    const tracker = new ProgressTracker({ phase: 'copy', clock, onProgress: options.onProgress, filesTotal: plan.files.length, bytesTotal: plan.totalBytes });
    let filesCopied = 0;
    let bytesCopied = 0;
    let filesUnchanged = 0;
    await runLimited(plan.files, options.parallel ?? 4, signal, async (file, laneSignal) => {
      const target = path.join(targetDirectory, ...file.packPath.split('/'));
      const source = await stat(file.absolutePath).catch((error: unknown) => {
        throw new CoreError('file-missing', `Cannot read ${file.absolutePath}: ${(error as Error).message}`, { details: { path: file.absolutePath }, cause: error });
      });
      const present = await stat(target).catch(() => undefined);
      if (present !== undefined && present.size === source.size && Math.abs(present.mtimeMs - source.mtimeMs) < 1) {
        filesUnchanged += 1;
        tracker.addBytes(source.size);
      } else {
        await copyOne(file, target, source.size, source.atime, source.mtime, laneSignal, (bytes) => tracker.addBytes(bytes));
        filesCopied += 1;
        bytesCopied += source.size;
      }
      journal?.repository.markFileDone(journal.transferId, file.packPath, undefined, source.size, clock.now());
      tracker.addFile();
    }).catch((error: unknown) => {
      throw signal?.aborted === true ? canceledError() : error;
    });
    tracker.flush();
    await verifySizes(plan.files, targetDirectory);
    const result: TransferResult = {
      mode: 'shared-storage-copy',
      blendfile: path.join(targetDirectory, ...plan.blendPackPath.split('/')),
      targetDirectory,
      filesCopied,
      bytesCopied,
      filesUnchanged,
    };
    journal?.repository.complete(journal.transferId, result, clock.now());
    return result;
  } catch (error) {
    const interrupted = signal?.aborted === true || (error instanceof CoreError && error.code === 'canceled');
    journal?.repository.setState(journal.transferId, interrupted ? 'interrupted' : 'failed', clock.now());
    throw error;
  }
}

/** A folder name made from a job name, safe on every platform's shared storage. */
export function folderNameForJob(jobName: string): string {
  return checkoutPathForJob(jobName).replace(/[<>|"]/g, '-');
}

async function copyOne(
  file: PackFile,
  target: string,
  size: number,
  atime: Date,
  mtime: Date,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<void> {
  throwIfAborted(signal);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.partial-${randomBytes(4).toString('hex')}`;
  let counted = 0;
  try {
    if (size <= streamAbove) {
      await copyFile(file.absolutePath, temporary);
      counted = size;
      onBytes(size);
    } else {
      const source = createReadStream(file.absolutePath, { highWaterMark: 1024 * 1024 });
      source.on('data', (chunk) => {
        counted += chunk.length;
        onBytes(chunk.length);
      });
      await pipeline(source, createWriteStream(temporary), { signal });
    }
    const written = await stat(temporary);
    if (written.size !== size) {
      throw new CoreError('file-changed', `${file.absolutePath} changed while it was copied (${size} bytes expected, ${written.size} written).`, {
        details: { path: file.absolutePath },
      });
    }
    await utimes(temporary, atime, mtime);
    await rename(temporary, target);
  } catch (error) {
    onBytes(-counted);
    await rm(temporary, { force: true });
    if (signal.aborted) throw canceledError();
    throw error;
  }
}

async function verifySizes(files: readonly PackFile[], targetDirectory: string): Promise<void> {
  for (const file of files) {
    const target = path.join(targetDirectory, ...file.packPath.split('/'));
    const [source, copy] = await Promise.all([stat(file.absolutePath), stat(target).catch(() => undefined)]);
    if (copy === undefined || copy.size !== source.size) {
      throw new CoreError('file-changed', `${target} does not match ${file.absolutePath} after copying; submit again.`, {
        details: { path: file.absolutePath, target },
      });
    }
  }
}

function timestamp(now: number): string {
  const iso = new Date(now).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, '')}`;
}
