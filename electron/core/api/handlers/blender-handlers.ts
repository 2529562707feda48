import { stat } from 'node:fs/promises';
import type { BlendInspection } from '../../../common/domain/blend-inspection';
import { summarizeDependencies } from '../../../common/domain/blend-inspection';
import type { SettingEvaluation } from '../../../common/domain/blender';
import { sceneFactsFromIntrospection, sceneFactsIncomplete } from '../../blender/blender-service';
import { readSceneFacts, traceDependencies } from '../../blender/blendfile';
import type { Core } from '../../create-core';
import { CoreError, toAppError } from '../../errors';
import { findProjectRoot } from '../../shaman/pack-plan';
import type { HandlersFor } from '../contract-handlers';

/** Blender installs, and what the Submit screen learns about a dropped .blend. */
export function blenderHandlers(core: Core): HandlersFor<'blender:installs' | 'blend:inspect' | 'blend:evaluate'> {
  return {
    'blender:installs': async ({ refresh }) => ({
      installs: await core.blender.installs.list({ refresh }),
      chosen: await core.blender.choose().catch(() => null),
    }),
    'blend:inspect': ({ path }) => inspect(core, path),
    'blend:evaluate': async ({ path, jobType, jobName, values }) => {
      const type = await (await core.managers.activeClient()).jobType(jobType);
      const result = await core.blender.introspect({ file: path, jobType: type, jobName, values });
      return result.settings ?? ([] satisfies readonly SettingEvaluation[]);
    },
  };
}

/**
 * Reads scene facts and traces dependencies natively (fast, no Blender); only when the
 * native reader cannot tell a fact does headless Blender fill the gaps.
 */
async function inspect(core: Core, path: string): Promise<BlendInspection> {
  const file = await stat(path).catch((error: unknown) => {
    throw new CoreError('file-missing', `The file ${path} does not exist.`, { details: { path }, cause: error });
  });
  const projectRoot = await findProjectRoot(path);
  const [native, dependencies, blender] = await Promise.all([
    readSceneFacts(path),
    traceDependencies(path, { projectRoot }),
    core.blender.choose().then(
      (choice) => ({ choice, problem: undefined }),
      (error: unknown) => ({ choice: null, problem: toAppError(error).message }),
    ),
  ]);
  const facts = sceneFactsIncomplete(native) && blender.choice !== null ? sceneFactsFromIntrospection(await core.blender.introspect({ file: path })) : native;
  const sizes = new Map<string, number>();
  await Promise.all(
    dependencies.filter((dependency) => dependency.exists).map(async (dependency) => sizes.set(dependency.absolutePath, (await stat(dependency.absolutePath)).size)),
  );
  return {
    path,
    sizeBytes: file.size,
    facts,
    projectRoot,
    dependencies,
    dependencySummary: summarizeDependencies(dependencies, sizes),
    blender: blender.choice,
    ...(blender.problem === undefined ? {} : { blenderProblem: blender.problem }),
  };
}
