import { describe, expect, it } from 'vitest';
import { clampToDisplays } from '../../../../electron/main/window/window-bounds';

const minimum = { width: 800, height: 560 };
const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('clampToDisplays', () => {
  it('keeps bounds that fit on a display', () => {
    expect(clampToDisplays({ x: 100, y: 50, width: 1200, height: 800 }, [primary, right], minimum)).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
  });

  it('keeps a window on a secondary display', () => {
    expect(clampToDisplays({ x: 2000, y: 100, width: 1000, height: 700 }, [primary, right], minimum)).toEqual({ x: 2000, y: 100, width: 1000, height: 700 });
  });

  it('centres a window saved on a display that is gone on the primary one', () => {
    expect(clampToDisplays({ x: 4000, y: 100, width: 1000, height: 700 }, [primary], minimum)).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display and pulls it fully onto it', () => {
    expect(clampToDisplays({ x: 1800, y: -50, width: 1500, height: 1200 }, [primary, right], minimum)).toEqual({ x: 1920, y: 0, width: 1280, height: 1024 });
  });

  it('grows a window below the minimum size and centres a window without a position', () => {
    expect(clampToDisplays({ width: 300, height: 200 }, [primary], minimum)).toEqual({ x: 560, y: 240, width: 800, height: 560 });
  });

  it('returns a size only when no display is known', () => {
    expect(clampToDisplays({ x: 5, y: 5, width: 1000, height: 700 }, [], minimum)).toEqual({ width: 1000, height: 700 });
  });
});
