import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { farmCommands } from '../../../electron/cli/commands/farm';
import { managerCommands } from '../../../electron/cli/commands/managers';
import { exitCodes } from '../../../electron/cli/command';
import { ManagerClient } from '../../../electron/core/flamenco/manager-client';
import { runCliForTest } from '../../support/cli-runner';
import type { CliRun } from '../../support/cli-runner';
import { startSsdpResponder, useManagerDouble } from '../../support/manager-double';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

const manager = useManagerDouble({ name: 'CLI Farm', version: '3.9' });
const commands = [...managerCommands, ...farmCommands];

let directory: ReturnType<typeof makeTemporaryDirectory>;
beforeEach(() => {
  directory = makeTemporaryDirectory();
});
afterEach(() => {
  directory.remove();
});

function cli(...argv: string[]): Promise<CliRun> {
  return runCliForTest(argv, directory.path, { commands });
}

async function submitEcho(name: string): Promise<string> {
  const api = ManagerClient.create({ baseUrl: manager().url });
  const jobType = await api.jobType('echo-sleep-test');
  const job = await api.submitJob({
    name,
    type: 'echo-sleep-test',
    type_etag: jobType.etag,
    priority: 50,
    submitter_platform: 'linux',
    settings: { message: 'hi', sleep_duration_seconds: 1, sleep_repeats: 1 },
  });
  return job.id;
}

