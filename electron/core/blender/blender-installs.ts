import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { BlenderChoice, BlenderInstall, BlenderVersion } from '../../common/domain/blender';
import { blenderInstallSources } from '../../common/domain/blender';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import type { BlenderCandidate, DiscoveryEnvironment, DiscoveryFileSystem } from './discovery';
import { findBlenderCandidates } from './discovery';
import { ProcessStartError, runProcess } from './run-process';
import { chooseBlender, parseBlenderVersion } from './version';

/** The real filesystem behind discovery. */
export const nodeDiscoveryFileSystem: DiscoveryFileSystem = {
  async isFile(file) {
    try {
      if (!(await stat(file)).isFile()) return false;
      // On Windows X_OK is the same as F_OK; elsewhere a non-executable file is not a Blender.
      await access(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  async listDirectory(directory) {
    try {
      return await readdir(directory);
    } catch {
      return [];
    }
  },
  async readText(file) {
    try {
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  async realPath(file) {
    try {
      return await realpath(file);
    } catch {
      return file;
    }
  },
};

/** The discovery environment of this process. */
export function currentDiscoveryEnvironment(homeDirectory: string): DiscoveryEnvironment {
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return { platform, env: process.env, homeDirectory };
}

/** `--version` of a healthy Blender answers in about a second; a first start on a slow disk takes longer. */
const versionTimeoutMilliseconds = 30_000;

/**
 * Runs `executable --version` and parses it.
 * Throws `blender-not-found` when it cannot start, `blender-timeout`, or `blender-failed` when
 * it exits badly or prints no version line.
 */
export async function readBlenderVersion(executable: string, clock: Clock, timeoutMilliseconds = versionTimeoutMilliseconds): Promise<BlenderVersion> {
  let outcome;
  try {
    outcome = await runProcess({ executable, args: ['--version'], timeoutMilliseconds, clock });
  } catch (error) {
    if (error instanceof ProcessStartError) {
      throw new CoreError('blender-not-found', `Blender cannot be started at ${executable}: ${error.message}`, { details: { executable }, cause: error });
    }
    throw error;
  }
  if (outcome.timedOut) throw new CoreError('blender-timeout', `${executable} --version did not answer within ${timeoutMilliseconds / 1000} s.`, { details: { executable } });
  const version = parseBlenderVersion(outcome.stdout);
  if (outcome.exitCode !== 0 || version === undefined) {
    throw new CoreError('blender-failed', `${executable} --version did not print a Blender version (exit code ${String(outcome.exitCode)}).`, {
      details: { executable, output: tail(`${outcome.stdout}\n${outcome.stderr}`) },
    });
  }
  return version;
}

function tail(text: string): string {
  return text.trim().split(/\r?\n/).slice(-20).join('\n');
}

/** A file's identity for the cache: a changed executable is asked for its version again. */
type FileStamp = { readonly size: number; readonly modified: number };

const cachedInstallSchema = z.object({
  executable: z.string(),
  source: z.enum(blenderInstallSources),
  version: z
    .object({
      major: z.number(),
      minor: z.number(),
      patch: z.number(),
      text: z.string(),
      hash: z.string().optional(),
      buildDate: z.string().optional(),
    })
    .nullable(),
  problem: z.string().optional(),
  size: z.number(),
  modified: z.number(),
});
const cacheSchema = z.object({ format: z.literal(1), refreshed: z.number(), installs: z.array(cachedInstallSchema) });
type CachedInstall = z.infer<typeof cachedInstallSchema>;

/** What {@link BlenderInstalls} needs; everything but the paths has a real default. */
export type BlenderInstallsOptions = {
  /** Folder for `installs.json`. */
  readonly cacheDirectory: string;
  readonly environment: DiscoveryEnvironment;
  readonly clock: Clock;
  /** Executables the user added by hand (the `blenderPaths` setting), read on each refresh. */
  readonly userPaths: () => readonly string[];
  readonly fileSystem?: DiscoveryFileSystem;
  /** Asks an executable for its version; {@link readBlenderVersion} by default. */
  readonly probe?: (executable: string) => Promise<BlenderVersion>;
  readonly stampOf?: (executable: string) => Promise<FileStamp | undefined>;
};

/**
 * The Blender installs of this machine, cached in `<cacheDirectory>/installs.json` so the app
 * starts without running every Blender; `list({ refresh: true })` searches again (asking only
 * changed executables for their version).
 */
export class BlenderInstalls {
  private readonly options: BlenderInstallsOptions;
  private memory: readonly CachedInstall[] | undefined;
  private refreshing: Promise<readonly CachedInstall[]> | undefined;

  constructor(options: BlenderInstallsOptions) {
    this.options = options;
  }

  /** Known installs: the cache when there is one, else a fresh search. */
  async list(options: { readonly refresh?: boolean } = {}): Promise<readonly BlenderInstall[]> {
    if (options.refresh !== true) {
      const cached = this.memory ?? (await this.readCache());
      if (cached !== undefined) {
        this.memory = cached;
        return cached.map(toInstall);
      }
    }
    return (await this.refresh()).map(toInstall);
  }

  /**
   * The install to use: `preferred` (an executable path) when it is among the installs, else
   * the best match for `farmVersion`; throws `blender-not-found` when there is none.
   */
  async choose(farmVersion?: string, preferred?: string | null): Promise<BlenderChoice> {
    const installs = await this.list();
    const chosen = preferred === undefined || preferred === null ? undefined : installs.find((install) => install.executable === preferred);
    const choice = chosen === undefined ? chooseBlender(installs, farmVersion) : chooseBlender([chosen], farmVersion);
    if (choice === undefined) {
      throw new CoreError('blender-not-found', 'No Blender was found. Install Blender or add its executable in Settings.', {
        details: { searched: this.options.environment.platform },
      });
    }
    return choice;
  }

  private refresh(): Promise<readonly CachedInstall[]> {
    // Concurrent refreshes share one search: each would start every Blender otherwise.
    this.refreshing ??= this.search().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async search(): Promise<readonly CachedInstall[]> {
    const fileSystem = this.options.fileSystem ?? nodeDiscoveryFileSystem;
    const stampOf = this.options.stampOf ?? fileStamp;
    const probe = this.options.probe ?? ((executable: string) => readBlenderVersion(executable, this.options.clock));
    const previous = new Map((this.memory ?? (await this.readCache()) ?? []).map((install) => [install.executable, install]));
    const candidates = await findBlenderCandidates(this.options.environment, fileSystem, this.options.userPaths());
    const installs = await Promise.all(candidates.map((candidate) => this.describe(candidate, previous.get(candidate.executable), stampOf, probe)));
    const found = installs.filter((install): install is CachedInstall => install !== undefined);
    this.memory = found;
    await this.writeCache(found);
    return found;
  }

  private async describe(
    candidate: BlenderCandidate,
    previous: CachedInstall | undefined,
    stampOf: (executable: string) => Promise<FileStamp | undefined>,
    probe: (executable: string) => Promise<BlenderVersion>,
  ): Promise<CachedInstall | undefined> {
    const stamp = await stampOf(candidate.executable);
    if (stamp === undefined) return undefined;
    if (previous !== undefined && previous.version !== null && previous.size === stamp.size && previous.modified === stamp.modified) {
      return { ...previous, source: candidate.source };
    }
    try {
      const version = await probe(candidate.executable);
      return { executable: candidate.executable, source: candidate.source, version, ...stamp };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      return { executable: candidate.executable, source: candidate.source, version: null, problem, ...stamp };
    }
  }

  private get cacheFile(): string {
    return join(this.options.cacheDirectory, 'installs.json');
  }

  private async readCache(): Promise<readonly CachedInstall[] | undefined> {
    try {
      const parsed = cacheSchema.safeParse(JSON.parse(await readFile(this.cacheFile, 'utf8')));
      // A cache from another format or a damaged file is simply rebuilt.
      return parsed.success ? parsed.data.installs : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeCache(installs: readonly CachedInstall[]): Promise<void> {
    await mkdir(this.options.cacheDirectory, { recursive: true });
    const temporary = `${this.cacheFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ format: 1, refreshed: this.options.clock.now(), installs }, null, 2));
    await rename(temporary, this.cacheFile);
  }
}

async function fileStamp(executable: string): Promise<FileStamp | undefined> {
  try {
    const facts = await stat(executable);
    return { size: facts.size, modified: facts.mtimeMs };
  } catch {
    return undefined;
  }
}

function toInstall(cached: CachedInstall): BlenderInstall {
  const version: BlenderVersion | null =
    cached.version === null
      ? null
      : {
          major: cached.version.major,
          minor: cached.version.minor,
          patch: cached.version.patch,
          text: cached.version.text,
          ...(cached.version.hash === undefined ? {} : { hash: cached.version.hash }),
          ...(cached.version.buildDate === undefined ? {} : { buildDate: cached.version.buildDate }),
        };
  return {
    executable: cached.executable,
    source: cached.source,
    version,
    ...(cached.problem === undefined ? {} : { problem: cached.problem }),
  };
}
