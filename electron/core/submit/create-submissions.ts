import type { Database } from 'better-sqlite3';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { PresetId } from '../../common/domain/submission';
import type { EventHub } from '../api/event-hub';
import type { BlenderService } from '../blender/blender-service';
import { HashCacheRepository } from '../db/repositories/hash-cache-repository';
import { PresetsRepository } from '../db/repositories/presets-repository';
import { SubmissionsRepository } from '../db/repositories/submissions-repository';
import { UploadJournalRepository } from '../db/repositories/upload-journal-repository';
import type { FarmService } from '../flamenco/farm-service';
import type { ManagerService } from '../flamenco/manager-service';
import type { Clock, Notifier } from '../ports';
import type { SettingsService } from '../settings/settings-service';
import { HashPool } from '../shaman/hash-pool';
import { blenderInspector } from './blender-inspector';
import { farmTransferer } from './farm-transferer';
import { HotFolders } from './hot-folders';
import { managerGateway } from './manager-gateway';
import { PresetsService } from './presets-service';
import { SubmissionService } from './submission-service';
import { SubmissionWatcher } from './submission-watcher';
import { throttle } from './throttle';

/** What the submission area is built from (services of `create-core`). */
export type SubmissionsOptions = {
  readonly database: Database;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly events: EventHub;
  readonly managers: ManagerService;
  /** The live farm of the active Manager: its reconnects resume the queue, its job events end submissions. */
  readonly farm?: FarmService;
  readonly blender: BlenderService;
  readonly settings: SettingsService;
  readonly appVersion: string;
};

/** The submission queue, presets, the file watcher and hot folders, built once per process. */
export type Submissions = {
  readonly queue: SubmissionService;
  readonly presets: PresetsService;
  /**
   * Starts working through the queue (resuming every entry from its persisted state),
   * watching files of waiting entries and the hot folders. The app calls this once at
   * start; CLI commands that submit call it too, without hot folders (a short CLI run
   * should not pick up files dropped meanwhile). Idempotent.
   */
  start(options?: { readonly hotFolders?: boolean }): void;
  /** Stops all of it; the queue's states stay persisted for the next start. */
  close(): Promise<void>;
};

/**
 * Wires the queue to the real collaborators: Manager profiles (clients with their headers),
 * headless Blender and the tracer, Shaman or shared storage with the upload journal, and
 * the contract events (`queue:changed` throttled to ten a second).
 */
export function createSubmissions(options: SubmissionsOptions): Submissions {
  const { database, clock, managers, events } = options;
  const pool = new HashPool();
  const hashCache = new HashCacheRepository(database);
  const journal = new UploadJournalRepository(database);
  const profileOf = (managerId: ManagerId) => managers.get(managerId);
  const queue = new SubmissionService({
    repository: new SubmissionsRepository(database),
    inspector: blenderInspector({ introspect: (request) => options.blender.introspect(request) }),
    transferer: farmTransferer({
      connection: async (managerId) => {
        const profile = profileOf(managerId);
        const headers = await managers.headersFor(profile);
        return { url: profile.url, headers, client: managers.clientForUrl(profile.url, headers) };
      },
      pool,
      clock,
      hashCache,
      journal,
      uploadParallel: options.settings.read().uploadConcurrency,
    }),
    gateway: managerGateway({
      clientFor: async (managerId) => managers.clientFor(profileOf(managerId)),
      managerName: (managerId) => managers.list().find((profile) => profile.id === managerId)?.name,
    }),
    notifier: options.notifier,
    clock,
    appVersion: options.appVersion,
    // The live model notifies about every job of the active Manager while it runs.
    notifyJobEnd: (managerId) => options.farm?.model() === undefined || managers.active()?.id !== managerId,
  });
  const presets = new PresetsService(new PresetsRepository(database), clock);
  const emitQueue = throttle(clock, 100, () => events.emit('queue:changed', queue.list()));
  const unsubscribers = [
    queue.onChange(() => emitQueue()),
    queue.onProgress((progress) => events.emit('submission:progress', progress)),
    queue.onNotice((notice) => events.emit('submission:notice', notice)),
    presets.onChange((list) => events.emit('presets:changed', list)),
    options.farm?.onChanges((changes) => {
      const active = managers.active()?.id;
      if (active === undefined) return;
      for (const change of changes) {
        // A (re)connected socket or a successful refetch means the Manager is back.
        if (change.kind === 'refreshed' || (change.kind === 'connection' && change.state.kind === 'live')) queue.managerReachable(active);
        if (change.kind === 'job-updated' || change.kind === 'job-finished') queue.jobUpdated(active, change.job.id, change.job.status, change.job.activity);
      }
    }) ?? (() => undefined),
  ];
  const hotFolders = new HotFolders({
    submit: (request) => queue.submit(request),
    preset: (id: PresetId) => presets.list().find((preset) => preset.id === id),
    activeManager: () => managers.active()?.id,
    onSubmitted: (submission, path) => queue.emitNotice({ kind: 'hot-folder-submitted', id: submission.id, path }),
  });
  let watcher: SubmissionWatcher | undefined;
  let started = false;
  return {
    queue,
    presets,
    start(startOptions = {}) {
      if (started) return;
      started = true;
      // Housekeeping once per start: transfers left `active` belong to a process that died,
      // and hashes of files not seen for 90 days are not worth keeping.
      journal.interruptActive(clock.now());
      hashCache.pruneUnusedSince(clock.now() - 90 * 24 * 3600_000);
      queue.start();
      watcher = new SubmissionWatcher(queue);
      if (startOptions.hotFolders === false) return;
      void hotFolders.update(options.settings.read().hotFolders);
      unsubscribers.push(options.settings.onChange((settings) => void hotFolders.update(settings.hotFolders)));
    },
    async close() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      emitQueue.cancel();
      await queue.stop();
      await watcher?.close();
      await hotFolders.close();
      await pool.close();
    },
  };
}
