import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

// Placeholder lifecycle; the shell issue fills in security, IPC, tray and notifications.
app.whenReady().then(() => {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: { preload: join(import.meta.dirname, '../preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
}).catch(() => app.quit());
