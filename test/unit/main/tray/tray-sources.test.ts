import { describe, expect, it } from 'vitest';
import type { JobId, JobSummary } from '../../../../electron/common/domain/farm';
import type { ManagerId, ManagerProfile } from '../../../../electron/common/domain/manager-profile';
import { defaultSettings } from '../../../../electron/common/domain/settings';
import type { TransferProgress } from '../../../../electron/common/domain/shaman';
import { notificationKinds } from '../../../../electron/main/notifications/notification-routing';
import { readTrayInput, trayConnection, trayJobs } from '../../../../electron/main/tray/tray-sources';

const manager: ManagerProfile = {
  id: 'm1' as ManagerId,
  name: 'Studio farm',
  url: 'http://farm.local:8080/',
  extraHeaders: {},
  secretHeaderNames: [],
  isActive: true,
  createdAt: 0,
};

function job(id: string, status: JobSummary['status'], updated: string): JobSummary {
  return { id: id as JobId, name: id, type: 'simple-blender-render', status, priority: 50, stepsCompleted: 1, stepsTotal: 4, updated, activity: '', settings: {}, metadata: {} };
}

const upload: TransferProgress = { phase: 'upload', filesDone: 1, filesTotal: 2, bytesDone: 10, bytesTotal: 20, bytesPerSecond: 5, etaSeconds: 2 };

describe('trayConnection', () => {
  it('maps the live model state and the lack of a Manager', () => {
    expect([
      trayConnection({ kind: 'live' }, undefined),
      trayConnection(undefined, manager),
      trayConnection({ kind: 'connecting' }, manager),
      trayConnection({ kind: 'live' }, manager),
      trayConnection({ kind: 'polling', reason: 'socket refused' }, manager),
      trayConnection({ kind: 'stopped' }, manager),
    ]).toEqual(['not-configured', 'connecting', 'connecting', 'live', 'polling', 'offline']);
  });
});

describe('trayJobs', () => {
  it('keeps active jobs, most recently updated first', () => {
    const jobs = [job('old', 'active', '2026-01-01T00:00:00Z'), job('done', 'completed', '2026-01-03T00:00:00Z'), job('new', 'active', '2026-01-02T00:00:00Z')];
    expect(trayJobs(jobs)).toEqual([
      { id: 'new', name: 'new', stepsCompleted: 1, stepsTotal: 4 },
      { id: 'old', name: 'old', stepsCompleted: 1, stepsTotal: 4 },
    ]);
  });
});

describe('readTrayInput', () => {
  it('reads only settings and the Manager when nothing else is wired', () => {
    expect(readTrayInput({ settings: () => defaultSettings, activeManager: () => undefined })).toEqual({
      connection: 'not-configured',
      managerName: undefined,
      activeJobs: [],
      activeUploads: 0,
      queue: undefined,
      attention: 0,
      notificationsMuted: false,
    });
  });

  it('reads every source that exists', () => {
    expect(
      readTrayInput({
        settings: () => ({ ...defaultSettings, mutedNotifications: [...notificationKinds] }),
        activeManager: () => manager,
        connection: () => ({ kind: 'live' }),
        jobs: () => [job('a', 'active', '2026-01-01T00:00:00Z')],
        transfers: () => [upload, upload],
        queue: () => ({ paused: true, pending: 2 }),
        attention: () => 1,
      }),
    ).toEqual({
      connection: 'live',
      managerName: 'Studio farm',
      activeJobs: [{ id: 'a', name: 'a', stepsCompleted: 1, stepsTotal: 4 }],
      activeUploads: 2,
      queue: { paused: true, pending: 2 },
      attention: 1,
      notificationsMuted: true,
    });
  });
});
