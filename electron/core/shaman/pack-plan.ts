import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { OutsideFile, OutsideFilePolicy, PackFile, PackPlan } from '../../common/domain/shaman';
import { CoreError } from '../errors';

/** Folder of the pack that holds files from outside the project root. */
export const outsideFolder = '_outside';

/** Files or folders whose presence marks a project root. */
export const projectMarkers = ['.blender_project', '.git', '.svn'] as const;

/** Path rules of one platform, so Windows paths can be planned (and tested) anywhere. */
export type PathFlavor = 'posix' | 'win32';

/** Input of {@link planPack}. */
export type PlanPackOptions = {
  readonly blendPath: string;
  /** Absolute paths of the .blend's dependencies (from the tracer). */
  readonly dependencies: readonly string[];
  readonly outsideFiles: OutsideFilePolicy;
  /** Defaults to {@link findProjectRoot} of the .blend. */
  readonly projectRoot?: string;
  readonly flavor?: PathFlavor;
};

/**
 * The nearest ancestor of the .blend holding `.blender_project`, `.git` or `.svn`, else
 * the .blend's folder. Keeping paths relative to it keeps the .blend's own `//` relative
 * paths valid on the farm.
 */
export async function findProjectRoot(blendPath: string, flavor: PathFlavor = hostFlavor()): Promise<string> {
  const paths = path[flavor];
  const start = paths.dirname(paths.resolve(blendPath));
  for (let folder = start; ; folder = paths.dirname(folder)) {
    for (const marker of projectMarkers) {
      if (await exists(paths.join(folder, marker))) return folder;
    }
    if (paths.dirname(folder) === folder) return start;
  }
}

/**
 * Decides what goes where in the pack: files under the project root keep their relative
 * path; files outside it go under `_outside/<path without drive or root>` or are skipped,
 * per `outsideFiles`, and are listed in `outside` so the user hears about them before
 * any upload (the .blend's own absolute references to them are not rewritten). Missing
 * dependencies are listed, not packed. Duplicates are dropped; the .blend comes first.
 */
export async function planPack(options: PlanPackOptions): Promise<PackPlan> {
  const flavor = options.flavor ?? hostFlavor();
  const paths = path[flavor];
  const blendPath = paths.resolve(options.blendPath);
  const projectRoot = paths.resolve(options.projectRoot ?? (await findProjectRoot(blendPath, flavor)));
  const blendPackPath = packPathInside(projectRoot, blendPath, flavor);
  if (blendPackPath === undefined) {
    throw new CoreError('invalid-argument', `The .blend ${blendPath} is not inside the project root ${projectRoot}.`, {
      details: { blendPath, projectRoot },
    });
  }
  const blendSize = await sizeOf(blendPath);
  if (blendSize === undefined) throw new CoreError('file-missing', `The .blend ${blendPath} does not exist.`, { details: { path: blendPath } });

  const files: PackFile[] = [{ absolutePath: blendPath, packPath: blendPackPath, size: blendSize, outsideProject: false }];
  const outside: OutsideFile[] = [];
  const missing: string[] = [];
  const seen = new Set([flavor === 'win32' ? blendPath.toLowerCase() : blendPath]);
  const taken = new Set([blendPackPath]);
  for (const dependency of options.dependencies) {
    const absolutePath = paths.resolve(dependency);
    const key = flavor === 'win32' ? absolutePath.toLowerCase() : absolutePath;
    if (seen.has(key)) continue;
    seen.add(key);
    const size = await sizeOf(absolutePath);
    if (size === undefined) {
      missing.push(absolutePath);
      continue;
    }
    const inside = packPathInside(projectRoot, absolutePath, flavor);
    if (inside !== undefined) {
      if (taken.has(inside)) continue;
      taken.add(inside);
      files.push({ absolutePath, packPath: inside, size, outsideProject: false });
      continue;
    }
    const packPath = options.outsideFiles === 'include' ? outsidePackPath(absolutePath, flavor) : undefined;
    outside.push({ absolutePath, packPath });
    if (packPath === undefined || taken.has(packPath)) continue;
    taken.add(packPath);
    files.push({ absolutePath, packPath, size, outsideProject: true });
  }
  return {
    blendPath,
    projectRoot,
    blendPackPath,
    files,
    outside,
    missing,
    totalBytes: files.reduce((sum, file) => sum + file.size, 0),
  };
}

/** The POSIX path of `absolutePath` relative to `root`, or undefined when it is not under it. */
export function packPathInside(root: string, absolutePath: string, flavor: PathFlavor = hostFlavor()): string | undefined {
  const paths = path[flavor];
  const relative = paths.relative(root, absolutePath);
  if (relative === '' || relative === '..' || relative.startsWith(`..${paths.sep}`) || paths.isAbsolute(relative)) return undefined;
  return flavor === 'win32' ? relative.split('\\').join('/') : relative;
}

/**
 * Where a file from outside the project goes: `_outside/` plus its path with the root
 * or drive stripped (`C:\lib\a.png` -> `_outside/C/lib/a.png`, `\\server\share\a.png` ->
 * `_outside/server/share/a.png`, `/mnt/lib/a.png` -> `_outside/mnt/lib/a.png`).
 */
export function outsidePackPath(absolutePath: string, flavor: PathFlavor = hostFlavor()): string {
  if (flavor === 'posix') return [outsideFolder, ...absolutePath.split('/').filter(isPlainPart)].join('/');
  const parts = absolutePath.split(/[\\/]+/).filter((part) => part !== '' && part !== '?' && part !== '.');
  const first = parts[0];
  if (first !== undefined && /^[A-Za-z]:$/.test(first)) parts[0] = first.slice(0, 1).toUpperCase();
  return [outsideFolder, ...parts.filter(isPlainPart)].join('/');
}

function isPlainPart(part: string): boolean {
  return part !== '' && part !== '.' && part !== '..';
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function hostFlavor(): PathFlavor {
  return process.platform === 'win32' ? 'win32' : 'posix';
}
