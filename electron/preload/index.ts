// The sandboxed preload: exposes exactly the contract's channels as `window.flamencoDesk`,
// and the path of dropped files. It imports nothing from Node, only the contract's lists.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ContractApi } from '../common/ipc/contract';
import { isEventChannel, isInvokeChannel } from '../common/ipc/contract';

const api: ContractApi = {
  invoke: (channel, args) => {
    if (!isInvokeChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: 'Unknown channel' } });
    return ipcRenderer.invoke(channel, args) as ReturnType<ContractApi['invoke']>;
  },
  on: (channel, listener) => {
    if (!isEventChannel(channel)) return () => undefined;
    // Drop the event object: the renderer never sees Electron internals.
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
  pathForFile: (file) => (file instanceof File ? webUtils.getPathForFile(file) || undefined : undefined),
};

contextBridge.exposeInMainWorld('flamencoDesk', api);
