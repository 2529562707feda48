import { describe, expect, it } from 'vitest';
import type { TrayInput } from '../../../../electron/main/tray/tray-state';
import { jobPercent, trayIcon, trayState } from '../../../../electron/main/tray/tray-state';

const idle: TrayInput = {
  connection: 'live',
  managerName: 'Studio farm',
  activeJobs: [],
  activeUploads: 0,
  queue: { paused: false, pending: 0 },
  attention: 0,
  notificationsMuted: false,
};

describe('trayState', () => {
  it('shows an idle farm with nothing running', () => {
    expect(trayState(idle)).toEqual({
      icon: 'idle',
      tooltip: 'Flamenco Desk\nConnected to Studio farm\nNothing running',
      menu: [
        { kind: 'action', label: 'Open Flamenco Desk', action: { kind: 'open-window' }, enabled: true },
        { kind: 'separator' },
        { kind: 'label', label: 'No active jobs' },
        { kind: 'separator' },
        { kind: 'action', label: 'Pause the queue', action: { kind: 'pause-queue' }, enabled: false },
        { kind: 'checkbox', label: 'Notifications', action: { kind: 'toggle-notifications' }, checked: true },
        { kind: 'separator' },
        { kind: 'action', label: 'Quit', action: { kind: 'quit' }, enabled: true },
      ],
    });
  });

  it('lists rendering jobs with progress, counts in the tooltip and offers resuming a paused queue', () => {
    const input: TrayInput = {
      ...idle,
      connection: 'polling',
      activeJobs: [
        { id: 'j1', name: 'shot-010', stepsCompleted: 25, stepsTotal: 100 },
        { id: 'j2', name: 'shot-020', stepsCompleted: 0, stepsTotal: 0 },
      ],
      activeUploads: 1,
      queue: { paused: true, pending: 3 },
      notificationsMuted: true,
    };
    expect(trayState(input)).toEqual({
      icon: 'rendering',
      tooltip: 'Flamenco Desk\nConnected to Studio farm (polling)\n2 jobs rendering\n1 upload running\n3 submissions queued (paused)',
      menu: [
        { kind: 'action', label: 'Open Flamenco Desk', action: { kind: 'open-window' }, enabled: true },
        { kind: 'separator' },
        { kind: 'action', label: 'shot-010 — 25%', action: { kind: 'open-job', jobId: 'j1' }, enabled: true },
        { kind: 'action', label: 'shot-020 — 0%', action: { kind: 'open-job', jobId: 'j2' }, enabled: true },
        { kind: 'separator' },
        { kind: 'action', label: 'Resume the queue', action: { kind: 'resume-queue' }, enabled: true },
        { kind: 'checkbox', label: 'Notifications', action: { kind: 'toggle-notifications' }, checked: false },
        { kind: 'separator' },
        { kind: 'action', label: 'Quit', action: { kind: 'quit' }, enabled: true },
      ],
    });
  });

  it('lists at most five jobs and says how many more there are', () => {
    const jobs = Array.from({ length: 7 }, (_, index) => ({ id: `j${index}`, name: `job ${index}`, stepsCompleted: index, stepsTotal: 10 }));
    const labels = trayState({ ...idle, activeJobs: jobs, queue: undefined }).menu.flatMap((item) => (item.kind === 'separator' ? [] : [item.label]));
    expect(labels).toEqual(['Open Flamenco Desk', 'job 0 — 0%', 'job 1 — 10%', 'job 2 — 20%', 'job 3 — 30%', 'job 4 — 40%', 'and 2 more…', 'Notifications', 'Quit']);
  });
});

describe('trayIcon', () => {
  it('puts attention first, then the connection, then activity', () => {
    const cases: readonly TrayInput[] = [
      { ...idle, attention: 2, connection: 'offline' },
      { ...idle, connection: 'offline', activeJobs: [{ id: 'j', name: 'j', stepsCompleted: 1, stepsTotal: 2 }] },
      { ...idle, connection: 'not-configured' },
      { ...idle, connection: 'connecting' },
      { ...idle, activeUploads: 1 },
      idle,
    ];
    expect(cases.map(trayIcon)).toEqual(['attention', 'offline', 'offline', 'idle', 'rendering', 'idle']);
  });

  it('says why in the tooltip when the farm is unreachable or needs attention', () => {
    expect([
      trayState({ ...idle, connection: 'offline', attention: 1 }).tooltip,
      trayState({ ...idle, connection: 'not-configured', managerName: undefined, queue: undefined }).tooltip,
      trayState({ ...idle, connection: 'connecting', managerName: undefined }).tooltip,
    ]).toEqual([
      'Flamenco Desk\nStudio farm is unreachable\n1 needs attention',
      'Flamenco Desk\nNo Manager set up\nNothing running',
      'Flamenco Desk\nConnecting to the farm\nNothing running',
    ]);
  });
});

describe('jobPercent', () => {
  it('floors to whole percents and stays within 0..100', () => {
    expect([
      jobPercent({ id: 'a', name: 'a', stepsCompleted: 1, stepsTotal: 3 }),
      jobPercent({ id: 'b', name: 'b', stepsCompleted: 12, stepsTotal: 10 }),
      jobPercent({ id: 'c', name: 'c', stepsCompleted: 5, stepsTotal: 0 }),
    ]).toEqual([33, 100, 0]);
  });
});
