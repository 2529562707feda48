import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { PackPlan, TransferId, TransferProgress, TransferResult, TransferWarning } from '../../common/domain/shaman';
import { secretHeaderKey } from '../../common/domain/manager-profile';
import { traceDependencies } from '../../core/blender/blendfile/index';
import { HashCacheRepository } from '../../core/db/repositories/hash-cache-repository';
import { UploadJournalRepository } from '../../core/db/repositories/upload-journal-repository';
import { CoreError } from '../../core/errors';
import { checkoutPathForJob, findProjectRoot, hashPackFiles, HashPool, planPack, planWarnings, ShamanClient, transferToSharedStorage, transferWithShaman } from '../../core/shaman/index';
import type { CliCommand, CliContext, ParsedArguments } from '../command';
import { enabledFlags, exitCodes, flagValue } from '../command';

type Manager = { readonly url: string; readonly headers: Readonly<Record<string, string>> };

/** One row of `pack --dry-run`: a file of the pack and whether it would be sent. */
type DryRunFile = {
  readonly packPath: string;
  readonly absolutePath: string;
  readonly size: number;
  readonly outsideProject: boolean;
  /** `upload` / `stored` when a Manager was asked; `unknown` otherwise. */
  readonly shaman: 'upload' | 'stored' | 'unknown';
};

