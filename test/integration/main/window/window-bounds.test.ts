import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../../../electron/main/window/window-bounds';

describe('window state file', () => {
  it('round-trips the saved state', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'window-state-')), 'nested', 'window-state.json');
    saveWindowState(file, { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: true });
  });

  it('treats a missing or damaged file as a first run', () => {
    const directory = mkdtempSync(join(tmpdir(), 'window-state-'));
    const damaged = join(directory, 'damaged.json');
    writeFileSync(damaged, '{"bounds":{"width":"wide"}}');
    const truncated = join(directory, 'truncated.json');
    writeFileSync(truncated, '{"bounds":');
    expect([loadWindowState(join(directory, 'missing.json')), loadWindowState(damaged), loadWindowState(truncated)]).toEqual([undefined, undefined, undefined]);
  });

  it('drops a partial position', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'window-state-')), 'state.json');
    writeFileSync(file, JSON.stringify({ bounds: { x: 5, width: 900, height: 600 } }));
    expect(loadWindowState(file)).toEqual({ bounds: { width: 900, height: 600 }, maximized: false });
  });
});
