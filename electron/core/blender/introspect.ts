import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, parse, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BlendIntrospection, SettingEvaluation, SettingValue } from '../../common/domain/blender';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import { extractMarkedJson } from './marked-output';
import { ProcessStartError, runProcess } from './run-process';
import type { EvaluableSetting } from './settings-plan';
import { planSettings } from './settings-plan';

/** The parts of a Manager `AvailableJobType` the headless run needs. */
export type IntrospectionJobType = {
  readonly name: string;
  readonly etag: string;
  readonly settings: readonly EvaluableSetting[];
};

/** One headless run: which Blender, which file, and optionally which job type to evaluate. */
export type IntrospectionRequest = {
  readonly blenderExecutable: string;
  readonly file: string;
  readonly jobType?: IntrospectionJobType;
  /** `jobname` in eval expressions (the add-on's job name field); {@link defaultJobName} when absent. */
  readonly jobName?: string;
  /** Settings the user set; kept as given (see `planSettings`). */
  readonly values?: Readonly<Record<string, SettingValue>>;
  readonly timeoutMilliseconds?: number;
};

/** Where and how {@link BlendIntrospector} runs Blender. */
export type BlendIntrospectorOptions = {
  readonly clock: Clock;
  /** A fresh folder per run is made here for the script and its input. */
  readonly temporaryDirectory: string;
  /** Results are kept here as JSON files; no disk cache when undefined. */
  readonly cacheDirectory?: string;
  /** The script to run; the one shipped beside this module by default. */
  readonly scriptFile?: string;
};

/** Opening a big production file can take a while; a stuck Blender must not hang the app. */
const defaultTimeoutMilliseconds = 120_000;

/**
 * The shipped script. Read at run time (not bundled into JS), so the build must copy
 * `electron/core/blender/python/` next to the module that contains this code.
 */
export const introspectionScriptUrl = new URL('./python/introspect.py', import.meta.url);

const settingValueSchema: z.ZodType<SettingValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(settingValueSchema), z.record(z.string(), settingValueSchema)]),
);

const resultSchema = z.object({
  file: z.string(),
  blenderVersion: z.string(),
  fileVersion: z.string(),
  fileSubversion: z.number(),
  activeScene: z.string(),
  scenes: z.array(
    z.object({
      name: z.string(),
      frameStart: z.number(),
      frameEnd: z.number(),
      frameStep: z.number(),
      fps: z.number(),
      fpsBase: z.number(),
      outputPath: z.string(),
      fileFormat: z.string(),
      fileExtension: z.string(),
      usePreview: z.boolean(),
      engine: z.string(),
      resolution: z.object({ x: z.number(), y: z.number(), percentage: z.number() }),
      camera: z.string().nullable(),
      cameras: z.array(z.string()),
      viewLayers: z.array(z.object({ name: z.string(), use: z.boolean() })),
    }),
  ),
  blendPaths: z.array(z.string()),
  libraries: z.array(z.object({ name: z.string(), filepath: z.string(), absolutePath: z.string() })),
  settings: z
    .array(
      z.union([
        z.object({ key: z.string(), outcome: z.literal('value'), source: z.enum(['eval', 'given', 'default', 'empty']), value: settingValueSchema }),
        z.object({ key: z.string(), outcome: z.literal('error'), error: z.string() }),
      ]),
    )
    .optional(),
});

const failureSchema = z.object({ error: z.object({ kind: z.enum(['not-opened', 'script']), message: z.string(), traceback: z.string().optional() }) });

/** The add-on's default job name: the .blend file's name without its extension (`Path.stem`). */
export function defaultJobName(file: string): string {
  return parse(file).name;
}

/** Lines Blender prints when `-b FILE` cannot load the file (checked in 3.4). */
const unreadableFilePatterns = [/File format is not supported/i, /Failed to read blend file/i, /Cannot read file/i, /not a blend file/i];

