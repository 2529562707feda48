import type { JobSummary } from '../../common/domain/farm';
import type { ManagerPlatform, ManagerVariable } from '../../common/domain/manager';

/** A path with `{variables}` made concrete for this machine. */
export type ExpandedPath = {
  readonly path: string;
  /** Variables the Manager does not define for this platform (left as `{name}`). */
  readonly unresolved: readonly string[];
};

/** Where a job's output lands on this machine, or why that is unknown. */
export type OutputDirectory =
  | { readonly kind: 'found'; readonly directory: string; readonly unresolved: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Replaces `{name}` with the value of the Manager's variable for users of this platform.
 * The Manager turns submitted local paths into `{variables}` with its two-way variables
 * (MANAGER-FACTS "Submit"), so the same variables map them back. `extra` supplies values
 * that are not Manager variables (e.g. `timestamp`).
 */
export function expandVariables(
  path: string,
  variables: readonly ManagerVariable[],
  extra: Readonly<Record<string, string>> = {},
): ExpandedPath {
  const values = new Map(variables.map((variable) => [variable.name, variable.value]));
  const unresolved = new Set<string>();
  const expanded = path.replace(/\{([^{}]+)\}/g, (match, name: string) => {
    const value = values.get(name) ?? extra[name];
    if (value === undefined) {
      unresolved.add(name);
      return match;
    }
    return value.replace(/[\\/]+$/, '');
  });
  return { path: expanded, unresolved: [...unresolved] };
}

/**
 * Flamenco's job compilers replace `{timestamp}` in `render_output_path` with the job's
 * creation time as `YYYY-MM-DD_HHMMSS` in the Manager's local time. The Manager's time zone
 * is not in the API, so this machine's (or `timeZone`) is used: the same on most farms.
 */
export function flamencoTimestamp(isoTime: string, timeZone?: string): string | undefined {
  const time = Date.parse(isoTime);
  if (Number.isNaN(time)) return undefined;
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...(timeZone === undefined ? {} : { timeZone }),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(time));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((candidate) => candidate.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}_${part('hour')}${part('minute')}${part('second')}`;
}

/** Writes a path with the separators of `platform`. */
export function toPlatformPath(path: string, platform: ManagerPlatform): string {
  return platform === 'windows' ? path.replace(/\//g, '\\') : path.replace(/\\/g, '/');
}

/**
 * The folder on this machine that holds a job's output (to open it): the job's
 * `render_output_path` setting with variables expanded and the frame-file part (`######`)
 * removed.
 */
export function localOutputDirectory(
  job: Pick<JobSummary, 'settings' | 'created'>,
  variables: readonly ManagerVariable[],
  options: { readonly platform: ManagerPlatform; readonly timeZone?: string },
): OutputDirectory {
  const outputPath = job.settings['render_output_path'];
  if (typeof outputPath !== 'string' || outputPath.trim() === '') {
    return { kind: 'unknown', reason: 'The job has no render_output_path setting' };
  }
  const timestamp = job.created === undefined ? undefined : flamencoTimestamp(job.created, options.timeZone);
  const expanded = expandVariables(outputPath, variables, timestamp === undefined ? {} : { timestamp });
  const segments = expanded.path.split(/[\\/]/);
  const last = segments.at(-1) ?? '';
  // The last segment is a file pattern when it holds frame-number hashes or an extension.
  if (last.includes('#') || /\.[A-Za-z0-9]+$/.test(last) || last === '') segments.pop();
  const directory = segments.join('/');
  if (directory === '') return { kind: 'unknown', reason: `Cannot tell the folder of ${outputPath}` };
  return { kind: 'found', directory: toPlatformPath(directory, options.platform), unresolved: expanded.unresolved };
}
