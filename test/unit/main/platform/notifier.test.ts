import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { NavigationTarget } from '../../../../electron/common/domain/shell';
import type { NativeNotification } from '../../../../electron/main/platform/notifier';
import { nativeNotifier } from '../../../../electron/main/platform/notifier';

function setup(options: { supported?: boolean; muted?: readonly string[] } = {}) {
  const created: NotificationConstructorOptions[] = [];
  const handlers: Map<string, () => void>[] = [];
  const clicks: (NavigationTarget | undefined)[] = [];
  const lines: string[] = [];
  const notifier = nativeNotifier({
    host: {
      isSupported: () => options.supported ?? true,
      create: (notificationOptions): NativeNotification => {
        created.push(notificationOptions);
        const events = new Map<string, () => void>();
        handlers.push(events);
        return { show: () => undefined, on: (event, listener) => events.set(event, listener) };
      },
    },
    mutedKinds: () => options.muted ?? [],
    onClick: (target) => clicks.push(target),
    iconPath: '/r/icon.png',
    logger: { log: (level, message) => lines.push(`${level} ${message}`) },
  });
  return { notifier, created, handlers, clicks, lines };
}

describe('nativeNotifier', () => {
  it('shows a notification and a click opens its target', () => {
    const { notifier, created, handlers, clicks } = setup();
    notifier.notify({ kind: 'job-failed', title: 'shot failed', body: '3 tasks failed', target: { screen: 'job', jobId: 'j9' } });
    const showingBefore = notifier.showing;
    handlers[0]?.get('click')?.();
    expect({ created, clicks, showingBefore, showingAfter: notifier.showing }).toEqual({
      created: [{ title: 'shot failed', body: '3 tasks failed', urgency: 'critical', icon: '/r/icon.png' }],
      clicks: [{ screen: 'job', jobId: 'j9' }],
      showingBefore: 1,
      showingAfter: 0,
    });
  });

  it('shows nothing for a muted kind or where notifications are unsupported', () => {
    const muted = setup({ muted: ['upload-finished'] });
    muted.notifier.notify({ kind: 'upload-finished', title: 't', body: 'b' });
    const unsupported = setup({ supported: false });
    unsupported.notifier.notify({ kind: 'upload-finished', title: 't', body: 'b' });
    expect({ muted: muted.created, unsupported: unsupported.created, lines: unsupported.lines }).toEqual({ muted: [], unsupported: [], lines: ['info notification not supported here'] });
  });

  it('informs about the app itself even when every kind is muted', () => {
    const { notifier, created, handlers, clicks } = setup({ muted: ['job-completed', 'queue-resumed'] });
    notifier.inform('Still running', 'In the tray');
    handlers[0]?.get('close')?.();
    expect({ created, clicks, showing: notifier.showing }).toEqual({ created: [{ title: 'Still running', body: 'In the tray', urgency: 'normal', icon: '/r/icon.png' }], clicks: [], showing: 0 });
  });
});
