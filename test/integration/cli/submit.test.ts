import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../../electron/cli/command';
import type { Submission } from '../../../electron/common/domain/submission';
import { runCliForTest } from '../../support/cli-runner';
import type { ManagerDouble } from '../../support/manager-double/index';
import { connectSocket, nextEvent, startManagerDouble, subscribe } from '../../support/manager-double/index';
import { blender } from '../../support/requirements';
import { makeBlenderProject } from '../../support/submit/blender-project';
import { makeTemporaryDirectory } from '../../support/temporary-directory';

describe.skipIf(!blender.available)(`submit and queue CLI commands${blender.available ? '' : ` (skipped: ${blender.reason})`}`, { timeout: 120_000 }, () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let double: ManagerDouble;
  let blendPath: string;
  let data: string;
  const run = (argv: readonly string[]) => runCliForTest(argv, data);
  const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

  beforeAll(async () => {
    if (!blender.available) return;
    folder = makeTemporaryDirectory('flamenco-desk-submit-cli-');
    blendPath = makeBlenderProject(blender.path, folder.path);
    data = join(folder.path, 'data');
    double = await startManagerDouble();
    // No `eval` settings: these runs need the tracer but not a Blender run per submission.
    double.addJobType('test-render', {
      label: 'Test Render',
      settings: [
        { key: 'frames', type: 'string', required: true },
        { key: 'chunk_size', type: 'int32', default: 1, propargs: { min: 1, max: 100 } },
        { key: 'blendfile', type: 'string', required: true, visible: 'web' },
      ],
    });
    const added = await run(['managers', 'add', 'Double', double.url]);
    if (added.code !== 0) throw new Error(`managers add failed: ${added.stderr}`);
  }, 180_000);

  afterAll(async () => {
    if (!blender.available) return;
    await double.close();
    double.assertNoSpecViolations();
    folder.remove();
  });

  it('submits with typed --set values and prints the entry as JSON', async () => {
    const result = await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli one', '--set', 'frames=1-3', '--set', 'chunk_size=2', '--priority', '70', '--json']);
    const submission = json<Submission>(result.stdout);
    const job = double.state.jobs.find((candidate) => candidate.name === 'cli one');
    expect({ code: result.code, phase: submission.state.phase, jobId: submission.state.phase === 'submitted' ? submission.state.jobId : '', job: job && [job.priority, job.settings?.['frames'], job.settings?.['chunk_size']] }).toEqual({
      code: exitCodes.ok,
      phase: 'submitted',
      jobId: job?.id,
      job: [70, '1-3', 2],
    });
  });

  it('prints plain phase and progress lines when stdout is not a terminal', async () => {
    const result = await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli plain', '--set', 'frames=1']);
    const phases = result.stderr
      .split('\n')
      .filter((line) => / (inspecting|ready|hashing|uploading|checkout|submitting|submitted) /.test(line))
      .map((line) => line.split(/\s+/)[1]);
    expect({ code: result.code, phases: [...new Set(phases)], bars: result.stderr.includes('[#') }).toEqual({
      code: exitCodes.ok,
      phases: ['inspecting', 'ready', 'hashing', 'uploading', 'checkout', 'submitting', 'submitted'],
      bars: false,
    });
  });

  it('draws progress bars when stdout is a terminal', async () => {
    const result = await runCliForTest(['submit', blendPath, '--type', 'test-render', '--name', 'cli tty', '--set', 'frames=1'], data, { isTty: true });
    const bars = result.stderr.split('\n').filter((line) => line.startsWith('['));
    expect({ code: result.code, complete: bars.some((line) => /^\[#{30}\] (hash|upload|checkout)/.test(line)) }).toEqual({ code: exitCodes.ok, complete: true });
  });

  it('exits with the usage code when a setting is invalid, and names the problem', async () => {
    const result = await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli bad', '--set', 'frames=1-10x2', '--set', 'chunk_size=0']);
    expect({ code: result.code, lines: result.stdout.split('\n').filter((line) => line.startsWith('  ')) }).toEqual({
      code: exitCodes.usage,
      lines: ['  frames: "1-10x2" is not a frame or a range like 1-10 (use commas between parts: 1,3,5-9)', '  chunk_size must be between 1 and 100, not 0'],
    });
  });

  it('exits with the rejected code when the Manager refuses the job (unknown worker tag)', async () => {
    const result = await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli tag', '--set', 'frames=1', '--tag', randomUUID(), '--json']);
    const submission = json<Submission>(result.stdout);
    expect([result.code, submission.state.phase, submission.state.phase === 'needs-attention' ? submission.state.error.status : 0]).toEqual([
      exitCodes.managerRejected,
      'needs-attention',
      500,
    ]);
  });

  it('queues while the Manager is down (exit 3), lists the entry, and "queue run" sends it once the Manager is back', async () => {
    await double.down();
    const queued = await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli offline', '--set', 'frames=1-2']);
    const listed = await run(['queue', 'list', '--json']);
    const waiting = json<Submission[]>(listed.stdout).find((entry) => entry.request.jobName === 'cli offline');
    await double.up();
    const ran = await run(['queue', 'run', '--json']);
    const after = json<Submission[]>(ran.stdout).find((entry) => entry.request.jobName === 'cli offline');
    expect({
      queuedCode: queued.code,
      said: queued.stdout.includes('Queued: it is sent when the Manager is back'),
      waiting: waiting?.state.phase,
      runCode: ran.code,
      after: after?.state.phase,
      jobs: double.state.jobs.filter((job) => job.name === 'cli offline').length,
    }).toEqual({ queuedCode: exitCodes.managerUnreachable, said: true, waiting: 'waiting-for-manager', runCode: exitCodes.ok, after: 'submitted', jobs: 1 });
  });

  it('follows the job with --wait and exits 0 when it completes', async () => {
    const socket = await connectSocket(double.url);
    try {
      await subscribe(socket, { op: 'subscribe', type: 'allJobs' });
      const created = nextEvent<{ id: string; name: string }>(socket, '/jobs');
      const running = run(['submit', blendPath, '--type', 'test-render', '--name', 'cli wait', '--set', 'frames=1', '--wait', '--json']);
      const job = await created;
      double.completeJob(job.id);
      const result = await running;
      expect([result.code, json<Submission>(result.stdout).state]).toEqual([exitCodes.ok, { phase: 'completed', jobId: job.id }]);
    } finally {
      socket.close();
    }
  });

  it('pauses a waiting entry and sends it on resume', async () => {
    await double.down();
    await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli pause', '--set', 'frames=1']);
    const entry = json<Submission[]>((await run(['queue', 'list', '--json'])).stdout).find((candidate) => candidate.request.jobName === 'cli pause');
    const paused = await run(['queue', 'pause', entry?.id ?? '', '--json']);
    await double.up();
    const resumed = await run(['queue', 'resume', entry?.id ?? '', '--json']);
    expect([paused.code, json<Submission>(paused.stdout).state.phase, resumed.code, json<Submission>(resumed.stdout).state.phase]).toEqual([
      exitCodes.ok,
      'paused',
      exitCodes.ok,
      'submitted',
    ]);
  });

  it('cancels a waiting entry by the start of its id, and refuses to cancel a sent one', async () => {
    await double.down();
    await run(['submit', blendPath, '--type', 'test-render', '--name', 'cli cancel', '--set', 'frames=1']);
    await double.up();
    const entries = json<Submission[]>((await run(['queue', 'list', '--json'])).stdout);
    const waiting = entries.find((entry) => entry.request.jobName === 'cli cancel');
    const sent = entries.find((entry) => entry.request.jobName === 'cli one');
    const canceled = await run(['queue', 'cancel', (waiting?.id ?? '').slice(0, 8), '--json']);
    const refused = await run(['queue', 'cancel', sent?.id ?? '']);
    expect({ code: canceled.code, phase: json<Submission>(canceled.stdout).state.phase, refusedCode: refused.code, refused: refused.stderr.trim() }).toEqual({
      code: exitCodes.ok,
      phase: 'canceled',
      refusedCode: exitCodes.failure,
      refused: 'error (conflict): A submission that is submitted cannot take "cancel"',
    });
  });
});
