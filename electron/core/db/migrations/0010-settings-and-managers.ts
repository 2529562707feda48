import type { Migration } from '../migration';

/** Settings as JSON values by key, and Manager profiles (secrets live in the SecretStore). */
export const settingsAndManagers: Migration = {
  version: 10,
  name: 'settings-and-managers',
  up(database) {
    database.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      ) STRICT;

      CREATE TABLE manager_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        extra_headers_json TEXT NOT NULL DEFAULT '{}',
        secret_header_names_json TEXT NOT NULL DEFAULT '[]',
        is_active INTEGER NOT NULL DEFAULT 0 CHECK (is_active IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE UNIQUE INDEX manager_profiles_one_active ON manager_profiles (is_active) WHERE is_active = 1;
    `);
  },
};
