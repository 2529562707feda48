/**
 * Job types as the submission form sees them, and the checks a submitter must make itself:
 * the Manager never checks `required`, value types or `choices` (MANAGER-FACTS "Job types and
 * settings"), so a wrong value would only surface when a task fails on a worker.
 */

/** The value types a job-type setting can have. */
export type JobSettingType = 'string' | 'int32' | 'float' | 'bool';

/** Where a setting is shown (`visible` when missing). */
export type JobSettingVisibility = 'visible' | 'hidden' | 'submission' | 'web';

/** One setting of a job type, as `GET /jobs/types` describes it (the fields the app reads). */
export type JobSettingSpec = {
  readonly key: string;
  readonly type: JobSettingType;
  readonly subtype?: 'file_path' | 'dir_path' | 'file_name' | 'hashed_file_path';
  readonly choices?: readonly string[];
  /** Extra bpy.props arguments; `min`/`max` bound numbers. */
  readonly propargs?: Readonly<Record<string, unknown>>;
  readonly description?: unknown;
  readonly label?: unknown;
  readonly default?: unknown;
  readonly eval?: string;
  readonly evalInfo?: { readonly showLinkButton: boolean; readonly description: string };
  readonly visible?: JobSettingVisibility;
  readonly required?: boolean;
  readonly editable?: boolean;
};

/** A job type with its etag (the Manager answers 412 to a submission with an old etag). */
export type JobTypeSpec = {
  readonly name: string;
  readonly label: string;
  readonly etag: string;
  readonly description?: string;
  readonly settings: readonly JobSettingSpec[];
};

/** A setting's value as submitted. */
export type JobSettingValue = string | number | boolean;

/** Setting values by key. */
export type JobSettingValues = Readonly<Record<string, JobSettingValue>>;

/** What is wrong with one setting. */
export type SettingIssue = {
  readonly key: string;
  readonly kind: 'missing' | 'type' | 'choice' | 'range' | 'frame-range' | 'unknown-setting';
  readonly message: string;
};

/** One inclusive run of frames. */
export type FrameSpan = { readonly start: number; readonly end: number };

/** A parsed frame range: sorted, merged spans and the number of frames. */
export type FrameRange = { readonly spans: readonly FrameSpan[]; readonly frameCount: number };

/** The outcome of {@link parseFrameRange}. */
export type FrameRangeResult = { readonly ok: true; readonly range: FrameRange } | { readonly ok: false; readonly message: string };

/** The keys that hold frame ranges in the stock job types (simple-blender-render's `frames`). */
export const frameRangeKeys: readonly string[] = ['frames'];

/**
 * Parses a frame range the way the Manager's `frameChunker` does (js_globals.go
 * frameRangeExplode): comma-separated parts, each a frame `N` or a span `A-B`; Blender's
 * `A..B` is accepted as `A-B`; whitespace around numbers is ignored. There is no step
 * syntax and no negative frames (`-5` splits into two parts). A span whose end is before
 * its start gives no frames; a range without any frame is rejected, as the Manager does.
 */
export function parseFrameRange(text: string): FrameRangeResult {
  const normalised = text.trim().replaceAll('..', '-');
  if (normalised === '') return { ok: false, message: 'The frame range is empty' };
  const spans: FrameSpan[] = [];
  for (const part of normalised.split(',')) {
    const bounds = part.split('-');
    const numbers = bounds.map((bound) => bound.trim());
    if (numbers.length > 2 || numbers.some((bound) => !/^\+?\d+$/.test(bound))) {
      return { ok: false, message: `"${part.trim()}" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)` };
    }
    const start = Number(numbers[0]);
    const end = Number(numbers[numbers.length - 1]);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { ok: false, message: `"${part.trim()}" is too large` };
    if (end >= start) spans.push({ start, end });
  }
  if (spans.length === 0) return { ok: false, message: `"${text.trim()}" contains no frames` };
  spans.sort((left, right) => left.start - right.start);
  const merged: FrameSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start <= last.end + 1) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    else merged.push(span);
  }
  return { ok: true, range: { spans: merged, frameCount: merged.reduce((sum, span) => sum + span.end - span.start + 1, 0) } };
}

/** Writes a range back as the Manager's notation (`1-3,7`). */
export function formatFrameRange(range: FrameRange): string {
  return range.spans.map((span) => (span.start === span.end ? `${span.start}` : `${span.start}-${span.end}`)).join(',');
}

/** The `index`th frame (0-based) of a range. */
function frameAt(range: FrameRange, index: number): number {
  let remaining = index;
  for (const span of range.spans) {
    const length = span.end - span.start + 1;
    if (remaining < length) return span.start + remaining;
    remaining -= length;
  }
  throw new RangeError(`frame ${index} is beyond a range of ${range.frameCount} frames`);
}

/** The first, middle and last frames of a range (fewer when the range is short): a scout job's frames. */
export function scoutFrames(range: FrameRange): string {
  const indices = [...new Set([0, Math.floor((range.frameCount - 1) / 2), range.frameCount - 1])];
  return indices.map((index) => String(frameAt(range, index))).join(',');
}

