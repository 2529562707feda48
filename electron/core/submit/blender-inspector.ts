import type { BlendIntrospection, SettingValue } from '../../common/domain/blender';
import type { JobSettingValue, JobTypeSpec } from '../../common/domain/job-settings';
import { traceDependencies } from '../blender/blendfile';
import { CoreError } from '../errors';
import { findProjectRoot } from '../shaman/pack-plan';
import type { Inspection, Inspector } from './ports';

/** What {@link blenderInspector} is built from. */
export type BlenderInspectorOptions = {
  /** One headless Blender run (the Blender service picks the install). */
  introspect(request: {
    readonly file: string;
    readonly jobType: JobTypeSpec;
    readonly jobName: string;
    readonly values: Readonly<Record<string, SettingValue>>;
  }): Promise<BlendIntrospection>;
};

/** A value as a job setting holds it: text, number or boolean (lists and objects become JSON text). */
export function toJobSettingValue(value: SettingValue): JobSettingValue | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * The queue's {@link Inspector}: headless Blender evaluates the job type's `eval` settings
 * exactly like the Flamenco add-on (given values kept, defaults filled), and the native
 * tracer lists the files the .blend needs, relative to the project root.
 */
export function blenderInspector(options: BlenderInspectorOptions): Inspector {
  return {
    async inspect(request) {
      if (request.signal.aborted) throw new CoreError('canceled', 'Inspection was canceled');
      const projectRoot = await findProjectRoot(request.blendPath);
      // Job types without `eval` settings need no Blender: given values and defaults do.
      const needsBlender = request.jobType.settings.some((setting) => setting.eval !== undefined && setting.eval !== '');
      const [introspection, dependencies, defaults] = await Promise.all([
        needsBlender ? options.introspect({ file: request.blendPath, jobType: request.jobType, jobName: request.jobName, values: request.values }) : undefined,
        traceDependencies(request.blendPath, { projectRoot }),
        defaultsInspector.inspect(request),
      ]);
      const values: Record<string, JobSettingValue> = introspection === undefined ? { ...defaults.values } : {};
      const evalErrors: { key: string; error: string }[] = [];
      for (const evaluation of introspection?.settings ?? []) {
        if (evaluation.outcome === 'error') {
          evalErrors.push({ key: evaluation.key, error: evaluation.error });
          continue;
        }
        const value = toJobSettingValue(evaluation.value);
        if (value !== undefined) values[evaluation.key] = value;
      }
      const inspection: Inspection = {
        values,
        evalErrors,
        dependencies: dependencies.map((dependency) => ({
          absolutePath: dependency.absolutePath,
          storedPath: dependency.storedPath,
          exists: dependency.exists,
          insideProject: dependency.insideProject,
        })),
        ...(introspection === undefined ? {} : { blenderVersion: introspection.blenderVersion }),
      };
      return inspection;
    },
  };
}

/**
 * An {@link Inspector} without Blender: given values, then the job type's defaults; no `eval`
 * runs and no dependencies are traced. For job types without evals (e.g. echo-sleep-test)
 * and for headless use where Blender is absent.
 */
export const defaultsInspector: Inspector = {
  async inspect(request) {
    const values: Record<string, JobSettingValue> = {};
    for (const setting of request.jobType.settings) {
      const given = request.values[setting.key];
      const fallback = setting.default;
      if (given !== undefined) values[setting.key] = given;
      else if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') values[setting.key] = fallback;
    }
    return { values, evalErrors: [], dependencies: [] };
  },
};
