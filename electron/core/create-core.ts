import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { EventHub } from './api/event-hub';
import { openDatabase } from './db/open-database';
import { ManagerProfilesRepository } from './db/repositories/manager-profiles-repository';
import { SettingsRepository } from './db/repositories/settings-repository';
import type { AppPaths, Clock, Dialogs, Notifier, Opener, SecretStore } from './ports';
import { systemClock } from './ports';
import { SettingsService } from './settings/settings-service';

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
  const events = new EventHub();
  settings.onChange((value) => events.emit('settings:changed', value));
  return {
    options,
    clock,
    database,
    settings,
    managerProfiles,
    events,
    async close() {
      for (const close of closers.reverse()) await close();
      database.close();
    },
  };
}
