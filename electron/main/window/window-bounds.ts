import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A window's position and size; `x`/`y` missing = let the OS place it. */
export type WindowBounds = {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
};

/** What is remembered between runs. */
export type SavedWindowState = {
  readonly bounds: WindowBounds;
  readonly maximized: boolean;
};

/** A rectangle of a display the window may appear on (Electron's `workArea`). */
export type DisplayArea = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

/** The size of a first run. */
export const defaultWindowBounds: WindowBounds = { width: 1200, height: 800 };

// A window must show at least this much on some display to count as visible.
const minimumVisible = 64;

/**
 * Fits saved bounds to the displays that exist now: a window saved on an unplugged monitor
 * or larger than the screen comes back centred on the primary display instead of being lost.
 */
export function clampToDisplays(saved: WindowBounds, displays: readonly DisplayArea[], minimum: { readonly width: number; readonly height: number }): WindowBounds {
  const primary = displays[0];
  if (primary === undefined) return { width: Math.max(saved.width, minimum.width), height: Math.max(saved.height, minimum.height) };
  const host = saved.x === undefined || saved.y === undefined ? undefined : bestDisplay(saved, displays);
  const area = host ?? primary;
  const width = Math.round(Math.min(Math.max(saved.width, minimum.width), area.width));
  const height = Math.round(Math.min(Math.max(saved.height, minimum.height), area.height));
  if (host === undefined || saved.x === undefined || saved.y === undefined) {
    return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
  }
  const x = Math.round(Math.min(Math.max(saved.x, area.x), area.x + area.width - width));
  const y = Math.round(Math.min(Math.max(saved.y, area.y), area.y + area.height - height));
  return { x, y, width, height };
}

// The display showing most of the window, if one shows enough of it to grab.
function bestDisplay(bounds: WindowBounds, displays: readonly DisplayArea[]): DisplayArea | undefined {
  let best: { readonly display: DisplayArea; readonly area: number } | undefined;
  for (const display of displays) {
    const x = bounds.x ?? 0;
    const y = bounds.y ?? 0;
    const horizontal = Math.min(x + bounds.width, display.x + display.width) - Math.max(x, display.x);
    const vertical = Math.min(y + bounds.height, display.y + display.height) - Math.max(y, display.y);
    if (horizontal < minimumVisible || vertical < minimumVisible) continue;
    if (best === undefined || horizontal * vertical > best.area) best = { display, area: horizontal * vertical };
  }
  return best?.display;
}

function finiteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Reads the saved state; a missing or damaged file means a first run. */
export function loadWindowState(file: string): SavedWindowState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { bounds, maximized } = parsed as { bounds?: Record<string, unknown>; maximized?: unknown };
  if (bounds === undefined || !finiteNumber(bounds['width']) || !finiteNumber(bounds['height']) || bounds['width'] <= 0 || bounds['height'] <= 0) return undefined;
  const position = finiteNumber(bounds['x']) && finiteNumber(bounds['y']) ? { x: bounds['x'], y: bounds['y'] } : {};
  return { bounds: { ...position, width: bounds['width'], height: bounds['height'] }, maximized: maximized === true };
}

/** Writes the state; failing to remember a window size is not worth an error. */
export function saveWindowState(file: string, state: SavedWindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // The next run falls back to default bounds.
  }
}
