import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shell's logic lives in seams that take Electron's objects as arguments, so plain
// Node can test them: importing 'electron' outside Electron runs its installer (a download)
// and then throws. Only the wiring files may import Electron's values.
const mainDirectory = join(import.meta.dirname, '../../../electron/main');
const wiringFiles = ['index.ts', 'window/main-window.ts'];

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the Electron boundary of electron/main', () => {
  it('imports Electron values only in the wiring files; every seam imports types only', () => {
    const importing = sources(mainDirectory)
      .filter((file) => /^import\s+(?!type\b)[^;]*from\s+'electron'/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(mainDirectory, file).split('\\').join('/'))
      .sort();
    expect(importing).toEqual([...wiringFiles].sort());
  });
});
