import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobId, JobSummary } from '../../../../electron/common/domain/farm';
import type { ManagerId } from '../../../../electron/common/domain/manager-profile';
import JobsScreen from '../../../../renderer/src/features/jobs/JobsScreen.svelte';
import { setIpcForTesting } from '../../../../renderer/src/lib/ipc';
import { farm } from '../../../../renderer/src/state/farm.svelte';
import { jobsView } from '../../../../renderer/src/state/jobs-view.svelte';
import { navigation } from '../../../../renderer/src/state/navigation.svelte';
import { fakeContract } from '../../fake-contract';

function job(index: number, patch: Partial<JobSummary> = {}): JobSummary {
  return {
    id: `job-${String(index).padStart(5, '0')}` as JobId,
    name: `shot ${index}`,
    type: 'simple-blender-render',
    status: 'queued',
    priority: 50,
    stepsCompleted: 0,
    stepsTotal: 10,
    updated: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    activity: '',
    settings: {},
    metadata: {},
    ...patch,
  };
}

function loadFarm(jobs: readonly JobSummary[]): void {
  farm.load({
    manager: { id: 'm' as ManagerId, name: 'Farm', url: 'http://farm/', extraHeaders: {}, secretHeaderNames: [], isActive: true, createdAt: 0 },
    version: null,
    connection: { kind: 'live' },
    farmStatus: 'active',
    jobs,
    workers: [],
    tags: [],
    etas: {},
  });
  farm.loading = false;
}

afterEach(() => {
  cleanup();
  jobsView.clearSelection();
  jobsView.search = '';
  navigation.closeJob();
});

describe('JobsScreen', () => {
  it('renders a handful of rows for 10,000 jobs (the list is virtual)', () => {
    setIpcForTesting(fakeContract({}));
    loadFarm(Array.from({ length: 10_000 }, (_, index) => job(index)));
    const { container } = render(JobsScreen);
    const rows = container.querySelectorAll('[data-job-id]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(screen.getByTestId('job-count').textContent).toBe('10000 jobs');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
  });

  it('shows a job named like HTML as text', () => {
    setIpcForTesting(fakeContract({}));
    loadFarm([job(1, { name: '<img src=x onerror="window.hacked=1">' })]);
    const { container } = render(JobsScreen);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror="window.hacked=1">')).toBeTruthy();
  });

  it('moves the selection with the keyboard and offers only the legal bulk actions', async () => {
    setIpcForTesting(fakeContract({}));
    loadFarm([job(1, { status: 'active' }), job(2, { status: 'completed' }), job(3, { status: 'queued' })]);
    render(JobsScreen);
    const list = screen.getByRole('listbox', { name: 'Jobs' });
    await fireEvent.keyDown(list, { key: 'Home' });
    expect(screen.getAllByRole('option', { selected: true }).map((option) => option.getAttribute('data-job-id'))).toEqual(['job-00003']);
    await fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    expect(screen.getAllByRole('option', { selected: true }).map((option) => option.getAttribute('data-job-id'))).toEqual(['job-00003', 'job-00002']);
    const toolbar = screen.getByRole('toolbar', { name: 'Actions for the selected jobs' });
    expect([...toolbar.querySelectorAll('button')].map((button) => button.textContent?.trim())).toEqual(['Delete', 'Clear']);
  });

  it('says when there are no jobs yet and when the filter hides them all', async () => {
    setIpcForTesting(fakeContract({}));
    loadFarm([]);
    const first = render(JobsScreen);
    expect(screen.getByText('No jobs yet')).toBeTruthy();
    first.unmount();
    loadFarm([job(1)]);
    render(JobsScreen);
    await fireEvent.input(screen.getByTestId('job-search'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No job matches')).toBeTruthy();
  });
});
