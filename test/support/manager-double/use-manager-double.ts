import { afterEach, beforeEach } from 'vitest';
import { type ManagerDouble, type ManagerDoubleOptions, startManagerDouble } from './manager-double';

/**
 * Vitest helper: starts a fresh double before each test and, after it, closes it and fails
 * the test when any request, response or event broke the OpenAPI spec. Returns a getter.
 *
 *     const manager = useManagerDouble();
 *     it('...', async () => { await fetch(`${manager().url}/api/v3/version`); });
 */
export function useManagerDouble(options: ManagerDoubleOptions | (() => ManagerDoubleOptions) = {}): () => ManagerDouble {
  let current: ManagerDouble | undefined;
  beforeEach(async () => {
    current = await startManagerDouble(typeof options === 'function' ? options() : options);
  });
  afterEach(async () => {
    const double = current;
    current = undefined;
    if (double === undefined) return;
    await double.close();
    double.assertNoSpecViolations();
  });
  return () => {
    if (current === undefined) throw new Error('useManagerDouble: no double outside a test');
    return current;
  };
}
