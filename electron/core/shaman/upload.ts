import type { FileDigest, HashedPackFile, TransferId, TransferProgress, TransferWarning, UploadSummary } from '../../common/domain/shaman';
import type { UploadJournalRepository } from '../db/repositories/upload-journal-repository';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import { ProgressTracker } from './progress';
import type { ShamanApi, ShamanFileSpec, ShamanNeededFile, UploadAnswer } from './shaman-client';
import { isTransient } from './shaman-client';
import type { Backoff } from './timing';
import { backoffDelay, canceledError, defaultBackoff, delay, runLimited, throwIfAborted } from './timing';

/** Where an upload records finished files. */
export type UploadJournal = {
  readonly repository: UploadJournalRepository;
  readonly transferId: TransferId;
};

/** Options of {@link uploadPack}. */
export type UploadPackOptions = {
  readonly client: Pick<ShamanApi, 'requirements' | 'uploadFile'>;
  readonly files: readonly HashedPackFile[];
  /** Hashes a file afresh (no cache), to tell a changed file from a damaged transfer after a 417. */
  readonly rehash: (absolutePath: string, signal: AbortSignal) => Promise<FileDigest>;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  /** Files sent at the same time. Default 4. */
  readonly parallel?: number;
  /** Requirements rounds before giving up. Default 20. */
  readonly maxRounds?: number;
  /** Attempts per file and round for resets, stalls, 5xx and damaged transfers. Default 6. */
  readonly maxAttempts?: number;
  /** 425 answers after which a file is sent without offering to defer. Default 3. */
  readonly maxDeferrals?: number;
  readonly backoff?: Backoff;
  readonly random?: () => number;
  readonly journal?: UploadJournal | undefined;
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly onWarning?: ((warning: TransferWarning) => void) | undefined;
};

/** What {@link uploadPack} leaves behind: the files as finally stored (a changed file has its new digest). */
export type UploadPackResult = {
  readonly files: readonly HashedPackFile[];
  readonly summary: UploadSummary;
};

const keyOf = (digest: { readonly sha: string; readonly size: number }): string => `${digest.sha}/${digest.size}`;
const fileKey = (file: HashedPackFile): string => `${file.sha256}/${file.size}`;

/**
 * Sends Shaman every file it lacks. Each round asks the requirements, then uploads what is
 * `unknown` before what is `uploading` (someone else is sending those; with
 * `X-Shaman-Can-Defer-Upload` Shaman answers 425 and we come back later), several files
 * at a time. 200/204/208 mark the file done in the journal. A 417 re-hashes the file:
 * unchanged means the bytes were damaged on the way (retried); changed means the user
 * saved it meanwhile: it is restarted once with its new checksum (a warning), a second
 * change fails with `file-changed`. Resets, stalls and 5xx are retried with backoff.
 * Rounds repeat until the requirements come back empty, so the caller may create the
 * checkout (a checkout with a missing file fails and may erase the requested folder,
 * Manager fact).
 */
