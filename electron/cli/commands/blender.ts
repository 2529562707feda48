import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BlenderInstall, SettingEvaluation, SettingValue } from '../../common/domain/blender';
import type { Dependency } from '../../common/domain/dependency';
import type { SceneFacts } from '../../common/domain/scene-facts';
import { createBlenderService, sceneFactsFromIntrospection, sceneFactsIncomplete } from '../../core/blender/blender-service';
import type { BlenderService } from '../../core/blender/blender-service';
import { readSceneFacts, traceDependencies } from '../../core/blender/blendfile/index';
import type { IntrospectionJobType } from '../../core/blender/introspect';
import { CoreError } from '../../core/errors';
import type { CliCommand, CliContext } from '../command';
import { enabledFlags, exitCodes, flagValue } from '../command';

function blenderService(context: CliContext): BlenderService {
  return createBlenderService({
    paths: context.core.options.paths,
    clock: context.core.clock,
    preferences: () => {
      const settings = context.core.settings.read();
      return { blenderPaths: settings.blenderPaths, preferredBlender: settings.preferredBlender };
    },
  });
}

function usageError(context: CliContext, command: CliCommand, problem: string): number {
  context.output.error(`${problem}\nUsage: flamenco-desk ${command.name} ${command.usage}`);
  return exitCodes.usage;
}

function describeInstall(install: BlenderInstall): string {
  return install.version === null ? '(unknown)' : install.version.text;
}

const listCommand: CliCommand = {
  name: 'blender list',
  summary: 'List the Blender installs on this machine and the one that would be used',
  usage: '[--refresh] [--farm-version X.Y] [--json]',
  async run(args, context) {
    const on = enabledFlags(args, ['refresh', 'json']);
    const service = blenderService(context);
    const installs = await service.installs.list({ refresh: on.has('refresh') });
    const farmVersion = flagValue(args, 'farm-version');
    let chosen: { executable: string; warning?: string } | undefined;
    if (installs.length > 0) {
      const choice = await service.choose(farmVersion);
      chosen = { executable: choice.install.executable, ...(choice.warning === undefined ? {} : { warning: choice.warning }) };
    }
    if (on.has('json')) {
      context.output.json({ installs, chosen: chosen?.executable ?? null, ...(chosen?.warning === undefined ? {} : { warning: chosen.warning }) });
      return exitCodes.ok;
    }
    if (installs.length === 0) {
      context.output.line('No Blender found. Install Blender or add its executable in Settings.');
      return exitCodes.ok;
    }
    const width = Math.max(...installs.map((install) => describeInstall(install).length));
    const sourceWidth = Math.max(...installs.map((install) => install.source.length));
    for (const install of installs) {
      const mark = install.executable === chosen?.executable ? '*' : ' ';
      const problem = install.problem === undefined ? '' : `  (${install.problem})`;
      context.output.line(`${mark} ${describeInstall(install).padEnd(width)}  ${install.source.padEnd(sourceWidth)}  ${install.executable}${problem}`);
    }
    if (chosen?.warning !== undefined) context.output.error(`warning: ${chosen.warning}`);
    return exitCodes.ok;
  },
};

/** A `--set key=value` value: JSON when it parses (numbers, booleans), the text otherwise. */
function parseSettingValue(text: string): SettingValue {
  try {
    return JSON.parse(text) as SettingValue;
  } catch {
    return text;
  }
}

