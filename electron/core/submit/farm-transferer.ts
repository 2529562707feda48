import type { ManagerId } from '../../common/domain/manager-profile';
import type { ManagerPlatform } from '../../common/domain/manager';
import type { OutsideFilePolicy, TransferId, TransferPhase } from '../../common/domain/shaman';
import type { HashCacheRepository } from '../db/repositories/hash-cache-repository';
import type { UploadJournalRepository } from '../db/repositories/upload-journal-repository';
import type { ManagerClient } from '../flamenco/manager-client';
import type { Clock } from '../ports';
import { checkoutPathForJob } from '../shaman/checkout-path';
import type { HashPool } from '../shaman/hash-pool';
import { planPack } from '../shaman/pack-plan';
import { ShamanClient } from '../shaman/shaman-client';
import { transferWithShaman } from '../shaman/shaman-transfer';
import { transferToSharedStorage } from '../shaman/shared-storage';
import { submitterPlatform } from './prepare-job';
import type { Transferer, TransferStep } from './ports';

/** How to reach one Manager. */
export type ManagerConnection = {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly client: ManagerClient;
};

/** What {@link farmTransferer} is built from. */
export type FarmTransfererOptions = {
  connection(managerId: ManagerId): Promise<ManagerConnection>;
  readonly pool: HashPool;
  readonly clock: Clock;
  readonly hashCache?: HashCacheRepository;
  /** With a journal, an interrupted transfer resumes file by file (the submission id is the transfer id). */
  readonly journal?: UploadJournalRepository;
  readonly outsideFiles?: OutsideFilePolicy;
  /** Files uploaded at the same time. */
  readonly uploadParallel?: number;
};

const stepOfPhase: Readonly<Record<TransferPhase, TransferStep>> = { hash: 'hashing', upload: 'uploading', checkout: 'checkout', copy: 'uploading' };

/**
 * The queue's {@link Transferer}: plans the pack (project root layout), then uploads to
 * Shaman and creates the checkout, or copies to shared storage when the Manager has Shaman
 * off (MANAGER-FACTS "Shaman").
 */
export function farmTransferer(options: FarmTransfererOptions): Transferer {
  return {
    async transfer(request) {
      const { client, url, headers } = await options.connection(request.managerId);
      const configuration = await client.configuration();
      const plan = await planPack({ blendPath: request.blendPath, dependencies: request.dependencies, outsideFiles: options.outsideFiles ?? 'include' });
      const order: TransferStep[] = ['hashing', 'uploading', 'checkout'];
      let reached = 0;
      const onProgress: Parameters<typeof transferWithShaman>[0]['onProgress'] = (progress) => {
        const index = order.indexOf(stepOfPhase[progress.phase]);
        // Steps only move forward; each is announced once, in order.
        while (reached < index) {
          reached += 1;
          request.onStep(order[reached] ?? 'checkout');
        }
        request.onProgress(progress);
      };
      const journal = options.journal === undefined ? undefined : { repository: options.journal, transferId: request.submissionId as string as TransferId };
      if (configuration.shamanEnabled) {
        const shaman = new ShamanClient({ baseUrl: url, headers });
        try {
          const result = await transferWithShaman({
            plan,
            // The submission id keeps checkout folders of equally named jobs apart.
            checkoutPath: `${checkoutPathForJob(request.jobName)}-${request.submissionId.slice(0, 8)}`,
            client: shaman,
            managerUrl: url,
            pool: options.pool,
            hashCache: options.hashCache,
            journal,
            clock: options.clock,
            signal: request.signal,
            onProgress,
            onWarning: request.onWarning,
            ...(options.uploadParallel === undefined ? {} : { upload: { parallel: options.uploadParallel } }),
          });
          if (result.mode !== 'shaman') return { blendfile: result.blendfile, uploaded: false };
          return { blendfile: result.blendfile, checkoutId: result.checkoutPath, uploaded: true };
        } finally {
          shaman.close();
        }
      }
      const storage = await client.sharedStorage(submitterPlatform() as ManagerPlatform);
      const result = await transferToSharedStorage({
        plan,
        sharedStorage: storage.location,
        jobName: request.jobName,
        clock: options.clock,
        signal: request.signal,
        journal,
        onProgress,
        onWarning: request.onWarning,
      });
      return { blendfile: result.blendfile, uploaded: result.mode === 'shared-storage-copy' };
    },
  };
}
