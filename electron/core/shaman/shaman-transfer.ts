import type { PackPlan, TransferId, TransferProgress, TransferResult, TransferWarning } from '../../common/domain/shaman';
import type { HashCacheRepository } from '../db/repositories/hash-cache-repository';
import type { UploadJournalRepository } from '../db/repositories/upload-journal-repository';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import { isValidCheckoutPath, shamanBlendfile } from './checkout-path';
import { hashPackFiles } from './hash-files';
import type { HashPool } from './hash-pool';
import { ProgressTracker } from './progress';
import type { ShamanApi } from './shaman-client';
import { isTransient } from './shaman-client';
import { delay, backoffDelay, defaultBackoff, throwIfAborted } from './timing';
import type { UploadPackOptions } from './upload';
import { uploadPack } from './upload';
import { planWarnings } from './warnings';

/** Completed transfers are forgotten after this long (their checkouts belong to the jobs then). */
const completedTransferMaxAgeMs = 30 * 24 * 60 * 60 * 1000;

/** Options of {@link transferWithShaman}. */
export type ShamanTransferOptions = {
  readonly plan: PackPlan;
  /** Requested checkout path (see `checkoutPathForJob`); the Manager may add `-xxxx`. */
  readonly checkoutPath: string;
  readonly client: ShamanApi;
  /** The Manager's URL, kept in the journal. */
  readonly managerUrl: string;
  readonly pool: HashPool;
  readonly hashCache?: HashCacheRepository | undefined;
  /** With a journal, a transfer with the same id resumes where it stopped. */
  readonly journal?: { readonly repository: UploadJournalRepository; readonly transferId: TransferId } | undefined;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly onWarning?: ((warning: TransferWarning) => void) | undefined;
  /** Upload tuning (parallelism, rounds, backoff). */
  readonly upload?: Pick<UploadPackOptions, 'parallel' | 'maxRounds' | 'maxAttempts' | 'maxDeferrals' | 'backoff' | 'random'>;
};

/**
 * Hash, upload, checkout: the whole Shaman path of one pack. Warnings about files outside
 * the project or missing come first. The checkout is requested only once Shaman reports
 * nothing missing, and once sent it is waited for even when canceled meanwhile (one short
 * request), so the journal always knows whether a checkout exists. A canceled transfer is
 * `interrupted` in the journal and resumes file by file; a completed one returns its
 * recorded result without a second checkout.
 */
export async function transferWithShaman(options: ShamanTransferOptions): Promise<TransferResult> {
  const { plan, client, clock, signal, journal } = options;
  if (!isValidCheckoutPath(options.checkoutPath)) {
    throw new CoreError('invalid-argument', `The checkout path ${JSON.stringify(options.checkoutPath)} breaks the Manager's rules.`);
  }
  if (journal !== undefined) {
    const record = journal.repository.begin(journal.transferId, plan.blendPath, options.managerUrl, clock.now());
    if (record.state === 'completed' && record.result !== undefined) return record.result;
  }
  try {
    for (const warning of planWarnings(plan)) options.onWarning?.(warning);
    const hashed = await hashPackFiles(plan.files, {
      pool: options.pool,
      cache: options.hashCache,
      clock,
      signal,
      onProgress: options.onProgress,
    });
    const uploaded = await uploadPack({
      ...options.upload,
      client,
      files: hashed,
      rehash: async (absolutePath, laneSignal) => {
        const fresh = await options.pool.hash(absolutePath, { signal: laneSignal });
        return { sha256: fresh.sha256, size: fresh.stamp.size };
      },
      clock,
      signal,
      journal,
      onProgress: options.onProgress,
      onWarning: options.onWarning,
    });
    throwIfAborted(signal);
    const tracker = new ProgressTracker({ phase: 'checkout', clock, onProgress: options.onProgress, filesTotal: 1 });
    tracker.flush();
    const specs = uploaded.files.map((file) => ({ sha: file.sha256, size: file.size, path: file.packPath }));
    const checkoutPath = await createCheckout(client, options.checkoutPath, specs, clock);
    tracker.addFile();
    tracker.flush();
    const result: TransferResult = {
      mode: 'shaman',
      blendfile: shamanBlendfile(checkoutPath, plan.blendPackPath),
      checkoutPath,
      upload: uploaded.summary,
    };
    journal?.repository.complete(journal.transferId, result, clock.now());
    journal?.repository.pruneCompletedBefore(clock.now() - completedTransferMaxAgeMs);
    return result;
  } catch (error) {
    const interrupted = signal?.aborted === true || (error instanceof CoreError && error.code === 'canceled');
    journal?.repository.setState(journal.transferId, interrupted ? 'interrupted' : 'failed', clock.now());
    throw error;
  }
}

/**
 * Creates the checkout. Only failures where the request surely never reached the Manager
 * (connection refused) are retried: after a reset mid-request the Manager may have made
 * the folder, and a second request would make another one with a suffix.
 */
async function createCheckout(client: ShamanApi, checkoutPath: string, files: Parameters<ShamanApi['checkout']>[1], clock: Clock): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.checkout(checkoutPath, files);
    } catch (error) {
      const refused = error instanceof CoreError && isTransient(error) && /ECONNREFUSED/.test(String((error.cause as Error | undefined)?.message));
      if (!refused || attempt >= 4) throw error;
      await delay(clock, backoffDelay(defaultBackoff, attempt, Math.random), undefined);
    }
  }
}
