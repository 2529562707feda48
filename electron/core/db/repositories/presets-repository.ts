import type { Database, Statement } from 'better-sqlite3';
import type { JobSettingValues } from '../../../common/domain/job-settings';
import type { ManagerId } from '../../../common/domain/manager-profile';
import type { Preset, PresetId } from '../../../common/domain/submission';

type PresetRow = {
  id: string;
  name: string;
  job_type: string;
  default_for: string | null;
  settings_json: string;
  priority: number | null;
  worker_tag_id: string | null;
  created_at: number;
};

/** Saved settings per job type, at most one default per Manager and job type. */
export class PresetsRepository {
  private readonly database: Database;
  private readonly selectOne: Statement<[string], PresetRow>;
  private readonly selectAll: Statement<[], PresetRow>;
  private readonly selectDefault: Statement<[string, string], PresetRow>;
  private readonly upsert: Statement<[string, string, string, string | null, string, number | null, string | null, number]>;
  private readonly clearDefault: Statement<[string, string]>;
  private readonly removeRow: Statement<[string]>;

  constructor(database: Database) {
    this.database = database;
    this.selectOne = database.prepare('SELECT * FROM presets WHERE id = ?');
    this.selectAll = database.prepare('SELECT * FROM presets ORDER BY job_type, name');
    this.selectDefault = database.prepare('SELECT * FROM presets WHERE default_for = ? AND job_type = ?');
    this.upsert = database.prepare(`
      INSERT INTO presets (id, name, job_type, default_for, settings_json, priority, worker_tag_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, job_type = excluded.job_type, default_for = excluded.default_for,
        settings_json = excluded.settings_json, priority = excluded.priority, worker_tag_id = excluded.worker_tag_id`);
    this.clearDefault = database.prepare('UPDATE presets SET default_for = NULL WHERE default_for = ? AND job_type = ?');
    this.removeRow = database.prepare('DELETE FROM presets WHERE id = ?');
  }

  /** Every preset, by job type then name. */
  list(): readonly Preset[] {
    return this.selectAll.all().map(toPreset);
  }

  /** One preset, or undefined. */
  get(id: PresetId): Preset | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : toPreset(row);
  }

  /** The default preset of a Manager for a job type, or undefined. */
  defaultFor(managerId: ManagerId, jobType: string): Preset | undefined {
    const row = this.selectDefault.get(managerId, jobType);
    return row === undefined ? undefined : toPreset(row);
  }

  /** Saves a preset; a preset marked default takes the place of the previous default. */
  save(preset: Preset): void {
    this.database.transaction(() => {
      if (preset.defaultFor !== undefined) this.clearDefault.run(preset.defaultFor, preset.jobType);
      this.upsert.run(
        preset.id,
        preset.name,
        preset.jobType,
        preset.defaultFor ?? null,
        JSON.stringify(preset.settings),
        preset.priority ?? null,
        preset.workerTagId ?? null,
        preset.createdAt,
      );
    })();
  }

  /** Forgets a preset. */
  delete(id: PresetId): void {
    this.removeRow.run(id);
  }
}

function toPreset(row: PresetRow): Preset {
  return {
    id: row.id as PresetId,
    name: row.name,
    jobType: row.job_type,
    ...(row.default_for === null ? {} : { defaultFor: row.default_for as ManagerId }),
    settings: JSON.parse(row.settings_json) as JobSettingValues,
    ...(row.priority === null ? {} : { priority: row.priority }),
    ...(row.worker_tag_id === null ? {} : { workerTagId: row.worker_tag_id }),
    createdAt: row.created_at,
  };
}