describe('managers commands', () => {
  it('adds, lists, uses and removes profiles, keeping them across runs', async () => {
    const added = await cli('managers', 'add', 'Studio', manager().url, '--secret-header', 'Authorization=Bearer abc');
    const second = await cli('managers', 'add', 'Spare', manager().url);
    const used = await cli('managers', 'use', 'spare');
    const listed = await cli('managers', 'list', '--json');
    const removed = await cli('managers', 'remove', 'Studio');
    const after = await cli('managers', 'list', '--json');

    expect([added.code, second.code, used.code, removed.code]).toEqual([0, 0, 0, 0]);
    expect(added.stdout).toMatch(/^Saved "Studio" \([0-9a-f-]{36}\), active\.\nOK: "CLI Farm" runs Flamenco 3\.9 at http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(used.stdout).toBe('"Spare" is now the active Manager.\n');
    const profiles = JSON.parse(listed.stdout) as { name: string; isActive: boolean; secretHeaderNames: string[] }[];
    expect(profiles.map((profile) => [profile.name, profile.isActive, profile.secretHeaderNames])).toEqual([
      ['Studio', false, ['authorization']],
      ['Spare', true, []],
    ]);
    expect(removed.stdout).toBe('Removed "Studio".\n');
    expect((JSON.parse(after.stdout) as { name: string }[]).map((profile) => profile.name)).toEqual(['Spare']);
    expect(manager().requests.filter((request) => request.headers['authorization'] === 'Bearer abc').length).toBe(1);
  });

  it('refuses to save a URL that is not a Manager unless forced', async () => {
    const url = manager().url;
    await manager().down();

    const refused = await cli('managers', 'add', 'Gone', url);
    const forced = await cli('managers', 'add', 'Gone', url, '--force');
    const test = await cli('managers', 'test');

    expect([refused.code, forced.code, test.code]).toEqual([exitCodes.managerUnreachable, 0, exitCodes.managerUnreachable]);
    expect(refused.stderr).toBe(`FAILED (manager-unreachable): Nothing answers at ${url}/ (connection refused); is the Manager running?\nNot saved; add --force to save it anyway.\n`);
    expect(test.stdout).toBe(`FAILED (manager-unreachable): Nothing answers at ${url}/ (connection refused); is the Manager running?\n`);
  });

  it('tests a URL given on the command line', async () => {
    const result = await cli('managers', 'test', manager().url, '--json');

    expect([result.code, JSON.parse(result.stdout)]).toEqual([
      0,
      { ok: true, url: `${manager().url}/`, version: { version: '3.9', shortVersion: expect.any(String), name: 'CLI Farm', git: expect.any(String) } },
    ]);
  });

  it('discovers the Manager through a loopback SSDP responder', async () => {
    const responder = await startSsdpResponder({ location: `${manager().url}/upnp/description.xml` });
    try {
      const result = await cli('managers', 'discover', '--timeout', '1.5', '--ssdp-target', `127.0.0.1:${responder.port}`, '--json');

      expect([result.code, JSON.parse(result.stdout)]).toEqual([
        0,
        [{ url: `${manager().url}/`, version: { version: '3.9', shortVersion: expect.any(String), name: 'CLI Farm', git: expect.any(String) } }],
      ]);
    } finally {
      await responder.close();
    }
  });

  it('explains usage mistakes with exit code 2', async () => {
    const result = await cli('managers', 'add', 'OnlyName');

    expect([result.code, result.stderr]).toEqual([
      exitCodes.usage,
      'managers add needs a NAME and a URL\nUsage: flamenco-desk managers add NAME URL [--header NAME=VALUE]... [--secret-header NAME=VALUE]... [--force] [--json]\n',
    ]);
  });
});

describe('farm commands', () => {
  it('lists jobs and workers, shows a job with its tasks and summarises the farm', async () => {
    await cli('managers', 'add', 'Studio', manager().url);
    const jobId = await submitEcho('frames');
    manager().addWorker({ name: 'box-1' });

    const jobs = await cli('jobs');
    const job = await cli('job', jobId);
    const workers = await cli('workers', '--json');
    const farm = await cli('farm', '--json');

    const stepsTotal = manager().state.jobs[0]?.steps_total ?? 0;
    expect(jobs.stdout).toBe(`${jobId}  ${'queued'.padEnd(16)} ${stepsTotal > 0 ? '  0%' : '   -'}  p50  frames\n`);
    expect(job.stdout.split('\n').slice(0, 5)).toEqual([
      'frames (echo-sleep-test)',
      `  id        ${jobId}`,
      expect.stringMatching(/^ {2}status {4}queued/),
      `  progress  0/${stepsTotal} steps`,
      '  priority  50',
    ]);
    expect(job.stdout).toContain('Tasks (2):');
    expect((JSON.parse(workers.stdout) as { name: string }[]).map((worker) => worker.name)).toEqual(['box-1']);
    expect(JSON.parse(farm.stdout)).toEqual({
      manager: { version: '3.9', shortVersion: expect.any(String), name: 'CLI Farm', git: expect.any(String) },
      url: `${manager().url}/`,
      farmStatus: manager().state.farmStatus,
      jobs: { queued: 1 },
      workers: { awake: 1 },
    });
  });

  it('fails with a clear message when no Manager is chosen', async () => {
    const result = await cli('jobs');

    expect([result.code, result.stderr]).toEqual([exitCodes.failure, 'error (not-found): No Manager is chosen; add one with "managers add" or in Settings\n']);
  });

  it('reports an unknown job as not found', async () => {
    await cli('managers', 'add', 'Studio', manager().url);

    const result = await cli('job', '00000000-0000-4000-8000-000000000000');

    expect([result.code, result.stderr]).toEqual([exitCodes.failure, 'error (not-found): The Manager has no job 00000000-0000-4000-8000-000000000000\n']);
  });

  it('watches jobs live until interrupted', async () => {
    await cli('managers', 'add', 'Studio', manager().url);
    const controller = new AbortController();

    const watching = runCliForTest(['jobs', '--watch'], directory.path, { commands, signal: controller.signal });
    await vi.waitFor(() => expect(manager().socketSubscriptions.length).toBe(4));
    const jobId = await submitEcho('watched');
    // The model fetches a new job's details after its first event.
    await vi.waitFor(() => expect(manager().requests.filter((request) => request.path === `/api/v3/jobs/${jobId}`).length).toBeGreaterThan(0));
    manager().completeJob(jobId);
    // Events arrive in order on one socket: once the refetch caused by this later event is
    // seen, the completion has been handled.
    const versionRequests = (): number => manager().requests.filter((request) => request.path === '/api/v3/version').length;
    const before = versionRequests();
    manager().emitLifecycle('manager-startup');
    await vi.waitFor(() => expect(versionRequests()).toBeGreaterThan(before));
    controller.abort();
    const result = await watching;

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`added    ${jobId}  queued`);
    expect(result.stdout).toContain('Job completed: watched');
    expect(result.stdout).toContain('Manager startup');
    expect(result.stdout).toContain('connection: live');
  });
});