export async function uploadPack(options: UploadPackOptions): Promise<UploadPackResult> {
  const { client, clock, signal, journal } = options;
  const parallel = options.parallel ?? 4;
  const maxRounds = options.maxRounds ?? 20;
  const maxAttempts = options.maxAttempts ?? 6;
  const maxDeferrals = options.maxDeferrals ?? 3;
  const backoff = options.backoff ?? defaultBackoff;
  const random = options.random ?? Math.random;
  const files = [...options.files];
  // Pack files by checksum and size: Shaman names each content once, whatever its paths.
  const byKey = new Map<string, HashedPackFile[]>();
  const addToIndex = (file: HashedPackFile): void => {
    const key = fileKey(file);
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  };
  for (const file of files) addToIndex(file);
  const tracker = new ProgressTracker({ phase: 'upload', clock, onProgress: options.onProgress });
  const counted = new Set<string>();
  const deferrals = new Map<string, number>();
  const restarted = new Set<string>();
  let filesUploaded = 0;
  let bytesUploaded = 0;
  let retries = 0;
  let deferralCount = 0;
  let firstNeeded: number | undefined;

  const specs = (): ShamanFileSpec[] => files.map((file) => ({ sha: file.sha256, size: file.size, path: file.packPath }));
  // Done files reach the journal in small batches: one disk sync per file would cost more
  // than small uploads themselves. A crash loses at most the last batch, and those files
  // are then simply found stored by the next requirements round.
  let journalPending: HashedPackFile[] = [];
  let journalFlushedAt = clock.now();
  const flushJournal = (): void => {
    if (journal === undefined || journalPending.length === 0) return;
    journal.repository.markFilesDone(journal.transferId, journalPending, clock.now());
    journalPending = [];
    journalFlushedAt = clock.now();
  };
  const journaled = new Set<string>();
  const markDone = (key: string): void => {
    if (journal === undefined || journaled.has(key)) return;
    journaled.add(key);
    journalPending.push(...(byKey.get(key) ?? []));
    if (journalPending.length >= 64 || clock.now() - journalFlushedAt >= 250) flushJournal();
  };
  const withRetries = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!isTransient(error) || attempt >= maxAttempts || signal?.aborted === true) throw error;
        retries += 1;
        await delay(clock, backoffDelay(backoff, attempt, random), signal);
      }
    }
  };

  const uploadOne = async (needed: ShamanNeededFile, laneSignal: AbortSignal): Promise<'done' | 'deferred'> => {
    const original = byKey.get(keyOf(needed))?.[0];
    if (original === undefined) {
      throw new CoreError('manager-invalid-response', `Shaman asked for a file that is not in the pack (${needed.path}).`, { details: { path: needed.path } });
    }
    let current = original;
    for (let attempt = 1; ; attempt += 1) {
      throwIfAborted(laneSignal);
      const key = fileKey(current);
      let sent = 0;
      let answer: UploadAnswer;
      try {
        answer = await client.uploadFile({
          digest: { sha256: current.sha256, size: current.size },
          absolutePath: current.absolutePath,
          packPath: current.packPath,
          canDefer: (deferrals.get(key) ?? 0) < maxDeferrals,
          signal: laneSignal,
          onBytes: (bytes) => {
            sent += bytes;
            tracker.addBytes(bytes);
          },
        });
      } catch (error) {
        tracker.addBytes(-sent);
        if (!isTransient(error) || attempt >= maxAttempts || laneSignal.aborted) throw laneSignal.aborted ? canceledError() : error;
        retries += 1;
        await delay(clock, backoffDelay(backoff, attempt, random), laneSignal);
        continue;
      }
      switch (answer.kind) {
        case 'stored':
          tracker.addBytes(current.size - sent);
          filesUploaded += 1;
          bytesUploaded += current.size;
          markDone(key);
          tracker.addFile();
          return 'done';
        case 'already-stored':
          tracker.addBytes(current.size - sent);
          markDone(key);
          tracker.addFile();
          return 'done';
        case 'defer':
          tracker.addBytes(-sent);
          deferrals.set(key, (deferrals.get(key) ?? 0) + 1);
          deferralCount += 1;
          return 'deferred';
        case 'mismatch':
        case 'short-read': {
          tracker.addBytes(-sent);
          const fresh = await options.rehash(current.absolutePath, laneSignal);
          if (fresh.sha256 === current.sha256 && fresh.size === current.size) {
            // Same file, wrong bytes at the Manager: the transfer was damaged; send it again.
            if (attempt >= maxAttempts) {
              throw new CoreError('shaman-checksum-mismatch', `Shaman kept receiving damaged data for ${current.packPath}.`, {
                details: { path: current.absolutePath, ...(answer.kind === 'mismatch' ? { managerMessage: answer.message } : {}) },
              });
            }
            retries += 1;
            await delay(clock, backoffDelay(backoff, attempt, random), laneSignal);
            continue;
          }
          if (restarted.has(current.absolutePath)) {
            throw new CoreError('file-changed', `${current.absolutePath} changed during upload, twice. Save it and submit again.`, {
              details: { path: current.absolutePath },
            });
          }
          restarted.add(current.absolutePath);
          options.onWarning?.({
            kind: 'file-changed',
            absolutePath: current.absolutePath,
            message: `${current.absolutePath} changed during upload; sending the new version.`,
          });
          const updated: HashedPackFile = { ...current, sha256: fresh.sha256, size: fresh.size };
          for (let other = 0; other < files.length; other += 1) {
            const candidate = files[other];
            if (candidate?.absolutePath !== current.absolutePath) continue;
            files[other] = { ...candidate, sha256: updated.sha256, size: updated.size };
            const oldKey = fileKey(candidate);
            byKey.set(oldKey, (byKey.get(oldKey) ?? []).filter((entry) => entry.absolutePath !== candidate.absolutePath));
            addToIndex(files[other] ?? updated);
          }
          tracker.addTotals(0, updated.size - current.size);
          current = updated;
          continue;
        }
      }
    }
  };

  try {
    for (let round = 1; round <= maxRounds; round += 1) {
      throwIfAborted(signal);
      const needed = await withRetries(() => client.requirements(specs(), signal));
      // What Shaman did not ask for is stored (by us before a restart, or by anyone).
      const neededKeys = new Set(needed.map(keyOf));
      for (const key of byKey.keys()) if (!neededKeys.has(key) && (byKey.get(key)?.length ?? 0) > 0) markDone(key);
      if (firstNeeded === undefined) firstNeeded = needed.length;
      const fresh = needed.filter((file) => !counted.has(keyOf(file)));
      for (const file of fresh) counted.add(keyOf(file));
      tracker.addTotals(fresh.length, fresh.reduce((sum, file) => sum + file.size, 0));
      if (needed.length === 0) {
        tracker.flush();
        const uniqueKeys = new Set(files.map(fileKey)).size;
        return {
          files,
          summary: {
            filesUploaded,
            bytesUploaded,
            filesAlreadyStored: Math.max(0, uniqueKeys - filesUploaded),
            rounds: round,
            retries,
            deferrals: deferralCount,
          },
        };
      }
      const ordered = [...needed.filter((file) => file.status === 'unknown'), ...needed.filter((file) => file.status === 'uploading')];
      let deferred = 0;
      await runLimited(ordered, parallel, signal, async (file, laneSignal) => {
        if ((await uploadOne(file, laneSignal)) === 'deferred') deferred += 1;
      });
      // Someone else is sending those files: give them time before asking again.
      if (deferred > 0) await delay(clock, backoffDelay(backoff, round, random), signal);
    }
  } finally {
    flushJournal();
  }
  throw new CoreError('manager-http', `Shaman still lacked files after ${maxRounds} rounds of uploads; try again later.`, {
    details: { rounds: maxRounds, firstNeeded },
  });
}
