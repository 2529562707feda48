// Runs the built main process against the Electron stub and prints what it did as JSON.
// Usage: node --import ./register.mjs drive-main.mjs <out/main/index.js> <scene.blend>
// (FAKE_ELECTRON_HOME, FAKE_ELECTRON_APP_PATH, FAKE_SECOND_SCENE and FLAMENCO_DESK_TESTING=1
// in the environment).
// The scene path is an ordinary argument, as in `electron . scene.blend`.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { app, fake } from 'electron';

const [mainPath] = process.argv.slice(2);
const secondScene = process.env.FAKE_SECOND_SCENE;
const home = process.env.FAKE_ELECTRON_HOME;
const ourFrame = { url: 'app://renderer/index.html', parent: null };

/** Lets pending callbacks run (no timers: the stub answers on the next turns). */
async function settle(turns = 20) {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

const invoke = (channel, args, frame = ourFrame) => fake.ipcHandlers.get(channel)({ senderFrame: frame }, args);

await import(pathToFileURL(mainPath).href);
await settle();
const window = fake.windows[0];
const report = {};

report.userModelId = fake.userModelId;
report.privilegedSchemes = fake.privilegedSchemes;
report.applicationMenu = fake.applicationMenu === null ? null : fake.applicationMenu.template.map((item) => item.role);
report.window = { count: fake.windows.length, url: window.url, visible: window.visible, webPreferences: { ...window.options.webPreferences, preload: basename(window.options.webPreferences.preload) } };
report.channels = [...fake.ipcHandlers.keys()];
const info = await invoke('app:info', undefined);
report.appInfo = info.ok ? { ok: true, host: info.value.host, version: info.value.version } : info;
report.foreignSender = await invoke('app:info', undefined, { url: 'https://evil.example/', parent: null });
report.subframeSender = await invoke('app:info', undefined, { url: 'app://renderer/index.html', parent: {} });

const serve = fake.protocolHandlers.get('app');
const page = await serve({ url: 'app://renderer/index.html' });
report.page = { status: page.status, csp: page.headers.get('content-security-policy')?.startsWith("default-src 'self'") ?? false, mountPoint: (await page.text()).includes('id="app"') };
report.traversal = (await serve({ url: 'app://renderer/assets%2f..%2f..%2f..%2fpackage.json' })).status;

const pending = await invoke('shell:pending-files', undefined);
report.pendingFiles = pending.ok ? pending.value.map((path) => basename(path)) : pending;
globalThis.flamencoDeskTesting.openFiles([secondScene]);
await settle();
report.filesOpenedEvents = window.webContents.sent.filter(([channel]) => channel === 'shell:files-opened').map(([, payload]) => payload.paths.map((path) => basename(path)));

const tray = fake.trays[0];
report.tray = { icon: basename(tray.image.path), iconExists: existsSync(tray.image.path), tooltip: tray.tooltip, items: tray.menu.template.map((item) => item.label ?? item.type) };

globalThis.flamencoDeskTesting.notify({ kind: 'job-completed', title: 'Shot done', body: 'All frames rendered.', target: { screen: 'job', jobId: 'job-1' } });
fake.notifications.at(-1).emit('click');
await settle();
report.notificationClick = window.webContents.sent.filter(([channel]) => channel === 'shell:navigate').map(([, payload]) => payload);

const muted = await invoke('settings:update', { mutedNotifications: ['job-completed'] });
globalThis.flamencoDeskTesting.notify({ kind: 'job-completed', title: 'Muted', body: 'Not shown.' });
report.mutedSettingSaved = muted.ok;

report.windowOpen = [window.webContents.windowOpenHandler({ url: 'https://evil.example/' }), window.webContents.windowOpenHandler({ url: 'https://flamenco.blender.org/usage/' })];
await settle();
report.openedExternally = fake.openedExternally;
const navigation = { url: 'https://evil.example/', defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
window.webContents.emit('will-navigate', navigation);
report.navigationBlocked = navigation.defaultPrevented;
report.permissions = await Promise.all(
  ['media', 'notifications', 'clipboard-sanitized-write'].map(
    (permission) => new Promise((resolve) => fake.permissionRequestHandler(window.webContents, permission, resolve, { requestingUrl: 'app://renderer/index.html' })),
  ),
);

const saved = await invoke('managers:save', { name: 'Farm', url: 'http://127.0.0.1:9/', extraHeaders: {}, secretHeaders: { Authorization: 'Bearer s3cret-token' } });
const secrets = readFileSync(join(home, 'user-data', 'secrets.json'), 'utf8');
report.secrets = { saved: saved.ok, plainTextOnDisk: secrets.includes('s3cret'), keys: Object.keys(JSON.parse(secrets)).length };

window.close();
await settle();
const settings = await invoke('settings:get', undefined);
report.closeToTray = { destroyed: window.isDestroyed(), visible: window.visible, hintShown: settings.ok && settings.value.trayHintShown };
report.notifications = fake.notifications.map((notification) => notification.options.title);

const diagnostics = await invoke('shell:diagnostics', undefined);
report.diagnostics = diagnostics.ok ? { logLines: /Recent log \(\d+ lines\)/.test(diagnostics.value), secretLeaked: diagnostics.value.includes('s3cret') } : diagnostics;

const exited = new Promise((resolve) => app.once('fake-exit', resolve));
app.quit();
report.exitCode = await exited;
report.trayDestroyed = tray.destroyed;
report.files = { log: existsSync(join(home, 'user-data', 'logs', 'flamenco-desk.log')), windowState: existsSync(join(home, 'user-data', 'window-state.json')) };
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
