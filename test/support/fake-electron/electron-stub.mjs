// A recording stand-in for the parts of Electron's main-process API the shell uses. It does
// no rendering: it keeps what the app asked for in `fake` so a driver can check the wiring.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { setImmediate } from 'node:timers';

/** Everything the app did, for the driver to read. */
export const fake = {
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  trays: [],
  notifications: [],
  openedExternally: [],
  permissionRequestHandler: undefined,
  permissionCheckHandler: undefined,
  applicationMenu: 'default',
  userModelId: undefined,
  exitCode: undefined,
  directories: {},
};

class AppStub extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    return true;
  }
  setAppUserModelId(id) {
    fake.userModelId = id;
  }
  whenReady() {
    return new Promise((resolve) => setImmediate(resolve));
  }
  setAppLogsPath() {}
  getPath(name) {
    const base = process.env.FAKE_ELECTRON_HOME ?? '/nonexistent';
    return { userData: join(base, 'user-data'), temp: join(base, 'temp'), logs: join(base, 'user-data', 'logs') }[name] ?? join(base, name);
  }
  getVersion() {
    return '0.0.0-fake';
  }
  getAppPath() {
    return process.env.FAKE_ELECTRON_APP_PATH ?? process.cwd();
  }
  quit() {
    const beforeQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', beforeQuit);
    for (const window of fake.windows) if (!window.destroyed) window.close();
    const willQuit = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exit(0);
  }
  exit(code = 0) {
    fake.exitCode = code;
    this.emit('fake-exit', code);
  }
}

export const app = new AppStub();

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    fake.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, listener) {
    fake.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel) {
    fake.ipcHandlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      fake.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler) {
      fake.permissionCheckHandler = handler;
    },
    webRequest: { onHeadersReceived() {} },
  },
};

class WebContentsStub extends EventEmitter {
  sent = [];
  windowOpenHandler = undefined;
  destroyed = false;
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url ?? '';
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContentsStub();
    this.visible = false;
    this.destroyed = false;
    this.progress = [];
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    fake.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.url = url;
    this.webContents.url = url;
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  maximize() {}
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getBounds() {
    return this.bounds;
  }
  getNormalBounds() {
    return this.bounds;
  }
  setProgressBar(value, options) {
    this.progress.push([value, options?.mode]);
  }
  /** What the user's close button does: 'close' (cancelable), then 'closed' unless prevented. */
  close() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    if (fake.windows.every((window) => window.destroyed)) app.emit('window-all-closed');
  }
}

export const screen = {
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.menu = undefined;
    this.destroyed = false;
    fake.trays.push(this);
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export const nativeImage = { createFromPath: (path) => ({ path }) };

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(menu) {
    fake.applicationMenu = menu;
  },
};

export const nativeTheme = { shouldUseDarkColors: false };

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    fake.notifications.push(this);
  }
}

// Not encryption: a reversible marker so the driver can tell stored values were transformed.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(`fake:${text}`).reverse(),
  decryptString: (buffer) => Buffer.from(buffer).reverse().toString().replace(/^fake:/, ''),
};

export const shell = {
  openExternal: async (url) => {
    fake.openedExternally.push(url);
  },
  openPath: async () => '',
};

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showErrorBox: (title, content) => {
    process.stderr.write(`${title}: ${content}\n`);
  },
};
