import type { InvokeChannel, InvokeResult } from '../../common/ipc/contract';
import { isInvokeChannel } from '../../common/ipc/contract';
import type { IpcResult } from '../../common/ipc/result';
import { fail, ok } from '../../common/ipc/result';
import { validateArguments } from '../../common/ipc/validators';
import { toAppError } from '../errors';
import type { ContractHandlers } from './contract-handlers';

/**
 * Runs one untrusted call: checks the channel, validates the arguments, calls the handler
 * and turns every outcome into an {@link IpcResult}. Shared by the Electron shell and the
 * bridge so both answer identically.
 */
export async function dispatch(handlers: ContractHandlers, channel: unknown, args: unknown): Promise<IpcResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    return fail({ code: 'invalid-argument', message: `Unknown channel ${JSON.stringify(channel)}` });
  }
  const validated = validateArguments(channel, args);
  if (!validated.ok) return fail({ code: 'invalid-argument', message: validated.reason });
  try {
    return ok(await callHandler(handlers, channel, validated.value));
  } catch (error) {
    return fail(toAppError(error));
  }
}

function callHandler<C extends InvokeChannel>(handlers: ContractHandlers, channel: C, args: unknown): Promise<InvokeResult<C>> | InvokeResult<C> {
  const handler = handlers[channel] as (value: unknown) => Promise<InvokeResult<C>> | InvokeResult<C>;
  return handler(args);
}
