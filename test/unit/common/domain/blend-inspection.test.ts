import { describe, expect, it } from 'vitest';
import type { Dependency } from '../../../../electron/common/domain/dependency';
import { isAbsoluteStoredPath, summarizeDependencies } from '../../../../electron/common/domain/blend-inspection';

function dependency(storedPath: string, absolutePath: string, exists: boolean, insideProject: boolean): Dependency {
  return { kind: 'image', block: 'IMx', storedPath, absolutePath, exists, insideProject, fromFile: '/p/shot.blend', packed: false };
}

describe('isAbsoluteStoredPath', () => {
  it('tells Blender-relative paths from POSIX, drive-letter and UNC absolute ones', () => {
    expect(['//tex/a.png', '/mnt/a.png', 'C:\\tex\\a.png', 'D:/a.png', '\\\\server\\share\\a.png', 'tex/a.png'].map(isAbsoluteStoredPath)).toEqual([false, true, true, true, true, false]);
  });
});

describe('summarizeDependencies', () => {
  it('counts missing, outside-the-project and absolute references and adds up known sizes', () => {
    const dependencies = [
      dependency('//tex/a.png', '/p/tex/a.png', true, true),
      dependency('//tex/gone.png', '/p/tex/gone.png', false, true),
      dependency('/shared/b.png', '/shared/b.png', true, false),
      dependency('/shared/gone.png', '/shared/gone.png', false, false),
    ];
    expect(summarizeDependencies(dependencies, new Map([['/p/tex/a.png', 100], ['/shared/b.png', 50]]))).toEqual({ total: 4, totalBytes: 150, missing: 2, outsideProject: 1, absolute: 2 });
  });
});
