/**
 * THE IPC contract: every call the renderer can make (invoke channels, args -> result) and
 * every event it can receive (event channels, payload). Nothing else names a channel.
 *
 * Adding a channel: add it to {@link InvokeContract} (or {@link EventContract}), then the
 * compiler asks for it in `invokeChannels`/`eventChannels` below, in `validators.ts`, and
 * in core's `contract-handlers.ts`. See CONTRIBUTING.md.
 */
import type { AppInfo } from '../domain/app-info';
import type { ManagerId, ManagerProfile } from '../domain/manager-profile';
import type { AppSettings } from '../domain/settings';
import type { IpcResult } from './result';

/** Invoke channels: `area:verb` -> `{ args, result }`. `args` is one object (or `void`). */
export type InvokeContract = {
  'app:info': { args: void; result: AppInfo };
  'settings:get': { args: void; result: AppSettings };
  'settings:update': { args: Partial<AppSettings>; result: AppSettings };
  'managers:list': { args: void; result: readonly ManagerProfile[] };
  'managers:save': { args: ManagerProfileInput; result: ManagerProfile };
  'managers:remove': { args: { readonly id: ManagerId }; result: void };
  'managers:activate': { args: { readonly id: ManagerId }; result: void };
  // --- Manager connection, farm: jobs, tasks, workers, tags (live model) ---
  // --- Blender installs, inspection of .blend files ---
  // --- Submissions, queue, presets ---
  // --- Shell: files, folders, diagnostics ---
};

/** What the user types to add or edit a Manager profile. */
export type ManagerProfileInput = {
  readonly id?: ManagerId;
  readonly name: string;
  readonly url: string;
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** Secret header values; only sent, never read back. `null` keeps the stored value. */
  readonly secretHeaders: Readonly<Record<string, string | null>>;
};

/** Event channels: the changed thing -> payload. Progress events are throttled snapshots. */
export type EventContract = {
  'settings:changed': AppSettings;
  'managers:changed': readonly ManagerProfile[];
  // --- Manager connection, farm ---
  // --- Submissions, queue ---
  // --- Shell ---
};

/** An invoke channel name. */
export type InvokeChannel = keyof InvokeContract;
/** An event channel name. */
export type EventChannel = keyof EventContract;
/** The argument of an invoke channel. */
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
/** The result of an invoke channel. */
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];
/** The payload of an event channel. */
export type EventPayload<C extends EventChannel> = EventContract[C];

/** Every invoke channel at run time; `satisfies` keeps it in step with the type. */
export const invokeChannels = Object.keys({
  'app:info': true,
  'settings:get': true,
  'settings:update': true,
  'managers:list': true,
  'managers:save': true,
  'managers:remove': true,
  'managers:activate': true,
} satisfies Record<InvokeChannel, true>) as readonly InvokeChannel[];

/** Every event channel at run time. */
export const eventChannels = Object.keys({
  'settings:changed': true,
  'managers:changed': true,
} satisfies Record<EventChannel, true>) as readonly EventChannel[];

/** True when `value` names an invoke channel (the preload and the bridge check this). */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (invokeChannels as readonly string[]).includes(value);
}

/** True when `value` names an event channel. */
export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (eventChannels as readonly string[]).includes(value);
}

/** The API the preload exposes as `window.flamencoDesk` and the bridge client mimics. */
export type ContractApi = {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<IpcResult<InvokeResult<C>>>;
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
  /** The path of a dropped `File` (Electron's webUtils); undefined outside Electron. */
  pathForFile(file: object): string | undefined;
};
