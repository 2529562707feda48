import { describe, expect, it } from 'vitest';
import type { JobStatus, TaskStatus } from '../../../../electron/common/domain/farm';
import {
  allowedJobActions,
  allowedTaskActions,
  isFinalJobStatus,
  jobActionStatus,
  jobStatuses,
  taskActionStatus,
  taskStatuses,
} from '../../../../electron/common/domain/farm';

describe('allowedJobActions', () => {
  it('offers exactly the transitions of the web app for every job status', () => {
    const table = Object.fromEntries(jobStatuses.map((status) => [status, allowedJobActions(status)]));

    expect(table).toEqual({
      active: ['pause', 'cancel'],
      canceled: ['pause', 'requeue', 'delete'],
      completed: ['requeue', 'delete'],
      failed: ['cancel', 'requeue', 'delete'],
      paused: ['cancel', 'requeue', 'delete'],
      'pause-requested': ['cancel'],
      queued: ['pause', 'cancel', 'delete'],
      'cancel-requested': [],
      requeueing: [],
      'under-construction': [],
    } satisfies Record<JobStatus, readonly string[]>);
  });
});

describe('allowedTaskActions', () => {
  it('offers cancel and requeue by task status when the job is active', () => {
    const table = Object.fromEntries(taskStatuses.map((status) => [status, allowedTaskActions(status, 'active')]));

    expect(table).toEqual({
      active: ['cancel'],
      canceled: ['requeue'],
      completed: ['requeue'],
      failed: ['requeue'],
      queued: ['cancel'],
      'soft-failed': ['cancel'],
      paused: [],
    } satisfies Record<TaskStatus, readonly string[]>);
  });

  it('does not offer cancel while the job is pause-requested', () => {
    expect([allowedTaskActions('active', 'pause-requested'), allowedTaskActions('failed', 'pause-requested')]).toEqual([[], ['requeue']]);
  });
});

describe('action statuses', () => {
  it('maps each action to the status the Manager is sent', () => {
    expect([jobActionStatus('pause'), jobActionStatus('cancel'), jobActionStatus('requeue'), jobActionStatus('delete')]).toEqual([
      'pause-requested',
      'cancel-requested',
      'requeueing',
      undefined,
    ]);
    expect([taskActionStatus('cancel'), taskActionStatus('requeue')]).toEqual(['canceled', 'queued']);
  });

  it('treats completed, failed and canceled as final', () => {
    expect(jobStatuses.filter(isFinalJobStatus)).toEqual(['canceled', 'completed', 'failed']);
  });
});