async function readJobType(file: string): Promise<IntrospectionJobType> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CoreError('invalid-argument', `Cannot read the job type from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const candidate = parsed as Partial<IntrospectionJobType>;
  if (typeof candidate.name !== 'string' || !Array.isArray(candidate.settings)) {
    throw new CoreError('invalid-argument', `${file} is not a job type (an AvailableJobType with name and settings).`);
  }
  return { name: candidate.name, etag: typeof candidate.etag === 'string' ? candidate.etag : '', settings: candidate.settings };
}

type InspectReport = {
  readonly file: string;
  readonly source: 'native' | 'headless';
  readonly facts: SceneFacts;
  readonly dependencies: readonly Dependency[];
  readonly settings?: readonly SettingEvaluation[];
  readonly warnings: readonly string[];
};

const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show the scenes, render settings and dependencies of a .blend file (and evaluate a job type)',
  usage: 'FILE [--headless] [--blender PATH] [--job-type JOB-TYPE.json [--job-name NAME] [--set KEY=VALUE]...] [--project-root DIR] [--json]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['headless', 'json']);
    const [fileArgument] = positionals;
    if (fileArgument === undefined || positionals.length > 1) return usageError(context, inspectCommand, 'inspect takes one FILE.');
    const file = resolve(fileArgument);
    const values: Record<string, SettingValue> = {};
    for (const assignment of args.flags.get('set') ?? []) {
      const equals = assignment.indexOf('=');
      if (equals <= 0) return usageError(context, inspectCommand, `--set needs KEY=VALUE, not ${assignment}.`);
      values[assignment.slice(0, equals)] = parseSettingValue(assignment.slice(equals + 1));
    }
    const jobTypeFile = flagValue(args, 'job-type');
    const jobType = jobTypeFile === undefined ? undefined : await readJobType(jobTypeFile);
    const warnings: string[] = [];

    let facts: SceneFacts | undefined;
    // The native reader needs no Blender and is fast; Blender is started only when the reader
    // cannot answer, when asked, or to evaluate a job type (evals need bpy).
    if (!on.has('headless') && jobType === undefined) {
      try {
        const native = await readSceneFacts(file);
        if (sceneFactsIncomplete(native)) warnings.push('The native reader could not read every fact; asked Blender.');
        else facts = native;
      } catch (error) {
        if (error instanceof CoreError && error.code === 'file-missing') throw error;
        warnings.push(`The native reader failed (${error instanceof Error ? error.message : String(error)}); asked Blender.`);
      }
    }
    let settings: readonly SettingEvaluation[] | undefined;
    let source: InspectReport['source'] = 'native';
    if (facts === undefined) {
      source = 'headless';
      const blenderExecutable = flagValue(args, 'blender');
      const farmVersion = flagValue(args, 'farm-version');
      const jobName = flagValue(args, 'job-name');
      const introspection = await blenderService(context).introspect({
        file,
        ...(blenderExecutable === undefined ? {} : { blenderExecutable }),
        ...(farmVersion === undefined ? {} : { farmVersion }),
        ...(jobType === undefined ? {} : { jobType, values }),
        ...(jobName === undefined ? {} : { jobName }),
      });
      facts = sceneFactsFromIntrospection(introspection);
      settings = introspection.settings;
    }
    const projectRoot = flagValue(args, 'project-root');
    let dependencies: readonly Dependency[] = [];
    try {
      dependencies = await traceDependencies(file, projectRoot === undefined ? {} : { projectRoot });
    } catch (error) {
      warnings.push(`Dependencies could not be traced: ${error instanceof Error ? error.message : String(error)}`);
    }
    const report: InspectReport = { file, source, facts, dependencies, ...(settings === undefined ? {} : { settings }), warnings };
    if (on.has('json')) context.output.json(report);
    else printInspectReport(context, report);
    return exitCodes.ok;
  },
};

function printInspectReport(context: CliContext, report: InspectReport): void {
  const { output } = context;
  output.line(`${report.file}`);
  output.line(`  saved by Blender ${report.facts.blenderVersion}; facts read ${report.source === 'native' ? 'natively' : 'by headless Blender'}`);
  for (const scene of report.facts.scenes) {
    const active = scene.name === report.facts.activeScene ? ' (active)' : '';
    output.line(`  scene ${scene.name}${active}`);
    output.line(`    frames ${String(scene.frameStart)}-${String(scene.frameEnd)} step ${String(scene.frameStep)} at ${scene.fps === undefined ? '?' : Number(scene.fps.toFixed(3))} fps`);
    output.line(`    ${scene.engine ?? '?'}, ${scene.imageFormat ?? '?'} (${scene.fileExtension ?? 'no extension'}), ${String(scene.resolutionX)}x${String(scene.resolutionY)} at ${String(scene.resolutionPercentage)}%`);
    output.line(`    output ${scene.outputPath ?? '?'}`);
    output.line(`    camera ${scene.camera ?? 'none'} of [${scene.cameras.join(', ')}]; view layers [${scene.viewLayers.join(', ')}]`);
  }
  const missing = report.dependencies.filter((dependency) => !dependency.exists);
  output.line(`  ${report.dependencies.length} dependencies, ${missing.length} missing`);
  for (const dependency of missing) output.line(`    missing ${dependency.kind} ${dependency.absolutePath}`);
  if (report.settings !== undefined) {
    output.line('  job settings');
    for (const setting of report.settings) {
      output.line(setting.outcome === 'value' ? `    ${setting.key} = ${JSON.stringify(setting.value)} (${setting.source})` : `    ${setting.key}: error: ${setting.error}`);
    }
  }
  for (const warning of report.warnings) output.error(`warning: ${warning}`);
}

const depsCommand: CliCommand = {
  name: 'deps',
  summary: 'List the files a .blend needs (libraries, images, caches...), following linked libraries',
  usage: 'FILE [--project-root DIR] [--shallow] [--include-packed] [--json]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['shallow', 'include-packed', 'json']);
    const [fileArgument] = positionals;
    if (fileArgument === undefined || positionals.length > 1) return usageError(context, depsCommand, 'deps takes one FILE.');
    const projectRoot = flagValue(args, 'project-root');
    const dependencies = await traceDependencies(resolve(fileArgument), {
      ...(projectRoot === undefined ? {} : { projectRoot }),
      recursive: !on.has('shallow'),
      includePacked: on.has('include-packed'),
    });
    if (on.has('json')) {
      context.output.json({ file: resolve(fileArgument), dependencies });
      return exitCodes.ok;
    }
    const kindWidth = Math.max(0, ...dependencies.map((dependency) => dependency.kind.length));
    for (const dependency of dependencies) {
      context.output.line(`${dependency.exists ? 'ok     ' : 'missing'}  ${dependency.kind.padEnd(kindWidth)}  ${dependency.absolutePath}`);
    }
    const missing = dependencies.filter((dependency) => !dependency.exists).length;
    context.output.line(`${dependencies.length} dependencies, ${missing} missing`);
    return exitCodes.ok;
  },
};

/** The Blender-related commands of the CLI. */
export const blenderCommands: readonly CliCommand[] = [listCommand, inspectCommand, depsCommand];
