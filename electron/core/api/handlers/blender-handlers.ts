import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BlendInspection } from '../../../common/domain/blend-inspection';
import { summarizeDependencies } from '../../../common/domain/blend-inspection';
import type { BlenderChoice, SettingEvaluation, SettingValue } from '../../../common/domain/blender';
import { BlenderInstalls, BlendIntrospector, currentDiscoveryEnvironment } from '../../blender';
import { readSceneFacts, traceDependencies } from '../../blender/blendfile';
import type { Core } from '../../create-core';
import { CoreError, toAppError } from '../../errors';
import { ManagerService } from '../../flamenco/manager-service';
import { findProjectRoot } from '../../shaman/pack-plan';
import type { HandlersFor } from '../contract-handlers';

/** Blender installs, and what the Submit screen learns about a dropped .blend. */
export function blenderHandlers(core: Core): HandlersFor<'blender:installs' | 'blend:inspect' | 'blend:evaluate'> {
  const installs = new BlenderInstalls({
    cacheDirectory: join(core.options.paths.dataDirectory, 'blender'),
    environment: currentDiscoveryEnvironment(homedir()),
    clock: core.clock,
    userPaths: () => core.settings.read().blenderPaths,
  });
  const introspector = new BlendIntrospector({
    clock: core.clock,
    temporaryDirectory: core.options.paths.temporaryDirectory,
    cacheDirectory: join(core.options.paths.dataDirectory, 'introspection'),
  });
  const managers = new ManagerService({ profiles: core.managerProfiles, secrets: core.options.secrets, clock: core.clock });
  const choose = (): Promise<BlenderChoice> => installs.choose(undefined, core.settings.read().preferredBlender);
  return {
    'blender:installs': async ({ refresh }) => {
      const list = await installs.list({ refresh });
      return { installs: list, chosen: await choose().catch(() => null) };
    },
    'blend:inspect': async ({ path }) => inspect(path, choose),
    'blend:evaluate': async ({ path, jobType, jobName, values }) => evaluate(await (await managers.activeClient()).jobType(jobType), introspector, choose, path, jobName, values),
  };
}

async function inspect(path: string, choose: () => Promise<BlenderChoice>): Promise<BlendInspection> {
  const file = await stat(path).catch((error: unknown) => {
    throw new CoreError('file-missing', `The file ${path} does not exist.`, { details: { path }, cause: error });
  });
  const projectRoot = await findProjectRoot(path);
  const [facts, dependencies, blender] = await Promise.all([
    readSceneFacts(path),
    traceDependencies(path, { projectRoot }),
    choose().then(
      (choice) => ({ choice, problem: undefined }),
      (error: unknown) => ({ choice: null, problem: toAppError(error).message }),
    ),
  ]);
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

async function evaluate(
  jobType: { readonly name: string; readonly etag: string; readonly settings: readonly { readonly key: string; readonly type: string }[] },
  introspector: BlendIntrospector,
  choose: () => Promise<BlenderChoice>,
  path: string,
  jobName: string,
  values: Readonly<Record<string, SettingValue>>,
): Promise<readonly SettingEvaluation[]> {
  const { install } = await choose();
  const result = await introspector.introspect({ blenderExecutable: install.executable, file: path, jobType, jobName, values });
  return result.settings ?? [];
}