const packCommand: CliCommand = {
  name: 'pack',
  summary: 'Send a .blend and its dependencies to the farm (Shaman, or shared storage); --dry-run lists what would be sent',
  usage: 'FILE [--dry-run] [--json] [--manager URL] [--header K=V]... [--job-name NAME] [--project-root DIR] [--skip-outside]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['skip-outside', 'json', 'dry-run']);
    const [fileArgument] = positionals;
    if (fileArgument === undefined || positionals.length > 1) {
      context.output.error(`pack takes one FILE.\nUsage: flamenco-desk pack ${packCommand.usage}`);
      return exitCodes.usage;
    }
    const blendPath = resolve(fileArgument);
    const projectRoot = flagValue(args, 'project-root') ?? (await findProjectRoot(blendPath));
    const dependencies = await traceDependencies(blendPath, { projectRoot });
    const plan = await planPack({
      blendPath,
      projectRoot,
      dependencies: dependencies.map((dependency) => dependency.absolutePath),
      outsideFiles: on.has('skip-outside') ? 'skip' : 'include',
    });
    const manager = await managerFor(args, context);
    if (on.has('dry-run')) return dryRun(plan, manager, on.has('json'), context);
    if (manager === undefined) throw new CoreError('invalid-argument', 'No Manager: pass --manager URL or make a Manager profile active.');
    return send(plan, manager, flagValue(args, 'job-name') ?? plan.blendPackPath.replace(/^.*\//, '').replace(/\.blend$/, ''), on.has('json'), context);
  },
};

/** The pack command of the CLI. */
export const packCommands: readonly CliCommand[] = [packCommand];

async function dryRun(plan: PackPlan, manager: Manager | undefined, json: boolean, context: CliContext): Promise<number> {
  let stored = new Set<string>();
  if (manager !== undefined) stored = await storedPackPaths(plan, manager, context);
  const files: DryRunFile[] = plan.files.map((file) => ({
    packPath: file.packPath,
    absolutePath: file.absolutePath,
    size: file.size,
    outsideProject: file.outsideProject,
    shaman: manager === undefined ? 'unknown' : stored.has(file.packPath) ? 'stored' : 'upload',
  }));
  const toSend = files.filter((file) => file.shaman !== 'stored');
  const summary = { files: toSend.length, bytes: toSend.reduce((sum, file) => sum + file.size, 0) };
  const warnings = planWarnings(plan);
  if (json) {
    context.output.json({ blendPath: plan.blendPath, projectRoot: plan.projectRoot, blendPackPath: plan.blendPackPath, files, outside: plan.outside, missing: plan.missing, warnings, toSend: summary });
    return exitCodes.ok;
  }
  context.output.line(`${plan.blendPath}`);
  context.output.line(`  project root ${plan.projectRoot}; the .blend goes to ${plan.blendPackPath}`);
  const width = Math.max(0, ...files.map((file) => formatBytes(file.size).length));
  for (const file of files) {
    const state = file.shaman === 'stored' ? '  (already on the farm)' : '';
    context.output.line(`  ${formatBytes(file.size).padStart(width)}  ${file.packPath}${state}`);
  }
  context.output.line(`${summary.files} files, ${formatBytes(summary.bytes)} would be sent${manager === undefined ? '' : ` (${files.length - toSend.length} already on the farm)`}`);
  for (const warning of warnings) context.output.error(`warning: ${warning.message}`);
  return exitCodes.ok;
}

/** Hashes the pack (through the hash cache) and asks Shaman which files it already has. */
async function storedPackPaths(plan: PackPlan, manager: Manager, context: CliContext): Promise<Set<string>> {
  const pool = new HashPool();
  const client = new ShamanClient({ baseUrl: manager.url, headers: manager.headers });
  try {
    const hashed = await hashPackFiles(plan.files, { pool, cache: new HashCacheRepository(context.core.database), clock: context.core.clock, signal: context.signal });
    const needed = await client.requirements(
      hashed.map((file) => ({ sha: file.sha256, size: file.size, path: file.packPath })),
      context.signal,
    );
    const missing = new Set(needed.map((file) => `${file.sha}/${file.size}`));
    return new Set(hashed.filter((file) => !missing.has(`${file.sha256}/${file.size}`)).map((file) => file.packPath));
  } finally {
    client.close();
    await pool.close();
  }
}

async function send(plan: PackPlan, manager: Manager, jobName: string, json: boolean, context: CliContext): Promise<number> {
  const { core, output, signal } = context;
  const journal = { repository: new UploadJournalRepository(core.database), transferId: randomUUID() as TransferId };
  let lastLine = '';
  const onProgress = (progress: TransferProgress): void => {
    if (json) return;
    const line = describeProgress(progress);
    if (line !== lastLine) output.error(line);
    lastLine = line;
  };
  const onWarning = (warning: TransferWarning): void => {
    if (!json) output.error(`warning: ${warning.message}`);
  };
  const configuration = await getJson(manager, 'api/v3/configuration', signal);
  let result: TransferResult;
  if (configuration['shamanEnabled'] === true) {
    const pool = new HashPool();
    const client = new ShamanClient({ baseUrl: manager.url, headers: manager.headers });
    try {
      result = await transferWithShaman({
        plan,
        checkoutPath: checkoutPathForJob(jobName),
        client,
        managerUrl: manager.url,
        pool,
        hashCache: new HashCacheRepository(core.database),
        journal,
        clock: core.clock,
        signal,
        onProgress,
        onWarning,
      });
    } finally {
      client.close();
      await pool.close();
    }
  } else {
    const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux';
    const storage = await getJson(manager, `api/v3/configuration/shared-storage/users/${platform}`, signal);
    if (typeof storage['location'] !== 'string') throw new CoreError('manager-invalid-response', 'The Manager did not say where its shared storage is.');
    result = await transferToSharedStorage({ plan, sharedStorage: storage['location'], jobName, clock: core.clock, signal, journal, onProgress, onWarning });
  }
  if (json) output.json({ ok: true, result });
  else output.line(`blendfile for the job: ${result.blendfile}${result.mode === 'shaman' ? `\nshaman checkout: ${result.checkoutPath}` : ''}`);
  return exitCodes.ok;
}

async function managerFor(args: ParsedArguments, context: CliContext): Promise<Manager | undefined> {
  const headers: Record<string, string> = {};
  for (const pair of args.flags.get('header') ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new CoreError('invalid-argument', `--header takes K=V, not ${pair}`);
    headers[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const url = flagValue(args, 'manager');
  if (url !== undefined) return { url, headers };
  const profile = context.core.managerProfiles.getActive();
  if (profile === undefined) return undefined;
  const secrets: Record<string, string> = {};
  for (const name of profile.secretHeaderNames) {
    const value = await context.core.options.secrets.get(secretHeaderKey(profile.id, name));
    if (value !== undefined) secrets[name] = value;
  }
  return { url: profile.url, headers: { ...profile.extraHeaders, ...secrets, ...headers } };
}

async function getJson(manager: Manager, path: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const base = manager.url.endsWith('/') ? manager.url : `${manager.url}/`;
  let response: Response;
  try {
    response = await fetch(new URL(path, base), { headers: { ...manager.headers, Accept: 'application/json' }, signal });
  } catch (error) {
    throw new CoreError('manager-unreachable', `Cannot reach the Manager at ${manager.url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new CoreError('manager-http', `The Manager answered ${response.status} to ${path}.`, { status: response.status });
  return (await response.json()) as Record<string, unknown>;
}

function describeProgress(progress: TransferProgress): string {
  const percent = progress.bytesTotal === 0 ? 100 : Math.floor((progress.bytesDone * 100) / progress.bytesTotal);
  const eta = progress.etaSeconds === undefined ? '' : `, ${Math.ceil(progress.etaSeconds)} s left`;
  return `${progress.phase}: ${progress.filesDone}/${progress.filesTotal} files, ${percent}% at ${formatBytes(progress.bytesPerSecond)}/s${eta}`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

