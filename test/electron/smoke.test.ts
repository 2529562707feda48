import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron as electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractApi } from '../../electron/common/ipc/contract';
import type { TestingHooks } from '../../electron/main/testing-hooks';
import { makeTemporaryDirectory } from '../support/temporary-directory';

// The built app in real Electron, run by scripts/test-electron.mjs (npm run test:electron),
// which finds the binary and passes it as FLAMENCO_DESK_ELECTRON; without one the script
// skips before vitest starts. The main process exposes TestingHooks only to this run.
const executablePath = process.env['FLAMENCO_DESK_ELECTRON'];
const root = resolve(import.meta.dirname, '../..');

type TestGlobals = { flamencoDeskTesting: TestingHooks };
type PageGlobals = { flamencoDesk: ContractApi };

describe.skipIf(executablePath === undefined)('Flamenco Desk in Electron', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let application: ElectronApplication;
  let page: Page;
  let launchedScene: string;

  beforeAll(async () => {
    directory = makeTemporaryDirectory('flamenco-desk-electron-');
    const scenes = join(directory.path, 'scenes');
    mkdirSync(scenes);
    launchedScene = join(scenes, 'launched.blend');
    for (const name of ['launched.blend', 'dropped.blend', 'opened.blend']) writeFileSync(join(scenes, name), 'BLENDER-v402');
    application = await electron.launch({
      ...(executablePath === undefined ? {} : { executablePath }),
      // --no-sandbox: CI containers run as root, where Chromium's OS sandbox cannot start;
      // the renderer keeps `sandbox: true` (no Node in the preload) regardless.
      args: [root, `--user-data-dir=${join(directory.path, 'user-data')}`, '--no-sandbox', launchedScene],
      cwd: root,
      env: { ...process.env, FLAMENCO_DESK_TESTING: '1', ELECTRON_ENABLE_LOGGING: '1' },
    });
    page = await application.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    if (application !== undefined && application.process().exitCode === null) await application.close();
    directory?.remove();
  });

  it('loads the renderer from app://', () => {
    const { protocol, host, pathname } = new URL(page.url());
    expect({ protocol, host, pathname }).toEqual({ protocol: 'app:', host: 'renderer', pathname: '/index.html' });
  });

  it('answers app:info through the preload bridge', async () => {
    const result = await page.evaluate(() => (window as unknown as PageGlobals).flamencoDesk.invoke('app:info', undefined));
    expect(result.ok ? { ok: true, host: result.value.host } : result).toEqual({ ok: true, host: 'electron' });
  });

  it('shows a file given on the command line on the Submit screen', async () => {
    await application.evaluate(() => (globalThis as unknown as TestGlobals).flamencoDeskTesting.navigate({ screen: 'submit' }));
    await expect(page.getByText('launched.blend').first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined();
  });

  it('takes a dropped file path to the Submit screen', async () => {
    // A real File backed by disk (from a file input) is what webUtils.getPathForFile needs.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'smoke-test-file';
      input.style.display = 'none';
      document.body.append(input);
    });
    await page.setInputFiles('#smoke-test-file', join(directory.path, 'scenes', 'dropped.blend'));
    await page.evaluate(() => {
      const input = document.getElementById('smoke-test-file') as HTMLInputElement;
      const transfer = new DataTransfer();
      for (const file of input.files ?? []) transfer.items.add(file);
      const target = document.querySelector('[data-testid="drop-zone"]') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      input.remove();
    });
    await expect(page.getByText('dropped.blend').first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined();
  });

  it('hands files from a second launch or open-file to the running window', async () => {
    const opened = join(directory.path, 'scenes', 'opened.blend');
    await application.evaluate((_electron, path) => (globalThis as unknown as TestGlobals).flamencoDeskTesting.openFiles([path]), opened);
    await expect(page.getByText('opened.blend').first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined();
  });

  it('has a tray icon with the open and quit items', async () => {
    const tray = await application.evaluate(() => (globalThis as unknown as TestGlobals).flamencoDeskTesting.trayState());
    const labels = tray?.menu.flatMap((item) => (item.kind === 'action' ? [item.label] : []));
    expect({ icon: tray?.icon, first: labels?.[0], last: labels?.at(-1) }).toEqual({ icon: 'offline', first: 'Open Flamenco Desk', last: 'Quit' });
  });

  it('raises a native notification', async () => {
    const showing = await application.evaluate(({ Notification }) => {
      const hooks = (globalThis as unknown as TestGlobals).flamencoDeskTesting;
      hooks.notify({ kind: 'job-completed', title: 'Smoke test', body: 'A job finished.', target: { screen: 'job', jobId: 'smoke' } });
      return { supported: Notification.isSupported(), showing: hooks.notificationsShowing() };
    });
    expect(showing).toEqual({ supported: showing.supported, showing: showing.supported ? 1 : 0 });
  });

  it('quits cleanly', async () => {
    const exited = new Promise<number | null>((resolveExit) => application.process().once('exit', (code) => resolveExit(code)));
    await application.evaluate(({ app }) => app.quit());
    expect(await exited).toBe(0);
  });
});
