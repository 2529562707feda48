import type { Clock } from '../ports';

/**
 * Calls `run` at most once per `intervalMilliseconds`: the first call runs at once, calls
 * during the interval are folded into one trailing run, so the last state always goes out.
 */
export function throttle(clock: Clock, intervalMilliseconds: number, run: () => void): { (): void; cancel(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let pending: { cancel(): void } | undefined;
  const fire = (): void => {
    pending = undefined;
    last = clock.now();
    run();
  };
  const call = (): void => {
    if (pending !== undefined) return;
    const wait = last + intervalMilliseconds - clock.now();
    if (wait <= 0) fire();
    else pending = clock.setTimeout(fire, wait);
  };
  call.cancel = (): void => {
    pending?.cancel();
    pending = undefined;
  };
  return call;
}
