import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { readUserVersion } from '../../../../electron/core/db/migrate';
import type { Migration } from '../../../../electron/core/db/migration';
import { migrations } from '../../../../electron/core/db/migrations';
import { CoreError } from '../../../../electron/core/errors';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

function schemaOf(file: string): string[] {
  const database = new BetterSqlite3(file, { readonly: true });
  const rows = database
    .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string | null }[];
  database.close();
  return rows.map((row) => `${row.type} ${row.name}`);
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof CoreError ? error.code : 'not a CoreError';
  }
  return undefined;
}

describe('openDatabase', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  beforeEach(() => {
    directory = makeTemporaryDirectory();
  });
  afterEach(() => directory.remove());

  it('creates a fresh database at the newest schema, in WAL mode with foreign keys on', () => {
    const file = join(directory.path, 'fresh.sqlite3');
    const database = openDatabase(file);
    expect(readUserVersion(database)).toBe(migrations.at(-1)?.version);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
    database.close();
    expect(schemaOf(file)).toMatchSnapshot();
  });

  it('applies only the missing migrations when upgrading an older database', () => {
    const file = join(directory.path, 'old.sqlite3');
    const first = migrations[0];
    if (first === undefined) throw new Error('no migrations');
    openDatabase(file, { migrations: [first] }).close();
    const applied: number[] = [];
    const spied = migrations.map((migration): Migration => ({ ...migration, up: (database) => (applied.push(migration.version), migration.up(database)) }));
    const database = openDatabase(file, { migrations: spied });
    expect(applied).toEqual(migrations.slice(1).map((migration) => migration.version));
    expect(readUserVersion(database)).toBe(migrations.at(-1)?.version);
    database.close();
  });

  it('keeps data written before an upgrade', () => {
    const file = join(directory.path, 'data.sqlite3');
    const first = migrations[0];
    if (first === undefined) throw new Error('no migrations');
    const old = openDatabase(file, { migrations: [first] });
    old.prepare("INSERT INTO settings (key, value_json) VALUES ('theme', '\"dark\"')").run();
    old.close();
    const upgraded = openDatabase(file);
    expect(upgraded.prepare('SELECT value_json FROM settings WHERE key = ?').get('theme')).toEqual({ value_json: '"dark"' });
    upgraded.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = join(directory.path, 'newer.sqlite3');
    openDatabase(file).close();
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 999999');
    raw.close();
    expect(codeOf(() => openDatabase(file))).toBe('database-too-new');
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(999999);
    check.close();
  });

  it('rolls back a migration that fails, leaving the previous version', () => {
    const file = join(directory.path, 'failing.sqlite3');
    const broken: Migration = {
      version: 999_990,
      name: 'broken',
      up(database) {
        database.exec('CREATE TABLE half_done (id INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => openDatabase(file, { migrations: [...migrations, broken] })).toThrow('boom');
    const database = openDatabase(file);
    expect(readUserVersion(database)).toBe(migrations.at(-1)?.version);
    expect(database.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    database.close();
  });

  it('gives database-corrupt for a file that is not a database', () => {
    const file = join(directory.path, 'garbage.sqlite3');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    expect(codeOf(() => openDatabase(file))).toBe('database-corrupt');
  });

  it('gives database-corrupt for a damaged database', () => {
    const file = join(directory.path, 'damaged.sqlite3');
    const database = openDatabase(file);
    database.pragma('journal_mode = DELETE');
    const insert = database.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)');
    database.transaction(() => {
      for (let index = 0; index < 2000; index += 1) insert.run(`key-${index}`, JSON.stringify('x'.repeat(200)));
    })();
    database.close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    writeFileSync(file, bytes);
    expect(codeOf(() => openDatabase(file))).toBe('database-corrupt');
  });
});
