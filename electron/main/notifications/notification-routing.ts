import type { NavigationTarget } from '../../common/domain/shell';
import type { Notification, NotificationKind } from '../../core/ports';

/** Every kind of notification, so "notifications off" can mute them all. */
export const notificationKinds = Object.keys({
  'job-completed': true,
  'job-failed': true,
  'job-canceled': true,
  'upload-finished': true,
  'upload-failed': true,
  'queue-resumed': true,
  'worker-offline': true,
} satisfies Record<NotificationKind, true>) as readonly NotificationKind[];

/** What to do with one notification from core. */
export type NotificationRoute =
  | { readonly show: false; readonly reason: 'muted' }
  | { readonly show: true; readonly title: string; readonly body: string; readonly urgent: boolean; readonly clickTarget: NavigationTarget | undefined };

/** True when the user muted every kind (the tray's "Notifications" is unchecked). */
export function allNotificationsMuted(muted: readonly string[]): boolean {
  return notificationKinds.every((kind) => muted.includes(kind));
}

/** The muted list after the tray's "Notifications" toggle. */
export function toggledMutedNotifications(muted: readonly string[]): readonly string[] {
  return allNotificationsMuted(muted) ? [] : [...notificationKinds];
}

/**
 * Decides whether a notification is shown (the `mutedNotifications` setting) and what a
 * click opens: the job, or the queue for uploads; failures are marked urgent.
 */
export function routeNotification(notification: Notification, muted: readonly string[]): NotificationRoute {
  if (muted.includes(notification.kind)) return { show: false, reason: 'muted' };
  const target = notification.target;
  const clickTarget: NavigationTarget | undefined =
    target === undefined
      ? notification.kind === 'upload-finished' || notification.kind === 'upload-failed' || notification.kind === 'queue-resumed'
        ? { screen: 'queue' }
        : undefined
      : target.screen === 'job'
        ? { screen: 'job', jobId: target.jobId }
        : { screen: 'queue', submissionId: target.submissionId };
  const urgent = notification.kind === 'job-failed' || notification.kind === 'upload-failed';
  return { show: true, title: notification.title, body: notification.body, urgent, clickTarget };
}
