import type { Database, Statement } from 'better-sqlite3';

/** Raw key -> JSON storage for settings; the settings service owns types and defaults. */
export class SettingsRepository {
  private readonly selectAll: Statement<[], { key: string; value_json: string }>;
  private readonly upsert: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;

  constructor(database: Database) {
    this.selectAll = database.prepare('SELECT key, value_json FROM settings');
    this.upsert = database.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    );
    this.remove = database.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** Every stored value, parsed from JSON. */
  readAll(): ReadonlyMap<string, unknown> {
    const values = new Map<string, unknown>();
    for (const row of this.selectAll.all()) values.set(row.key, JSON.parse(row.value_json) as unknown);
    return values;
  }

  /** Stores one value as JSON. */
  write(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value));
  }

  /** Forgets one value (the default applies again). */
  delete(key: string): void {
    this.remove.run(key);
  }
}
