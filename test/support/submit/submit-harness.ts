import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ManagerId } from '../../../electron/common/domain/manager-profile';
import { openDatabase } from '../../../electron/core/db/open-database';
import { HashCacheRepository } from '../../../electron/core/db/repositories/hash-cache-repository';
import { SubmissionsRepository } from '../../../electron/core/db/repositories/submissions-repository';
import { UploadJournalRepository } from '../../../electron/core/db/repositories/upload-journal-repository';
import { ManagerClient } from '../../../electron/core/flamenco/manager-client';
import type { Clock, Notifier } from '../../../electron/core/ports';
import { systemClock } from '../../../electron/core/ports';
import { HashPool } from '../../../electron/core/shaman/hash-pool';
import { defaultsInspector } from '../../../electron/core/submit/blender-inspector';
import { farmTransferer } from '../../../electron/core/submit/farm-transferer';
import { managerGateway } from '../../../electron/core/submit/manager-gateway';
import type { Inspector, ManagerGateway, Transferer } from '../../../electron/core/submit/ports';
import type { SubmissionServiceOptions } from '../../../electron/core/submit/submission-service';
import { SubmissionService } from '../../../electron/core/submit/submission-service';

/** The id the harness gives the double's Manager. */
export const doubleManagerId = 'double' as ManagerId;

/** A submission service over a real database, the real Manager client and the real Shaman transfer. */
export type SubmitHarness = {
  readonly service: SubmissionService;
  readonly database: Database;
  readonly repository: SubmissionsRepository;
  readonly gateway: ManagerGateway;
  readonly transferer: Transferer;
  close(): Promise<void>;
};

/** Options of {@link createSubmitHarness}. */
export type SubmitHarnessOptions = {
  readonly managerUrl: string;
  readonly dataDirectory: string;
  readonly notifier: Notifier;
  readonly clock?: Clock;
  readonly inspector?: Inspector;
  /** Wraps the real gateway or transferer (to inject faults). */
  readonly wrapGateway?: (gateway: ManagerGateway) => ManagerGateway;
  readonly wrapTransferer?: (transferer: Transferer) => Transferer;
} & Partial<Pick<SubmissionServiceOptions, 'concurrency' | 'maxFailures' | 'backoff' | 'followIntervalMilliseconds' | 'random'>>;

/**
 * Builds the queue the way `create-core` does, against one Manager URL. HTTP requests are
 * not retried inside the client, so the queue's own retry logic is what the tests see.
 */
export function createSubmitHarness(options: SubmitHarnessOptions): SubmitHarness {
  const database = openDatabase(join(options.dataDirectory, 'flamenco-desk.sqlite3'));
  const clock = options.clock ?? systemClock;
  const client = ManagerClient.create({
    baseUrl: options.managerUrl,
    retry: { attempts: 1, baseDelayMilliseconds: 0, maxDelayMilliseconds: 0 },
    timeoutMilliseconds: 10_000,
  });
  const pool = new HashPool({ workers: 1 });
  const repository = new SubmissionsRepository(database);
  const realGateway = managerGateway({ clientFor: async () => client, managerName: () => 'Flamenco Double' });
  const gateway = options.wrapGateway?.(realGateway) ?? realGateway;
  const realTransferer = farmTransferer({
    connection: async () => ({ url: options.managerUrl, headers: {}, client }),
    pool,
    clock: systemClock,
    hashCache: new HashCacheRepository(database),
    journal: new UploadJournalRepository(database),
    uploadParallel: 2,
  });
  const transferer = options.wrapTransferer?.(realTransferer) ?? realTransferer;
  const service = new SubmissionService({
    repository,
    inspector: options.inspector ?? defaultsInspector,
    transferer,
    gateway,
    notifier: options.notifier,
    clock,
    appVersion: '0.0.0-test',
    followIntervalMilliseconds: options.followIntervalMilliseconds ?? 0,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.maxFailures === undefined ? {} : { maxFailures: options.maxFailures }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  return {
    service,
    database,
    repository,
    gateway,
    transferer,
    async close() {
      await service.stop();
      await pool.close();
      database.close();
    },
  };
}
