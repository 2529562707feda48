/** Paths of files handed to the window by drag and drop. */

/** Turns `file:///a/b%20c.blend` (a text/uri-list line) into `/a/b c.blend`; undefined for other URLs. */
export function pathFromFileUrl(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || !trimmed.toLowerCase().startsWith('file://')) return undefined;
  try {
    const path = decodeURIComponent(new URL(trimmed).pathname);
    // file:///C:/x on Windows has a leading slash before the drive letter.
    return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
  } catch {
    return undefined;
  }
}

/** A .blend path (case-insensitive; `.blend1` backups are not). */
export function isBlendPath(path: string): boolean {
  return /\.blend$/i.test(path);
}
