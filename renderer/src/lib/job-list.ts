/** Filtering, searching and sorting of the job list; pure so tests and the benchmark can time it. */
import type { JobStatus, JobSummary } from '../../../electron/common/domain/farm';
import { jobProgress } from './format';

/** Columns the list sorts by. */
export type JobSortKey = 'updated' | 'name' | 'status' | 'priority' | 'progress' | 'created';

/** What the Jobs screen shows. */
export type JobQuery = {
  /** Empty = every status. */
  readonly statuses: ReadonlySet<JobStatus>;
  readonly search: string;
  readonly sort: JobSortKey;
  readonly descending: boolean;
};

function compare(left: JobSummary, right: JobSummary, key: JobSortKey): number {
  switch (key) {
    case 'updated':
      return left.updated < right.updated ? -1 : left.updated > right.updated ? 1 : 0;
    case 'created':
      return (left.created ?? '') < (right.created ?? '') ? -1 : (left.created ?? '') > (right.created ?? '') ? 1 : 0;
    case 'name':
      return left.name.localeCompare(right.name);
    case 'status':
      return left.status.localeCompare(right.status);
    case 'priority':
      return left.priority - right.priority;
    case 'progress':
      // The same progress the list shows, so a completed job without steps sorts as done.
      return jobProgress(left) - jobProgress(right);
  }
}

/** The jobs matching `query`, sorted; ties fall back to the id so the order is stable. */
export function selectJobs(jobs: Iterable<JobSummary>, query: JobQuery): JobSummary[] {
  const needle = query.search.trim().toLowerCase();
  const result: JobSummary[] = [];
  for (const job of jobs) {
    if (query.statuses.size > 0 && !query.statuses.has(job.status)) continue;
    if (needle !== '' && !job.name.toLowerCase().includes(needle) && !job.type.toLowerCase().includes(needle) && !job.id.startsWith(needle)) continue;
    result.push(job);
  }
  const direction = query.descending ? -1 : 1;
  result.sort((left, right) => direction * compare(left, right, query.sort) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  return result;
}

/** Counts per status, for the filter chips. */
export function countByStatus(jobs: Iterable<JobSummary>): ReadonlyMap<JobStatus, number> {
  const counts = new Map<JobStatus, number>();
  for (const job of jobs) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
  return counts;
}
