import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractHandlers } from '../../electron/core/api/contract-handlers';
import type { Bridge } from '../../electron/core/bridge/bridge-server';
import { startBridge } from '../../electron/core/bridge/bridge-server';
import type { Core } from '../../electron/core/create-core';
import { createCore } from '../../electron/core/create-core';
import { ensureRendererBuilt, launchChromium } from '../support/browser';
import { memorySecretStore, recordingNotifier } from '../support/fake-ports';
import { chromium } from '../support/requirements';
import { makeTemporaryDirectory } from '../support/temporary-directory';

describe.skipIf(!chromium.available)('the renderer in Chromium through the bridge', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  let bridge: Bridge;
  let browser: Browser;

  beforeAll(async () => {
    directory = makeTemporaryDirectory();
    core = createCore({
      paths: { dataDirectory: join(directory.path, 'data'), temporaryDirectory: join(directory.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      appVersion: '9.8.7',
    });
    bridge = await startBridge({ handlers: createContractHandlers(core, 'bridge'), events: core.events, staticDirectory: ensureRendererBuilt() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await core?.close();
    directory?.remove();
  });

  it('loads the first screen and answers through the real core', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(bridge.pageUrl);
    await expect.poll(() => page.getByTestId('app-version').textContent()).toBe('Flamenco Desk 9.8.7');
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Submit');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an error instead of a blank page when the token is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.pageUrl.replace(/token=[^&]+/, 'token=wrong'));
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/not reachable/i);
    await page.close();
  });
});
