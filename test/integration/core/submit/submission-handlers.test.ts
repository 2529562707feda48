import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../../../electron/common/ipc/contract';
import { createContractHandlers } from '../../../../electron/core/api/contract-handlers';
import { dispatch } from '../../../../electron/core/api/dispatch';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

let folder: ReturnType<typeof makeTemporaryDirectory>;
let core: Core;

beforeEach(() => {
  folder = makeTemporaryDirectory('flamenco-desk-submit-handlers-');
  core = createCore({
    paths: { dataDirectory: join(folder.path, 'data'), temporaryDirectory: join(folder.path, 'tmp') },
    notifier: recordingNotifier(),
    secrets: memorySecretStore(),
    appVersion: '0.0.0-test',
  });
});

afterEach(async () => {
  await core.close();
  folder.remove();
});

describe('submission handlers', () => {
  it('queues, cancels and removes an entry through the contract, publishing queue:changed', async () => {
    const handlers = createContractHandlers(core, 'bridge');
    const events: [EventChannel, unknown][] = [];
    core.events.subscribe((channel, payload) => events.push([channel, payload]));
    const request = { blendPath: '/p/a.blend', managerId: 'farm', jobType: 'simple-blender-render', jobName: 'a', settings: { frames: '1-3' }, priority: 50, paused: false, scout: 'off' };
    const queued = await dispatch(handlers, 'queue:submit', request);
    const id = queued.ok ? (queued.value as { id: string }).id : '';
    const canceled = await dispatch(handlers, 'queue:cancel', { id });
    const removed = await dispatch(handlers, 'queue:remove', { id });
    const listed = await dispatch(handlers, 'queue:list', undefined);
    expect({
      queued: queued.ok ? (queued.value as { state: unknown }).state : queued,
      canceled: canceled.ok ? (canceled.value as { state: unknown }).state : canceled,
      removed,
      listed,
      firstEvent: events[0]?.[0],
    }).toEqual({
      queued: { phase: 'draft' },
      canceled: { phase: 'canceled', reason: 'Canceled by the user' },
      removed: { ok: true, value: undefined },
      listed: { ok: true, value: [] },
      firstEvent: 'queue:changed',
    });
  });

  it('rejects malformed requests before core sees them, and unknown entries with not-found', async () => {
    const handlers = createContractHandlers(core, 'bridge');
    const badPriority = await dispatch(handlers, 'queue:submit', { blendPath: '/p/a.blend', managerId: 'farm', jobType: 't', jobName: 'a', settings: {}, priority: 101, paused: false, scout: 'off' });
    const unknown = await dispatch(handlers, 'queue:pause', { id: 'nope' });
    expect([badPriority.ok ? 'ok' : badPriority.error.code, unknown.ok ? 'ok' : unknown.error]).toEqual([
      'invalid-argument',
      { code: 'not-found', message: 'No submission nope in the queue' },
    ]);
  });

  it('saves presets and answers the default of a Manager, publishing presets:changed', async () => {
    const handlers = createContractHandlers(core, 'bridge');
    const events: EventChannel[] = [];
    core.events.subscribe((channel) => events.push(channel));
    const saved = await dispatch(handlers, 'presets:save', { name: 'Dailies', jobType: 'simple-blender-render', defaultFor: 'farm', settings: { chunk_size: 5 } });
    const found = await dispatch(handlers, 'presets:default', { managerId: 'farm', jobType: 'simple-blender-render' });
    const none = await dispatch(handlers, 'presets:default', { managerId: 'other', jobType: 'simple-blender-render' });
    expect([found, none, events]).toEqual([saved, { ok: true, value: null }, ['presets:changed']]);
  });
});
