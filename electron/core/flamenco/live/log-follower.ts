import type { Clock } from '../../ports';
import { systemClock } from '../../ports';
import type { ManagerClient } from '../manager-client';

/** What a {@link followTaskLog} listener hears. */
export type TaskLogUpdate =
  /** The log's tail changed; `text` is the Manager's current tail (last lines). */
  | { readonly kind: 'tail'; readonly text: string }
  /** The task has no log yet (204). */
  | { readonly kind: 'empty' }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Follows a task's log by polling `GET /tasks/{id}/logtail`: the Manager never sends
 * `/tasklog` events to a `tasklog` subscription (MANAGER-FACTS "Known Manager bug"), so the
 * socket cannot be used. Only changes are reported. Returns the function that stops.
 */
export function followTaskLog(
  client: ManagerClient,
  taskId: string,
  listener: (update: TaskLogUpdate) => void,
  options: { readonly clock?: Clock; readonly intervalMilliseconds?: number } = {},
): () => void {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMilliseconds ?? 2_000;
  let stopped = false;
  let timer: { cancel(): void } | undefined;
  let last: string | undefined | null = null;
  const poll = async (): Promise<void> => {
    try {
      const text = await client.taskLogTail(taskId);
      if (stopped) return;
      if (text !== last) {
        last = text;
        listener(text === undefined ? { kind: 'empty' } : { kind: 'tail', text });
      }
    } catch (error) {
      if (!stopped) listener({ kind: 'error', error });
    }
    if (!stopped) timer = clock.setTimeout(() => void poll(), interval);
  };
  void poll();
  return () => {
    stopped = true;
    timer?.cancel();
  };
}
