import type { WebContents } from 'electron';
import type { EventChannel, EventPayload } from '../../common/ipc/contract';
import type { EventHub } from '../../core/api/event-hub';
import type { Logger } from '../../core/logging/rotating-log';

/** The window contents events go to (Electron's `WebContents`). */
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

/** Sends one contract event to a page, if it is still there. The only `webContents.send`. */
export function emit<C extends EventChannel>(target: EventTarget | undefined, channel: C, payload: EventPayload<C>): boolean {
  if (target === undefined || target.isDestroyed()) return false;
  target.send(channel, payload);
  return true;
}

/** Forwards every core event to the main window's page; returns the unsubscribe function. */
export function forwardEvents(events: EventHub, target: () => EventTarget | undefined, logger: Logger): () => void {
  return events.subscribe((channel, payload) => {
    try {
      emit(target(), channel, payload);
    } catch (error) {
      logger.log('warn', 'event not delivered', { channel, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
