import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagerId } from '../../../../electron/common/domain/manager-profile';
import type { Preset, PresetId, Submission, SubmissionNotice, SubmissionRequest } from '../../../../electron/common/domain/submission';
import { CoreError } from '../../../../electron/core/errors';
import { defaultsInspector } from '../../../../electron/core/submit/blender-inspector';
import { HotFolders } from '../../../../electron/core/submit/hot-folders';
import type { Inspector } from '../../../../electron/core/submit/ports';
import { SubmissionWatcher } from '../../../../electron/core/submit/submission-watcher';
import { recordingNotifier } from '../../../support/fake-ports';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import { useManagerDouble } from '../../../support/manager-double/index';
import type { SubmitHarness } from '../../../support/submit/submit-harness';
import { createSubmitHarness, doubleManagerId } from '../../../support/submit/submit-harness';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

let folder: ReturnType<typeof makeTemporaryDirectory>;

beforeEach(() => {
  folder = makeTemporaryDirectory('flamenco-desk-watch-');
});

afterEach(() => {
  folder.remove();
});

describe('SubmissionWatcher', () => {
  const manager = useManagerDouble();
  let harness: SubmitHarness | undefined;
  let watcher: SubmissionWatcher | undefined;

  afterEach(async () => {
    await watcher?.close();
    await harness?.close();
    watcher = undefined;
    harness = undefined;
  });

  it('inspects again when a file of a waiting entry changes, and needs attention when one is deleted', async () => {
    const project = join(folder.path, 'project');
    mkdirSync(project, { recursive: true });
    const blendPath = join(project, 'shot.blend');
    const texturePath = join(project, 'wood.png');
    writeFileSync(blendPath, 'BLENDER-v304 scene');
    writeFileSync(texturePath, 'wood v1');
    manager().addJobType('test-render', { label: 'Test Render', settings: [{ key: 'frames', type: 'string', required: true }] });
    let inspections = 0;
    const inspector: Inspector = {
      async inspect(request) {
        inspections += 1;
        return { ...(await defaultsInspector.inspect(request)), dependencies: [{ absolutePath: texturePath, storedPath: '//wood.png', exists: true, insideProject: true }] };
      },
    };
    // The files never reach the farm: the transfer finds the Manager away, so the entry waits after inspection.
    harness = createSubmitHarness({
      managerUrl: manager().url,
      dataDirectory: join(folder.path, 'data'),
      notifier: recordingNotifier(),
      clock: new ManualClock(),
      inspector,
      wrapTransferer: () => ({
        transfer: async () => {
          throw new CoreError('manager-unreachable', 'The Manager is away');
        },
      }),
    });
    const { service } = harness;
    const notices: SubmissionNotice[] = [];
    const next = (kind: SubmissionNotice['kind']): Promise<void> =>
      new Promise((resolve) => {
        const stop = service.onNotice((notice) => {
          notices.push(notice);
          if (notice.kind === kind) {
            stop();
            resolve();
          }
        });
      });
    service.start();
    const submission = service.submit({ blendPath, managerId: doubleManagerId, jobType: 'test-render', jobName: 'watched', settings: { frames: '1' }, priority: 50, paused: false, scout: 'off' });
    await service.whenSettled();
    watcher = new SubmissionWatcher(service);
    await watcher.ready();
    expect([service.get(submission.id).state.phase, watcher.watchedPaths(), inspections]).toEqual(['waiting-for-manager', [blendPath, texturePath].sort(), 1]);

    const changed = next('file-changed');
    writeFileSync(texturePath, 'wood v2, repainted');
    await changed;
    await service.whenSettled();
    await watcher.ready();
    expect([service.get(submission.id).state.phase, inspections]).toEqual(['waiting-for-manager', 2]);

    const deleted = next('file-deleted');
    rmSync(texturePath);
    await deleted;
    const state = service.get(submission.id).state;
    expect([state.phase, state.phase === 'needs-attention' ? state.error : undefined, watcher.watchedPaths()]).toEqual([
      'needs-attention',
      { code: 'file-missing', message: `${texturePath} was deleted`, details: { path: texturePath } },
      [],
    ]);
  });
});

describe('HotFolders', () => {
  it('submits a .blend that appears in a watched folder with the folder preset, once it is written', async () => {
    const hot = join(folder.path, 'hot');
    mkdirSync(hot);
    writeFileSync(join(hot, 'already-there.blend'), 'old');
    const preset: Preset = {
      id: 'preset-1' as PresetId,
      name: 'Dailies',
      jobType: 'simple-blender-render',
      defaultFor: 'farm-a' as ManagerId,
      settings: { render_output_root: '/render/dailies', chunk_size: 5 },
      priority: 30,
      createdAt: 0,
    };
    const submitted: SubmissionRequest[] = [];
    let arrived: (path: string) => void = () => undefined;
    const arrival = new Promise<string>((resolve) => (arrived = resolve));
    const folders = new HotFolders({
      submit: (request) => {
        submitted.push(request);
        return { id: 'entry-1', request } as unknown as Submission;
      },
      preset: (id) => (id === preset.id ? preset : undefined),
      activeManager: () => 'farm-b' as ManagerId,
      onSubmitted: (_submission, path) => arrived(path),
      stableMilliseconds: 100,
      pollMilliseconds: 20,
    });
    try {
      await folders.update([{ path: hot, presetId: preset.id }]);
      writeFileSync(join(hot, 'shot-020.blend'), 'BLENDER-v304 new shot');
      expect(await arrival).toEqual(join(hot, 'shot-020.blend'));
      expect(submitted).toEqual([
        {
          blendPath: join(hot, 'shot-020.blend'),
          managerId: 'farm-a',
          jobType: 'simple-blender-render',
          jobName: 'shot-020',
          settings: { render_output_root: '/render/dailies', chunk_size: 5 },
          priority: 30,
          paused: false,
          scout: 'off',
          presetId: 'preset-1',
        },
      ]);
    } finally {
      await folders.close();
    }
  });
});
