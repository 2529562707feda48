import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContractHandlers } from '../../../../electron/core/api/contract-handlers';
import { dispatch } from '../../../../electron/core/api/dispatch';
import type { ShellHost } from '../../../../electron/core/api/handlers/shell-handlers';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('shellHandlers', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  const opened: string[] = [];
  let pending: string[] = [];
  const shell: ShellHost = {
    takePendingFiles: () => {
      const taken = pending;
      pending = [];
      return taken;
    },
    versions: () => ({ electron: '45.5.0' }),
    paths: () => ({ logs: '/logs' }),
    recentLogLines: async () => ['2026-01-01T00:00:00.000Z INFO  token=abc'],
  };

  beforeEach(() => {
    directory = makeTemporaryDirectory();
    opened.length = 0;
    pending = ['/scenes/a.blend'];
    core = createCore({
      paths: { dataDirectory: join(directory.path, 'data'), temporaryDirectory: join(directory.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      dialogs: { chooseFiles: async (request) => [`chosen for ${request.title}`], chooseDirectory: async () => undefined },
      opener: { openPath: async (path) => void opened.push(`path ${path}`), openExternal: async (url) => void opened.push(`url ${url}`) },
      clock: { now: () => Date.UTC(2026, 0, 2), setTimeout: () => ({ cancel: () => undefined }) },
      appVersion: '1.2.3',
    });
  });

  afterEach(async () => {
    await core.close();
    directory.remove();
  });

  it('hands the pending files over once', async () => {
    const handlers = createContractHandlers(core, 'electron', shell);
    expect([await dispatch(handlers, 'shell:pending-files', undefined), await dispatch(handlers, 'shell:pending-files', undefined)]).toEqual([
      { ok: true, value: ['/scenes/a.blend'] },
      { ok: true, value: [] },
    ]);
  });

  it('opens folders only, and reports files and missing paths', async () => {
    const handlers = createContractHandlers(core, 'electron', shell);
    const folder = join(directory.path, 'renders');
    mkdirSync(folder);
    const file = join(directory.path, 'tool.sh');
    writeFileSync(file, '#!/bin/sh');
    const results = [
      await dispatch(handlers, 'shell:open-folder', { path: folder }),
      await dispatch(handlers, 'shell:open-folder', { path: file }),
      await dispatch(handlers, 'shell:open-folder', { path: join(directory.path, 'missing') }),
    ];
    expect({ codes: results.map((result) => (result.ok ? 'ok' : result.error.code)), opened }).toEqual({ codes: ['ok', 'invalid-argument', 'file-missing'], opened: [`path ${folder}`] });
  });

  it('passes dialogs and links to the host ports after validation', async () => {
    const handlers = createContractHandlers(core, 'electron', shell);
    const results = [
      await dispatch(handlers, 'shell:choose-files', { title: 'Scenes', extensions: ['blend'], multiple: true }),
      await dispatch(handlers, 'shell:choose-directory', { title: 'Output' }),
      await dispatch(handlers, 'shell:open-external', { url: 'http://farm.local:8080/' }),
      await dispatch(handlers, 'shell:choose-files', { title: 'Scenes', extensions: ['.blend'] }),
    ];
    expect({ results: results.map((result) => (result.ok ? result.value : result.error.code)), opened }).toEqual({
      results: [['chosen for Scenes'], null, undefined, 'invalid-argument'],
      opened: ['url http://farm.local:8080/'],
    });
  });

  it('builds the diagnostics text from core, the host and its log', async () => {
    const result = await dispatch(createContractHandlers(core, 'electron', shell), 'shell:diagnostics', undefined);
    const text = result.ok ? String(result.value) : '';
    expect({
      head: text.split('\n').slice(0, 2),
      versions: text.includes('  electron: 45.5.0'),
      folders: text.includes(`  data: ${join(directory.path, 'data')}`) && text.includes('  logs: /logs'),
      log: text.split('\n').at(-2),
    }).toEqual({
      head: ['Flamenco Desk 1.2.3 (electron)', 'Generated: 2026-01-02T00:00:00.000Z'],
      versions: true,
      folders: true,
      log: '  2026-01-01T00:00:00.000Z INFO  token=[redacted]',
    });
  });

  it('has nothing pending and says so without dialogs in a headless host', async () => {
    const headless = createCore({
      paths: { dataDirectory: join(directory.path, 'headless'), temporaryDirectory: join(directory.path, 'tmp2') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      appVersion: '1.2.3',
    });
    const handlers = createContractHandlers(headless, 'bridge');
    const results = [await dispatch(handlers, 'shell:pending-files', undefined), await dispatch(handlers, 'shell:choose-directory', { title: 'Output' })];
    await headless.close();
    expect(results).toEqual([
      { ok: true, value: [] },
      { ok: false, error: { code: 'internal', message: 'This host cannot show file dialogs.' } },
    ]);
  });
});
