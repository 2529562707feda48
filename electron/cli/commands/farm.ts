import type { JobEta, JobSummary, LiveChange, TaskSummary, WorkerSummary } from '../../common/domain/farm';
import { assertNever } from '../../common/assert-never';
import { LiveModel } from '../../core/flamenco/live/live-model';
import { notificationFor } from '../../core/flamenco/live/notifications';
import type { CliCommand, CliContext } from '../command';
import { enabledFlags, exitCodes, printList } from '../command';

function progress(job: Pick<JobSummary, 'stepsCompleted' | 'stepsTotal'>): string {
  if (job.stepsTotal <= 0) return '   -';
  return `${String(Math.floor((100 * job.stepsCompleted) / job.stepsTotal)).padStart(3)}%`;
}

function describeEta(eta: JobEta): string {
  switch (eta.kind) {
    case 'unknown':
      return '';
    case 'finished':
      return '';
    case 'estimate':
      return `  ETA ${Math.ceil(eta.remainingMilliseconds / 60_000)} min`;
    default:
      return assertNever(eta, 'ETA');
  }
}

function jobLine(job: JobSummary, eta: JobEta = { kind: 'unknown' }): string {
  return `${job.id}  ${job.status.padEnd(16)} ${progress(job)}  p${String(job.priority).padEnd(3)} ${job.name}${describeEta(eta)}`;
}

function taskLine(task: TaskSummary): string {
  const worker = task.worker === undefined ? '' : `  on ${task.worker.name}`;
  return `  ${task.id}  ${task.status.padEnd(12)} ${progress(task)}  ${task.name}${worker}`;
}

function workerLine(worker: WorkerSummary): string {
  const change = worker.statusChange === undefined ? '' : `  -> ${worker.statusChange.status}${worker.statusChange.isLazy ? ' (after task)' : ''}`;
  return `${worker.id}  ${worker.status.padEnd(8)} ${worker.name}  ${worker.version}${change}`;
}

/** One line for a live change worth showing while watching; undefined for the rest. */
export function describeChange(change: LiveChange): string | undefined {
  switch (change.kind) {
    case 'job-added':
      return `added    ${jobLine(change.job)}`;
    case 'job-updated':
      return `updated  ${jobLine(change.job)}`;
    case 'job-removed':
      return `removed  ${change.jobId}`;
    case 'job-finished':
    case 'worker-went-offline': {
      const notification = notificationFor(change);
      return notification === undefined ? undefined : `${notification.title}: ${notification.body}`;
    }
    case 'connection':
      return `connection: ${change.state.kind}${change.state.kind === 'polling' ? ` (${change.state.reason})` : ''}`;
    case 'manager-upgraded':
      return `Manager upgraded from ${change.previousVersion} to ${change.version}`;
    case 'manager-lifecycle':
      return `Manager ${change.event}`;
    case 'farm-status':
      return `farm is ${change.status}`;
    case 'refreshed':
    case 'tasks-replaced':
    case 'task-updated':
    case 'worker-added':
    case 'worker-updated':
    case 'worker-removed':
    case 'worker-tags-changed':
    case 'last-rendered':
      return undefined;
    default:
      return assertNever(change, 'live change');
  }
}

async function watchJobs(context: CliContext, json: boolean): Promise<number> {
  const profile = context.core.managers.active();
  const client = await context.core.managers.activeClient();
  const model = new LiveModel({
    client,
    headers: profile === undefined ? {} : await context.core.managers.headersFor(profile),
    clock: context.core.clock,
  });
  model.onChange((change) => {
    if (json) context.output.json(change);
    else {
      const line = describeChange(change);
      if (line !== undefined) context.output.line(line);
    }
  });
  await model.start();
  if (!json) for (const job of model.jobs()) context.output.line(jobLine(job, model.eta(job.id)));
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await model.stop();
  return exitCodes.ok;
}

const jobsCommand: CliCommand = {
  name: 'jobs',
  summary: 'List the jobs on the active Manager; --watch follows changes until Ctrl-C',
  usage: '[--watch] [--json]',
  async run(args, context) {
    const on = enabledFlags(args, ['watch', 'json']);
    if (on.has('watch')) return watchJobs(context, on.has('json'));
    const jobs = [...(await (await context.core.managers.activeClient()).jobs())].sort((left, right) => right.updated.localeCompare(left.updated));
    printList(context.output, jobs, { json: on.has('json'), empty: 'No jobs.', line: jobLine });
    return exitCodes.ok;
  },
};

const jobCommand: CliCommand = {
  name: 'job',
  summary: 'Show one job and its tasks',
  usage: 'JOB-ID [--json]',
  async run(args, context) {
    const { positionals } = args;
    const on = enabledFlags(args, ['json']);
    const [jobId] = positionals;
    if (jobId === undefined) {
      context.output.error(`job needs a JOB-ID\nUsage: flamenco-desk job ${jobCommand.usage}`);
      return exitCodes.usage;
    }
    const client = await context.core.managers.activeClient();
    const [job, tasks] = await Promise.all([client.job(jobId), client.jobTasks(jobId)]);
    if (on.has('json')) {
      context.output.json({ job, tasks });
      return exitCodes.ok;
    }
    context.output.line(`${job.name} (${job.type})`);
    context.output.line(`  id        ${job.id}`);
    context.output.line(`  status    ${job.status}${job.activity === '' ? '' : ` - ${job.activity}`}`);
    context.output.line(`  progress  ${job.stepsCompleted}/${job.stepsTotal} steps`);
    context.output.line(`  priority  ${job.priority}`);
    if (job.created !== undefined) context.output.line(`  created   ${job.created}`);
    context.output.line(`Tasks (${tasks.length}):`);
    for (const task of tasks) context.output.line(taskLine(task));
    return exitCodes.ok;
  },
};

const workersCommand: CliCommand = {
  name: 'workers',
  summary: 'List the workers of the active Manager',
  usage: '[--json]',
  async run(args, context) {
    const workers = [...(await (await context.core.managers.activeClient()).workers())].sort((left, right) => left.name.localeCompare(right.name));
    printList(context.output, workers, { json: args.flags.has('json'), empty: 'No workers.', line: workerLine });
    return exitCodes.ok;
  },
};

function countBy<T extends string>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

const farmCommand: CliCommand = {
  name: 'farm',
  summary: 'Summarise the active Manager: version, farm status, jobs and workers by status',
  usage: '[--json]',
  async run(args, context) {
    const client = await context.core.managers.activeClient();
    const [version, status, jobs, workers] = await Promise.all([client.version(), client.farmStatus(), client.jobs(), client.workers()]);
    const summary = {
      manager: version,
      url: client.http.baseUrl.href,
      farmStatus: status,
      jobs: countBy(jobs.map((job) => job.status)),
      workers: countBy(workers.map((worker) => worker.status)),
    };
    if (args.flags.has('json')) {
      context.output.json(summary);
      return exitCodes.ok;
    }
    const counts = (record: Record<string, number>): string =>
      Object.entries(record)
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([key, count]) => `${count} ${key}`)
        .join(', ') || 'none';
    context.output.line(`"${version.name}" at ${summary.url}: Flamenco ${version.version}`);
    context.output.line(`Farm:    ${status}`);
    context.output.line(`Jobs:    ${counts(summary.jobs)}`);
    context.output.line(`Workers: ${counts(summary.workers)}`);
    return exitCodes.ok;
  },
};

/** The farm-watching commands: `jobs`, `job`, `workers`, `farm`. */
export const farmCommands: readonly CliCommand[] = [jobsCommand, jobCommand, workersCommand, farmCommand];
