import { afterEach, describe, expect, it } from 'vitest';
import type { BlendInspection } from '../../../electron/common/domain/blend-inspection';
import type { ManagerId } from '../../../electron/common/domain/manager-profile';
import type { Submission, SubmissionId, SubmissionRequest } from '../../../electron/common/domain/submission';
import { setIpcForTesting } from '../../../renderer/src/lib/ipc';
import { farm } from '../../../renderer/src/state/farm.svelte';
import { isBlendPath, pathFromFileUrl } from '../../../renderer/src/lib/dropped-files';
import { SubmitState } from '../../../renderer/src/state/submit.svelte';
import { fakeContract } from '../fake-contract';
import { simpleBlenderRender } from '../job-types';

const inspection: BlendInspection = {
  path: '/projects/sf/shot.blend',
  sizeBytes: 1000,
  facts: { blenderVersion: '3.4', activeScene: 'Shot', scenes: [] },
  projectRoot: '/projects/sf',
  dependencies: [],
  dependencySummary: { total: 0, totalBytes: 0, missing: 0, outsideProject: 0, absolute: 0 },
  blender: null,
  blenderProblem: 'no Blender',
};

/** Settles the promise chain of an action that does not return its promise (no timers involved). */
async function settled(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await Promise.resolve();
}

afterEach(() => setIpcForTesting(fakeContract({})));

describe('SubmitState', () => {
  it('inspects each dropped .blend, picks simple-blender-render and fills the form from defaults and Blender', async () => {
    const contract = fakeContract({
      'job-types:list': () => [simpleBlenderRender],
      'blend:inspect': ({ path }) => ({ ...inspection, path }),
      'blend:evaluate': () => [
        { key: 'frames', outcome: 'value', source: 'eval', value: '1-3' },
        { key: 'render_output_path', outcome: 'error', error: 'render_output_root is empty' },
      ],
    });
    setIpcForTesting(contract);
    const state = new SubmitState();
    await state.loadJobTypes();
    state.addFiles(['/projects/sf/shot.blend', '/projects/sf/notes.txt']);
    await settled();
    const draft = state.drafts[0];
    expect(state.drafts.length).toBe(1);
    expect([draft?.jobName, draft?.jobType, draft?.values, draft?.auto, draft?.evaluation, draft?.evaluationErrors]).toEqual([
      'shot',
      'simple-blender-render',
      { frames: '1-3', chunk_size: 1, add_path_components: 0 },
      { frames: true },
      { status: 'done' },
      { render_output_path: 'render_output_root is empty' },
    ]);
    expect(contract.calls.map((call) => call.channel)).toEqual(['job-types:list', 'blend:inspect', 'blend:evaluate']);
    expect(contract.calls[2]?.args).toEqual({ path: '/projects/sf/shot.blend', jobType: 'simple-blender-render', jobName: 'shot', values: { chunk_size: 1, add_path_components: 0 } });
  });

  it('says what blocks a submission, then sends the request to the queue', async () => {
    const sent: SubmissionRequest[] = [];
    setIpcForTesting(
      fakeContract({
        'farm:snapshot': () => ({ manager: { id: 'm1' as ManagerId, name: 'F', url: 'http://f/', extraHeaders: {}, secretHeaderNames: [], isActive: true, createdAt: 0 }, version: null, connection: { kind: 'live' }, farmStatus: 'idle', jobs: [], workers: [], tags: [], etas: {} }),
        'job-types:list': () => [simpleBlenderRender],
        'blend:inspect': ({ path }) => ({ ...inspection, path }),
        'blend:evaluate': () => [],
        'queue:submit': (request) => {
          sent.push(request);
          return { id: 's1' as SubmissionId, request, state: { phase: 'draft' }, sequence: 1, failures: 0, createdAt: 0, updatedAt: 0 } satisfies Submission;
        },
      }),
    );
    await farm.reload();
    const state = new SubmitState();
    await state.loadJobTypes();
    state.addFiles(['/projects/sf/shot.blend']);
    await settled();
    const draft = state.drafts[0];
    if (draft === undefined) throw new Error('no draft');
    expect(state.blocker(draft)).toBe('render_output_root is required');
    state.setValue(draft, 'render_output_root', '/renders');
    draft.priority = 70;
    draft.paused = true;
    expect(state.blocker(draft)).toBeUndefined();
    await state.send(draft);
    expect(sent).toEqual([
      {
        blendPath: '/projects/sf/shot.blend',
        managerId: 'm1',
        jobType: 'simple-blender-render',
        jobName: 'shot',
        settings: { chunk_size: 1, render_output_root: '/renders', add_path_components: 0 },
        priority: 70,
        paused: true,
        scout: 'off',
      },
    ]);
    expect([draft.submissionId, draft.submitting]).toEqual(['s1', false]);
  });

  it('keeps an unreadable file as a draft with the reason', async () => {
    setIpcForTesting(fakeContract({ 'blend:inspect': () => ({ code: 'blend-invalid', message: 'Not a .blend file' }) }));
    const state = new SubmitState();
    state.addFiles(['/x/broken.blend']);
    await settled();
    const draft = state.drafts[0];
    expect(draft?.inspection).toEqual({ status: 'error', message: 'Not a .blend file' });
    expect(draft === undefined ? undefined : state.blocker(draft)).toBe('Not a .blend file');
  });

  it('adds the files chosen in the native dialog', async () => {
    const contract = fakeContract({ 'shell:choose-files': () => ['/a/one.blend', '/a/two.blend'], 'blend:inspect': ({ path }) => ({ ...inspection, path }) });
    setIpcForTesting(contract);
    const state = new SubmitState();
    await state.pickFiles();
    await settled();
    expect([state.drafts.map((draft) => draft.path), contract.calls[0]?.args]).toEqual([
      ['/a/one.blend', '/a/two.blend'],
      { title: 'Choose .blend files to submit', extensions: ['blend'], multiple: true },
    ]);
  });
});

describe('dropped paths', () => {
  it('reads file URLs of a text/uri-list, including Windows drive letters, and skips comments and other schemes', () => {
    expect(['file:///home/me/a%20b.blend', 'file:///C:/shots/x.blend', '# comment', 'https://x/y.blend', ''].map(pathFromFileUrl)).toEqual([
      '/home/me/a b.blend',
      'C:/shots/x.blend',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('accepts .blend files only, whatever the case', () => {
    expect(['a.blend', 'B.BLEND', 'c.blend1', 'd.txt'].map(isBlendPath)).toEqual([true, true, false, false]);
  });
});
