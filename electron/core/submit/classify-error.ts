import { assertNever } from '../../common/assert-never';
import type { AppError } from '../../common/errors';

/**
 * What the queue does after an error:
 * - `unreachable`: wait for the Manager (retry with backoff, and at once when it is back);
 * - `rejected`: the Manager or the inputs said no; the user must change something;
 * - `transient`: try again a few times, then stop with `failed`;
 * - `canceled`: the user stopped the work; the state already says so.
 */
export type ErrorVerdict = 'unreachable' | 'rejected' | 'transient' | 'canceled';

/** Gateway statuses that a proxy in front of a stopped Manager answers. */
const proxyDownStatuses = [502, 503, 504];

/** Sorts an error into an {@link ErrorVerdict}. */
export function classifyError(error: AppError): ErrorVerdict {
  switch (error.code) {
    case 'manager-unreachable':
    case 'manager-timeout':
      return 'unreachable';
    case 'manager-http':
      // 400 (compiler text), 404 and 500 (an unknown worker tag on submit) will not change by
      // themselves: retrying them would repeat the same answer forever (MANAGER-FACTS "Job types").
      return error.status !== undefined && proxyDownStatuses.includes(error.status) ? 'unreachable' : 'rejected';
    case 'canceled':
      return 'canceled';
    case 'manager-job-type-changed':
    case 'settings-invalid':
    case 'invalid-argument':
    case 'not-found':
    case 'conflict':
    case 'file-missing':
    case 'file-unreadable':
    case 'blend-invalid':
    case 'blend-unsupported':
    case 'blender-not-found':
    case 'shaman-disabled':
    case 'manager-not-flamenco':
    case 'forbidden-sender':
    case 'secret-store-unavailable':
      return 'rejected';
    case 'manager-invalid-response':
    case 'shaman-checksum-mismatch':
    case 'shaman-checkout-failed':
    case 'file-changed':
    case 'blender-failed':
    case 'blender-timeout':
    case 'internal':
    case 'database-corrupt':
    case 'database-too-new':
      return 'transient';
    default:
      return assertNever(error.code, 'error code');
  }
}
