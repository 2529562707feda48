/**
 * THE IPC contract: every call the renderer can make (invoke channels, args -> result) and
 * every event it can receive (event channels, payload). Nothing else names a channel.
 *
 * Adding a channel: add it to {@link InvokeContract} (or {@link EventContract}), then the
 * compiler asks for it in `invokeChannels`/`eventChannels` below, in `validators.ts`, and
 * in core's `contract-handlers.ts`. See CONTRIBUTING.md.
 */
import type { AppInfo } from '../domain/app-info';
import type { BlenderInstallsView, BlendInspection } from '../domain/blend-inspection';
import type { SettingEvaluation, SettingValue } from '../domain/blender';
import type { BlocklistEntry, JobAction, JobEta, JobId, JobSummary, LiveChange, TaskAction, TaskId, TaskSummary, WorkerId, WorkerSleepSchedule } from '../domain/farm';
import type { FarmSnapshot, JobActionReport, LastRenderedPicture, ManagerTestRequest, TaskActionReport, WorkerRequest, WorkerView } from '../domain/farm-view';
import type { JobTypeSpec } from '../domain/job-settings';
import type { DiscoveredManager, ManagerConnectionTest } from '../domain/manager';
import type { ManagerId, ManagerProfile } from '../domain/manager-profile';
import type { AppSettings } from '../domain/settings';
import type {
  Preset,
  PresetId,
  PresetInput,
  PreflightReport,
  Submission,
  SubmissionChanges,
  SubmissionId,
  SubmissionNotice,
  SubmissionProgress,
  SubmissionRequest,
} from '../domain/submission';
import type { ChooseFilesRequest, NavigationTarget, OpenedFiles } from '../domain/shell';
import type { IpcResult } from './result';

/** Invoke channels: `area:verb` -> `{ args, result }`. `args` is one object (or `void`). */
export type InvokeContract = {
  'app:info': { args: void; result: AppInfo };
  'settings:get': { args: void; result: AppSettings };
  'settings:update': { args: Partial<AppSettings>; result: AppSettings };
  'managers:list': { args: void; result: readonly ManagerProfile[] };
  'managers:save': { args: ManagerProfileInput; result: ManagerProfile };
  'managers:remove': { args: { readonly id: ManagerId }; result: void };
  'managers:activate': { args: { readonly id: ManagerId }; result: void };
  // --- Manager connection, farm: jobs, tasks, workers, tags (live model) ---
  'managers:test': { args: ManagerTestRequest; result: ManagerConnectionTest };
  'managers:discover': { args: void; result: readonly DiscoveredManager[] };
  /** The active Manager's farm now; changes follow as `farm:changed`. */
  'farm:snapshot': { args: void; result: FarmSnapshot };
  'job-types:list': { args: void; result: readonly JobTypeSpec[] };
  'jobs:get': { args: { readonly jobId: JobId }; result: JobSummary };
  /** The job's tasks; the live model then follows this job's task events. */
  'jobs:tasks': { args: { readonly jobId: JobId }; result: readonly TaskSummary[] };
  /** Only transitions from `allowedJobActions` are tried; `delete` deletes. */
  'jobs:act': { args: { readonly jobIds: readonly JobId[]; readonly action: JobAction }; result: JobActionReport };
  'jobs:set-priority': { args: { readonly jobId: JobId; readonly priority: number }; result: void };
  'jobs:what-would-delete-do': { args: { readonly jobId: JobId }; result: { readonly deletesShamanCheckout: boolean } };
  'jobs:blocklist': { args: { readonly jobId: JobId }; result: readonly BlocklistEntry[] };
  'jobs:unblock': { args: { readonly jobId: JobId; readonly entries: readonly { readonly workerId: WorkerId; readonly taskType: string }[] }; result: void };
  /** Null when the job has rendered nothing yet. */
  'jobs:last-rendered': { args: { readonly jobId: JobId }; result: LastRenderedPicture | null };
  /** Opens the job's output folder, mapped through the Manager's path variables; returns the folder. */
  'jobs:open-output': { args: { readonly jobId: JobId }; result: string };
  'tasks:act': { args: { readonly taskIds: readonly TaskId[]; readonly action: TaskAction }; result: TaskActionReport };
  /** The last lines of a task's log; null when it has none yet. */
  'tasks:log-tail': { args: { readonly taskId: TaskId }; result: string | null };
  'workers:get': { args: { readonly workerId: WorkerId }; result: WorkerView };
  'workers:request': { args: { readonly workerId: WorkerId; readonly status: WorkerRequest; readonly lazy: boolean }; result: void };
  'workers:set-sleep-schedule': { args: { readonly workerId: WorkerId; readonly schedule: WorkerSleepSchedule }; result: void };
  // --- Blender installs, inspection of .blend files ---
  'blender:installs': { args: { readonly refresh: boolean }; result: BlenderInstallsView };
  /** Scene facts and dependencies, read natively (no Blender run). */
  'blend:inspect': { args: { readonly path: string }; result: BlendInspection };
  /** Evaluates the job type's `eval` settings in headless Blender; `values` are the user's. */
  'blend:evaluate': {
    args: { readonly path: string; readonly jobType: string; readonly jobName: string; readonly values: Readonly<Record<string, SettingValue>> };
    result: readonly SettingEvaluation[];
  };
  // --- Submissions, queue, presets ---
  'queue:list': { args: void; result: readonly Submission[] };
  /** Checks a request without queueing it: values, problems and pre-flight warnings together. */
  'queue:preflight': { args: SubmissionRequest; result: PreflightReport };
  'queue:submit': { args: SubmissionRequest; result: Submission };
  'queue:pause': { args: { readonly id: SubmissionId }; result: Submission };
  'queue:resume': { args: { readonly id: SubmissionId }; result: Submission };
  /** Only before the job may exist on the Manager; cancel a sent job with `jobs:act`. */
  'queue:cancel': { args: { readonly id: SubmissionId }; result: Submission };
  'queue:retry': { args: { readonly id: SubmissionId }; result: Submission };
  'queue:confirm-scout': { args: { readonly id: SubmissionId }; result: Submission };
  'queue:edit': { args: { readonly id: SubmissionId; readonly changes: SubmissionChanges }; result: Submission };
  /** Forgets a final entry. */
  'queue:remove': { args: { readonly id: SubmissionId }; result: void };
  'presets:list': { args: void; result: readonly Preset[] };
  'presets:save': { args: PresetInput; result: Preset };
  'presets:remove': { args: { readonly id: PresetId }; result: void };
  'presets:default': { args: { readonly managerId: ManagerId; readonly jobType: string }; result: Preset | null };
  // --- Shell: files, folders, diagnostics ---
  'shell:pending-files': { args: void; result: readonly string[] };
  'shell:choose-files': { args: ChooseFilesRequest; result: readonly string[] };
  'shell:choose-directory': { args: { readonly title: string }; result: string | null };
  'shell:open-folder': { args: { readonly path: string }; result: void };
  'shell:open-external': { args: { readonly url: string }; result: void };
  'shell:diagnostics': { args: void; result: string };
};

