import type { Migration } from '../migration';

/**
 * The hash cache (a file's SHA-256 by path, size, modification time and inode) and the
 * transfer journal (which files of which transfer are done), so a second submission skips
 * reading unchanged files and a restarted app resumes a transfer file by file.
 */
export const hashCacheAndUploadJournal: Migration = {
  version: 30,
  name: 'hash-cache-and-upload-journal',
  up(database) {
    database.exec(`
      CREATE TABLE hash_cache (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns TEXT NOT NULL,
        inode TEXT NOT NULL,
        device TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        last_used_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX hash_cache_last_used ON hash_cache (last_used_at);

      CREATE TABLE transfers (
        id TEXT PRIMARY KEY,
        blend_path TEXT NOT NULL,
        destination TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'interrupted', 'failed', 'completed')),
        result_json TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE transfer_files (
        transfer_id TEXT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
        pack_path TEXT NOT NULL,
        sha256 TEXT,
        size INTEGER NOT NULL,
        done_at INTEGER NOT NULL,
        PRIMARY KEY (transfer_id, pack_path)
      ) STRICT;
    `);
  },
};