/**
 * Runs Blender headless on .blend files to learn their scene facts and evaluate job-type
 * settings, in ONE run per file: `blender -b FILE --factory-startup --python introspect.py -- INPUT`.
 * Results are cached by file path, size and modification time, Blender executable, job type
 * (name + etag), job name and given values.
 */
export class BlendIntrospector {
  private readonly options: BlendIntrospectorOptions;
  private readonly memory = new Map<string, BlendIntrospection>();
  /** Runs under way by cache key: asking twice for the same file starts Blender once. */
  private readonly running = new Map<string, Promise<BlendIntrospection>>();
  private scriptText: Promise<string> | undefined;

  constructor(options: BlendIntrospectorOptions) {
    this.options = options;
  }

  /**
   * Facts about `request.file`, from the cache when the file did not change.
   * Throws `file-missing`, `blender-not-found`, `blender-timeout`, `blend-invalid` (Blender could
   * not open the file) or `blender-failed` (anything else, with Blender's last lines in details).
   */
  async introspect(request: IntrospectionRequest, options: { readonly refresh?: boolean } = {}): Promise<BlendIntrospection> {
    const file = resolve(request.file);
    request = { ...request, jobName: request.jobName ?? defaultJobName(file) };
    let facts;
    try {
      facts = await stat(file);
    } catch (error) {
      throw new CoreError('file-missing', `The file ${file} does not exist.`, { details: { file }, cause: error });
    }
    if (!facts.isFile()) throw new CoreError('blend-invalid', `${file} is not a file.`, { details: { file } });
    const script = await this.script();
    const key = cacheKey({ request, file, size: facts.size, modified: facts.mtimeMs, script });
    if (options.refresh !== true) {
      const cached = this.memory.get(key) ?? (await this.readCache(key));
      if (cached !== undefined) {
        this.memory.set(key, cached);
        return cached;
      }
    }
    const underWay = this.running.get(key);
    if (underWay !== undefined) return underWay;
    const started = (async () => {
      const result = await this.run(request, file, script);
      this.memory.set(key, result);
      await this.writeCache(key, result);
      return result;
    })().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  private script(): Promise<string> {
    this.scriptText ??= readFile(this.options.scriptFile ?? fileURLToPath(introspectionScriptUrl), 'utf8').catch((error: unknown) => {
      this.scriptText = undefined;
      throw new CoreError('internal', 'The Blender introspection script is missing from this installation.', { cause: error });
    });
    return this.scriptText;
  }

  private async run(request: IntrospectionRequest, file: string, script: string): Promise<BlendIntrospection> {
    await mkdir(this.options.temporaryDirectory, { recursive: true });
    // The script is written out per run: Blender cannot read a file inside Electron's app.asar.
    const folder = await mkdtemp(join(this.options.temporaryDirectory, 'introspect-'));
    try {
      const marker = `FLAMENCO_DESK_RESULT_${randomBytes(8).toString('hex')}`;
      const scriptFile = join(folder, 'introspect.py');
      const inputFile = join(folder, 'input.json');
      const plan = request.jobType === undefined ? null : planSettings(request.jobType.settings, request.values ?? {});
      await writeFile(scriptFile, script);
      await writeFile(inputFile, JSON.stringify({ marker, file, jobName: request.jobName ?? defaultJobName(file), plan }));
      const timeoutMilliseconds = request.timeoutMilliseconds ?? defaultTimeoutMilliseconds;
      let outcome;
      try {
        outcome = await runProcess({
          executable: request.blenderExecutable,
          args: ['-b', file, '--factory-startup', '--disable-autoexec', '--python', scriptFile, '--', inputFile],
          timeoutMilliseconds,
          clock: this.options.clock,
          cwd: folder,
        });
      } catch (error) {
        if (error instanceof ProcessStartError) {
          throw new CoreError('blender-not-found', `Blender cannot be started at ${request.blenderExecutable}: ${error.message}`, {
            details: { executable: request.blenderExecutable },
            cause: error,
          });
        }
        throw error;
      }
      const output = `${outcome.stdout}\n${outcome.stderr}`;
      if (outcome.timedOut) {
        throw new CoreError('blender-timeout', `Blender did not finish reading ${file} within ${Math.round(timeoutMilliseconds / 1000)} s.`, {
          details: { file, executable: request.blenderExecutable },
        });
      }
      return interpretOutput(outcome.stdout, output, marker, file, outcome.exitCode);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private cacheFile(key: string): string | undefined {
    return this.options.cacheDirectory === undefined ? undefined : join(this.options.cacheDirectory, `${key}.json`);
  }

  private async readCache(key: string): Promise<BlendIntrospection | undefined> {
    const cacheFile = this.cacheFile(key);
    if (cacheFile === undefined) return undefined;
    try {
      const parsed = resultSchema.safeParse(JSON.parse(await readFile(cacheFile, 'utf8')));
      return parsed.success ? toIntrospection(parsed.data) : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCache(key: string, result: BlendIntrospection): Promise<void> {
    const cacheFile = this.cacheFile(key);
    if (cacheFile === undefined || this.options.cacheDirectory === undefined) return;
    await mkdir(this.options.cacheDirectory, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(result));
    await rename(temporary, cacheFile);
  }
}

/**
 * Turns one Blender run's output into a result or a typed error (exported for unit tests).
 * `stdout` is searched for the marker line; `output` (both streams) explains failures.
 */
export function interpretOutput(stdout: string, output: string, marker: string, file: string, exitCode: number | null): BlendIntrospection {
  const marked = extractMarkedJson(stdout, marker);
  if (marked === undefined) {
    const lastLines = output.trim().split(/\r?\n/).slice(-20).join('\n');
    if (unreadableFilePatterns.some((pattern) => pattern.test(output))) {
      throw new CoreError('blend-invalid', `Blender cannot open ${file}: ${firstErrorLine(output) ?? 'not a readable .blend file'}`, { details: { file, output: lastLines } });
    }
    throw new CoreError('blender-failed', `Blender exited (code ${String(exitCode)}) without reporting on ${file}.`, { details: { file, output: lastLines } });
  }
  const failure = failureSchema.safeParse(marked);
  if (failure.success) {
    const code = failure.data.error.kind === 'not-opened' ? 'blend-invalid' : 'blender-failed';
    throw new CoreError(code, failure.data.error.message, { details: { file, ...(failure.data.error.traceback === undefined ? {} : { traceback: failure.data.error.traceback }) } });
  }
  const parsed = resultSchema.safeParse(marked);
  if (!parsed.success) {
    throw new CoreError('blender-failed', `Blender reported on ${file} in an unexpected shape.`, { details: { file, problem: parsed.error.message } });
  }
  return toIntrospection(parsed.data);
}

function firstErrorLine(output: string): string | undefined {
  return output
    .split(/\r?\n/)
    .find((line) => line.startsWith('Error:'))
    ?.slice('Error:'.length)
    .trim();
}

function toIntrospection(data: z.infer<typeof resultSchema>): BlendIntrospection {
  const { settings, ...rest } = data;
  return settings === undefined ? rest : { ...rest, settings: settings as readonly SettingEvaluation[] };
}

function cacheKey(parts: {
  readonly request: IntrospectionRequest;
  readonly file: string;
  readonly size: number;
  readonly modified: number;
  readonly script: string;
}): string {
  const { request } = parts;
  const identity = JSON.stringify([
    parts.file,
    parts.size,
    parts.modified,
    request.blenderExecutable,
    request.jobType === undefined ? null : [request.jobType.name, request.jobType.etag, request.jobType.settings],
    request.jobName ?? '',
    request.values === undefined ? null : Object.entries(request.values).sort(([left], [right]) => left.localeCompare(right)),
    // A new app version with a changed script must not reuse old answers.
    createHash('sha256').update(parts.script).digest('hex'),
  ]);
  return createHash('sha256').update(identity).digest('hex');
}
