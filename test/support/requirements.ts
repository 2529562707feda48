import { accessSync, constants } from 'node:fs';

/**
 * Where a binary a test needs lives, or why it is missing. Tests skip with the reason
 * on a developer machine without it, and fail under CI (env `CI` set), where `.ci/run`
 * must have installed it.
 */
export type Requirement = { readonly available: true; readonly path: string } | { readonly available: false; readonly reason: string };

/** Looks for an executable at `path` (env override first). */
export function requireBinary(name: string, path: string, envOverride?: string): Requirement {
  const chosen = (envOverride === undefined ? undefined : process.env[envOverride]) ?? path;
  try {
    accessSync(chosen, constants.X_OK);
    return { available: true, path: chosen };
  } catch {
    const reason = `${name} not found at ${chosen}; install it (see .ci/run)${envOverride === undefined ? '' : ` or set ${envOverride}`}`;
    if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
      throw new Error(`CI requires ${reason}`);
    }
    process.stderr.write(`skipping: ${reason}\n`);
    return { available: false, reason };
  }
}

/** Debian's Blender (3.4), or `FLAMENCO_DESK_BLENDER`. */
export const blender: Requirement = requireBinary('Blender', '/usr/bin/blender', 'FLAMENCO_DESK_BLENDER');

/** Debian's Chromium, or `FLAMENCO_DESK_CHROMIUM`. */
export const chromium: Requirement = requireBinary('Chromium', '/usr/bin/chromium', 'FLAMENCO_DESK_CHROMIUM');

/** The path of Blender, or undefined when the tests that need it are skipped. */
export const blenderPath: string | undefined = blender.available ? blender.path : undefined;
