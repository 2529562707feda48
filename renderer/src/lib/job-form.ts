/**
 * The submission form as data, generated from a job type's settings (sites add their own
 * job types, so nothing here knows a setting by name). The Svelte form renders these
 * fields; tests check the mapping for every setting shape.
 */
import type { SettingEvaluation, SettingValue } from '../../../electron/common/domain/blender';
import type { JobSettingSpec, JobSettingValue, JobSettingValues, JobTypeSpec, SettingIssue } from '../../../electron/common/domain/job-settings';
import { validateSetting } from '../../../electron/common/domain/job-settings';
import { humanize } from './format';

/** How a field is edited. */
export type FieldControl =
  | { readonly kind: 'text' }
  | { readonly kind: 'number'; readonly integer: boolean; readonly min?: number; readonly max?: number; readonly step?: number }
  | { readonly kind: 'checkbox' }
  | { readonly kind: 'select'; readonly choices: readonly string[] }
  | { readonly kind: 'path'; readonly pick: 'file' | 'directory' | 'none'; readonly hashed: boolean };

/** One field of the generated form. */
export type FormField = {
  readonly key: string;
  readonly label: string;
  readonly description: string | undefined;
  readonly control: FieldControl;
  readonly required: boolean;
  /** Read-only: the value comes from `eval` (`editable: false`). */
  readonly readOnly: boolean;
  /** `evalInfo.showLinkButton`: an auto/manual toggle; auto evaluates at submit time. */
  readonly autoToggle: { readonly description: string } | undefined;
  /** Has an `eval` expression (a "evaluate again" action makes sense). */
  readonly evaluated: boolean;
};

/** True when the setting appears in the submission form (`visible` missing, `visible` or `submission`). */
export function isShownAtSubmission(setting: JobSettingSpec): boolean {
  return setting.visible === undefined || setting.visible === 'visible' || setting.visible === 'submission';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function numberArgument(setting: JobSettingSpec, name: string): number | undefined {
  const value = setting.propargs?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function controlOf(setting: JobSettingSpec): FieldControl {
  switch (setting.type) {
    case 'bool':
      return { kind: 'checkbox' };
    case 'int32':
    case 'float': {
      const min = numberArgument(setting, 'min');
      const max = numberArgument(setting, 'max');
      const step = numberArgument(setting, 'step');
      return {
        kind: 'number',
        integer: setting.type === 'int32',
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        ...(step === undefined ? {} : { step }),
      };
    }
    case 'string':
      if (setting.choices !== undefined && setting.choices.length > 0) return { kind: 'select', choices: setting.choices };
      switch (setting.subtype) {
        case 'file_path':
          return { kind: 'path', pick: 'file', hashed: false };
        case 'dir_path':
          return { kind: 'path', pick: 'directory', hashed: false };
        case 'hashed_file_path':
          return { kind: 'path', pick: 'file', hashed: true };
        case 'file_name':
        case undefined:
          return { kind: 'text' };
      }
      return { kind: 'text' };
  }
}

/** The fields of the form for a job type, in the job type's order; hidden and web settings are left out. */
export function formFields(jobType: JobTypeSpec): readonly FormField[] {
  return jobType.settings.filter(isShownAtSubmission).map((setting) => {
    const readOnly = setting.editable === false;
    return {
      key: setting.key,
      label: text(setting.label) ?? humanize(setting.key),
      description: text(setting.description),
      control: controlOf(setting),
      required: setting.required === true,
      readOnly,
      autoToggle: setting.evalInfo?.showLinkButton === true && !readOnly ? { description: setting.evalInfo.description } : undefined,
      evaluated: setting.eval !== undefined && setting.eval !== '',
    };
  });
}

/** A default of the right type, or undefined. */
export function typedDefault(setting: JobSettingSpec): JobSettingValue | undefined {
  const value = setting.default;
  switch (setting.type) {
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'int32':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
  }
}

/** The starting values of a form: job-type defaults, then the preset's values (only for known keys). */
export function initialValues(jobType: JobTypeSpec, preset: JobSettingValues = {}): Record<string, JobSettingValue> {
  const values: Record<string, JobSettingValue> = {};
  for (const setting of jobType.settings) {
    const given = preset[setting.key];
    const fallback = typedDefault(setting);
    if (given !== undefined) values[setting.key] = given;
    else if (fallback !== undefined) values[setting.key] = fallback;
  }
  return values;
}

/** Which settings start in "auto" mode: every one with the link button (as the add-on does). */
export function initialAuto(jobType: JobTypeSpec): Record<string, boolean> {
  const auto: Record<string, boolean> = {};
  for (const setting of jobType.settings) if (setting.evalInfo?.showLinkButton === true && setting.editable !== false) auto[setting.key] = true;
  return auto;
}

function asJobValue(value: SettingValue): JobSettingValue | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/**
 * Folds a headless evaluation into the form: read-only and auto settings always take the
 * evaluated value; other visible settings only when still empty (MANAGER-FACTS: "Visible
 * settings with `eval` are filled when a job type is chosen and the value is empty").
 */
export function applyEvaluations(
  jobType: JobTypeSpec,
  values: Readonly<Record<string, JobSettingValue>>,
  auto: Readonly<Record<string, boolean>>,
  evaluations: readonly SettingEvaluation[],
): { readonly values: Record<string, JobSettingValue>; readonly errors: Record<string, string> } {
  const next: Record<string, JobSettingValue> = { ...values };
  const errors: Record<string, string> = {};
  const byKey = new Map(jobType.settings.map((setting) => [setting.key, setting]));
  for (const evaluation of evaluations) {
    const setting = byKey.get(evaluation.key);
    if (setting === undefined || setting.eval === undefined) continue;
    if (evaluation.outcome === 'error') {
      errors[evaluation.key] = evaluation.error;
      continue;
    }
    const value = asJobValue(evaluation.value);
    if (value === undefined) continue;
    const current = next[evaluation.key];
    const empty = current === undefined || (typeof current === 'string' && current.trim() === '');
    if (setting.editable === false || auto[evaluation.key] === true || empty || !isShownAtSubmission(setting)) next[evaluation.key] = value;
  }
  return { values: next, errors };
}

/** The text an input shows for a value. */
export function displayValue(value: JobSettingValue | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Problems of the shown, editable fields (inline validation). Auto fields are checked after evaluation. */
export function formIssues(jobType: JobTypeSpec, values: Readonly<Record<string, JobSettingValue>>, auto: Readonly<Record<string, boolean>> = {}): Readonly<Record<string, SettingIssue>> {
  const issues: Record<string, SettingIssue> = {};
  for (const setting of jobType.settings) {
    if (!isShownAtSubmission(setting) || setting.editable === false || auto[setting.key] === true) continue;
    const issue = validateSetting(setting, values[setting.key]);
    if (issue !== undefined) issues[setting.key] = issue;
  }
  return issues;
}

/** The settings to send: shown ones as the user left them (auto ones omitted so they are evaluated at submit time). */
export function submittedValues(jobType: JobTypeSpec, values: Readonly<Record<string, JobSettingValue>>, auto: Readonly<Record<string, boolean>>): JobSettingValues {
  const result: Record<string, JobSettingValue> = {};
  for (const setting of jobType.settings) {
    if (!isShownAtSubmission(setting) || setting.editable === false || auto[setting.key] === true) continue;
    const value = values[setting.key];
    if (value !== undefined && !(typeof value === 'string' && value === '')) result[setting.key] = value;
  }
  return result;
}
