import { describe, expect, it } from 'vitest';
import { invokeChannels } from '../../../../electron/common/ipc/contract';
import type { ContractHandlers } from '../../../../electron/core/api/contract-handlers';
import { CoreError } from '../../../../electron/core/errors';
import type { InvokeEvent } from '../../../../electron/main/ipc/handle';
import { gateInvoke, registerContractChannels } from '../../../../electron/main/ipc/handle';

const info = { version: '1.2.3', host: 'electron', platform: 'linux', dataDirectory: '/data' } as const;
// Only the channels these tests call; the gate looks handlers up by name.
const handlers = {
  'app:info': () => info,
  'managers:remove': () => {
    throw new CoreError('not-found', 'No Manager profile m1.');
  },
} as unknown as ContractHandlers;

function setup() {
  const lines: string[] = [];
  let time = 1000;
  const options = {
    handlers,
    policy: { packaged: true, devServerUrl: undefined },
    logger: { log: (level: string, message: string, fields?: Readonly<Record<string, unknown>>) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`) },
    clock: {
      now: () => (time += 5),
      setTimeout: () => ({ cancel: () => undefined }),
    },
  };
  return { options, lines };
}

const mainFrame: InvokeEvent = { senderFrame: { url: 'app://renderer/index.html', parent: null } };

describe('gateInvoke', () => {
  it('answers our main frame through core and logs the call without its arguments', async () => {
    const { options, lines } = setup();
    expect({ result: await gateInvoke(options, mainFrame, 'app:info', undefined), lines }).toEqual({
      result: { ok: true, value: info },
      lines: ['debug ipc {"channel":"app:info","milliseconds":5}'],
    });
  });

  it('refuses iframes, foreign pages and destroyed frames with forbidden-sender', async () => {
    const { options } = setup();
    const senders: InvokeEvent[] = [
      { senderFrame: { url: 'app://renderer/index.html', parent: {} } },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: null },
    ];
    const results = await Promise.all(senders.map((event) => gateInvoke(options, event, 'app:info', undefined)));
    expect(results).toEqual(Array.from({ length: 3 }, () => ({ ok: false, error: { code: 'forbidden-sender', message: 'This page may not call Flamenco Desk.' } })));
  });

  it('returns validation and core errors as data', async () => {
    const { options, lines } = setup();
    const invalid = await gateInvoke(options, mainFrame, 'managers:remove', { id: '' });
    const missing = await gateInvoke(options, mainFrame, 'managers:remove', { id: 'm1' });
    expect({ invalid: invalid.ok ? undefined : invalid.error.code, missing, lastLine: lines.at(-1) }).toEqual({
      invalid: 'invalid-argument',
      missing: { ok: false, error: { code: 'not-found', message: 'No Manager profile m1.' } },
      lastLine: 'info ipc failed {"channel":"managers:remove","code":"not-found","message":"No Manager profile m1.","milliseconds":5}',
    });
  });
});

describe('registerContractChannels', () => {
  it('registers every contract channel and removes them again', async () => {
    const { options } = setup();
    const registered = new Map<string, (event: InvokeEvent, args: unknown) => Promise<unknown>>();
    const removed: string[] = [];
    const ipcMain = {
      handle: (channel: string, listener: (event: never, args: unknown) => Promise<unknown>) => {
        registered.set(channel, listener as (event: InvokeEvent, args: unknown) => Promise<unknown>);
      },
      removeHandler: (channel: string) => {
        removed.push(channel);
      },
    };
    const unregister = registerContractChannels(ipcMain, options);
    const answer = await registered.get('app:info')?.(mainFrame, undefined);
    unregister();
    expect({ channels: [...registered.keys()], answer, removed }).toEqual({ channels: [...invokeChannels], answer: { ok: true, value: info }, removed: [...invokeChannels] });
  });
});
