import type { ManagerConnectionTest } from '../../common/domain/manager';
import type { ManagerProfile } from '../../common/domain/manager-profile';
import { CoreError } from '../../core/errors';
import type { ManagerService } from '../../core/flamenco/manager-service';
import type { CliCommand, CliContext } from '../command';
import { enabledFlags, exitCodeFor, exitCodes, flagValue, printList } from '../command';

/** Finds a profile by id or by name (case-insensitive); `not-found` otherwise. */
export function findProfile(managers: ManagerService, key: string): ManagerProfile {
  const profiles = managers.list();
  const profile =
    profiles.find((candidate) => candidate.id === key) ?? profiles.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
  if (profile === undefined) throw new CoreError('not-found', `No Manager profile named or with id "${key}"; see "managers list"`);
  return profile;
}

function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const separator = value.search(/[=:]/);
    if (separator <= 0) throw new CoreError('invalid-argument', `"${value}" is not a header; write NAME=VALUE`);
    headers[value.slice(0, separator).trim()] = value.slice(separator + 1).trim();
  }
  return headers;
}

function usage(context: CliContext, command: CliCommand, problem: string): number {
  context.output.error(`${problem}\nUsage: flamenco-desk ${command.name} ${command.usage}`);
  return exitCodes.usage;
}

function describeTest(result: ManagerConnectionTest): string {
  return result.ok
    ? `OK: "${result.version.name}" runs Flamenco ${result.version.version} at ${result.url}`
    : `FAILED (${result.error.code}): ${result.error.message}`;
}

function describeProfile(profile: ManagerProfile): string {
  const headers = [...Object.keys(profile.extraHeaders), ...profile.secretHeaderNames.map((name) => `${name} (secret)`)];
  return `${profile.isActive ? '*' : ' '} ${profile.name}  ${profile.url}  ${profile.id}${headers.length === 0 ? '' : `  headers: ${headers.join(', ')}`}`;
}

const addCommand: CliCommand = {
  name: 'managers add',
  summary: 'Save a Manager profile after testing its URL (the first one becomes active)',
  usage: 'NAME URL [--header NAME=VALUE]... [--secret-header NAME=VALUE]... [--force] [--json]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['force', 'json']);
    const [name, url] = positionals;
    if (name === undefined || url === undefined || positionals.length > 2) return usage(context, addCommand, 'managers add needs a NAME and a URL');
    const extraHeaders = parseHeaders(args.flags.get('header') ?? []);
    const secretHeaders = parseHeaders(args.flags.get('secret-header') ?? []);
    const test = await context.core.managers.testConnection(url, { ...extraHeaders, ...secretHeaders });
    if (!test.ok && !on.has('force')) {
      if (on.has('json')) context.output.json({ ok: false, error: test.error });
      else if (test.error.code === 'invalid-argument') context.output.error(describeTest(test));
      else context.output.error(`${describeTest(test)}\nNot saved; add --force to save it anyway.`);
      return exitCodeFor(test.error.code);
    }
    const profile = await context.core.managers.add({ name, url, extraHeaders, secretHeaders });
    if (on.has('json')) context.output.json({ ok: true, profile, test });
    else {
      context.output.line(`Saved "${profile.name}" (${profile.id})${profile.isActive ? ', active' : ''}.`);
      context.output.line(describeTest(test));
    }
    return exitCodes.ok;
  },
};

const listCommand: CliCommand = {
  name: 'managers list',
  summary: 'List saved Manager profiles (* = active)',
  usage: '[--json]',
  async run(args, context) {
    const profiles = context.core.managers.list();
    printList(context.output, profiles, { json: args.flags.has('json'), empty: 'No Manager profiles yet; add one with "managers add NAME URL".', line: describeProfile });
    return exitCodes.ok;
  },
};

const testCommand: CliCommand = {
  name: 'managers test',
  summary: 'Test a saved profile (default: the active one) or a URL',
  usage: '[NAME|ID|URL] [--header NAME=VALUE]... [--json]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['json']);
    const [key] = positionals;
    const managers = context.core.managers;
    let result: ManagerConnectionTest;
    if (key !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(key)) {
      result = await managers.testConnection(key, parseHeaders(args.flags.get('header') ?? []));
    } else {
      const profile = key === undefined ? managers.active() : findProfile(managers, key);
      if (profile === undefined) return usage(context, testCommand, 'No Manager is active; name one or give a URL');
      result = await managers.testProfile(profile.id);
    }
    if (on.has('json')) context.output.json(result);
    else context.output.line(describeTest(result));
    return result.ok ? exitCodes.ok : exitCodeFor(result.error.code);
  },
};

const discoverCommand: CliCommand = {
  name: 'managers discover',
  summary: 'Look for Flamenco Managers on the local network (SSDP)',
  usage: '[--timeout SECONDS] [--json]',
  async run(args, context) {
    const timeout = Number(flagValue(args, 'timeout') ?? '4');
    if (!Number.isFinite(timeout) || timeout <= 0) return usage(context, discoverCommand, '--timeout must be a positive number of seconds');
    const target = parseTarget(flagValue(args, 'ssdp-target'));
    const found = await context.core.managers.discover({
      timeoutMilliseconds: timeout * 1000,
      signal: context.signal,
      ...(target === undefined ? {} : { target }),
    });
    printList(context.output, found, {
      json: args.flags.has('json'),
      empty: 'No Flamenco Manager answered.',
      line: (manager) => `${manager.url}  "${manager.version.name}"  Flamenco ${manager.version.version}`,
    });
    return exitCodes.ok;
  },
};

/** `--ssdp-target HOST:PORT` sends the search to one address (tests, routed networks). */
function parseTarget(value: string | undefined): { readonly address: string; readonly port: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^([^:]+):(\d+)$/.exec(value);
  if (match === null) throw new CoreError('invalid-argument', `--ssdp-target must be HOST:PORT, not "${value}"`);
  return { address: match[1] ?? '', port: Number(match[2]) };
}

const useCommand: CliCommand = {
  name: 'managers use',
  summary: 'Make a saved profile the active one',
  usage: 'NAME|ID',
  async run(args, context) {
    const [key] = args.positionals;
    if (key === undefined) return usage(context, useCommand, 'managers use needs a profile name or id');
    const profile = context.core.managers.use(findProfile(context.core.managers, key).id);
    context.output.line(`"${profile.name}" is now the active Manager.`);
    return exitCodes.ok;
  },
};

const removeCommand: CliCommand = {
  name: 'managers remove',
  summary: 'Delete a saved profile and its secret headers',
  usage: 'NAME|ID',
  async run(args, context) {
    const [key] = args.positionals;
    if (key === undefined) return usage(context, removeCommand, 'managers remove needs a profile name or id');
    const profile = findProfile(context.core.managers, key);
    await context.core.managers.remove(profile.id);
    context.output.line(`Removed "${profile.name}".`);
    return exitCodes.ok;
  },
};

/** The `managers` commands. */
export const managerCommands: readonly CliCommand[] = [addCommand, listCommand, testCommand, discoverCommand, useCommand, removeCommand];
