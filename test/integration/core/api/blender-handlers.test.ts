import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractHandlers } from '../../../../electron/core/api/contract-handlers';
import type { ContractHandlers } from '../../../../electron/core/api/contract-handlers';
import type { Core } from '../../../../electron/core/create-core';
import { createCore } from '../../../../electron/core/create-core';
import { memorySecretStore, recordingNotifier } from '../../../support/fake-ports';
import { blender } from '../../../support/requirements';
import { makeShotProject } from '../../../support/shot-project';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe.skipIf(!blender.available)('blenderHandlers', () => {
  let directory: ReturnType<typeof makeTemporaryDirectory>;
  let core: Core;
  let handlers: ContractHandlers;
  let blend: string;

  beforeAll(() => {
    directory = makeTemporaryDirectory();
    blend = makeShotProject(blender.available ? blender.path : '', join(directory.path, 'shot'));
    core = createCore({
      paths: { dataDirectory: join(directory.path, 'data'), temporaryDirectory: join(directory.path, 'tmp') },
      notifier: recordingNotifier(),
      secrets: memorySecretStore(),
      appVersion: '1.2.3',
    });
    handlers = createContractHandlers(core, 'bridge');
  });

  afterAll(async () => {
    await core.close();
    directory.remove();
  });

  it('inspects a .blend natively: scene facts, project root and every dependency with its warnings', async () => {
    const inspection = await handlers['blend:inspect']({ path: blend });
    const project = join(directory.path, 'shot', 'project');
    expect({
      facts: [inspection.facts.activeScene, inspection.facts.scenes.map((scene) => [scene.name, scene.frameStart, scene.frameEnd, scene.imageFormat])],
      projectRoot: inspection.projectRoot,
      dependencies: inspection.dependencies.map((dependency) => [dependency.storedPath, dependency.exists, dependency.insideProject]).sort(),
      summary: { ...inspection.dependencySummary, totalBytes: undefined },
      blender: inspection.blender?.install.executable,
    }).toEqual({
      facts: ['Shot', [['Shot', 1, 3, 'PNG']]],
      projectRoot: project,
      dependencies: [
        ['//textures/gone.png', false, true],
        ['//textures/inside.png', true, true],
        [join(directory.path, 'shot', 'shared', 'outside.png'), true, false],
      ],
      summary: { total: 3, totalBytes: undefined, missing: 1, outsideProject: 1, absolute: 1 },
      blender: blender.available ? blender.path : undefined,
    });
  });

  it('says which file is missing', async () => {
    await expect(handlers['blend:inspect']({ path: join(directory.path, 'nope.blend') })).rejects.toMatchObject({ code: 'file-missing' });
  });

  it('lists the Blender installs and the one it would use', async () => {
    const view = await handlers['blender:installs']({ refresh: true });
    expect([view.installs.some((install) => install.executable === view.chosen?.install.executable), view.chosen?.install.version !== null]).toEqual([true, true]);
  });
});
