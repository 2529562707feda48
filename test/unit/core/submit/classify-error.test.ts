import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../electron/common/errors';
import { classifyError } from '../../../../electron/core/submit/classify-error';

describe('classifyError', () => {
  it('waits for an unreachable Manager, asks the user about refusals, retries the rest a few times', () => {
    const errors: AppError[] = [
      { code: 'manager-unreachable', message: 'refused' },
      { code: 'manager-timeout', message: 'slow' },
      { code: 'manager-http', message: 'bad gateway', status: 502 },
      { code: 'manager-http', message: 'job type unknown', status: 400 },
      { code: 'manager-http', message: 'error persisting job in database', status: 500 },
      { code: 'manager-job-type-changed', message: 'etag', status: 412 },
      { code: 'settings-invalid', message: 'frames' },
      { code: 'file-missing', message: 'gone' },
      { code: 'manager-invalid-response', message: 'garbage' },
      { code: 'shaman-checkout-failed', message: 'checkout' },
      { code: 'canceled', message: 'stop' },
    ];
    expect(errors.map(classifyError)).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'transient',
      'transient',
      'canceled',
    ]);
  });
});