/** The number a numeric bound of `propargs` holds, if any. */
function bound(propargs: Readonly<Record<string, unknown>> | undefined, name: 'min' | 'max'): number | undefined {
  const value = propargs?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isEmpty(value: JobSettingValue | undefined): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Checks one value against its setting; undefined when it is fine. */
export function validateSetting(setting: JobSettingSpec, value: JobSettingValue | undefined): SettingIssue | undefined {
  const key = setting.key;
  if (isEmpty(value)) {
    return setting.required === true ? { key, kind: 'missing', message: `${key} is required` } : undefined;
  }
  switch (setting.type) {
    case 'string':
      if (typeof value !== 'string') return { key, kind: 'type', message: `${key} must be text, not ${JSON.stringify(value)}` };
      if (setting.choices !== undefined && setting.choices.length > 0 && !setting.choices.includes(value)) {
        return { key, kind: 'choice', message: `${key} must be one of ${setting.choices.join(', ')}, not "${value}"` };
      }
      if (frameRangeKeys.includes(key)) {
        const parsed = parseFrameRange(value);
        if (!parsed.ok) return { key, kind: 'frame-range', message: `${key}: ${parsed.message}` };
      }
      return undefined;
    case 'bool':
      return typeof value === 'boolean' ? undefined : { key, kind: 'type', message: `${key} must be true or false, not ${JSON.stringify(value)}` };
    case 'int32':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key, kind: 'type', message: `${key} must be a number, not ${JSON.stringify(value)}` };
      if (setting.type === 'int32' && (!Number.isInteger(value) || value < -2_147_483_648 || value > 2_147_483_647)) {
        return { key, kind: 'type', message: `${key} must be a whole number (32-bit), not ${value}` };
      }
      const min = bound(setting.propargs, 'min');
      const max = bound(setting.propargs, 'max');
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        return { key, kind: 'range', message: `${key} must be between ${min ?? '-∞'} and ${max ?? '∞'}, not ${value}` };
      }
      return undefined;
    }
  }
}

/** Checks every value against the job type: required settings present, types, choices, ranges, frame ranges, unknown keys. */
export function validateJobSettings(jobType: JobTypeSpec, values: JobSettingValues): readonly SettingIssue[] {
  const issues: SettingIssue[] = [];
  for (const setting of jobType.settings) {
    const issue = validateSetting(setting, values[setting.key]);
    if (issue !== undefined) issues.push(issue);
  }
  const known = new Set(jobType.settings.map((setting) => setting.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) issues.push({ key, kind: 'unknown-setting', message: `${jobType.name} has no setting ${key}` });
  }
  return issues;
}

/**
 * Turns text typed on a command line or in a text field into a value of the setting's type
 * (`--set chunk_size=4`). Returns the text unchanged when it does not parse, so that
 * {@link validateSetting} reports the problem with the user's own text.
 */
export function coerceSettingText(setting: Pick<JobSettingSpec, 'type'>, text: string): JobSettingValue {
  switch (setting.type) {
    case 'string':
      return text;
    case 'bool':
      if (/^(true|yes|on|1)$/i.test(text.trim())) return true;
      if (/^(false|no|off|0)$/i.test(text.trim())) return false;
      return text;
    case 'int32':
    case 'float': {
      const number = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(number) ? number : text;
    }
  }
}

/** One difference between two versions of a job type. */
export type JobTypeChange =
  | { readonly kind: 'setting-added'; readonly key: string }
  | { readonly kind: 'setting-removed'; readonly key: string }
  | { readonly kind: 'setting-changed'; readonly key: string; readonly fields: readonly string[] };

/** What changed between the job type a submission was prepared with and the Manager's current one. */
export function diffJobTypes(before: JobTypeSpec, after: JobTypeSpec): readonly JobTypeChange[] {
  const changes: JobTypeChange[] = [];
  const old = new Map(before.settings.map((setting) => [setting.key, setting]));
  const current = new Map(after.settings.map((setting) => [setting.key, setting]));
  for (const [key, setting] of current) {
    const previous = old.get(key);
    if (previous === undefined) {
      changes.push({ kind: 'setting-added', key });
      continue;
    }
    const fields = [...new Set([...Object.keys(previous), ...Object.keys(setting)])]
      .filter((field) => JSON.stringify((previous as Record<string, unknown>)[field]) !== JSON.stringify((setting as Record<string, unknown>)[field]))
      .sort();
    if (fields.length > 0) changes.push({ kind: 'setting-changed', key, fields });
  }
  for (const key of old.keys()) if (!current.has(key)) changes.push({ kind: 'setting-removed', key });
  return changes;
}

/** One line per change, for the user. */
export function describeJobTypeChanges(changes: readonly JobTypeChange[]): string {
  if (changes.length === 0) return 'the job type changed, but none of its settings did';
  return changes
    .map((change) => {
      switch (change.kind) {
        case 'setting-added':
          return `new setting ${change.key}`;
        case 'setting-removed':
          return `setting ${change.key} was removed`;
        case 'setting-changed':
          return `setting ${change.key} changed (${change.fields.join(', ')})`;
      }
    })
    .join('; ');
}
