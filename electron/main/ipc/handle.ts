import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { invokeChannels } from '../../common/ipc/contract';
import type { IpcResult } from '../../common/ipc/result';
import { fail } from '../../common/ipc/result';
import type { ContractHandlers } from '../../core/api/contract-handlers';
import { dispatch } from '../../core/api/dispatch';
import type { Logger } from '../../core/logging/rotating-log';
import type { Clock } from '../../core/ports';
import type { SenderFrame, WebPolicyContext } from '../security/web-policy';
import { isTrustedSender } from '../security/web-policy';

/** The part of an invoke event the gate reads (Electron's `IpcMainInvokeEvent`). */
export type InvokeEvent = {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
};

/** What every call goes through. */
export type InvokeGateOptions = {
  readonly handlers: ContractHandlers;
  readonly policy: WebPolicyContext;
  readonly logger: Logger;
  readonly clock: Clock;
};

function senderOf(event: InvokeEvent): SenderFrame | undefined {
  // senderFrame is null once the frame navigated away or was destroyed.
  const frame = event.senderFrame;
  return frame === null ? undefined : { url: frame.url, isMainFrame: frame.parent === null };
}

/**
 * One call from a renderer: refuses senders other than our own page's main frame, then
 * validates and dispatches through core (the same path as the bridge) and logs the
 * outcome. Arguments are never logged: they may hold header values.
 */
export async function gateInvoke(options: InvokeGateOptions, event: InvokeEvent, channel: string, args: unknown): Promise<IpcResult<unknown>> {
  const sender = senderOf(event);
  if (!isTrustedSender(sender, options.policy)) {
    options.logger.log('warn', 'ipc refused: untrusted sender', { channel, sender: sender?.url ?? '(gone)', mainFrame: sender?.isMainFrame ?? false });
    return fail({ code: 'forbidden-sender', message: 'This page may not call Flamenco Desk.' });
  }
  const started = options.clock.now();
  const result = await dispatch(options.handlers, channel, args);
  const milliseconds = options.clock.now() - started;
  if (result.ok) options.logger.log('debug', 'ipc', { channel, milliseconds });
  else options.logger.log(result.error.code === 'internal' ? 'error' : 'info', 'ipc failed', { channel, code: result.error.code, message: result.error.message, milliseconds });
  return result;
}

/**
 * Registers every contract channel with `ipcMain.handle`. The only place in the app that
 * touches ipcMain; returns the function that removes the handlers.
 */
export function registerContractChannels(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, options: InvokeGateOptions): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, args: unknown) => gateInvoke(options, event, channel, args));
  }
  return () => {
    for (const channel of invokeChannels) ipcMain.removeHandler(channel);
  };
}
