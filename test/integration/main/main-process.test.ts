import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../electron/common/ipc/contract';
import { appUserModelId } from '../../../electron/main/app-url';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

// The built main process, run in plain Node against a recording Electron stub
// (test/support/fake-electron): proves index.ts wires the seams together (IPC, app://,
// tray, notifications, launch files, close-to-tray, secrets, quit) without the binary.
const root = join(import.meta.dirname, '..', '..', '..');
const support = join(root, 'test', 'support', 'fake-electron');

type Report = Record<string, unknown>;

describe('the main process against a fake Electron', () => {
  let home: ReturnType<typeof makeTemporaryDirectory>;
  let build: string;
  let report: Report;

  beforeAll(() => {
    home = makeTemporaryDirectory('flamenco-desk-main-');
    // Inside the repository so the bundle's bare imports (better-sqlite3, zod…) resolve.
    const cache = join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    build = mkdtempSync(join(cache, 'flamenco-desk-main-'));
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', build, '--logLevel', 'warn'], { cwd: root, stdio: 'pipe' });
    const scenes = join(home.path, 'scenes');
    mkdirSync(scenes);
    for (const name of ['shot.blend', 'second.blend']) writeFileSync(join(scenes, name), 'BLENDER-v402');
    const output = execFileSync(process.execPath, ['--import', join(support, 'register.mjs'), join(support, 'drive-main.mjs'), join(build, 'main', 'index.js'), join(scenes, 'shot.blend')], {
      cwd: root,
      env: { ...process.env, FAKE_ELECTRON_HOME: home.path, FAKE_ELECTRON_APP_PATH: root, FLAMENCO_DESK_TESTING: '1', FAKE_SECOND_SCENE: join(scenes, 'second.blend'), ELECTRON_RENDERER_URL: '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    report = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Report;
  }, 180_000);

  afterAll(() => {
    home?.remove();
    if (build !== undefined) rmSync(build, { recursive: true, force: true });
  });

  it('registers app:// before ready, every contract channel, and opens a hardened window on it', () => {
    expect({ userModelId: report['userModelId'], schemes: report['privilegedSchemes'], menu: report['applicationMenu'], channels: report['channels'], window: report['window'] }).toEqual({
      userModelId: appUserModelId,
      schemes: [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true, allowServiceWorkers: false, bypassCSP: false } }],
      menu: process.platform === 'darwin' ? ['appMenu', 'editMenu', 'viewMenu', 'windowMenu'] : ['fileMenu', 'editMenu', 'viewMenu'],
      channels: [...invokeChannels],
      window: {
        count: 1,
        url: 'app://renderer/index.html',
        visible: true,
        webPreferences: {
          preload: 'index.cjs',
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          navigateOnDragDrop: false,
          spellcheck: false,
          safeDialogs: true,
          disableBlinkFeatures: 'Auxclick',
          devTools: true,
        },
      },
    });
  });

  it('answers our page through IPC and refuses other senders', () => {
    const forbidden = { ok: false, error: { code: 'forbidden-sender', message: 'This page may not call Flamenco Desk.' } };
    expect({ info: report['appInfo'], foreign: report['foreignSender'], subframe: report['subframeSender'] }).toEqual({
      info: { ok: true, host: 'electron', version: '0.0.0-fake' },
      foreign: forbidden,
      subframe: forbidden,
    });
  });

  it('serves the renderer over app:// with the CSP and refuses traversal', () => {
    expect({ page: report['page'], traversal: report['traversal'] }).toEqual({ page: { status: 200, csp: true, mountPoint: true }, traversal: 403 });
  });

  it('hands the launch file to the renderer when it asks, then later files as events', () => {
    expect({ pending: report['pendingFiles'], events: report['filesOpenedEvents'] }).toEqual({ pending: ['shot.blend'], events: [['second.blend']] });
  });

  it('shows the tray from core state: no Manager yet, so offline', () => {
    expect(report['tray']).toEqual({
      icon: 'offline-light.png',
      iconExists: true,
      tooltip: 'Flamenco Desk\nNo Manager set up\nNothing running',
      items: ['Open Flamenco Desk', 'separator', 'No active jobs', 'separator', 'Pause the queue', 'Notifications', 'separator', 'Quit'],
    });
  });

  it('raises notifications, routes a click to the job, honours muting, and hints once at the tray on close', () => {
    expect({
      click: report['notificationClick'],
      muted: report['mutedSettingSaved'],
      titles: report['notifications'],
      close: report['closeToTray'],
    }).toEqual({
      click: [{ screen: 'job', jobId: 'job-1' }],
      muted: true,
      titles: ['Shot done', 'Flamenco Desk is still running'],
      close: { destroyed: false, visible: false, hintShown: true },
    });
  });

  it('denies new windows, foreign navigation and permissions, opening only allowed links outside', () => {
    expect({ open: report['windowOpen'], external: report['openedExternally'], navigation: report['navigationBlocked'], permissions: report['permissions'] }).toEqual({
      open: [{ action: 'deny' }, { action: 'deny' }],
      external: ['https://flamenco.blender.org/usage/'],
      navigation: true,
      permissions: [false, false, true],
    });
  });

  it('keeps secrets out of plain text and out of diagnostics', () => {
    expect({ secrets: report['secrets'], diagnostics: report['diagnostics'] }).toEqual({
      secrets: { saved: true, plainTextOnDisk: false, keys: 1 },
      diagnostics: { logLines: true, secretLeaked: false },
    });
  });

  it('quits cleanly: core closed, tray removed, log and window state written', () => {
    expect({ exitCode: report['exitCode'], trayDestroyed: report['trayDestroyed'], files: report['files'] }).toEqual({ exitCode: 0, trayDestroyed: true, files: { log: true, windowState: true } });
  });
});
