import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../../electron/core/ports';
import { allNotificationsMuted, notificationKinds, routeNotification, toggledMutedNotifications } from '../../../../electron/main/notifications/notification-routing';

describe('routeNotification', () => {
  it('shows a job notification whose click opens the job', () => {
    const notification: Notification = { kind: 'job-completed', title: 'shot-010 finished', body: 'All 250 frames rendered.', target: { screen: 'job', jobId: 'j1' } };
    expect(routeNotification(notification, [])).toEqual({ show: true, title: 'shot-010 finished', body: 'All 250 frames rendered.', urgent: false, clickTarget: { screen: 'job', jobId: 'j1' } });
  });

  it('marks failures urgent and sends upload clicks to the queue', () => {
    expect([
      routeNotification({ kind: 'job-failed', title: 't', body: 'b', target: { screen: 'job', jobId: 'j2' } }, []),
      routeNotification({ kind: 'upload-failed', title: 't', body: 'b', target: { screen: 'queue', submissionId: 's1' } }, []),
      routeNotification({ kind: 'upload-finished', title: 't', body: 'b' }, []),
      routeNotification({ kind: 'worker-offline', title: 't', body: 'b' }, []),
    ]).toEqual([
      { show: true, title: 't', body: 'b', urgent: true, clickTarget: { screen: 'job', jobId: 'j2' } },
      { show: true, title: 't', body: 'b', urgent: true, clickTarget: { screen: 'queue', submissionId: 's1' } },
      { show: true, title: 't', body: 'b', urgent: false, clickTarget: { screen: 'queue' } },
      { show: true, title: 't', body: 'b', urgent: false, clickTarget: undefined },
    ]);
  });

  it('drops muted kinds', () => {
    expect(routeNotification({ kind: 'job-canceled', title: 't', body: 'b' }, ['job-canceled'])).toEqual({ show: false, reason: 'muted' });
  });
});

describe('notification toggling', () => {
  it('mutes every kind, then unmutes all', () => {
    const muted = toggledMutedNotifications(['job-failed']);
    const unmuted = toggledMutedNotifications(muted);
    expect({ muted, unmuted, states: [allNotificationsMuted(muted), allNotificationsMuted(unmuted)] }).toEqual({
      muted: ['job-completed', 'job-failed', 'job-canceled', 'upload-finished', 'upload-failed', 'queue-resumed', 'worker-offline'],
      unmuted: [],
      states: [true, false],
    });
  });

  it('lists every kind once', () => {
    expect(new Set(notificationKinds).size).toBe(7);
  });
});
