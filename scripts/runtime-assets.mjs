// Files core reads from disk next to its modules at run time (they are not imported, so
// the bundler does not see them). Each bundle that contains core gets a copy.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** [source in the repository, path relative to the bundle's folder] */
export const runtimeAssets = [['electron/core/blender/python', 'python']];

/** Copies every runtime asset into `bundleDirectory`. */
export function copyRuntimeAssets(bundleDirectory) {
  for (const [from, to] of runtimeAssets) {
    if (existsSync(from)) cpSync(from, join(bundleDirectory, to), { recursive: true });
  }
}
