import { afterEach, describe, expect, it } from 'vitest';
import type { TestingHooks } from '../../../electron/main/testing-hooks';
import { installTestingHooks } from '../../../electron/main/testing-hooks';

const hooks: TestingHooks = {
  trayState: () => undefined,
  notificationsShowing: () => 0,
  notify: () => undefined,
  openFiles: () => undefined,
  navigate: () => undefined,
};
const global = globalThis as { flamencoDeskTesting?: TestingHooks };

describe('installTestingHooks', () => {
  afterEach(() => {
    delete global.flamencoDeskTesting;
  });

  it('never exposes the hooks in a packaged app or without the switch', () => {
    const results = [installTestingHooks(true, { FLAMENCO_DESK_TESTING: '1' }, hooks), installTestingHooks(false, {}, hooks), installTestingHooks(false, { FLAMENCO_DESK_TESTING: 'yes' }, hooks)];
    expect({ results, exposed: global.flamencoDeskTesting }).toEqual({ results: [false, false, false], exposed: undefined });
  });

  it('exposes them to an unpackaged run started for the smoke test', () => {
    expect({ installed: installTestingHooks(false, { FLAMENCO_DESK_TESTING: '1' }, hooks), same: global.flamencoDeskTesting === hooks }).toEqual({ installed: true, same: true });
  });
});
