/**
 * The Submit screen: one draft per dropped .blend, each inspected by core (scene facts,
 * dependencies), with a job type chosen and its generated form filled (defaults, then
 * headless evaluation of `eval` settings), then handed to the submission queue.
 */
import type { BlendInspection } from '../../../electron/common/domain/blend-inspection';
import type { SettingValue } from '../../../electron/common/domain/blender';
import type { JobSettingValue, JobSettingValues, JobTypeSpec, SettingIssue } from '../../../electron/common/domain/job-settings';
import type { ManagerId } from '../../../electron/common/domain/manager-profile';
import type { Preset, PresetId, ScoutMode, SubmissionRequest } from '../../../electron/common/domain/submission';
import { isBlendPath } from '../lib/dropped-files';
import { baseName } from '../lib/format';
import { ipc } from '../lib/ipc';
import { applyEvaluations, formIssues, initialAuto, initialValues, submittedValues } from '../lib/job-form';
import { farm } from './farm.svelte';
import { toasts } from './toasts.svelte';

/** Where the inspection of a draft's file stands. */
export type Inspection = { readonly status: 'loading' } | { readonly status: 'ready'; readonly value: BlendInspection } | { readonly status: 'error'; readonly message: string };

/** Where the headless evaluation of a draft's settings stands. */
export type Evaluation = { readonly status: 'idle' } | { readonly status: 'running' } | { readonly status: 'done' } | { readonly status: 'error'; readonly message: string };

/** One .blend being prepared for submission. */
export type Draft = {
  readonly id: string;
  readonly path: string;
  jobName: string;
  inspection: Inspection;
  jobType: string | undefined;
  values: Record<string, JobSettingValue>;
  auto: Record<string, boolean>;
  evaluation: Evaluation;
  evaluationErrors: Record<string, string>;
  priority: number;
  workerTagId: string | undefined;
  paused: boolean;
  scout: ScoutMode;
  presetId: string | undefined;
  submitting: boolean;
  /** Set once the queue accepted it. */
  submissionId: string | undefined;
  problem: string | undefined;
};

/** How long typing pauses before computed settings are evaluated again (each run starts Blender). */
export const reevaluateDelayMilliseconds = 800;

/** The Submit screen's state; one instance, {@link submit}. */
export class SubmitState {
  drafts = $state<Draft[]>([]);
  selectedId = $state<string | undefined>(undefined);
  jobTypes = $state.raw<readonly JobTypeSpec[]>([]);
  jobTypesLoading = $state(false);
  jobTypesProblem = $state<string | undefined>(undefined);
  /** Set by the drop zone while something is dragged over the window. */
  dragging = $state(false);
  presets = $state.raw<readonly Preset[]>([]);
  private nextId = 1;
  // Timers are bookkeeping, not state: nothing renders them.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly evaluateTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopPresets: (() => void) | undefined;

  /** Loads the presets and follows their changes. */
  async loadPresets(): Promise<void> {
    this.stopPresets?.();
    this.stopPresets = ipc().on('presets:changed', (presets) => {
      this.presets = presets;
    });
    const result = await ipc().invoke('presets:list', undefined);
    if (result.ok) this.presets = result.value;
  }

  /** Presets of the draft's job type. */
  presetsFor(draft: Draft): readonly Preset[] {
    return this.presets.filter((preset) => preset.jobType === draft.jobType);
  }

  /** Fills the draft from a preset (its values replace the form's; auto settings it sets become manual). */
  applyPreset(draft: Draft, presetId: string | undefined): void {
    draft.presetId = presetId;
    const preset = this.presets.find((candidate) => candidate.id === presetId);
    const jobType = this.jobTypeOf(draft);
    if (preset === undefined || jobType === undefined) return;
    draft.values = { ...draft.values, ...initialValues(jobType, preset.settings) };
    const auto = { ...draft.auto };
    for (const key of Object.keys(preset.settings)) auto[key] = false;
    draft.auto = auto;
    if (preset.priority !== undefined) draft.priority = preset.priority;
    if (preset.workerTagId !== undefined) draft.workerTagId = preset.workerTagId;
  }

  /** Saves the draft's values as a preset named `name`. */
  async savePreset(draft: Draft, name: string): Promise<void> {
    const jobType = this.jobTypeOf(draft);
    if (jobType === undefined || name.trim() === '') return;
    const result = await ipc().invoke('presets:save', {
      name: name.trim(),
      jobType: jobType.name,
      settings: submittedValues(jobType, draft.values, draft.auto),
      priority: draft.priority,
      ...(draft.workerTagId === undefined ? {} : { workerTagId: draft.workerTagId }),
    });
    if (result.ok) {
      draft.presetId = result.value.id;
      toasts.show('success', `Saved preset ${result.value.name}.`);
    } else toasts.show('error', result.error.message);
  }

