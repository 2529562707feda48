import type { JobAction, JobId, JobStatus, TaskAction, TaskId, TaskStatus } from '../../../common/domain/farm';
import { allowedJobActions, allowedTaskActions } from '../../../common/domain/farm';
import type { ActionReport, LastRenderedPicture, WorkerView } from '../../../common/domain/farm-view';
import type { ManagerPlatform } from '../../../common/domain/manager';
import type { ManagerId } from '../../../common/domain/manager-profile';
import { assertNever } from '../../../common/assert-never';
import type { Core } from '../../create-core';
import { CoreError, toAppError } from '../../errors';
import type { ManagerClient } from '../../flamenco/manager-client';
import type { ManagerService } from '../../flamenco/manager-service';
import { localOutputDirectory } from '../../flamenco/path-variables';
import type { HandlersFor } from '../contract-handlers';

type FarmChannel =
  | 'managers:test'
  | 'managers:discover'
  | 'farm:snapshot'
  | 'job-types:list'
  | 'jobs:get'
  | 'jobs:tasks'
  | 'jobs:act'
  | 'jobs:set-priority'
  | 'jobs:what-would-delete-do'
  | 'jobs:blocklist'
  | 'jobs:unblock'
  | 'jobs:last-rendered'
  | 'jobs:open-output'
  | 'tasks:act'
  | 'tasks:log-tail'
  | 'workers:get'
  | 'workers:request'
  | 'workers:set-sleep-schedule';

/** The status each job action asks the Manager for (MANAGER-FACTS "Transitions the web app offers"). */
const jobActionStatus: Readonly<Record<Exclude<JobAction, 'delete'>, JobStatus>> = {
  pause: 'pause-requested',
  cancel: 'cancel-requested',
  requeue: 'requeueing',
};
const taskActionStatus: Readonly<Record<TaskAction, TaskStatus>> = { cancel: 'canceled', requeue: 'queued' };

/** The Manager, its jobs, tasks and workers, for the farm screens. */
export function farmHandlers(core: Core): HandlersFor<FarmChannel> {
  const managers = core.managers;
  let watching: string | undefined;
  let watchedJob: JobId | undefined;
  /** Starts the live farm of the active Manager, or restarts it after the user switched Managers. */
  const follow = async (): Promise<void> => {
    const active = managers.active();
    if (active !== undefined && (watching !== `${active.id} ${active.url}` || core.farm.model() === undefined)) {
      watching = `${active.id} ${active.url}`;
      await core.farm.start();
    } else if (active === undefined && watching !== undefined) {
      watching = undefined;
      await core.farm.stop();
    }
  };
  const client = (): Promise<ManagerClient> => managers.activeClient();
  return {
    'managers:test': async (request) =>
      'id' in request ? managers.testProfile(request.id as ManagerId) : managers.testConnection(request.url, request.extraHeaders),
    'managers:discover': () => managers.discover(),
    'farm:snapshot': async () => {
      await follow();
      return core.farm.snapshot();
    },
    'job-types:list': async () => (await client()).jobTypes(),
    'jobs:get': async ({ jobId }) => (await client()).job(jobId),
    'jobs:tasks': async ({ jobId }) => {
      const model = core.farm.model();
      if (model === undefined) return (await client()).jobTasks(jobId);
      // The Manager sends task updates for the jobs a client subscribed to; the detail view
      // shows one job at a time, so the previous one is let go (MANAGER-FACTS "Live updates").
      if (watchedJob !== undefined && watchedJob !== jobId) await model.unwatchJob(watchedJob);
      watchedJob = jobId;
      await model.watchJob(jobId);
      return model.tasks(jobId);
    },
    'jobs:act': async ({ jobIds, action }) => actOnJobs(await client(), jobIds, action),
    'jobs:set-priority': async ({ jobId, priority }) => (await client()).setJobPriority(jobId, priority),
    'jobs:what-would-delete-do': async ({ jobId }) => (await client()).whatWouldDeleteDo(jobId),
    'jobs:blocklist': async ({ jobId }) => (await client()).blocklist(jobId),
    'jobs:unblock': async ({ jobId, entries }) => (await client()).removeFromBlocklist(jobId, entries),
    'jobs:last-rendered': async ({ jobId }) => lastRendered(managers, jobId),
    'jobs:open-output': async ({ jobId }) => openOutput(core, await client(), jobId),
    'tasks:act': async ({ taskIds, action }) => actOnTasks(await client(), taskIds, action),
    'tasks:log-tail': async ({ taskId }) => (await (await client()).taskLogTail(taskId)) ?? null,
    'workers:get': async ({ workerId }) => workerView(await client(), workerId),
    'workers:request': async ({ workerId, status, lazy }) => (await client()).setWorkerStatus(workerId, status, lazy),
    'workers:set-sleep-schedule': async ({ workerId, schedule }) => (await client()).setSleepSchedule(workerId, schedule),
  };
}

