/**
 * The renderer's single door to core. Inside Electron the preload exposes the contract as
 * `window.flamencoDesk`; in a browser (tests, headless) the page connects to the loopback
 * bridge named in its URL. Nothing else in the renderer talks to the outside.
 */
import type { BridgeMessage, BridgeRequest } from '../../../electron/common/ipc/bridge-protocol';
import type { ContractApi, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult } from '../../../electron/common/ipc/contract';
import type { IpcResult } from '../../../electron/common/ipc/result';

declare global {
  // Declaration merging with the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    flamencoDesk?: ContractApi;
  }
}

type Listener = (payload: unknown) => void;

/** A contract client over the bridge's WebSocket; calls wait for the socket to open. */
export function connectBridge(url: string, token: string): ContractApi {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  let nextId = 1;
  const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('bridge unreachable')), { once: true });
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as BridgeMessage;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'The connection to core closed.' } });
    pending.clear();
  });
  return {
    async invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>> {
      try {
        await opened;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'Core is not reachable.' } };
      }
      const id = nextId++;
      const request: BridgeRequest = { type: 'invoke', id, channel, args };
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: IpcResult<unknown>) => void);
        socket.send(JSON.stringify(request));
      });
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(channel, set);
      return () => set.delete(listener as Listener);
    },
    pathForFile: () => undefined,
  };
}

function resolveApi(): ContractApi {
  if (window.flamencoDesk !== undefined) return window.flamencoDesk;
  const parameters = new URLSearchParams(window.location.search);
  const bridge = parameters.get('bridge');
  const token = parameters.get('token');
  if (bridge !== null && token !== null) return connectBridge(bridge, token);
  throw new Error('Flamenco Desk runs inside its app or against a bridge (?bridge=…&token=…).');
}

let api: ContractApi | undefined;

/** The contract API for this page (created on first use). */
export function ipc(): ContractApi {
  api ??= resolveApi();
  return api;
}

/** Replaces the API (renderer tests use a fake typed against the contract). */
export function setIpcForTesting(fake: ContractApi): void {
  api = fake;
}