  /** The draft shown in the form. */
  get selected(): Draft | undefined {
    return this.drafts.find((draft) => draft.id === this.selectedId) ?? this.drafts[0];
  }

  /** The job type of a draft, if chosen and known. */
  jobTypeOf(draft: Draft): JobTypeSpec | undefined {
    return this.jobTypes.find((jobType) => jobType.name === draft.jobType);
  }

  /** Reads the Manager's job types (again). */
  async loadJobTypes(): Promise<void> {
    this.jobTypesLoading = true;
    const result = await ipc().invoke('job-types:list', undefined);
    this.jobTypesLoading = false;
    if (result.ok) {
      this.jobTypes = result.value;
      this.jobTypesProblem = undefined;
      for (const draft of this.drafts) if (draft.jobType === undefined && draft.inspection.status === 'ready') this.chooseDefaultJobType(draft);
    } else this.jobTypesProblem = result.error.message;
  }

  /** Adds drafts for the .blend files among `paths` (others are reported, duplicates ignored). */
  addFiles(paths: readonly string[]): void {
    const rejected = paths.filter((path) => !isBlendPath(path));
    if (rejected.length > 0) toasts.show('error', `Only .blend files can be submitted (not ${rejected.map(baseName).join(', ')}).`);
    for (const path of paths.filter(isBlendPath)) {
      const existing = this.drafts.find((draft) => draft.path === path && draft.submissionId === undefined);
      if (existing !== undefined) {
        this.selectedId = existing.id;
        continue;
      }
      const id = `draft-${this.nextId++}`;
      this.drafts.push({
        id,
        path,
        jobName: baseName(path).replace(/\.blend$/i, ''),
        inspection: { status: 'loading' },
        jobType: undefined,
        values: {},
        auto: {},
        evaluation: { status: 'idle' },
        evaluationErrors: {},
        priority: 50,
        workerTagId: undefined,
        paused: false,
        scout: 'off',
        presetId: undefined,
        submitting: false,
        submissionId: undefined,
        problem: undefined,
      });
      this.selectedId = id;
      void this.inspect(id);
    }
  }

  /** Opens the native file dialog (through core) and adds the chosen files. */
  async pickFiles(): Promise<void> {
    const result = await ipc().invoke('shell:choose-files', { title: 'Choose .blend files to submit', extensions: ['blend'], multiple: true });
    if (result.ok) this.addFiles(result.value);
    else toasts.show('error', result.error.message);
  }

  /** Picks a path for a file/dir setting. */
  async pickPath(draft: Draft, key: string, pick: 'file' | 'directory'): Promise<void> {
    if (pick === 'directory') {
      const result = await ipc().invoke('shell:choose-directory', { title: `Choose ${key}` });
      if (result.ok && result.value !== null) this.setValue(draft, key, result.value);
      else if (!result.ok) toasts.show('error', result.error.message);
      return;
    }
    const result = await ipc().invoke('shell:choose-files', { title: `Choose ${key}`, multiple: false });
    const chosen = result.ok ? result.value[0] : undefined;
    if (chosen !== undefined) this.setValue(draft, key, chosen);
    else if (!result.ok) toasts.show('error', result.error.message);
  }

  /** Removes a draft. */
  remove(id: string): void {
    this.drafts = this.drafts.filter((draft) => draft.id !== id);
    if (this.selectedId === id) this.selectedId = this.drafts[0]?.id;
  }

  private find(id: string): Draft | undefined {
    return this.drafts.find((draft) => draft.id === id);
  }

  /** Inspects a draft's file (again). */
  async inspect(id: string): Promise<void> {
    const draft = this.find(id);
    if (draft === undefined) return;
    draft.inspection = { status: 'loading' };
    const result = await ipc().invoke('blend:inspect', { path: draft.path });
    const current = this.find(id);
    if (current === undefined) return;
    current.inspection = result.ok ? { status: 'ready', value: result.value } : { status: 'error', message: result.error.message };
    if (result.ok && current.jobType === undefined) this.chooseDefaultJobType(current);
  }

  private chooseDefaultJobType(draft: Draft): void {
    const preferred = this.jobTypes.find((jobType) => jobType.name === 'simple-blender-render') ?? this.jobTypes[0];
    if (preferred !== undefined) void this.setJobType(draft, preferred.name);
  }

  /** Chooses a job type: the form starts from its defaults, then Blender evaluates its `eval` settings. */
  async setJobType(draft: Draft, name: string): Promise<void> {
    const jobType = this.jobTypes.find((candidate) => candidate.name === name);
    draft.jobType = name;
    if (jobType === undefined) return;
    draft.values = initialValues(jobType);
    draft.auto = initialAuto(jobType);
    draft.evaluationErrors = {};
    await this.evaluate(draft.id);
  }

