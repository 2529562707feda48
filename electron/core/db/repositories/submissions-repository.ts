import type { Database, Statement } from 'better-sqlite3';
import type { Submission, SubmissionId, SubmissionRequest, SubmissionState } from '../../../common/domain/submission';

type SubmissionRow = {
  id: string;
  manager_id: string;
  phase: string;
  priority: number;
  sequence: number;
  request_json: string;
  state_json: string;
  failures: number;
  created_at: number;
  updated_at: number;
};

/**
 * The submission queue. Every state change is one UPDATE (one transaction in WAL mode), so
 * a process killed at any moment leaves each entry in the last state it reached.
 */
export class SubmissionsRepository {
  private readonly selectOne: Statement<[string], SubmissionRow>;
  private readonly selectAll: Statement<[], SubmissionRow>;
  private readonly selectNextSequence: Statement<[], { next: number }>;
  private readonly insertRow: Statement<[string, string, string, number, number, string, string, number, number]>;
  private readonly updateState: Statement<[string, string, number, number, string]>;
  private readonly updateRequest: Statement<[string, string, number, number, string]>;
  private readonly removeRow: Statement<[string]>;

  constructor(database: Database) {
    this.selectOne = database.prepare('SELECT * FROM submissions WHERE id = ?');
    this.selectAll = database.prepare('SELECT * FROM submissions ORDER BY priority DESC, sequence');
    this.selectNextSequence = database.prepare('SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM submissions');
    this.insertRow = database.prepare(
      `INSERT INTO submissions (id, manager_id, phase, priority, sequence, request_json, state_json, failures, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    );
    this.updateState = database.prepare('UPDATE submissions SET phase = ?, state_json = ?, failures = ?, updated_at = ? WHERE id = ?');
    this.updateRequest = database.prepare('UPDATE submissions SET request_json = ?, manager_id = ?, priority = ?, updated_at = ? WHERE id = ?');
    this.removeRow = database.prepare('DELETE FROM submissions WHERE id = ?');
  }

  /** Adds an entry at the end of the queue. */
  insert(id: SubmissionId, request: SubmissionRequest, state: SubmissionState, now: number): Submission {
    const sequence = this.selectNextSequence.get()?.next ?? 1;
    this.insertRow.run(id, request.managerId, state.phase, request.priority, sequence, JSON.stringify(request), JSON.stringify(state), now, now);
    return this.require(id);
  }

  /** One entry, or undefined. */
  get(id: SubmissionId): Submission | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : toSubmission(row);
  }

  /** Every entry in queue order: higher priority first, then oldest first. */
  list(): readonly Submission[] {
    return this.selectAll.all().map(toSubmission);
  }

  /** Persists a new state (and the count of transient failures in a row). */
  saveState(id: SubmissionId, state: SubmissionState, failures: number, now: number): Submission {
    this.updateState.run(state.phase, JSON.stringify(state), failures, now, id);
    return this.require(id);
  }

  /** Replaces the request (an edit). */
  saveRequest(id: SubmissionId, request: SubmissionRequest, now: number): Submission {
    this.updateRequest.run(JSON.stringify(request), request.managerId, request.priority, now, id);
    return this.require(id);
  }

  /** Forgets an entry. */
  delete(id: SubmissionId): void {
    this.removeRow.run(id);
  }

  private require(id: SubmissionId): Submission {
    const submission = this.get(id);
    if (submission === undefined) throw new Error(`submission ${id} vanished while saving`);
    return submission;
  }
}

function toSubmission(row: SubmissionRow): Submission {
  return {
    id: row.id as SubmissionId,
    request: JSON.parse(row.request_json) as SubmissionRequest,
    state: JSON.parse(row.state_json) as SubmissionState,
    sequence: row.sequence,
    failures: row.failures,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
