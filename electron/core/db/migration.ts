import type { Database } from 'better-sqlite3';

/**
 * One schema step. Migrations are numbered in steps of ten, append-only: a released
 * migration is never edited, a fix is a new migration.
 */
export type Migration = {
  /** The `user_version` the database has after this step. */
  readonly version: number;
  /** Kebab-case name, same as the file name after the number. */
  readonly name: string;
  /** Applies the step; runs inside the migrator's transaction. */
  up(database: Database): void;
};
