import type { ContractApi, EventChannel, EventPayload, InvokeArgs, InvokeChannel, InvokeResult } from '../../electron/common/ipc/contract';
import type { IpcResult } from '../../electron/common/ipc/result';
import type { AppError } from '../../electron/common/errors';

/** Answers for some channels; a call to any other channel fails the test loudly. */
export type FakeHandlers = { readonly [C in InvokeChannel]?: (args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> | AppError };

/** A contract API typed like the real one: records calls, answers from `handlers`, and lets tests emit events. */
export type FakeContract = ContractApi & {
  readonly calls: { readonly channel: InvokeChannel; readonly args: unknown }[];
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  listenerCount(channel: EventChannel): number;
};

function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && Object.keys(value).every((key) => ['code', 'message', 'status', 'details'].includes(key));
}

/** Makes a fake contract API. */
export function fakeContract(handlers: FakeHandlers): FakeContract {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { channel: InvokeChannel; args: unknown }[] = [];
  return {
    calls,
    async invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>> {
      calls.push({ channel, args });
      const handler = handlers[channel] as ((value: InvokeArgs<C>) => unknown) | undefined;
      if (handler === undefined) throw new Error(`The test did not expect a call to ${channel}`);
      const value = await handler(args);
      if (isAppError(value)) return { ok: false, error: value };
      return { ok: true, value: value as InvokeResult<C> };
    },
    on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(channel, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    pathForFile: () => undefined,
    emit(channel, payload) {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}
