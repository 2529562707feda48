import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BlenderChoice, BlendIntrospection, SettingValue } from '../../common/domain/blender';
import type { SceneFacts } from '../../common/domain/scene-facts';
import type { AppPaths, Clock } from '../ports';
import { BlenderInstalls, currentDiscoveryEnvironment } from './blender-installs';
import type { DiscoveryEnvironment } from './discovery';
import type { IntrospectionJobType } from './introspect';
import { BlendIntrospector } from './introspect';

/** The user settings Blender discovery reads (a slice of `AppSettings`). */
export type BlenderPreferences = {
  readonly blenderPaths: readonly string[];
  readonly preferredBlender: string | null;
};

/** Options of {@link createBlenderService}. */
export type BlenderServiceOptions = {
  readonly paths: AppPaths;
  readonly clock: Clock;
  /** Read on each use, so a changed setting applies without a restart. */
  readonly preferences: () => BlenderPreferences;
  readonly environment?: DiscoveryEnvironment;
};

/** Blender for the rest of core: installs, the choice for a farm, and headless introspection. */
export type BlenderService = {
  readonly installs: BlenderInstalls;
  readonly introspector: BlendIntrospector;
  /** The install to use for a farm expecting `farmVersion` (honours the preferred install). */
  choose(farmVersion?: string): Promise<BlenderChoice>;
  /** Introspects `file` with the chosen (or given) Blender, evaluating `jobType` when given. */
  introspect(request: {
    readonly file: string;
    readonly blenderExecutable?: string;
    readonly farmVersion?: string;
    readonly jobType?: IntrospectionJobType;
    readonly jobName?: string;
    readonly values?: Readonly<Record<string, SettingValue>>;
  }): Promise<BlendIntrospection>;
};

/**
 * Builds the Blender service. Caches are JSON files under `<dataDirectory>/blender/`
 * (`installs.json`, `introspection/<key>.json`): they are disposable, keyed blobs that are
 * never queried, so a damaged or old file is simply ignored and rebuilt.
 */
export function createBlenderService(options: BlenderServiceOptions): BlenderService {
  const cacheDirectory = join(options.paths.dataDirectory, 'blender');
  const installs = new BlenderInstalls({
    cacheDirectory,
    environment: options.environment ?? currentDiscoveryEnvironment(homedir()),
    clock: options.clock,
    userPaths: () => options.preferences().blenderPaths,
  });
  const introspector = new BlendIntrospector({
    clock: options.clock,
    temporaryDirectory: options.paths.temporaryDirectory,
    cacheDirectory: join(cacheDirectory, 'introspection'),
  });
  const choose = (farmVersion?: string): Promise<BlenderChoice> => installs.choose(farmVersion, options.preferences().preferredBlender);
  return {
    installs,
    introspector,
    choose,
    async introspect(request) {
      const blenderExecutable = request.blenderExecutable ?? (await choose(request.farmVersion)).install.executable;
      return introspector.introspect({
        blenderExecutable,
        file: request.file,
        ...(request.jobType === undefined ? {} : { jobType: request.jobType }),
        ...(request.jobName === undefined ? {} : { jobName: request.jobName }),
        ...(request.values === undefined ? {} : { values: request.values }),
      });
    },
  };
}

/**
 * The headless report in the shape of the native reader's {@link SceneFacts}, so callers
 * handle one shape whichever way the facts were read.
 */
export function sceneFactsFromIntrospection(introspection: BlendIntrospection): SceneFacts {
  return {
    blenderVersion: introspection.fileVersion,
    activeScene: introspection.activeScene,
    scenes: introspection.scenes.map((scene) => ({
      name: scene.name,
      frameStart: scene.frameStart,
      frameEnd: scene.frameEnd,
      frameStep: scene.frameStep,
      fps: scene.fps,
      fpsBase: scene.fpsBase,
      outputPath: scene.outputPath,
      imageFormat: scene.fileFormat,
      fileExtension: scene.fileExtension,
      engine: scene.engine,
      resolutionX: scene.resolution.x,
      resolutionY: scene.resolution.y,
      resolutionPercentage: scene.resolution.percentage,
      camera: scene.camera ?? undefined,
      cameras: scene.cameras,
      viewLayers: scene.viewLayers.map((layer) => layer.name),
    })),
  };
}

/** Facts that every scene has; `camera` and `fileExtension` may be legitimately absent. */
const requiredSceneFacts = ['frameStart', 'frameEnd', 'frameStep', 'fps', 'fpsBase', 'outputPath', 'imageFormat', 'engine', 'resolutionX', 'resolutionY', 'resolutionPercentage'] as const;

/** True when the native reader could not read a fact every scene has (then headless Blender is asked). */
export function sceneFactsIncomplete(facts: SceneFacts): boolean {
  if (facts.activeScene === undefined) return true;
  return facts.scenes.some((scene) => requiredSceneFacts.some((name) => scene[name] === undefined));
}
