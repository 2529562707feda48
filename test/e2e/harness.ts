/**
 * The whole app in a browser: the real core (createCore in a temp data folder) served by the
 * bridge, the built renderer in Debian's Chromium, core talking to the Manager test double
 * and real Blender. Nothing in between is mocked; the test acts as the host, so it
 * implements core's ports (the Dialogs port answers the "Choose files" button with the
 * files the test names, which is how a test picks a file without a native dialog).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createContractHandlers } from '../../electron/core/api/contract-handlers';
import { startBridge } from '../../electron/core/bridge/bridge-server';
import type { Bridge } from '../../electron/core/bridge/bridge-server';
import type { Core } from '../../electron/core/create-core';
import { createCore } from '../../electron/core/create-core';
import type { Dialogs } from '../../electron/core/ports';
import { launchChromium, rendererDirectory, repositoryRoot } from '../support/browser';
import { memorySecretStore, recordingNotifier } from '../support/fake-ports';
import type { ManagerDouble } from '../support/manager-double/index';
import { startManagerDouble } from '../support/manager-double/index';
import { makeTemporaryDirectory } from '../support/temporary-directory';

export { makeShotProject } from '../support/shot-project';

/** A running app: core, bridge, Manager double, browser page. */
export type Harness = {
  readonly double: ManagerDouble;
  readonly core: Core;
  readonly bridge: Bridge;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly directory: string;
  readonly notifier: ReturnType<typeof recordingNotifier>;
  /** What the next "Choose files" dialog answers. */
  chooseNext(paths: readonly string[]): void;
  /** Opens the app page (again). */
  open(colorScheme?: 'light' | 'dark'): Promise<void>;
  close(): Promise<void>;
};

/** Where screenshots go. */
export const screenshotDirectory = join(repositoryRoot, 'test-results/screenshots');

/** Starts everything; `withManager` saves a profile for the double and makes it active. */
export async function startHarness(options: { readonly withManager?: boolean; readonly browser?: Browser } = {}): Promise<Harness> {
  const staticDirectory = buildRendererIfStale();
  const temporary = makeTemporaryDirectory('flamenco-desk-e2e-');
  const dataDirectory = join(temporary.path, 'data');
  const temporaryDirectory = join(temporary.path, 'tmp');
  mkdirSync(dataDirectory, { recursive: true });
  mkdirSync(temporaryDirectory, { recursive: true });
  let chosen: readonly string[] = [];
  const dialogs: Dialogs = {
    chooseFiles: async () => {
      const answer = chosen;
      chosen = [];
      return answer;
    },
    chooseDirectory: async () => join(temporary.path, 'renders'),
  };
  const double = await startManagerDouble({ name: 'Studio Farm' });
  const notifier = recordingNotifier();
  const core = createCore({ paths: { dataDirectory, temporaryDirectory }, notifier, secrets: memorySecretStore(), dialogs, appVersion: '0.1.0-e2e' });
  core.submissions.start();
  if (options.withManager !== false) {
    const profile = await core.managers.add({ name: 'Studio Farm', url: `${double.url}/` });
    core.managers.use(profile.id);
  }
  const bridge = await startBridge({ handlers: createContractHandlers(core, 'bridge'), events: core.events, staticDirectory });
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    double,
    core,
    bridge,
    browser,
    context,
    page,
    directory: temporary.path,
    notifier,
    chooseNext: (paths) => {
      chosen = paths;
    },
    async open(colorScheme = 'light') {
      await page.emulateMedia({ colorScheme });
      await page.goto(bridge.pageUrl);
    },
    async close() {
      await context.close();
      if (options.browser === undefined) await browser.close();
      await bridge.close();
      await core.close();
      await double.close();
      temporary.remove();
      if (errors.length > 0) throw new Error(`The page threw: ${errors.join('; ')}`);
    },
  };
}

function newestModification(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the renderer with vite when the build is missing or older than its sources. */
export function buildRendererIfStale(): string {
  const index = join(rendererDirectory, 'index.html');
  const sources = Math.max(newestModification(join(repositoryRoot, 'renderer')), newestModification(join(repositoryRoot, 'electron/common')));
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    execFileSync(process.execPath, [join(repositoryRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: repositoryRoot, stdio: 'inherit' });
  }
  return rendererDirectory;
}
