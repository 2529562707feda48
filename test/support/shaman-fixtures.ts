import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../../electron/core/ports';

/** A clock the test moves by hand; timers fire on {@link ManualClock.advance}. */
export type ManualClock = Clock & { advance(milliseconds: number): void };

/** A {@link ManualClock} starting at `start`. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  const timers = new Set<{ at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, milliseconds) {
      const timer = { at: now + milliseconds, callback };
      timers.add(timer);
      return { cancel: () => timers.delete(timer) };
    },
    advance(milliseconds) {
      now += milliseconds;
      for (const timer of [...timers].sort((left, right) => left.at - right.at)) {
        if (timer.at > now) continue;
        timers.delete(timer);
        timer.callback();
      }
    },
  };
}

/**
 * Real time for `now()`, but waits end on the next turn of the event loop: backoff delays
 * cost nothing, so tests of retries never sleep.
 */
export const immediateClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback) {
    const handle = setImmediate(callback);
    return { cancel: () => clearImmediate(handle) };
  },
};

/** Writes `files` (relative path -> content) under `root`; returns their absolute paths. */
export function writeFiles(root: string, files: Readonly<Record<string, string | Buffer>>): string[] {
  return Object.entries(files).map(([relative, content]) => {
    const absolute = join(root, relative);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return absolute;
  });
}

/** Lowercase hex SHA-256 of `content`. */
export function sha256Of(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
