import type { NotificationConstructorOptions } from 'electron';
import type { NavigationTarget } from '../../common/domain/shell';
import type { Logger } from '../../core/logging/rotating-log';
import type { Notifier } from '../../core/ports';
import { routeNotification } from '../notifications/notification-routing';

/** The part of an Electron `Notification` the notifier uses. */
export type NativeNotification = {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
};

/** Electron's notification abilities, injected (fakes in tests). */
export type NotificationHost = {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): NativeNotification;
};

/** What the notifier reads and calls. */
export type NotifierOptions = {
  readonly host: NotificationHost;
  /** The `mutedNotifications` setting, read at each notification. */
  readonly mutedKinds: () => readonly string[];
  /** Brings the window up, and takes it to `target` when there is one. */
  readonly onClick: (target: NavigationTarget | undefined) => void;
  readonly iconPath?: string;
  readonly logger: Logger;
};

/** Core's notifier port as native notifications, honouring the muted kinds. */
export function nativeNotifier(options: NotifierOptions): Notifier & { readonly showing: number } {
  // Electron drops the click handler of a notification that was garbage-collected, so
  // each one is held until it is clicked or closed.
  const alive = new Set<NativeNotification>();
  return {
    get showing() {
      return alive.size;
    },
    notify(notification) {
      const route = routeNotification(notification, options.mutedKinds());
      if (!route.show) return;
      if (!options.host.isSupported()) {
        options.logger.log('info', 'notification not supported here', { kind: notification.kind });
        return;
      }
      const native = options.host.create({
        title: route.title,
        body: route.body,
        urgency: route.urgent ? 'critical' : 'normal',
        ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
      });
      alive.add(native);
      native.on('click', () => {
        alive.delete(native);
        options.onClick(route.clickTarget);
      });
      native.on('close', () => alive.delete(native));
      native.show();
      options.logger.log('info', 'notification shown', { kind: notification.kind });
    },
  };
}
