import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionMetadataKey } from '../../../../electron/common/domain/submission';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { SubmissionsRepository } from '../../../../electron/core/db/repositories/submissions-repository';
import { createRandom } from '../../../support/manager-double/prng';
import type { ManagerDouble } from '../../../support/manager-double/index';
import { startManagerDouble } from '../../../support/manager-double/index';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

const submissions = 200;
const seed = 20261125;
/** After this many rounds no more kills happen, so the run always ends. */
const violentRounds = 12;
const childScript = fileURLToPath(new URL('../../../support/submit/reliability-child.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

type RoundEnd = { readonly how: 'done' } | { readonly how: 'killed'; readonly by: 'test' | 'itself' } | { readonly how: 'stuck'; readonly line: string } | { readonly how: 'error'; readonly text: string };

let double: ManagerDouble;
let folder: ReturnType<typeof makeTemporaryDirectory>;

beforeAll(async () => {
  double = await startManagerDouble({ seed });
  double.addJobType('test-render', {
    label: 'Test Render',
    settings: [
      { key: 'frames', type: 'string', required: true },
      { key: 'blendfile', type: 'string', required: true, visible: 'web' },
    ],
  });
  folder = makeTemporaryDirectory('flamenco-desk-r1-');
  const project = join(folder.path, 'project');
  mkdirSync(join(project, 'shots'), { recursive: true });
  mkdirSync(join(project, 'textures'), { recursive: true });
  writeFileSync(join(project, '.blender_project'), '');
  writeFileSync(join(project, 'textures', 'wood.png'), 'wood grain');
  // Ten tiny shots (the child picks shot-<n mod 10>), distinct content.
  for (let shot = 0; shot < 10; shot += 1) writeFileSync(join(project, 'shots', `shot-${shot}.blend`), `BLENDER-v304 shot ${shot}`);
});

afterAll(async () => {
  await double.close();
  folder.remove();
});

/** Runs the child once; kills it after `killAfterMilliseconds` from its `ready` line unless it ends first. */
function round(round: number, killAfterMilliseconds: number | undefined, crashRate: number): Promise<RoundEnd> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, join(folder.path, 'data'), double.url, join(folder.path, 'project'), String(submissions), String(seed + round), String(crashRate)],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let errors = '';
  let killScheduled = false;
  let killedByTest = false;
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfterMilliseconds !== undefined && output.includes('ready\n') && !killScheduled) {
        killScheduled = true;
        // The kill moment is seeded; it lands wherever the child happens to be.
        setTimeout(() => {
          killedByTest = child.exitCode === null && child.signalCode === null;
          child.kill('SIGKILL');
        }, killAfterMilliseconds).unref();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => void (errors += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (code === 0 && output.includes('done\n')) resolve({ how: 'done' });
      else if (code === 2) resolve({ how: 'stuck', line: output.split('\n').find((line) => line.startsWith('stuck')) ?? output });
      else if (signal === 'SIGKILL') resolve({ how: 'killed', by: killedByTest ? 'test' : 'itself' });
      else resolve({ how: 'error', text: `exit ${code} ${signal}: ${errors.slice(-2000)}` });
    });
  });
}

describe('the submission queue under SIGKILL and a flapping Manager (R1)', () => {
  it('ends with exactly one job per submission, none missing, none stuck', async () => {
    const random = createRandom(seed);
    const ends: RoundEnd[] = [];
    let flapping = true;
    // The Manager goes down and comes back at seeded moments while the rounds run.
    const flap = (async () => {
      while (flapping) {
        await new Promise((resolve) => setTimeout(resolve, 300 + random.integer(1200)));
        if (!flapping) break;
        await double.down();
        await new Promise((resolve) => setTimeout(resolve, 100 + random.integer(700)));
        await double.up();
      }
    })();
    for (let index = 0; index < 40; index += 1) {
      const violent = index < violentRounds;
      if (!violent) flapping = false;
      const end = await round(index, violent ? 200 + random.integer(2500) : undefined, violent ? 0.02 : 0);
      ends.push(end);
      if (end.how !== 'killed') break;
    }
    flapping = false;
    await flap;
    await double.up();

    const database = openDatabase(join(folder.path, 'data', 'flamenco-desk.sqlite3'));
    const entries = new SubmissionsRepository(database).list();
    database.close();
    const jobsPerSubmission = new Map<string, number>();
    for (const job of double.state.jobs) {
      const id = job.metadata?.[submissionMetadataKey] ?? 'none';
      jobsPerSubmission.set(id, (jobsPerSubmission.get(id) ?? 0) + 1);
    }
    const jobIds = new Set(double.state.jobs.map((job) => job.id));
    const summary = {
      lastRound: ends.at(-1),
      killsByTest: ends.filter((end) => end.how === 'killed' && end.by === 'test').length > 0,
      entries: entries.length,
      jobs: double.state.jobs.length,
      notSubmitted: entries.filter((entry) => entry.state.phase !== 'submitted').map((entry) => `${entry.id} ${entry.state.phase}`),
      submissionsWithoutOneJob: entries.filter((entry) => jobsPerSubmission.get(entry.id) !== 1).map((entry) => entry.id),
      jobsOfNoEntry: [...jobsPerSubmission.keys()].filter((id) => !entries.some((entry) => entry.id === id)),
      recordedJobsMissing: entries.filter((entry) => entry.state.phase === 'submitted' && !jobIds.has(entry.state.jobId)).length,
      jobNames: new Set(double.state.jobs.map((job) => job.name)).size,
      // Restarted entries that may have been sent looked their job up (GET /jobs) before resending.
      lookedUpJobs: double.requests.some((request) => request.method === 'GET' && request.path === '/api/v3/jobs'),
    };
    process.stdout.write(`R1 rounds: ${ends.map((end) => (end.how === 'killed' ? `killed-by-${end.by}` : end.how)).join(', ')}\n`);
    expect(summary).toEqual({
      lastRound: { how: 'done' },
      killsByTest: true,
      entries: submissions,
      jobs: submissions,
      notSubmitted: [],
      submissionsWithoutOneJob: [],
      jobsOfNoEntry: [],
      recordedJobsMissing: 0,
      jobNames: submissions,
      lookedUpJobs: true,
    });
  }, 240_000);
});
