import { CoreError } from '../errors';

/** Characters the Manager refuses anywhere in a checkout path (besides a leading `/`). */
const forbidden = /[?*:;{}\\]/g;

/**
 * Whether the Manager accepts `checkoutPath`: not empty, no leading `/`, none of
 * `? * : ; { } \`, no `..` segment (Manager fact: checkout path rules; anything else is
 * a 500 on create).
 */
export function isValidCheckoutPath(checkoutPath: string): boolean {
  if (checkoutPath === '' || checkoutPath.startsWith('/')) return false;
  if (/[?*:;{}\\]/.test(checkoutPath)) return false;
  return !checkoutPath.includes('../') && !checkoutPath.includes('/..');
}

/**
 * A checkout path made from a job name: one folder level, forbidden characters and
 * control characters replaced by `-`, dots and spaces trimmed at the ends (Windows
 * workers cannot open such folders), at most 80 characters, `job` when nothing is left.
 * The Manager may still append `-xxxx` when the folder exists.
 */
export function checkoutPathForJob(jobName: string): string {
  const cleaned = jobName
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '-')
    .replace(forbidden, '-')
    .replace(/\//g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.-]+|[\s.]+$/g, '')
    .slice(0, 80)
    .replace(/[\s.]+$/g, '');
  const result = cleaned === '' ? 'job' : cleaned;
  if (!isValidCheckoutPath(result)) {
    throw new CoreError('internal', `Could not make a valid checkout path from ${JSON.stringify(jobName)}.`);
  }
  return result;
}

/** The job's `blendfile` setting for a Shaman checkout: `{jobs}/<checkout>/<.blend in the pack>`. */
export function shamanBlendfile(checkoutPath: string, blendPackPath: string): string {
  return `{jobs}/${checkoutPath}/${blendPackPath}`;
}
