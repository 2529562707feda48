import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../../electron/common/ipc/contract';
import { argumentValidators } from '../../../../electron/common/ipc/validators';
import type { ContractHandlers } from '../../../../electron/core/api/contract-handlers';
import { dispatch } from '../../../../electron/core/api/dispatch';
import { CoreError } from '../../../../electron/core/errors';

function handlersWith(overrides: Partial<Record<keyof ContractHandlers, (args: never) => unknown>>): ContractHandlers {
  const handlers: Record<string, unknown> = {};
  for (const channel of invokeChannels) {
    handlers[channel] = overrides[channel] ?? (() => {
      throw new Error(`unexpected call to ${channel}`);
    });
  }
  return handlers as unknown as ContractHandlers;
}

describe('dispatch', () => {
  it('has a validator for every channel and no validator without a channel', () => {
    expect(Object.keys(argumentValidators).sort()).toEqual([...invokeChannels].sort());
  });

  it('returns the handler value as ok', async () => {
    const handlers = handlersWith({ 'settings:update': (changes: { theme: string }) => ({ echoed: changes.theme }) });
    expect(await dispatch(handlers, 'settings:update', { theme: 'light' })).toEqual({ ok: true, value: { echoed: 'light' } });
  });

  it('refuses arguments the schema does not allow, before the handler runs', async () => {
    const handlers = handlersWith({});
    expect(await dispatch(handlers, 'managers:save', { name: 'farm', url: 'not a url', extraHeaders: {}, secretHeaders: {} })).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'Invalid arguments for managers:save at url: Invalid URL' },
    });
    expect(await dispatch(handlers, 'settings:update', { uploadConcurrency: 4, extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('refuses header values that would split a request', async () => {
    const result = await dispatch(handlersWith({}), 'managers:save', {
      name: 'farm',
      url: 'http://farm:8080/',
      extraHeaders: { 'X-Site': 'a\r\nInjected: yes' },
      secretHeaders: {},
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('turns a CoreError into its data form and anything else into internal', async () => {
    const handlers = handlersWith({
      'managers:activate': () => {
        throw new CoreError('not-found', 'No Manager profile x.');
      },
      'app:info': () => {
        throw new TypeError('boom');
      },
    });
    expect(await dispatch(handlers, 'managers:activate', { id: 'x' })).toEqual({ ok: false, error: { code: 'not-found', message: 'No Manager profile x.' } });
    expect(await dispatch(handlers, 'app:info', undefined)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });
});