/** What the user types to add or edit a Manager profile. */
export type ManagerProfileInput = {
  readonly id?: ManagerId;
  readonly name: string;
  readonly url: string;
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** Secret header values; only sent, never read back. `null` keeps the stored value. */
  readonly secretHeaders: Readonly<Record<string, string | null>>;
};

/** Event channels: the changed thing -> payload. Progress events are throttled snapshots. */
export type EventContract = {
  'settings:changed': AppSettings;
  'managers:changed': readonly ManagerProfile[];
  // --- Manager connection, farm ---
  /** Live-model changes, batched (at most one batch per ~100 ms). */
  'farm:changed': readonly LiveChange[];
  /** Estimates of running jobs, about once a second. */
  'farm:etas': Readonly<Record<string, JobEta>>;
  // --- Submissions, queue ---
  /** The whole queue after a change (throttled). */
  'queue:changed': readonly Submission[];
  /** Transfer progress of one entry (about ten a second at most). */
  'submission:progress': SubmissionProgress;
  /** A file of a waiting entry changed or vanished; a hot folder submitted a file. */
  'submission:notice': SubmissionNotice;
  'presets:changed': readonly Preset[];
  // --- Shell ---
  'shell:files-opened': OpenedFiles;
  'shell:navigate': NavigationTarget;
};

/** An invoke channel name. */
export type InvokeChannel = keyof InvokeContract;
/** An event channel name. */
export type EventChannel = keyof EventContract;
/** The argument of an invoke channel. */
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
/** The result of an invoke channel. */
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];
/** The payload of an event channel. */
export type EventPayload<C extends EventChannel> = EventContract[C];

/** Every invoke channel at run time; `satisfies` keeps it in step with the type. */
export const invokeChannels = Object.keys({
  'app:info': true,
  'settings:get': true,
  'settings:update': true,
  'managers:list': true,
  'managers:save': true,
  'managers:remove': true,
  'managers:activate': true,
  'managers:test': true,
  'managers:discover': true,
  'farm:snapshot': true,
  'job-types:list': true,
  'jobs:get': true,
  'jobs:tasks': true,
  'jobs:act': true,
  'jobs:set-priority': true,
  'jobs:what-would-delete-do': true,
  'jobs:blocklist': true,
  'jobs:unblock': true,
  'jobs:last-rendered': true,
  'jobs:open-output': true,
  'tasks:act': true,
  'tasks:log-tail': true,
  'workers:get': true,
  'workers:request': true,
  'workers:set-sleep-schedule': true,
  'blender:installs': true,
  'blend:inspect': true,
  'blend:evaluate': true,
  'queue:list': true,
  'queue:preflight': true,
  'queue:submit': true,
  'queue:pause': true,
  'queue:resume': true,
  'queue:cancel': true,
  'queue:retry': true,
  'queue:confirm-scout': true,
  'queue:edit': true,
  'queue:remove': true,
  'presets:list': true,
  'presets:save': true,
  'presets:remove': true,
  'presets:default': true,
  'shell:pending-files': true,
  'shell:choose-files': true,
  'shell:choose-directory': true,
  'shell:open-folder': true,
  'shell:open-external': true,
  'shell:diagnostics': true,
} satisfies Record<InvokeChannel, true>) as readonly InvokeChannel[];

/** Every event channel at run time. */
export const eventChannels = Object.keys({
  'settings:changed': true,
  'managers:changed': true,
  'farm:changed': true,
  'farm:etas': true,
  'queue:changed': true,
  'submission:progress': true,
  'submission:notice': true,
  'presets:changed': true,
  'shell:files-opened': true,
  'shell:navigate': true,
} satisfies Record<EventChannel, true>) as readonly EventChannel[];

/** True when `value` names an invoke channel (the preload and the bridge check this). */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (invokeChannels as readonly string[]).includes(value);
}

/** True when `value` names an event channel. */
export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (eventChannels as readonly string[]).includes(value);
}

/** The API the preload exposes as `window.flamencoDesk` and the bridge client mimics. */
export type ContractApi = {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
  /** The path of a dropped `File` (Electron's webUtils); undefined outside Electron. */
  pathForFile(file: object): string | undefined;
};
