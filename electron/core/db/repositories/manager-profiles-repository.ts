import type { Database, Statement } from 'better-sqlite3';
import type { ManagerId, ManagerProfile } from '../../../common/domain/manager-profile';

type ProfileRow = {
  id: string;
  name: string;
  url: string;
  extra_headers_json: string;
  secret_header_names_json: string;
  is_active: number;
  created_at: number;
};

/** Manager profiles in SQLite. At most one is active (a partial unique index enforces it). */
export class ManagerProfilesRepository {
  private readonly database: Database;
  private readonly selectAll: Statement<[], ProfileRow>;
  private readonly selectOne: Statement<[string], ProfileRow>;
  private readonly upsert: Statement<[string, string, string, string, string, number, number]>;
  private readonly remove: Statement<[string]>;
  private readonly clearActive: Statement<[]>;
  private readonly markActive: Statement<[string]>;

  constructor(database: Database) {
    this.database = database;
    this.selectAll = database.prepare('SELECT * FROM manager_profiles ORDER BY created_at, id');
    this.selectOne = database.prepare('SELECT * FROM manager_profiles WHERE id = ?');
    this.upsert = database.prepare(`
      INSERT INTO manager_profiles (id, name, url, extra_headers_json, secret_header_names_json, is_active, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url,
        extra_headers_json = excluded.extra_headers_json, secret_header_names_json = excluded.secret_header_names_json`);
    this.remove = database.prepare('DELETE FROM manager_profiles WHERE id = ?');
    this.clearActive = database.prepare('UPDATE manager_profiles SET is_active = 0 WHERE is_active = 1');
    this.markActive = database.prepare('UPDATE manager_profiles SET is_active = 1 WHERE id = ?');
  }

  /** Every profile, oldest first. */
  list(): readonly ManagerProfile[] {
    return this.selectAll.all().map(toProfile);
  }

  /** One profile, or undefined. */
  get(id: ManagerId): ManagerProfile | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : toProfile(row);
  }

  /** The active profile, or undefined when none is chosen. */
  getActive(): ManagerProfile | undefined {
    return this.list().find((profile) => profile.isActive);
  }

  /** Inserts or updates a profile's fields (not its active flag; use {@link setActive}). */
  save(profile: ManagerProfile): void {
    this.upsert.run(
      profile.id,
      profile.name,
      profile.url,
      JSON.stringify(profile.extraHeaders),
      JSON.stringify(profile.secretHeaderNames),
      profile.isActive ? 1 : 0,
      profile.createdAt,
    );
  }

  /** Makes `id` the only active profile. */
  setActive(id: ManagerId): void {
    this.database.transaction(() => {
      this.clearActive.run();
      this.markActive.run(id);
    })();
  }

  /** Removes a profile. */
  delete(id: ManagerId): void {
    this.remove.run(id);
  }
}

function toProfile(row: ProfileRow): ManagerProfile {
  return {
    id: row.id as ManagerId,
    name: row.name,
    url: row.url,
    extraHeaders: JSON.parse(row.extra_headers_json) as Record<string, string>,
    secretHeaderNames: JSON.parse(row.secret_header_names_json) as string[],
    isActive: row.is_active === 1,
    createdAt: row.created_at,
  };
}
