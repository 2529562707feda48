import { afterEach, describe, expect, it } from 'vitest';
import type { JobId, JobSummary } from '../../../electron/common/domain/farm';
import { setIpcForTesting } from '../../../renderer/src/lib/ipc';
import { farm } from '../../../renderer/src/state/farm.svelte';
import { JobsViewState } from '../../../renderer/src/state/jobs-view.svelte';
import { fakeContract } from '../fake-contract';

function job(id: string, status: JobSummary['status'], name = `job ${id}`, updated = '2026-01-01T00:00:00Z'): JobSummary {
  return { id: id as JobId, name, type: 'simple-blender-render', status, priority: 50, stepsCompleted: 0, stepsTotal: 1, updated, activity: '', settings: {}, metadata: {} };
}

function loadJobs(jobs: readonly JobSummary[]): void {
  farm.load({ manager: null, version: null, connection: { kind: 'live' }, farmStatus: 'idle', jobs, workers: [], tags: [], etas: {} });
}

afterEach(() => setIpcForTesting(fakeContract({})));

describe('JobsViewState', () => {
  it('filters by status and search and sorts by the chosen column', () => {
    loadJobs([job('1', 'active', 'Sprite', '2026-01-03T00:00:00Z'), job('2', 'queued', 'Wing It', '2026-01-02T00:00:00Z'), job('3', 'active', 'Spring', '2026-01-01T00:00:00Z')]);
    const view = new JobsViewState();
    expect(view.visible.map((entry) => entry.id)).toEqual(['1', '2', '3']);
    view.toggleStatus('active');
    expect(view.visible.map((entry) => entry.id)).toEqual(['1', '3']);
    view.search = 'spri';
    view.sortBy('name');
    expect(view.visible.map((entry) => entry.name)).toEqual(['Spring', 'Sprite']);
    expect(view.counts.get('active')).toBe(2);
  });

  it('offers only the actions every selected job allows (the Manager answers 500 to others)', () => {
    loadJobs([job('1', 'active'), job('2', 'queued'), job('3', 'completed')]);
    const view = new JobsViewState();
    view.sortBy('name');
    view.descending = false;
    view.select(0, 'only');
    view.select(1, 'toggle');
    expect(view.commonActions).toEqual(['pause', 'cancel']);
    view.select(2, 'range');
    expect([view.selection.size, view.commonActions]).toEqual([2, ['delete']]);
    view.select(0, 'only');
    view.select(2, 'range');
    expect([view.selection.size, view.commonActions]).toEqual([3, []]);
    view.select(2, 'only');
    expect(view.commonActions).toEqual(['requeue', 'delete']);
  });

  it('applies an action to the selection and reports failures per job', async () => {
    loadJobs([job('1', 'active'), job('2', 'queued')]);
    const contract = fakeContract({ 'jobs:act': ({ jobIds }) => ({ succeeded: [jobIds[0] as JobId], failed: [{ id: jobIds[1] as JobId, error: { code: 'conflict', message: 'Cannot pause job "job 2" while it is completed' } }] }) });
    setIpcForTesting(contract);
    const view = new JobsViewState();
    view.selectAll();
    await view.act('pause');
    expect(contract.calls).toEqual([{ channel: 'jobs:act', args: { jobIds: ['1', '2'], action: 'pause' } }]);
  });
});
