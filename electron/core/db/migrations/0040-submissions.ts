import type { Migration } from '../migration';

/**
 * The submission queue (one row per entry, its state persisted at every step so the queue
 * survives a restart) and presets of job settings.
 */
export const submissions: Migration = {
  version: 40,
  name: 'submissions',
  up(database) {
    database.exec(`
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        manager_id TEXT NOT NULL,
        phase TEXT NOT NULL,
        priority INTEGER NOT NULL,
        sequence INTEGER NOT NULL UNIQUE,
        request_json TEXT NOT NULL,
        state_json TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX submissions_queue_order ON submissions (priority DESC, sequence);
      CREATE INDEX submissions_phase ON submissions (phase);

      CREATE TABLE presets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        job_type TEXT NOT NULL,
        default_for TEXT,
        settings_json TEXT NOT NULL,
        priority INTEGER,
        worker_tag_id TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (job_type, name)
      ) STRICT;

      CREATE UNIQUE INDEX presets_one_default ON presets (default_for, job_type) WHERE default_for IS NOT NULL;
    `);
  },
};
