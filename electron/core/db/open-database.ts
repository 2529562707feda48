import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { CoreError } from '../errors';
import { migrate } from './migrate';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations';

/** Options for {@link openDatabase}; tests pass their own migrations. */
export type OpenDatabaseOptions = {
  readonly migrations?: readonly Migration[];
};

/**
 * Opens (or creates) the app database: WAL, foreign keys on, an integrity check, then
 * migrations. A file that is not a database, or a damaged one, gives `database-corrupt`
 * with the path, so the user knows which file to move away; nothing is overwritten.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let database: Database;
  try {
    database = new BetterSqlite3(file);
  } catch (error) {
    throw corrupt(file, error);
  }
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const check = database.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (error) {
    database.close();
    throw corrupt(file, error);
  }
  try {
    migrate(database, options.migrations ?? allMigrations);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

function corrupt(file: string, cause: unknown): CoreError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CoreError('database-corrupt', `The database ${file} cannot be read (${reason}). Move it away and restart to begin with an empty one.`, {
    details: { file },
    cause,
  });
}
