import { hostname, platform } from 'node:os';
import type { JobSettingValues, JobTypeSpec, SettingIssue } from '../../common/domain/job-settings';
import type { JobSettingSpec, JobSettingValue } from '../../common/domain/job-settings';
import { coerceSettingText, validateJobSettings } from '../../common/domain/job-settings';
import type { PreflightWarning, PreparedJob, SubmissionId, SubmissionRequest, TransferOutcome } from '../../common/domain/submission';
import { submissionMetadataKey } from '../../common/domain/submission';
import type { SubmittedJob } from '../flamenco/manager-client';
import type { Inspection } from './ports';

/** The key the submitter fills with the transferred .blend (MANAGER-FACTS: `blendfile` is web-only, filled by the submitter). */
export const blendfileKey = 'blendfile';

/** Output formats simple-blender-render refuses with a compile error ("only renders images"). */
const videoFormats = ['FFMPEG', 'AVI_RAW', 'AVI_JPEG'];

/** True when the job type takes the transferred .blend's path. */
export function hasBlendfile(jobType: JobTypeSpec): boolean {
  return jobType.settings.some((setting) => setting.key === blendfileKey);
}

/** The outcome of {@link prepareJob}. */
export type PrepareOutcome =
  | { readonly ok: true; readonly prepared: PreparedJob }
  | { readonly ok: false; readonly issues: readonly SettingIssue[]; readonly warnings: readonly PreflightWarning[] };

/**
 * Combines what the user set with what inspection found, validates the result against the
 * job type (the Manager itself checks none of it) and lists the pre-flight warnings.
 */
export function prepareJob(jobType: JobTypeSpec, request: SubmissionRequest, inspection: Inspection, farmBlenderVersion?: string): PrepareOutcome {
  const settings: Record<string, string | number | boolean> = {};
  for (const setting of jobType.settings) {
    if (setting.key === blendfileKey) continue;
    const value = inspection.values[setting.key] ?? request.settings[setting.key];
    if (value !== undefined) settings[setting.key] = normaliseValue(setting, value);
  }
  const warnings = preflightWarnings(jobType, settings, inspection, farmBlenderVersion);
  const issues: SettingIssue[] = [
    ...inspection.evalErrors.map((failure): SettingIssue => ({ key: failure.key, kind: 'type', message: `${failure.key}: ${failure.error}` })),
    // The .blend's path on the farm is only known after the transfer; any non-empty text stands in.
    ...validateJobSettings(jobType, hasBlendfile(jobType) ? { ...settings, [blendfileKey]: request.blendPath } : settings),
  ];
  for (const key of Object.keys(request.settings)) {
    if (!jobType.settings.some((setting) => setting.key === key) && !issues.some((issue) => issue.key === key)) {
      issues.push({ key, kind: 'unknown-setting', message: `${jobType.name} has no setting ${key}` });
    }
  }
  if (issues.length > 0) return { ok: false, issues, warnings };
  const dependencies = inspection.dependencies.filter((dependency) => dependency.exists).map((dependency) => dependency.absolutePath);
  return { ok: true, prepared: { jobType, settings, dependencies: [...new Set(dependencies)], warnings } };
}

/**
 * Text typed for a number or a boolean (`--set chunk_size=4`, a text field) becomes that
 * type; a number given for a text setting becomes text. Anything else is left for
 * validation to report.
 */
export function normaliseValue(setting: Pick<JobSettingSpec, 'type'>, value: JobSettingValue): JobSettingValue {
  if (typeof value === 'string' && setting.type !== 'string') return coerceSettingText(setting, value);
  if (typeof value === 'number' && setting.type === 'string') return String(value);
  return value;
}

/** Missing files, files outside the project, absolute paths, refused output formats. */
export function preflightWarnings(jobType: JobTypeSpec, settings: JobSettingValues, inspection: Inspection, farmBlenderVersion?: string): readonly PreflightWarning[] {
  const warnings: PreflightWarning[] = [];
  for (const dependency of inspection.dependencies) {
    const path = dependency.absolutePath;
    if (!dependency.exists) warnings.push({ kind: 'missing-file', path, message: `${path} is missing; the farm will render without it` });
    else if (!dependency.insideProject) warnings.push({ kind: 'outside-project', path, message: `${path} is outside the project folder` });
    if (!dependency.storedPath.startsWith('//')) {
      warnings.push({ kind: 'absolute-path', path, message: `${dependency.storedPath} is an absolute path; workers must see the same path` });
    }
  }
  const format = settings['format'];
  if (jobType.name === 'simple-blender-render' && typeof format === 'string' && videoFormats.includes(format)) {
    warnings.push({ kind: 'output-format', format, message: `simple-blender-render only renders images, not ${format}; choose an image format` });
  }
  const local = inspection.blenderVersion;
  // Minor versions change how files load and render; patch versions do not.
  if (local !== undefined && farmBlenderVersion !== undefined && majorMinor(local) !== majorMinor(farmBlenderVersion)) {
    warnings.push({
      kind: 'blender-version',
      local,
      farm: farmBlenderVersion,
      message: `Settings were evaluated with Blender ${local}, but the farm runs Blender ${farmBlenderVersion}`,
    });
  }
  return warnings;
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The platform name the Manager wants (`linux|windows|darwin`), from Node's. */
export function submitterPlatform(nodePlatform: string = platform()): string {
  return nodePlatform === 'win32' ? 'windows' : nodePlatform;
}

/** The job to send for a prepared submission once its files are on the farm. */
export function buildJob(id: SubmissionId, request: SubmissionRequest, prepared: PreparedJob, transfer: TransferOutcome, appVersion: string): SubmittedJob {
  return {
    name: request.jobName,
    type: prepared.jobType.name,
    type_etag: prepared.jobType.etag,
    priority: request.priority,
    // Like the add-on, fill `blendfile` only for job types that have the setting.
    settings: hasBlendfile(prepared.jobType) ? { ...prepared.settings, [blendfileKey]: transfer.blendfile } : { ...prepared.settings },
    // Metadata is free-form strings (MANAGER-FACTS); the id makes the job findable after a crash.
    metadata: { [submissionMetadataKey]: id, 'flamenco-desk.version': appVersion, user: process.env['USER'] ?? process.env['USERNAME'] ?? '', host: hostname() },
    submitter_platform: submitterPlatform(),
    ...(transfer.checkoutId === undefined ? {} : { storage: { shaman_checkout_id: transfer.checkoutId } }),
    ...(request.workerTagId === undefined ? {} : { worker_tag: request.workerTagId }),
    ...(request.paused ? { initial_status: 'paused' as const } : {}),
  };
}
