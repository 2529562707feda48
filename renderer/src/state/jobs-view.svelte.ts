/**
 * The Jobs screen's query (status filter, search, sort) and selection. Only actions legal
 * for every selected job are offered: the Manager answers an illegal transition with 500.
 */
import type { JobAction, JobId, JobStatus, JobSummary } from '../../../electron/common/domain/farm';
import { allowedJobActions, jobActions } from '../../../electron/common/domain/farm';
import { ipc } from '../lib/ipc';
import type { JobSortKey } from '../lib/job-list';
import { setOf, toggled } from '../lib/collections';
import { countByStatus, selectJobs } from '../lib/job-list';
import { farm } from './farm.svelte';
import { toasts } from './toasts.svelte';

/** The Jobs screen's state; one instance, {@link jobsView}. */
export class JobsViewState {
  statuses = $state.raw<ReadonlySet<JobStatus>>(setOf());
  search = $state('');
  sort = $state<JobSortKey>('updated');
  descending = $state(true);
  selection = $state.raw<ReadonlySet<JobId>>(setOf());
  /** The row keyboard focus is on (index in `visible`). */
  cursor = $state(0);
  busy = $state(false);
  private anchor: number | undefined;

  /** The jobs shown, in order. */
  readonly visible: readonly JobSummary[] = $derived.by(() => {
    void farm.revision;
    return selectJobs(farm.allJobs(), { statuses: this.statuses, search: this.search, sort: this.sort, descending: this.descending });
  });

  /** Job count per status (for the filter chips). */
  readonly counts = $derived.by(() => {
    void farm.revision;
    return countByStatus(farm.allJobs());
  });

  /** The selected jobs that still exist. */
  readonly selectedJobs: readonly JobSummary[] = $derived.by(() => {
    void farm.revision;
    return [...this.selection].flatMap((id) => farm.jobs.get(id) ?? []);
  });

  /** Actions every selected job allows. */
  readonly commonActions: readonly JobAction[] = $derived.by(() => {
    if (this.selectedJobs.length === 0) return [];
    return jobActions.filter((action) => this.selectedJobs.every((job) => allowedJobActions(job.status).includes(action)));
  });

  /** Shows only jobs with these statuses (empty = all). */
  toggleStatus(status: JobStatus): void {
    this.statuses = toggled(this.statuses, status);
  }

  /** Sorts by a column; the same column again flips the direction. */
  sortBy(key: JobSortKey): void {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = key === 'updated' || key === 'created' || key === 'priority';
    }
  }

  /** Click semantics: plain = only this, toggle (Ctrl/Cmd) = add/remove, range (Shift) = from the anchor. */
  select(index: number, mode: 'only' | 'toggle' | 'range'): void {
    const job = this.visible[index];
    if (job === undefined) return;
    this.cursor = index;
    if (mode === 'range' && this.anchor !== undefined) {
      const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      this.selection = setOf(this.visible.slice(from, to + 1).map((item) => item.id));
      return;
    }
    this.anchor = index;
    this.selection = mode === 'toggle' ? toggled(this.selection, job.id) : setOf([job.id]);
  }

  /** Selects every visible job. */
  selectAll(): void {
    this.selection = setOf(this.visible.map((job) => job.id));
  }

  /** Clears the selection. */
  clearSelection(): void {
    this.selection = setOf();
    this.anchor = undefined;
  }

  /** Applies an action to the selected jobs; reports what failed. */
  async act(action: JobAction, jobIds: readonly JobId[] = [...this.selection]): Promise<void> {
    if (jobIds.length === 0) return;
    this.busy = true;
    const result = await ipc().invoke('jobs:act', { jobIds, action });
    this.busy = false;
    if (!result.ok) {
      toasts.show('error', result.error.message);
      return;
    }
    const { succeeded, failed } = result.value;
    if (failed.length === 0) toasts.show('success', `${verb(action)} ${plural(succeeded.length, 'job')}.`);
    else toasts.show('error', `${verb(action)} ${succeeded.length} of ${jobIds.length}; ${failed[0]?.error.message ?? ''}`);
  }
}

function verb(action: JobAction): string {
  switch (action) {
    case 'pause':
      return 'Pause requested for';
    case 'cancel':
      return 'Cancel requested for';
    case 'requeue':
      return 'Requeued';
    case 'delete':
      return 'Deletion requested for';
  }
}

/** `1 job`, `3 jobs`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The one Jobs screen state of the page. */
export const jobsView = new JobsViewState();
