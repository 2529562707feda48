import type { BlenderChoice, BlenderInstall, BlenderVersion } from '../../common/domain/blender';
import { blenderInstallSources } from '../../common/domain/blender';

/**
 * Reads `blender --version` output. The first line that starts with "Blender X.Y[.Z]" is the
 * version (anything before it is start-up noise); official builds add tab-indented
 * `build hash:` and `build date:` lines, distribution builds (Debian) print only the first line.
 * Returns undefined when no version line is found.
 */
export function parseBlenderVersion(output: string): BlenderVersion | undefined {
  const lines = output.split(/\r?\n/);
  const index = lines.findIndex((line) => /^Blender \d+\.\d+/.test(line.trim()));
  if (index < 0) return undefined;
  const text = (lines[index] ?? '').trim().slice('Blender '.length).trim();
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (match === null) return undefined;
  const facts = new Map<string, string>();
  for (const line of lines.slice(index + 1)) {
    const fact = /^\s*build ([a-z ]+):\s*(.*?)\s*$/.exec(line);
    if (fact?.[1] !== undefined && fact[2] !== undefined) facts.set(fact[1], fact[2]);
  }
  const hash = facts.get('hash');
  const buildDate = facts.get('date');
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    text,
    ...(hash === undefined || hash === '' || hash === 'Unknown' ? {} : { hash }),
    ...(buildDate === undefined || buildDate === '' || buildDate === 'Unknown' ? {} : { buildDate }),
  };
}

/** The `major.minor[.patch]` a farm expects, from text like `3.4`, `3.4.1` or `Blender 3.4.1`. */
export function parseExpectedVersion(text: string): { readonly major: number; readonly minor: number; readonly patch?: number } | undefined {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), ...(match[3] === undefined ? {} : { patch: Number(match[3]) }) };
}

/** Orders versions: negative when `left` is older. */
export function compareVersions(left: Pick<BlenderVersion, 'major' | 'minor' | 'patch'>, right: Pick<BlenderVersion, 'major' | 'minor' | 'patch'>): number {
  return left.major - right.major || left.minor - right.minor || left.patch - right.patch;
}

function sourceRank(install: BlenderInstall): number {
  return blenderInstallSources.indexOf(install.source);
}

/**
 * Picks the install to use. With a farm version (`3.4`, `3.4.1`): the same major.minor, the
 * closest patch; otherwise the closest minor of the same major, preferring older over newer
 * (a file saved by a newer Blender may use features the farm's Blender lacks), then any major.
 * Without one: the newest. Ties go to the source listed first in `blenderInstallSources` (a
 * path the user added wins). Installs whose version is unknown are chosen only when nothing
 * else runs. The warning says when major.minor differ from the farm's.
 * Returns undefined when there is no install at all.
 */
export function chooseBlender(installs: readonly BlenderInstall[], farmVersion?: string): BlenderChoice | undefined {
  const known = installs.filter((install): install is BlenderInstall & { readonly version: BlenderVersion } => install.version !== null);
  if (known.length === 0) {
    const fallback = installs[0];
    if (fallback === undefined) return undefined;
    return { install: fallback, warning: `The version of Blender at ${fallback.executable} is unknown (${fallback.problem ?? 'it did not answer --version'}).` };
  }
  const expected = farmVersion === undefined ? undefined : parseExpectedVersion(farmVersion);
  const ranked = [...known].sort((left, right) => {
    if (expected !== undefined) {
      const distance = versionDistance(left.version, expected) - versionDistance(right.version, expected);
      if (distance !== 0) return distance;
    } else {
      const newest = compareVersions(right.version, left.version);
      if (newest !== 0) return newest;
    }
    return sourceRank(left) - sourceRank(right);
  });
  const install = ranked[0];
  if (install === undefined) return undefined;
  if (expected === undefined || (install.version.major === expected.major && install.version.minor === expected.minor)) return { install };
  return {
    install,
    warning:
      `Blender ${install.version.text} (${install.executable}) does not match the farm's Blender ${expected.major}.${expected.minor}: ` +
      'settings and file features may differ on the workers.',
  };
}

/**
 * A sortable distance: different major costs most, then minor (newer costs a little more than
 * older at the same distance), then patch (newer patch preferred when the farm gave none).
 */
function versionDistance(version: BlenderVersion, expected: { readonly major: number; readonly minor: number; readonly patch?: number }): number {
  const major = Math.abs(version.major - expected.major);
  const minorDelta = version.minor - expected.minor;
  const minor = major === 0 ? Math.abs(minorDelta) * 2 + (minorDelta > 0 ? 1 : 0) : 0;
  const patch = expected.patch === undefined ? 1000 - Math.min(version.patch, 999) : Math.abs(version.patch - expected.patch);
  return major * 1_000_000 + minor * 1_000 + (major === 0 && minorDelta === 0 ? patch : 0);
}
