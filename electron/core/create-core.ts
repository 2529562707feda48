import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { EventHub } from './api/event-hub';
import type { BlenderService } from './blender/blender-service';
import { createBlenderService } from './blender/blender-service';
import { openDatabase } from './db/open-database';
import { ManagerProfilesRepository } from './db/repositories/manager-profiles-repository';
import { FarmService } from './flamenco/farm-service';
import { ManagerService } from './flamenco/manager-service';
import { SettingsRepository } from './db/repositories/settings-repository';
import type { AppPaths, Clock, Dialogs, Notifier, Opener, SecretStore } from './ports';
import { systemClock } from './ports';
import { SettingsService } from './settings/settings-service';
import type { Submissions } from './submit/create-submissions';
import { createSubmissions } from './submit/create-submissions';

/** What a host hands core: where data lives and the host abilities (ports). */
export type CoreOptions = {
  readonly paths: AppPaths;
  readonly notifier: Notifier;
  readonly secrets: SecretStore;
  readonly dialogs?: Dialogs;
  readonly opener?: Opener;
  readonly clock?: Clock;
  /** The app's version, shown by `--version` and sent as the submitter's version. */
  readonly appVersion: string;
};

/** Every service of core, built once per process by {@link createCore}. */
export type Core = {
  readonly options: CoreOptions;
  readonly clock: Clock;
  readonly database: Database;
  readonly settings: SettingsService;
  readonly managerProfiles: ManagerProfilesRepository;
  /** Manager profiles, connection tests, discovery and clients for the active Manager. */
  readonly managers: ManagerService;
  /** The live farm of the active Manager; the host calls `start()` (the CLI does not). */
  readonly farm: FarmService;
  /** Local Blender installs and headless introspection of .blend files. */
  readonly blender: BlenderService;
  /** The submission queue and presets; the host calls `submissions.start()` to work the queue. */
  readonly submissions: Submissions;
  /** Contract events for whichever host is listening. */
  readonly events: EventHub;
  /** Stops timers, sockets and watchers and closes the database. */
  close(): Promise<void>;
};

/**
 * The composition root: opens the database and wires the services together. The Electron
 * shell, the CLI and the tests all start core through here, so they run the same code.
 */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const database = openDatabase(join(options.paths.dataDirectory, 'flamenco-desk.sqlite3'));
  const closers: (() => Promise<void> | void)[] = [];
  const settings = new SettingsService(new SettingsRepository(database));
  const managerProfiles = new ManagerProfilesRepository(database);
  const managers = new ManagerService({ profiles: managerProfiles, secrets: options.secrets, clock });
  const farm = new FarmService({
    managers,
    notifier: options.notifier,
    clock,
    wantsNotification: (kind) => !settings.read().mutedNotifications.includes(kind),
  });
  closers.push(() => farm.stop());
  const events = new EventHub();
  const blender = createBlenderService({ paths: options.paths, clock, preferences: () => settings.read() });
  settings.onChange((value) => events.emit('settings:changed', value));
  const submissions = createSubmissions({ database, clock, notifier: options.notifier, events, managers, farm, blender, settings, appVersion: options.appVersion });
  closers.push(() => submissions.close());
  farm.onChanges((changes) => {
    events.emit('farm:changed', changes);
    events.emit('farm:etas', farm.etas());
  });
  return {
    options,
    clock,
    database,
    settings,
    managerProfiles,
    managers,
    farm,
    blender,
    submissions,
    events,
    async close() {
      for (const close of closers.reverse()) await close();
      database.close();
    },
  };
}
