import type { Database, Statement } from 'better-sqlite3';
import type { Sha256, TransferId, TransferRecord, TransferResult, TransferState } from '../../../common/domain/shaman';

type TransferRow = {
  id: string;
  blend_path: string;
  destination: string;
  state: string;
  result_json: string | null;
  created_at: number;
  updated_at: number;
};

/** One file the journal knows is done: stored by Shaman, or copied and verified. */
export type JournalFile = {
  readonly packPath: string;
  /** Undefined for files copied to shared storage (not hashed). */
  readonly sha256: Sha256 | undefined;
  readonly size: number;
  readonly doneAt: number;
};

/**
 * The transfer journal: which transfers exist and which of their files are done. A file
 * is written here only after the Manager confirmed it (200/208) or the copy was verified,
 * so after a crash the journal never claims more than what is on the farm.
 */
export class UploadJournalRepository {
  private readonly database: Database;
  private readonly selectTransfer: Statement<[string], TransferRow>;
  private readonly selectByState: Statement<[string], TransferRow>;
  private readonly insertTransfer: Statement<[string, string, string, number, number]>;
  private readonly updateState: Statement<[string, number, string]>;
  private readonly updateResult: Statement<[string, number, string]>;
  private readonly selectFiles: Statement<[string], { pack_path: string; sha256: string | null; size: number; done_at: number }>;
  private readonly upsertFile: Statement<[string, string, string | null, number, number]>;
  private readonly removeTransfer: Statement<[string]>;
  private readonly removeOlder: Statement<[number]>;
  private readonly updateActiveToInterrupted: Statement<[number]>;

  constructor(database: Database) {
    this.database = database;
    this.selectTransfer = database.prepare('SELECT * FROM transfers WHERE id = ?');
    this.selectByState = database.prepare('SELECT * FROM transfers WHERE state = ? ORDER BY created_at, id');
    this.insertTransfer = database.prepare(
      "INSERT INTO transfers (id, blend_path, destination, state, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)",
    );
    this.updateState = database.prepare('UPDATE transfers SET state = ?, updated_at = ? WHERE id = ?');
    this.updateResult = database.prepare("UPDATE transfers SET state = 'completed', result_json = ?, updated_at = ? WHERE id = ?");
    this.selectFiles = database.prepare('SELECT pack_path, sha256, size, done_at FROM transfer_files WHERE transfer_id = ? ORDER BY pack_path');
    this.upsertFile = database.prepare(`
      INSERT INTO transfer_files (transfer_id, pack_path, sha256, size, done_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (transfer_id, pack_path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, done_at = excluded.done_at`);
    this.removeTransfer = database.prepare('DELETE FROM transfers WHERE id = ?');
    this.removeOlder = database.prepare("DELETE FROM transfers WHERE state = 'completed' AND updated_at < ?");
    this.updateActiveToInterrupted = database.prepare("UPDATE transfers SET state = 'interrupted', updated_at = ? WHERE state = 'active'");
  }

  /** One transfer, or undefined. */
  get(id: TransferId): TransferRecord | undefined {
    const row = this.selectTransfer.get(id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Transfers in `state`, oldest first (e.g. `interrupted` ones to offer resuming). */
  listByState(state: TransferState): readonly TransferRecord[] {
    return this.selectByState.all(state).map(toRecord);
  }

  /** Starts a transfer, or marks an existing unfinished one active again (a resume). */
  begin(id: TransferId, blendPath: string, destination: string, now: number): TransferRecord {
    const existing = this.get(id);
    if (existing === undefined) this.insertTransfer.run(id, blendPath, destination, now, now);
    else if (existing.state !== 'completed') this.updateState.run('active', now, id);
    const record = this.get(id);
    if (record === undefined) throw new Error(`transfer ${id} vanished while starting`);
    return record;
  }

  /** Records a state change (`interrupted` after a cancel, `failed` after an error). */
  setState(id: TransferId, state: Exclude<TransferState, 'completed'>, now: number): void {
    this.updateState.run(state, now, id);
  }

  /** Marks the transfer completed with its result (checkout path, or copied folder). */
  complete(id: TransferId, result: TransferResult, now: number): void {
    this.updateResult.run(JSON.stringify(result), now, id);
  }

  /** Records one file as done. */
  markFileDone(id: TransferId, packPath: string, sha256: Sha256 | undefined, size: number, now: number): void {
    this.upsertFile.run(id, packPath, sha256 ?? null, size, now);
  }

  /** Records several files as done in one transaction (one disk sync instead of one per file). */
  markFilesDone(id: TransferId, files: readonly { readonly packPath: string; readonly sha256: Sha256 | undefined; readonly size: number }[], now: number): void {
    this.database.transaction(() => {
      for (const file of files) this.upsertFile.run(id, file.packPath, file.sha256 ?? null, file.size, now);
    })();
  }

  /** The files of a transfer that are done, by pack path. */
  doneFiles(id: TransferId): readonly JournalFile[] {
    return this.selectFiles.all(id).map((row) => ({ packPath: row.pack_path, sha256: row.sha256 === null ? undefined : (row.sha256 as Sha256), size: row.size, doneAt: row.done_at }));
  }

  /** Forgets a transfer and its files. */
  delete(id: TransferId): void {
    this.removeTransfer.run(id);
  }

  /**
   * At start-up, transfers still `active` belong to a process that died (crash, power
   * loss): they become `interrupted`, ready to resume. Returns how many.
   */
  interruptActive(now: number): number {
    return this.updateActiveToInterrupted.run(now).changes;
  }

  /** Forgets completed transfers last updated before `cutoff`; returns how many went. */
  pruneCompletedBefore(cutoff: number): number {
    return this.removeOlder.run(cutoff).changes;
  }
}

function toRecord(row: TransferRow): TransferRecord {
  return {
    id: row.id as TransferId,
    blendPath: row.blend_path,
    destination: row.destination,
    state: row.state as TransferState,
    result: row.result_json === null ? undefined : (JSON.parse(row.result_json) as TransferResult),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
