// The Electron shell's lifecycle: the only file that wires Electron's objects to the
// seams beside it (policies, tray state, notification routing, ports), which are plain
// functions tested in Node. Everything the app does lives in core.
import { app, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, protocol, safeStorage, session, shell, Tray } from 'electron';
import type { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { assertNever } from '../common/assert-never';
import type { NavigationTarget } from '../common/domain/shell';
import { availableActions } from '../common/domain/submission-machine';
import { createContractHandlers } from '../core/api/contract-handlers';
import type { ShellHost } from '../core/api/handlers/shell-handlers';
import type { Core } from '../core/create-core';
import { createCore } from '../core/create-core';
import { RotatingLog } from '../core/logging/rotating-log';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { appEntryUrl, appUserModelId } from './app-url';
import { forwardEvents } from './ipc/emit';
import { registerContractChannels } from './ipc/handle';
import { blendFilesFromArgv, isBlendFile, LaunchFiles } from './launch/launch-files';
import { toggledMutedNotifications } from './notifications/notification-routing';
import { progressBarArguments, taskbarProgress, TransferProgressTracker } from './notifications/taskbar-progress';
import { electronAppPaths, resourcesDirectory } from './platform/app-paths';
import { nativeDialogs } from './platform/dialogs';
import { nativeNotifier } from './platform/notifier';
import { nativeOpener } from './platform/opener';
import { encryptedSecretStore } from './platform/secret-store';
import { contentSecurityPolicy } from './security/content-security-policy';
import { hardenApp, hardenSession } from './security/harden';
import type { ExternalLinkContext, WebPolicyContext } from './security/web-policy';
import { devServerUrl } from './security/web-policy';
import { installTestingHooks } from './testing-hooks';
import type { TrayController } from './tray/tray';
import { createTrayController } from './tray/tray';
import { queueEntriesToToggle, readTrayInput, trayAttention, trayQueue } from './tray/tray-sources';
import type { TraySources } from './tray/tray-sources';
import type { TrayAction } from './tray/tray-state';
import { trayState } from './tray/tray-state';
import { autoUpdates } from './updates/auto-update';
import { applicationMenuTemplate } from './window/application-menu';
import { closeDecision } from './window/close-behaviour';
import { openMainWindow, revealWindow } from './window/main-window';

const policy: WebPolicyContext = { packaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] };

// Before `ready`: app:// must be privileged, and macOS delivers open-file early.
registerAppScheme(protocol);
let mainWindow: BrowserWindow | undefined;
let core: Core | undefined;
let quitting = false;
const launchFiles = new LaunchFiles((paths) => core?.events.emit('shell:files-opened', { paths }));
launchFiles.add(blendFilesFromArgv(process.argv, { workingDirectory: process.cwd(), packaged: app.isPackaged }));
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (isBlendFile(path)) launchFiles.add([path]);
  if (mainWindow !== undefined) revealWindow(mainWindow);
});

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    launchFiles.add(blendFilesFromArgv(argv, { workingDirectory, packaged: app.isPackaged }));
    if (mainWindow !== undefined) revealWindow(mainWindow);
  });
  // Windows shows notifications only for an app whose model id matches its installer's appId.
  app.setAppUserModelId(appUserModelId);
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Flamenco Desk could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

