import type { LiveChange } from '../../../common/domain/farm';
import { assertNever } from '../../../common/assert-never';
import type { Notification } from '../../ports';

/**
 * The notification a live change deserves, if any: a job that completed, failed or was
 * canceled, and a worker that went offline.
 */
export function notificationFor(change: LiveChange): Notification | undefined {
  switch (change.kind) {
    case 'job-finished': {
      const target = { screen: 'job', jobId: change.job.id } as const;
      switch (change.outcome) {
        case 'completed':
          return { kind: 'job-completed', title: 'Job completed', body: change.job.name, target };
        case 'failed':
          return { kind: 'job-failed', title: 'Job failed', body: change.job.name, target };
        case 'canceled':
          return { kind: 'job-canceled', title: 'Job canceled', body: change.job.name, target };
        default:
          return assertNever(change.outcome, 'job outcome');
      }
    }
    case 'worker-went-offline':
      return { kind: 'worker-offline', title: 'Worker offline', body: change.worker.name };
    default:
      return undefined;
  }
}
