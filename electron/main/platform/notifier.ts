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

/** Core's notifier port, plus what the shell itself tells the user. */
export type NativeNotifier = Notifier & {
  /** Notifications shown and not yet clicked or closed. */
  readonly showing: number;
  /** Tells the user something about the app itself (never muted, no click target). */
  inform(title: string, body: string): void;
};

/** Core's notifier port as native notifications, honouring the muted kinds. */
export function nativeNotifier(options: NotifierOptions): NativeNotifier {
  // Electron drops the click handler of a notification that was garbage-collected, so
  // each one is held until it is clicked or closed.
  const alive = new Set<NativeNotification>();
  const show = (title: string, body: string, urgent: boolean, onClick: () => void): boolean => {
    if (!options.host.isSupported()) return false;
    const native = options.host.create({
      title,
      body,
      urgency: urgent ? 'critical' : 'normal',
      ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
    });
    alive.add(native);
    native.on('click', () => {
      alive.delete(native);
      onClick();
    });
    native.on('close', () => alive.delete(native));
    native.show();
    return true;
  };
  return {
    get showing() {
      return alive.size;
    },
    notify(notification) {
      const route = routeNotification(notification, options.mutedKinds());
      if (!route.show) return;
      const shown = show(route.title, route.body, route.urgent, () => options.onClick(route.clickTarget));
      if (!shown) {
        options.logger.log('info', 'notification not supported here', { kind: notification.kind });
        return;
      }
      options.logger.log('info', 'notification shown', { kind: notification.kind });
    },
    inform(title, body) {
      show(title, body, false, () => options.onClick(undefined));
    },
  };
}
