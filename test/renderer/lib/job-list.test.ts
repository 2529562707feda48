import { describe, expect, it } from 'vitest';
import type { JobId, JobStatus, JobSummary } from '../../../electron/common/domain/farm';
import { selectJobs } from '../../../renderer/src/lib/job-list';

function job(id: string, status: JobStatus, stepsCompleted: number, stepsTotal: number): JobSummary {
  return { id: id as JobId, name: id, type: 'simple-blender-render', status, priority: 50, stepsCompleted, stepsTotal, updated: '2026-11-25T10:00:00Z', activity: '', settings: {}, metadata: {} };
}

describe('selectJobs', () => {
  it('sorts by the progress the list shows, counting a completed job without steps as done', () => {
    const jobs = [job('done-no-steps', 'completed', 0, 0), job('half', 'active', 5, 10), job('queued', 'queued', 0, 0), job('most', 'active', 9, 10)];
    const sorted = selectJobs(jobs, { statuses: new Set(), search: '', sort: 'progress', descending: true });
    expect(sorted.map((entry) => entry.id)).toEqual(['done-no-steps', 'most', 'half', 'queued']);
  });

  it('filters by status and searches name, type and id prefix', () => {
    const jobs = [job('alpha', 'active', 0, 0), job('beta', 'failed', 0, 0), job('gamma', 'active', 0, 0)];
    const selected = selectJobs(jobs, { statuses: new Set<JobStatus>(['active']), search: 'GAM', sort: 'name', descending: false });
    expect(selected.map((entry) => entry.id)).toEqual(['gamma']);
  });
});
