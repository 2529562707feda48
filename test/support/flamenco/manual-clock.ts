import type { Clock } from '../../../electron/core/ports';

type Timer = { readonly at: number; readonly order: number; readonly callback: () => void; canceled: boolean };

/** A clock that moves only when the test says so; timers fire in time order during {@link advance}. */
export class ManualClock implements Clock {
  private time: number;
  private order = 0;
  private timers: Timer[] = [];
  private waiters: { readonly ready: (delays: readonly number[]) => boolean; readonly resolve: () => void }[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, milliseconds: number): { cancel(): void } {
    const timer: Timer = { at: this.time + Math.max(0, milliseconds), order: this.order++, callback, canceled: false };
    this.timers.push(timer);
    this.wakeWaiters();
    return {
      cancel: () => {
        timer.canceled = true;
        this.timers = this.timers.filter((candidate) => candidate !== timer);
      },
    };
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /** Delays of the pending timers from now, in creation order. */
  pendingDelays(): number[] {
    return [...this.timers].sort((left, right) => left.order - right.order).map((timer) => timer.at - this.time);
  }

  /** Resolves once at least `count` timers are pending. */
  whenPending(count = 1): Promise<void> {
    return this.when((delays) => delays.length >= count);
  }

  /** Resolves once a timer with a delay accepted by `accept` is pending. */
  whenTimer(accept: (delay: number) => boolean): Promise<void> {
    return this.when((delays) => delays.some(accept));
  }

  private when(ready: (delays: readonly number[]) => boolean): Promise<void> {
    if (ready(this.pendingDelays())) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ready, resolve }));
  }

  /** Moves time forward, firing every timer that falls due (in order). */
  advance(milliseconds: number): void {
    const target = this.time + milliseconds;
    for (;;) {
      const next = [...this.timers].sort((left, right) => left.at - right.at || left.order - right.order)[0];
      if (next === undefined || next.at > target) break;
      this.timers = this.timers.filter((candidate) => candidate !== next);
      this.time = next.at;
      if (!next.canceled) next.callback();
    }
    this.time = target;
  }

  /** Fires the earliest pending timer (or the earliest `accept`ed one), moving time to it; returns its delay. */
  fireNext(accept: (delay: number) => boolean = () => true): number {
    const next = [...this.timers].sort((left, right) => left.at - right.at || left.order - right.order).find((timer) => accept(timer.at - this.time));
    if (next === undefined) throw new Error('No timer is pending');
    const delay = next.at - this.time;
    this.timers = this.timers.filter((candidate) => candidate !== next);
    this.time = next.at;
    next.callback();
    return delay;
  }

  private wakeWaiters(): void {
    const delays = this.pendingDelays();
    const ready = this.waiters.filter((waiter) => waiter.ready(delays));
    this.waiters = this.waiters.filter((waiter) => !waiter.ready(delays));
    for (const waiter of ready) waiter.resolve();
  }
}
