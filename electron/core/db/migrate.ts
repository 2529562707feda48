import type { Database } from 'better-sqlite3';
import { CoreError } from '../errors';
import type { Migration } from './migration';

/**
 * Brings `database` to the newest schema in `migrations`, one transaction per step, with
 * `user_version` written last in each. A database written by a newer app is refused: this
 * build does not know its tables and would corrupt them.
 * @returns the versions applied, oldest first.
 */
export function migrate(database: Database, migrations: readonly Migration[]): readonly number[] {
  assertOrdered(migrations);
  const current = readUserVersion(database);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new CoreError(
      'database-too-new',
      `This database was written by a newer Flamenco Desk (schema ${current}; this version knows up to ${newest}). Update the app, or move the file away to start fresh.`,
      { details: { schemaVersion: current, knownVersion: newest } },
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    database.transaction(() => {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}

/** The schema version stored in the file. */
export function readUserVersion(database: Database): number {
  const value = database.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new Error(`Migrations out of order at ${migration.version}-${migration.name}`);
    }
    previous = migration.version;
  }
}
