import type { IpcResult } from './result';

/** A message from a bridge client (the renderer in a browser) to core. */
export type BridgeRequest = { readonly type: 'invoke'; readonly id: number; readonly channel: string; readonly args: unknown };

/** A message from core to a bridge client. */
export type BridgeMessage =
  | { readonly type: 'result'; readonly id: number; readonly result: IpcResult<unknown> }
  | { readonly type: 'event'; readonly channel: string; readonly payload: unknown };

/** The WebSocket path of the bridge; the token travels as the `token` query parameter. */
export const bridgePath = '/bridge';
