import type { Database, Statement } from 'better-sqlite3';
import type { Sha256 } from '../../../common/domain/shaman';

/**
 * What identifies one version of a file on disk without reading it. Nanosecond times and
 * inode numbers do not fit a JavaScript number, so they travel as bigint and are stored
 * as decimal text.
 */
export type FileStamp = {
  readonly path: string;
  readonly size: number;
  readonly mtimeNs: bigint;
  readonly inode: bigint;
  readonly device: bigint;
};

type CacheRow = {
  path: string;
  size: number;
  mtime_ns: string;
  inode: string;
  device: string;
  sha256: string;
  last_used_at: number;
};

const touchEveryMs = 24 * 60 * 60 * 1000;

/** SHA-256 checksums by file stamp. A hit means the file need not be read again. */
export class HashCacheRepository {
  private readonly database: Database;
  private readonly selectOne: Statement<[string], CacheRow>;
  private readonly upsert: Statement<[string, number, string, string, string, string, number]>;
  private readonly touchOne: Statement<[number, string]>;
  private readonly removeOne: Statement<[string]>;
  private readonly removeOlder: Statement<[number]>;
  private readonly countAll: Statement<[], { count: number }>;

  constructor(database: Database) {
    this.database = database;
    this.selectOne = database.prepare('SELECT * FROM hash_cache WHERE path = ?');
    this.upsert = database.prepare(`
      INSERT INTO hash_cache (path, size, mtime_ns, inode, device, sha256, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, inode = excluded.inode,
        device = excluded.device, sha256 = excluded.sha256, last_used_at = excluded.last_used_at`);
    this.touchOne = database.prepare('UPDATE hash_cache SET last_used_at = ? WHERE path = ?');
    this.removeOne = database.prepare('DELETE FROM hash_cache WHERE path = ?');
    this.removeOlder = database.prepare('DELETE FROM hash_cache WHERE last_used_at < ?');
    this.countAll = database.prepare('SELECT COUNT(*) AS count FROM hash_cache');
  }

  /**
   * The checksums of the stamps whose cached entry matches exactly (path, size, mtime,
   * inode, device), marking those entries used at `now` (at most once a day). Entries that no longer match are
   * forgotten: the file changed.
   */
  lookup(stamps: readonly FileStamp[], now: number): ReadonlyMap<string, Sha256> {
    const hits = new Map<string, Sha256>();
    this.database.transaction(() => {
      for (const stamp of stamps) {
        const row = this.selectOne.get(stamp.path);
        if (row === undefined) continue;
        if (matches(row, stamp)) {
          hits.set(stamp.path, row.sha256 as Sha256);
          // Last-used times only drive pruning (weeks), so a daily touch is precise enough
          // and spares a write per file on every submission.
          if (row.last_used_at < now - touchEveryMs) this.touchOne.run(now, stamp.path);
        } else {
          this.removeOne.run(stamp.path);
        }
      }
    })();
    return hits;
  }

  /** Remembers checksums computed at `now`. */
  store(entries: readonly { readonly stamp: FileStamp; readonly sha256: Sha256 }[], now: number): void {
    this.database.transaction(() => {
      for (const { stamp, sha256 } of entries) {
        this.upsert.run(stamp.path, stamp.size, stamp.mtimeNs.toString(), stamp.inode.toString(), stamp.device.toString(), sha256, now);
      }
    })();
  }

  /** Forgets entries last used before `cutoff`; returns how many went. */
  pruneUnusedSince(cutoff: number): number {
    return this.removeOlder.run(cutoff).changes;
  }

  /** How many entries the cache holds. */
  size(): number {
    return this.countAll.get()?.count ?? 0;
  }
}

function matches(row: CacheRow, stamp: FileStamp): boolean {
  return (
    row.size === stamp.size &&
    row.mtime_ns === stamp.mtimeNs.toString() &&
    row.inode === stamp.inode.toString() &&
    row.device === stamp.device.toString()
  );
}
