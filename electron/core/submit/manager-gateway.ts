import type { JobSettingSpec, JobTypeSpec } from '../../common/domain/job-settings';
import type { ManagerId } from '../../common/domain/manager-profile';
import type { SubmissionId } from '../../common/domain/submission';
import { submissionMetadataKey } from '../../common/domain/submission';
import type { JobType, ManagerClient } from '../flamenco/manager-client';
import type { ManagerPlatform } from '../../common/domain/manager';
import type { JobState, ManagerGateway } from './ports';
import { submitterPlatform } from './prepare-job';

/** A Blender version written in an executable's path (`blender-4.2.1-linux-x64/blender` gives `4.2.1`). */
export function blenderVersionInPath(path: string): string | undefined {
  return /(?:^|[^\d.])(\d+\.\d+(?:\.\d+)?)(?:[^\d.]|$)/.exec(path)?.[1];
}

/** Where the gateway gets a client for a Manager profile. */
export type ManagerGatewayOptions = {
  clientFor(managerId: ManagerId): Promise<ManagerClient>;
  managerName?(managerId: ManagerId): string | undefined;
  /** Timeout of a probe (`GET /version`) in milliseconds; default 5 s. */
  readonly probeTimeoutMilliseconds?: number;
};

/** The job type as the submission form and validation read it. */
export function toJobTypeSpec(jobType: JobType): JobTypeSpec {
  return {
    name: jobType.name,
    label: jobType.label,
    etag: jobType.etag,
    ...(typeof jobType.description === 'string' ? { description: jobType.description } : {}),
    // The generated type of `propargs` is an empty record; the Manager sends any bpy.props arguments.
    settings: jobType.settings.map((setting) => setting as unknown as JobSettingSpec),
  };
}

/** The queue's {@link ManagerGateway} over the Manager client of each profile. */
export function managerGateway(options: ManagerGatewayOptions): ManagerGateway {
  const toState = (job: { readonly id: string; readonly status: JobState['status']; readonly activity: string }): JobState => ({
    id: job.id,
    status: job.status,
    activity: job.activity,
  });
  return {
    async jobType(managerId, name) {
      return toJobTypeSpec(await (await options.clientFor(managerId)).jobType(name));
    },
    async checkJob(managerId, job) {
      await (await options.clientFor(managerId)).checkJob(job);
    },
    async submitJob(managerId, job) {
      return toState(await (await options.clientFor(managerId)).submitJob(job));
    },
    async findJob(managerId, submissionId: SubmissionId) {
      // 3.9 has no query endpoint: GET /jobs lists every job with its metadata (MANAGER-FACTS).
      const jobs = await (await options.clientFor(managerId)).jobs();
      const found = jobs.find((job) => job.metadata[submissionMetadataKey] === submissionId);
      return found === undefined ? undefined : toState(found);
    },
    async job(managerId, jobId) {
      return toState(await (await options.clientFor(managerId)).job(jobId));
    },
    async probe(managerId) {
      await (await options.clientFor(managerId)).version({ retry: false, timeoutMilliseconds: options.probeTimeoutMilliseconds ?? 5_000 });
    },
    async farmBlenderVersion(managerId) {
      const variables = await (await options.clientFor(managerId)).variables(submitterPlatform() as ManagerPlatform);
      return blenderVersionInPath(variables.find((variable) => variable.name === 'blender')?.value ?? '');
    },
    managerName: (managerId) => options.managerName?.(managerId),
  };
}
