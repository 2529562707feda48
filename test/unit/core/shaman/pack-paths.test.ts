import { describe, expect, it } from 'vitest';
import { outsidePackPath, packPathInside } from '../../../../electron/core/shaman/pack-plan';

describe('packPathInside', () => {
  it('gives the POSIX path under the root when the file is inside it', () => {
    expect(packPathInside('/p/proj', '/p/proj/tex/wood.png', 'posix')).toBe('tex/wood.png');
    expect(packPathInside('C:\\proj', 'C:\\proj\\tex\\wood.png', 'win32')).toBe('tex/wood.png');
  });

  it('gives undefined when the file is outside the root or is the root', () => {
    expect([
      packPathInside('/p/proj', '/p/other/a.png', 'posix'),
      packPathInside('/p/proj', '/p/proj', 'posix'),
      packPathInside('/p/proj', '/p/project2/a.png', 'posix'),
      packPathInside('C:\\proj', 'D:\\proj\\a.png', 'win32'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('outsidePackPath', () => {
  it('strips the root, drive letter or UNC prefix under _outside', () => {
    expect([
      outsidePackPath('/mnt/library/wood.png', 'posix'),
      outsidePackPath('C:\\library\\wood.png', 'win32'),
      outsidePackPath('d:/library/wood.png', 'win32'),
      outsidePackPath('\\\\server\\share\\wood.png', 'win32'),
    ]).toEqual(['_outside/mnt/library/wood.png', '_outside/C/library/wood.png', '_outside/D/library/wood.png', '_outside/server/share/wood.png']);
  });
});
