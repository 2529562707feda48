import { CoreError } from '../errors';
import type { Clock } from '../ports';

/** Bounded exponential backoff with jitter. */
export type Backoff = {
  /** Delay before the first retry. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
};

/** The default backoff: 250 ms doubling up to 5 s. */
export const defaultBackoff: Backoff = { baseDelayMs: 250, maxDelayMs: 5_000 };

/** The delay before retry number `attempt` (1-based): half fixed, half jitter. */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + (ceiling / 2) * random();
}

/** Waits on the injected clock; rejects with `canceled` when `signal` aborts. */
export function delay(clock: Clock, milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(canceledError());
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.cancel();
      reject(canceledError());
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error every canceled transfer step ends with. */
export function canceledError(): CoreError {
  return new CoreError('canceled', 'The transfer was canceled.');
}

/** Throws `canceled` when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw canceledError();
}

/**
 * Runs `work` over `items` with at most `parallel` at a time. The first failure aborts
 * the rest (through the signal `work` gets) and is rethrown once every started item
 * has settled, so nothing keeps running behind the caller's back.
 */
export async function runLimited<T>(
  items: readonly T[],
  parallel: number,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) inner.abort();
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && !inner.signal.aborted) {
      const index = next;
      next += 1;
      const item = items[index];
      if (index >= items.length || item === undefined) return;
      try {
        await work(item, inner.signal);
      } catch (error) {
        failure ??= { error };
        inner.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted === true) throw canceledError();
  if (failure !== undefined) throw failure.error;
}
