import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';

/** True for a path written on Windows with a drive letter or as a UNC path. */
export function isWindowsAbsolute(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/**
 * Makes a stored path absolute the way Blender does (`BLI_path_abs`): `//` means "the folder of
 * the .blend that holds the path"; backslashes after `//` are folder separators even on POSIX
 * (files saved on Windows). Windows drive paths cannot be resolved on POSIX and are kept as
 * written; other relative paths are taken relative to the .blend's folder.
 */
export function resolveBlendPath(stored: string, blendFile: string): string {
  if (stored.startsWith('//')) {
    const rest = stored.slice(2).replaceAll('\\', '/');
    return resolve(dirname(blendFile), rest);
  }
  if (isWindowsAbsolute(stored)) return stored;
  if (isAbsolute(stored)) return normalize(stored);
  return resolve(dirname(blendFile), stored.replaceAll('\\', '/'));
}

/** True when `path` lies inside `root` (both absolute). */
export function isInside(path: string, root: string): boolean {
  const relation = relative(root, path);
  return relation === '' || (!relation.startsWith('..') && !isAbsolute(relation));
}

/** Caches directory listings for one trace, so sequences in one folder list it once. */
export class DirectoryCache {
  private readonly listings = new Map<string, Promise<readonly string[] | undefined>>();

  /** Names in a folder, or undefined when it cannot be listed. */
  list(folder: string): Promise<readonly string[] | undefined> {
    let listing = this.listings.get(folder);
    if (listing === undefined) {
      listing = readdir(folder).then(
        (names) => names.sort(),
        () => undefined,
      );
      this.listings.set(folder, listing);
    }
    return listing;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Files of an image/movie/volume/cache sequence: the last run of digits in the file name is
 * the frame number, and every file in the folder that differs only there belongs to it.
 * Returns the path itself when nothing matches (so a missing sequence is still reported).
 */
export async function expandSequence(path: string, directories: DirectoryCache): Promise<readonly string[]> {
  const name = basename(path);
  const match = /^(.*?)(\d+)(\D*)$/.exec(name);
  if (match === null) return [path];
  const pattern = new RegExp(`^${escapeRegExp(match[1] ?? '')}\\d+${escapeRegExp(match[3] ?? '')}$`);
  const folder = dirname(path);
  const names = (await directories.list(folder)) ?? [];
  const found = names.filter((candidate) => pattern.test(candidate)).map((candidate) => join(folder, candidate));
  return found.length > 0 ? found : [path];
}

/** The `<UVTILE>` label of a UDIM tile number: 1001 -> `u1_v1`, 1012 -> `u2_v2`. */
export function uvTileLabel(tile: number): string {
  const index = tile - 1001;
  return `u${(index % 10) + 1}_v${Math.floor(index / 10) + 1}`;
}

/**
 * One path per UDIM tile. Blender 3.x stores a `<UDIM>` (or `<UVTILE>`) token; files from 2.9x
 * store the first tile's number in the name, which is swapped for each tile number.
 */
export function expandTiles(path: string, tiles: readonly number[]): readonly string[] {
  if (tiles.length === 0) return [path];
  if (path.includes('<UDIM>')) return tiles.map((tile) => path.replaceAll('<UDIM>', String(tile)));
  if (path.includes('<UVTILE>')) return tiles.map((tile) => path.replaceAll('<UVTILE>', uvTileLabel(tile)));
  const folder = dirname(path);
  const name = basename(path);
  const first = String(tiles[0]);
  const at = name.lastIndexOf(first);
  if (at < 0) return [path];
  return tiles.map((tile) => join(folder, `${name.slice(0, at)}${String(tile)}${name.slice(at + first.length)}`));
}

/** Most entries one cache folder may expand to; a path like `/` must not walk the whole disk. */
const maxDirectoryEntries = 20_000;

/** Every file below a folder (recursively, sorted, bounded), or the folder itself when it cannot be listed. */
export async function expandDirectory(folder: string): Promise<readonly string[]> {
  const files: string[] = [];
  let visited = 0;
  const walk = async (current: string, depth: number): Promise<boolean> => {
    let names: string[];
    try {
      names = (await readdir(current)).sort();
    } catch {
      return false;
    }
    for (const name of names) {
      visited += 1;
      if (visited > maxDirectoryEntries) break;
      const full = join(current, name);
      const info = await stat(full).catch(() => undefined);
      if (info?.isDirectory() === true) {
        if (depth < 16) await walk(full, depth + 1);
      } else if (info !== undefined) {
        files.push(full);
      }
    }
    return true;
  };
  const listed = await walk(folder, 0);
  return listed ? files : [folder];
}