  /** Asks headless Blender for the `eval` settings of the draft's job type. */
  async evaluate(id: string): Promise<void> {
    const draft = this.find(id);
    const jobType = draft === undefined ? undefined : this.jobTypeOf(draft);
    if (draft === undefined || jobType === undefined || !jobType.settings.some((setting) => setting.eval !== undefined)) return;
    draft.evaluation = { status: 'running' };
    const given: Record<string, SettingValue> = { ...submittedValues(jobType, draft.values, draft.auto) };
    const result = await ipc().invoke('blend:evaluate', { path: draft.path, jobType: jobType.name, jobName: draft.jobName, values: given });
    const current = this.find(id);
    if (current === undefined || current.jobType !== jobType.name) return;
    if (!result.ok) {
      current.evaluation = { status: 'error', message: result.error.message };
      return;
    }
    const applied = applyEvaluations(jobType, current.values, current.auto, result.value);
    current.values = applied.values;
    current.evaluationErrors = applied.errors;
    current.evaluation = { status: 'done' };
  }

  /** Sets one value as the user typed it; computed settings are evaluated again shortly after. */
  setValue(draft: Draft, key: string, value: JobSettingValue): void {
    draft.values = { ...draft.values, [key]: value };
    const jobType = this.jobTypeOf(draft);
    if (jobType !== undefined && jobType.settings.some((setting) => setting.editable === false && setting.eval !== undefined)) {
      clearTimeout(this.evaluateTimers.get(draft.id));
      this.evaluateTimers.set(draft.id, setTimeout(() => void this.evaluate(draft.id), reevaluateDelayMilliseconds));
    }
  }

  /** Switches a setting between auto (evaluated at submit time) and manual. */
  setAuto(draft: Draft, key: string, auto: boolean): void {
    draft.auto = { ...draft.auto, [key]: auto };
    if (auto) void this.evaluate(draft.id);
  }

  /** Inline problems of a draft's form. */
  issues(draft: Draft): Readonly<Record<string, SettingIssue>> {
    const jobType = this.jobTypeOf(draft);
    return jobType === undefined ? {} : formIssues(jobType, draft.values, draft.auto);
  }

  /** Why a draft cannot be submitted yet, or undefined when it can. */
  blocker(draft: Draft): string | undefined {
    if (draft.inspection.status === 'loading') return 'Reading the file…';
    if (draft.inspection.status === 'error') return draft.inspection.message;
    if (draft.jobName.trim() === '') return 'The job needs a name';
    if (this.jobTypeOf(draft) === undefined) return 'Choose a job type';
    const issues = Object.values(this.issues(draft));
    if (issues.length > 0) return issues[0]?.message;
    if (draft.submitting) return 'Submitting…';
    return undefined;
  }

  /** Hands a draft to the submission queue. */
  async send(draft: Draft): Promise<void> {
    const jobType = this.jobTypeOf(draft);
    if (jobType === undefined || this.blocker(draft) !== undefined) return;
    draft.submitting = true;
    draft.problem = undefined;
    const outcome = await sendToQueue(draft, submittedValues(jobType, draft.values, draft.auto));
    draft.submitting = false;
    if (outcome.ok) {
      draft.submissionId = outcome.id;
      toasts.show('success', `${draft.jobName} is in the queue.`);
    } else {
      draft.problem = outcome.message;
      toasts.show('error', outcome.message);
    }
  }
}

/** Builds the queue request of a draft; undefined when no Manager is active. */
export function requestOf(draft: Draft, managerId: string | undefined, settings: JobSettingValues): SubmissionRequest | undefined {
  if (managerId === undefined || draft.jobType === undefined) return undefined;
  return {
    blendPath: draft.path,
    managerId: managerId as ManagerId,
    jobType: draft.jobType,
    jobName: draft.jobName.trim(),
    settings,
    priority: Math.max(0, Math.min(100, Math.round(Number(draft.priority) || 0))),
    ...(draft.workerTagId === undefined || draft.workerTagId === '' ? {} : { workerTagId: draft.workerTagId }),
    paused: draft.paused,
    scout: draft.scout,
    ...(draft.presetId === undefined ? {} : { presetId: draft.presetId as PresetId }),
  };
}

/** Hands a draft to the submission queue (`queue:submit`); the queue sends it now or when the Manager is back. */
async function sendToQueue(draft: Draft, settings: JobSettingValues): Promise<{ readonly ok: true; readonly id: string } | { readonly ok: false; readonly message: string }> {
  const request = requestOf(draft, farm.manager?.id, settings);
  if (request === undefined) return { ok: false, message: 'Choose a Manager in Settings first.' };
  const result = await ipc().invoke('queue:submit', request);
  return result.ok ? { ok: true, id: result.value.id } : { ok: false, message: result.error.message };
}

/** The one Submit screen state of the page. */
export const submit = new SubmitState();