function start(): void {
  app.setAppLogsPath();
  const paths = electronAppPaths(app);
  const logger = new RotatingLog({ directory: paths.logDirectory });
  logger.log('info', 'starting', { version: app.getVersion(), electron: process.versions.electron, packaged: app.isPackaged });
  const resources = resourcesDirectory({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
  const iconPath = join(resources, 'icon.png');
  const links = (): ExternalLinkContext => ({ activeManagerUrl: core?.managerProfiles.getActive()?.url });
  const opener = nativeOpener(shell, links);
  const navigate = (target: NavigationTarget | undefined): void => {
    showWindow();
    if (target !== undefined) core?.events.emit('shell:navigate', target);
  };
  const notifier = nativeNotifier({
    host: { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
    mutedKinds: () => core?.settings.read().mutedNotifications ?? [],
    onClick: navigate,
    iconPath,
    logger,
  });
  const running = createCore({
    paths,
    notifier,
    secrets: encryptedSecretStore(paths.secretsFile, safeStorage),
    dialogs: nativeDialogs((options) => (mainWindow === undefined ? dialog.showOpenDialog(options) : dialog.showOpenDialog(mainWindow, options))),
    opener,
    appVersion: app.getVersion(),
  });
  core = running;
  const shellHost: ShellHost = {
    takePendingFiles: () => launchFiles.take(),
    versions: () => ({ electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, v8: process.versions.v8 }),
    paths: () => ({ logs: paths.logDirectory, log: logger.file }),
    recentLogLines: async () => logger.recentLines(100),
  };
  registerContractChannels(ipcMain, { handlers: createContractHandlers(running, 'electron', shellHost), policy, logger, clock: running.clock });
  forwardEvents(running.events, () => mainWindow?.webContents, logger);

  const hardening = { policy, links, openExternal: (url: string) => opener.openExternal(url), logger };
  hardenApp(app, hardening);
  hardenSession(session.defaultSession, hardening);
  serveAppScheme(protocol, join(import.meta.dirname, '../renderer'), contentSecurityPolicy());
  const devUrl = devServerUrl(policy);
  if (devUrl !== undefined) {
    // The dev server's pages get the same policy as header (plus its own origin for HMR).
    const devPolicy = contentSecurityPolicy({ devServerUrl: devUrl });
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${new URL(devUrl).origin}/*`] }, (details, callback) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devPolicy] } }),
    );
  }

  const menu = applicationMenuTemplate({ platform: process.platform, packaged: app.isPackaged });
  Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate(menu));

  let tray: TrayController | undefined;
  const onTrayAction = (action: TrayAction): void => {
    switch (action.kind) {
      case 'open-window':
        return showWindow();
      case 'open-job':
        return navigate({ screen: 'job', jobId: action.jobId });
      case 'pause-queue':
      case 'resume-queue':
        if (traySources.setQueuePaused === undefined) return navigate({ screen: 'queue' });
        return traySources.setQueuePaused(action.kind === 'pause-queue');
      case 'toggle-notifications':
        running.settings.update({ mutedNotifications: toggledMutedNotifications(running.settings.read().mutedNotifications) });
        return;
      case 'quit':
        quitting = true;
        app.quit();
        return;
      default:
        return assertNever(action, 'tray action');
    }
  };
  // The tray and the taskbar progress are pure functions of these reads of core.
  const transfers = new TransferProgressTracker();
  running.submissions.queue.onProgress((snapshot) => {
    transfers.progress(snapshot);
    refreshShell();
  });
  running.submissions.queue.onChange((submission) => transfers.changed(submission));
  const queueToggle = (pause: boolean): void => {
    const queue = running.submissions.queue;
    for (const id of queueEntriesToToggle(queue.list(), pause, (submission) => availableActions(submission.state))) {
      try {
        if (pause) queue.pause(id);
        else queue.resume(id);
      } catch (error) {
        logger.log('warn', 'queue entry not toggled', { id, message: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  const traySources: TraySources = {
    settings: () => running.settings.read(),
    activeManager: () => running.managerProfiles.getActive(),
    connection: () => running.farm.model()?.connection(),
    jobs: () => running.farm.model()?.jobs() ?? [],
    transfers: () => transfers.current(),
    queue: () => trayQueue(running.submissions.queue.list()),
    attention: () => trayAttention(running.submissions.queue.list()),
    setQueuePaused: queueToggle,
  };
  let progress = progressBarArguments({ kind: 'none' });
  const refreshShell = (): void => {
    tray?.update(trayState(readTrayInput(traySources)));
    const next = progressBarArguments(taskbarProgress(traySources.transfers?.() ?? []));
    if (mainWindow !== undefined && !mainWindow.isDestroyed() && (next.value !== progress.value || next.mode !== progress.mode)) {
      mainWindow.setProgressBar(next.value, { mode: next.mode });
      progress = next;
    }
  };
  try {
    tray = createTrayController(
      {
        createTray: (image) => new Tray(image),
        image: (path) => nativeImage.createFromPath(path),
        menu: (template) => Menu.buildFromTemplate(template),
        darkPanel: () => nativeTheme.shouldUseDarkColors,
      },
      resources,
      onTrayAction,
      trayState(readTrayInput(traySources)),
    );
  } catch (error) {
    // Some Linux desktops have no tray: the app then quits when its window closes.
    logger.log('warn', 'no tray', { message: error instanceof Error ? error.message : String(error) });
  }

  function showWindow(): void {
    if (mainWindow === undefined || mainWindow.isDestroyed()) {
      mainWindow = openMainWindow({
        preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
        iconPath,
        stateFile: paths.windowStateFile,
        url: devUrl ?? appEntryUrl,
        devTools: !app.isPackaged,
        logger,
        interceptClose: () => {
          const decision = closeDecision({ quitting, trayAvailable: tray !== undefined, trayHintShown: running.settings.read().trayHintShown });
          if (decision.kind === 'close') return false;
          if (decision.tellUser) {
            running.settings.update({ trayHintShown: true });
            notifier.inform('Flamenco Desk is still running', 'It keeps watching your jobs from the tray. Choose Quit in the tray menu to stop it.');
          }
          return true;
        },
      });
      mainWindow.webContents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) launchFiles.rendererGone();
      });
      mainWindow.on('closed', () => {
        mainWindow = undefined;
      });
    } else {
      revealWindow(mainWindow);
    }
  }

  running.events.subscribe(refreshShell);
  // The queue resumes its persisted entries; the farm starts when the window asks for it.
  running.submissions.start();
  showWindow();
  autoUpdates({ packaged: app.isPackaged, autoUpdate: () => running.settings.read().autoUpdate, onSettingsChange: (listener) => running.settings.onChange(listener), logger });
  installTestingHooks(app.isPackaged, process.env, {
    trayState: () => tray?.current,
    notificationsShowing: () => notifier.showing,
    notify: (notification) => notifier.notify(notification),
    openFiles: (paths) => launchFiles.add(paths),
    navigate: (target) => running.events.emit('shell:navigate', target),
  });

  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (tray === undefined) app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (core === undefined) return;
    event.preventDefault();
    const closing = core;
    core = undefined;
    tray?.destroy();
    logger.log('info', 'quitting');
    closing
      .close()
      .catch((error: unknown) => logger.log('error', 'core did not close cleanly', { message: String(error) }))
      .finally(() => app.exit(0));
  });
}
