import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveChange } from '../../../../electron/common/domain/farm';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { ManagerProfilesRepository } from '../../../../electron/core/db/repositories/manager-profiles-repository';
import { FarmService } from '../../../../electron/core/flamenco/farm-service';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { ManagerService } from '../../../../electron/core/flamenco/manager-service';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import { startManagerDouble, useManagerDouble } from '../../../support/manager-double';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

const manager = useManagerDouble({ name: 'Farm Service', version: '3.9' });

let directory: ReturnType<typeof makeTemporaryDirectory>;
let database: Database;
let farm: FarmService | undefined;

beforeEach(() => {
  directory = makeTemporaryDirectory();
  database = openDatabase(join(directory.path, 'desk.sqlite3'));
});

afterEach(async () => {
  await farm?.stop();
  farm = undefined;
  database.close();
  directory.remove();
});

function batchWith(service: FarmService, accept: (change: LiveChange) => boolean): Promise<readonly LiveChange[]> {
  return new Promise((resolve) => {
    const stop = service.onChanges((batch) => {
      if (batch.some(accept)) {
        stop();
        resolve(batch);
      }
    });
  });
}

describe('FarmService', () => {
  it('is empty and stopped without an active Manager', async () => {
    const managers = new ManagerService({ profiles: new ManagerProfilesRepository(database), secrets: memorySecretStore() });
    farm = new FarmService({ managers });

    await farm.start();

    expect(farm.snapshot()).toEqual({ manager: null, version: null, connection: { kind: 'stopped' }, farmStatus: 'unknown', jobs: [], workers: [], tags: [], etas: {} });
  });

  it('watches the active Manager, batches changes and notifies finished jobs', async () => {
    const managers = new ManagerService({ profiles: new ManagerProfilesRepository(database), secrets: memorySecretStore() });
    const profile = await managers.add({ name: 'Studio', url: manager().url });
    const notifier = recordingNotifier();
    farm = new FarmService({ managers, notifier, batchMilliseconds: 10 });
    const api = ManagerClient.create({ baseUrl: manager().url });
    const jobType = await api.jobType('echo-sleep-test');
    const job = await api.submitJob({ name: 'batch', type: 'echo-sleep-test', type_etag: jobType.etag, priority: 50, submitter_platform: 'linux', settings: { message: 'm' } });
    const live = batchWith(farm, (change) => change.kind === 'connection' && change.state.kind === 'live');

    await farm.start();
    await live;
    const snapshot = farm.snapshot();
    const finished = batchWith(farm, (change) => change.kind === 'job-finished');
    manager().completeJob(job.id);
    const batch = await finished;

    expect([snapshot.manager?.id, snapshot.version?.name, snapshot.jobs.map((entry) => entry.id)]).toEqual([profile.id, 'Farm Service', [job.id]]);
    expect(batch.filter((change) => change.kind === 'job-finished').map((change) => (change.kind === 'job-finished' ? change.outcome : ''))).toEqual(['completed']);
    expect(notifier.shown).toEqual([{ kind: 'job-completed', title: 'Job completed', body: 'batch', target: { screen: 'job', jobId: job.id } }]);
    expect(farm.etas()).toEqual({ [job.id]: { kind: 'finished' } });
  });

  it('follows the newly chosen Manager after a restart and lets go of the old one', async () => {
    const other = await startManagerDouble({ name: 'Other Farm', version: '3.8' });
    try {
      const managers = new ManagerService({ profiles: new ManagerProfilesRepository(database), secrets: memorySecretStore() });
      await managers.add({ name: 'Studio', url: manager().url });
      const second = await managers.add({ name: 'Other', url: other.url });
      farm = new FarmService({ managers });
      await farm.start();

      managers.use(second.id);
      await Promise.all([farm.start(), farm.start()]);
      await vi.waitFor(() => expect([manager().socketClientCount, other.socketClientCount]).toEqual([0, 1]));

      expect([farm.snapshot().manager?.name, farm.snapshot().version?.name]).toEqual(['Other', 'Other Farm']);
    } finally {
      await farm?.stop();
      await other.close();
      other.assertNoSpecViolations();
    }
  });
});
