/**
 * The core side of the R1 reliability test, run in a child process that the test kills with
 * SIGKILL at random moments: it opens the queue on a data folder, tops the queue up to
 * `count` submissions, and works until every entry is submitted. It may also kill itself at
 * the most delicate moments (after the Manager created a job but before the queue recorded
 * it; after a checkout before the transfer was recorded), with a seeded probability.
 *
 * Usage: node --import tsx reliability-child.ts DATA_DIR MANAGER_URL PROJECT_DIR COUNT SEED CRASH_RATE
 * Prints `ready`, then `done` (exit 0) or `stuck <id> <phase> <reason>` (exit 2).
 */
import { join } from 'node:path';
import type { SubmissionRequest } from '../../../electron/common/domain/submission';
import type { Inspector } from '../../../electron/core/submit/ports';
import { defaultsInspector } from '../../../electron/core/submit/blender-inspector';
import { createRandom } from '../manager-double/prng';
import { createSubmitHarness, doubleManagerId } from './submit-harness';

const [dataDirectory, managerUrl, projectDirectory, countText, seedText, crashRateText] = process.argv.slice(2);
if (dataDirectory === undefined || managerUrl === undefined || projectDirectory === undefined) {
  process.stderr.write('usage: reliability-child.ts DATA_DIR MANAGER_URL PROJECT_DIR COUNT SEED CRASH_RATE\n');
  process.exit(64);
}
const project: string = projectDirectory;
const count = Number(countText);
const random = createRandom(Number(seedText));
const crashRate = Number(crashRateText);
/** Shots with distinct content, so uploads are a mix of new and already stored files. */
const shotCount = 10;
const texturePath = join(project, 'textures', 'wood.png');

const crash = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable after SIGKILL');
};

const inspector: Inspector = {
  async inspect(request) {
    const base = await defaultsInspector.inspect(request);
    return { ...base, dependencies: [{ absolutePath: texturePath, storedPath: '//../textures/wood.png', exists: true, insideProject: true }] };
  },
};

const harness = createSubmitHarness({
  managerUrl,
  dataDirectory,
  notifier: { notify: () => undefined },
  inspector,
  concurrency: 3,
  maxFailures: 10,
  backoff: { baseMilliseconds: 50, maxMilliseconds: 400 },
  random: () => random.next(),
  wrapGateway: (gateway) => ({
    ...gateway,
    async submitJob(managerId, job) {
      const created = await gateway.submitJob(managerId, job);
      // The job exists on the Manager; the queue has not recorded it yet.
      if (random.next() < crashRate) crash();
      return created;
    },
  }),
  wrapTransferer: (transferer) => ({
    async transfer(request) {
      const outcome = await transferer.transfer(request);
      // The checkout exists; the queue has not recorded the transfer yet.
      if (random.next() < crashRate) crash();
      return outcome;
    },
  }),
});
const { service, repository } = harness;

function request(index: number): SubmissionRequest {
  return {
    blendPath: join(project, 'shots', `shot-${index % shotCount}.blend`),
    managerId: doubleManagerId,
    jobType: 'test-render',
    jobName: `job-${index}`,
    settings: { frames: `1-${index + 1}` },
    priority: 50,
    paused: false,
    scout: 'off',
  };
}

service.start();
for (let index = repository.list().length; index < count; index += 1) service.submit(request(index));
process.stdout.write('ready\n');

function check(): void {
  const entries = repository.list();
  const stuck = entries.find((entry) => entry.state.phase === 'needs-attention' || entry.state.phase === 'canceled' || (entry.state.phase === 'failed' && entry.state.retryAt === undefined));
  if (stuck !== undefined) {
    const reason = 'reason' in stuck.state ? stuck.state.reason : '';
    process.stdout.write(`stuck ${stuck.id} ${stuck.state.phase} ${reason}\n`);
    void harness.close().finally(() => process.exit(2));
    return;
  }
  if (entries.length === count && entries.every((entry) => entry.state.phase === 'submitted')) {
    process.stdout.write('done\n');
    void harness.close().finally(() => process.exit(0));
  }
}

service.onChange(() => check());
setInterval(check, 250);
check();
