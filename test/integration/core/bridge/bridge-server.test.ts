import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BridgeMessage } from '../../../../electron/common/ipc/bridge-protocol';
import { createContractHandlers } from '../../../../electron/core/api/contract-handlers';
import type { Bridge } from '../../../../electron/core/bridge/bridge-server';
import { startBridge } from '../../../../electron/core/bridge/bridge-server';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';

function connect(bridge: Bridge, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`${bridge.url.replace('http', 'ws')}/bridge?token=${encodeURIComponent(token)}`);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket, predicate: (message: BridgeMessage) => boolean): Promise<BridgeMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: unknown): void => {
      const message = JSON.parse(String(data)) as BridgeMessage;
      if (predicate(message)) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
  });
}

describe('startBridge', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  let bridge: Bridge;

  beforeEach(async () => {
    directory = makeTemporaryDirectory();
    const site = join(directory.path, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<p>hello</p>');
    core = createCore({
      paths: { dataDirectory: join(directory.path, 'data'), temporaryDirectory: join(directory.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      appVersion: '1.2.3',
    });
    bridge = await startBridge({ handlers: createContractHandlers(core, 'bridge'), events: core.events, staticDirectory: site });
  });

  afterEach(async () => {
    await bridge.close();
    await core.close();
    directory.remove();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(bridge.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a socket without the right token', async () => {
    await expect(connect(bridge, 'wrong')).rejects.toThrow('401');
  });

  it('answers invoke calls with result envelopes', async () => {
    const socket = await connect(bridge, bridge.token);
    const reply = nextMessage(socket, (message) => message.type === 'result');
    socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app:info', args: undefined }));
    expect(await reply).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: { version: '1.2.3', host: 'bridge', platform: 'linux', dataDirectory: join(directory.path, 'data') } },
    });
    socket.close();
  });

  it('returns invalid-argument as data for bad arguments and unknown channels', async () => {
    const socket = await connect(bridge, bridge.token);
    const first = nextMessage(socket, (message) => message.type === 'result' && message.id === 1);
    socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'settings:update', args: { uploadConcurrency: 0 } }));
    const second = nextMessage(socket, (message) => message.type === 'result' && message.id === 2);
    socket.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'shell:format-disk', args: undefined }));
    expect(await first).toMatchObject({ result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(await second).toEqual({
      type: 'result',
      id: 2,
      result: { ok: false, error: { code: 'invalid-argument', message: 'Unknown channel "shell:format-disk"' } },
    });
    socket.close();
  });

  it('pushes contract events to connected clients', async () => {
    const socket = await connect(bridge, bridge.token);
    const event = nextMessage(socket, (message) => message.type === 'event');
    socket.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'settings:update', args: { theme: 'dark' } }));
    expect(await event).toEqual({ type: 'event', channel: 'settings:changed', payload: { ...core.settings.read(), theme: 'dark' } });
    socket.close();
  });

  it('serves the renderer files and nothing outside them', async () => {
    const page = await fetch(`${bridge.url}/`);
    expect(await page.text()).toBe('<p>hello</p>');
    const escape = await fetch(`${bridge.url}/..%2F..%2Fetc%2Fpasswd`);
    expect([403, 404]).toContain(escape.status);
  });
});