/** Applies an action to each job on its own; a job whose status does not allow it fails without a request. */
async function actOnJobs(client: ManagerClient, jobIds: readonly JobId[], action: JobAction): Promise<ActionReport<JobId>> {
  return eachOf(jobIds, async (jobId) => {
    const job = await client.job(jobId);
    if (!allowedJobActions(job.status).includes(action)) {
      throw new CoreError('conflict', `Cannot ${action} job "${job.name}" while it is ${job.status}`);
    }
    if (action === 'delete') await client.deleteJob(jobId);
    else await client.setJobStatus(jobId, jobActionStatus[action], `${action} requested from Flamenco Desk`);
  });
}

async function actOnTasks(client: ManagerClient, taskIds: readonly TaskId[], action: TaskAction): Promise<ActionReport<TaskId>> {
  return eachOf(taskIds, async (taskId) => {
    const task = await client.task(taskId);
    const job = await client.job(task.jobId);
    if (!allowedTaskActions(task.status, job.status).includes(action)) {
      throw new CoreError('conflict', `Cannot ${action} task "${task.name}" while it is ${task.status}`);
    }
    await client.setTaskStatus(taskId, taskActionStatus[action], `${action} requested from Flamenco Desk`);
  });
}

async function eachOf<Id extends string>(ids: readonly Id[], run: (id: Id) => Promise<void>): Promise<ActionReport<Id>> {
  const outcomes = await Promise.all(
    ids.map(async (id) => {
      try {
        await run(id);
        return { id, error: undefined };
      } catch (error) {
        return { id, error: toAppError(error) };
      }
    }),
  );
  return {
    succeeded: outcomes.filter((outcome) => outcome.error === undefined).map((outcome) => outcome.id),
    failed: outcomes.flatMap((outcome) => (outcome.error === undefined ? [] : [{ id: outcome.id, error: outcome.error }])),
  };
}

/**
 * Fetches the small version of the job's last rendered image and returns it as a data URL:
 * the renderer cannot load it from the Manager itself (CORS closed, CSP `img-src` data:).
 */
async function lastRendered(managers: ManagerService, jobId: JobId): Promise<LastRenderedPicture | null> {
  const profile = managers.active();
  if (profile === undefined) throw new CoreError('not-found', 'No Manager is chosen');
  const client = await managers.clientFor(profile);
  const image = await client.jobLastRendered(jobId);
  if (image === undefined) return null;
  const suffix = image.suffixes.find((candidate) => candidate.includes('-small')) ?? image.suffixes[0];
  if (suffix === undefined) return null;
  const response = await fetch(`${image.base}/${suffix}`, { headers: { ...(await managers.headersFor(profile)) } });
  if (!response.ok) throw new CoreError('manager-http', `The Manager answered ${response.status} for the last rendered image`, { status: response.status });
  const type = response.headers.get('content-type') ?? 'image/jpeg';
  return { dataUrl: `data:${type};base64,${Buffer.from(await response.arrayBuffer()).toString('base64')}`, suffix };
}

async function openOutput(core: Core, client: ManagerClient, jobId: JobId): Promise<string> {
  const platform = managerPlatform();
  const [job, variables] = await Promise.all([client.job(jobId), client.variables(platform)]);
  const output = localOutputDirectory(job, variables, { platform });
  switch (output.kind) {
    case 'unknown':
      throw new CoreError('not-found', output.reason);
    case 'found':
      if (core.options.opener === undefined) throw new CoreError('internal', 'This host cannot open folders');
      await core.options.opener.openPath(output.directory);
      return output.directory;
    default:
      return assertNever(output);
  }
}

async function workerView(client: ManagerClient, workerId: string): Promise<WorkerView> {
  const [worker, schedule] = await Promise.all([client.worker(workerId), client.sleepSchedule(workerId)]);
  return { ...worker, sleepSchedule: schedule ?? null };
}

function managerPlatform(): ManagerPlatform {
  return process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'darwin' : 'linux';
}
