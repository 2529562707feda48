import type { EventChannel, EventPayload } from '../../common/ipc/contract';

/** A listener that receives every contract event. */
export type EventListener = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

/**
 * Where core publishes contract events. The Electron shell forwards them to windows, the
 * bridge to its sockets, the CLI to the terminal: core does not know which.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Publishes one event to every listener; a failing listener does not stop the others. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch {
        // A broken window or socket must not break core; its owner logs and drops it.
      }
    }
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
