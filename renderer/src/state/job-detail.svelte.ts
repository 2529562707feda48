/**
 * The open job: its tasks (live through the farm state), the selected task's log tail
 * (polled: the Manager never sends `/tasklog` events, MANAGER-FACTS "Live updates"), the last
 * rendered image (fetched by core as a data URL), its blocklist and what deleting it does.
 */
import type { BlocklistEntry, JobId, TaskAction, TaskId } from '../../../electron/common/domain/farm';
import type { LastRenderedPicture } from '../../../electron/common/domain/farm-view';
import { ipc } from '../lib/ipc';
import { farm } from './farm.svelte';
import { toasts } from './toasts.svelte';

/** How often the selected task's log is read again while it is shown. */
export const logPollMilliseconds = 2000;

/** The job detail state; one instance, {@link jobDetail}. */
export class JobDetailState {
  jobId = $state<JobId | undefined>(undefined);
  tasksLoading = $state(false);
  tasksProblem = $state<string | undefined>(undefined);
  taskId = $state<TaskId | undefined>(undefined);
  logTail = $state<string | null>(null);
  logProblem = $state<string | undefined>(undefined);
  picture = $state.raw<LastRenderedPicture | null>(null);
  blocklist = $state.raw<readonly BlocklistEntry[]>([]);
  deletesShamanCheckout = $state<boolean | undefined>(undefined);
  private logTimer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;

  /** Opens a job: loads tasks, image and blocklist, and follows the image. */
  async open(jobId: JobId): Promise<void> {
    if (this.jobId === jobId) return;
    this.close();
    this.jobId = jobId;
    this.unsubscribe = farm.subscribe((change) => {
      if (change.kind === 'last-rendered' && change.jobId === this.jobId) void this.loadPicture();
      if (change.kind === 'tasks-replaced' && change.jobId === this.jobId) void this.loadTasks();
    });
    await Promise.all([this.loadTasks(), this.loadPicture(), this.loadBlocklist()]);
  }

  /** Closes the job and stops polling. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.selectTask(undefined);
    this.jobId = undefined;
    this.picture = null;
    this.blocklist = [];
    this.deletesShamanCheckout = undefined;
    this.tasksProblem = undefined;
  }

  /** Loads the tasks (core then follows this job's task events). */
  async loadTasks(): Promise<void> {
    const jobId = this.jobId;
    if (jobId === undefined) return;
    this.tasksLoading = true;
    const result = await ipc().invoke('jobs:tasks', { jobId });
    this.tasksLoading = false;
    if (jobId !== this.jobId) return;
    if (result.ok) {
      this.tasksProblem = undefined;
      farm.setTasks(jobId, result.value);
    } else this.tasksProblem = result.error.message;
  }

  /** Loads the last rendered image; none yet is `null`. */
  async loadPicture(): Promise<void> {
    const jobId = this.jobId;
    if (jobId === undefined) return;
    const result = await ipc().invoke('jobs:last-rendered', { jobId });
    if (jobId === this.jobId && result.ok) this.picture = result.value;
  }

  /** Loads the blocklist. */
  async loadBlocklist(): Promise<void> {
    const jobId = this.jobId;
    if (jobId === undefined) return;
    const result = await ipc().invoke('jobs:blocklist', { jobId });
    if (jobId === this.jobId && result.ok) this.blocklist = result.value;
  }

  /** Lets a blocklisted worker run the job's tasks again. */
  async unblock(entry: BlocklistEntry): Promise<void> {
    if (this.jobId === undefined) return;
    const result = await ipc().invoke('jobs:unblock', { jobId: this.jobId, entries: [{ workerId: entry.workerId, taskType: entry.taskType }] });
    if (result.ok) await this.loadBlocklist();
    else toasts.show('error', result.error.message);
  }

  /** Shows a task's log and polls it while it is selected. */
  selectTask(taskId: TaskId | undefined): void {
    if (this.logTimer !== undefined) clearInterval(this.logTimer);
    this.logTimer = undefined;
    this.taskId = taskId;
    this.logTail = null;
    this.logProblem = undefined;
    if (taskId === undefined) return;
    void this.loadLog();
    this.logTimer = setInterval(() => void this.loadLog(), logPollMilliseconds);
  }

  /** Reads the selected task's log tail once. */
  async loadLog(): Promise<void> {
    const taskId = this.taskId;
    if (taskId === undefined) return;
    const result = await ipc().invoke('tasks:log-tail', { taskId });
    if (taskId !== this.taskId) return;
    if (result.ok) {
      this.logTail = result.value;
      this.logProblem = undefined;
    } else this.logProblem = result.error.message;
  }

  /** Sets the job's priority. */
  async setPriority(priority: number): Promise<void> {
    if (this.jobId === undefined) return;
    const result = await ipc().invoke('jobs:set-priority', { jobId: this.jobId, priority });
    if (result.ok) toasts.show('success', `Priority set to ${priority}.`);
    else toasts.show('error', result.error.message);
  }

  /** Asks the Manager what deleting would also remove (its Shaman checkout). */
  async prepareDelete(): Promise<void> {
    if (this.jobId === undefined) return;
    const result = await ipc().invoke('jobs:what-would-delete-do', { jobId: this.jobId });
    if (result.ok) this.deletesShamanCheckout = result.value.deletesShamanCheckout;
    else toasts.show('error', result.error.message);
  }

  /** Applies a task action. */
  async actOnTask(taskId: TaskId, action: TaskAction): Promise<void> {
    const result = await ipc().invoke('tasks:act', { taskIds: [taskId], action });
    if (!result.ok) toasts.show('error', result.error.message);
    else if (result.value.failed.length > 0) toasts.show('error', result.value.failed[0]?.error.message ?? 'The task action failed.');
  }

  /** Opens the output folder on this machine. */
  async openOutput(): Promise<void> {
    if (this.jobId === undefined) return;
    const result = await ipc().invoke('jobs:open-output', { jobId: this.jobId });
    if (result.ok) toasts.show('info', `Opened ${result.value}`);
    else toasts.show('error', result.error.message);
  }
}

/** The one job detail state of the page. */
export const jobDetail = new JobDetailState();
