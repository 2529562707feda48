import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import type { FakeAnswer } from '../../../support/flamenco/fake-fetch';
import { fakeFetch } from '../../../support/flamenco/fake-fetch';
import { ManualClock } from '../../../support/flamenco/manual-clock';

function clientWith(answers: readonly FakeAnswer[]) {
  const fetch = fakeFetch(answers);
  return { fetch, client: ManagerClient.create({ baseUrl: 'http://manager.test:8080/proxy/', fetch, clock: new ManualClock(), retry: { attempts: 1, baseDelayMilliseconds: 1, maxDelayMilliseconds: 1 } }) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof CoreError ? error.code : 'not a CoreError';
  }
}

describe('ManagerClient', () => {
  it('accepts null lists, as Go sends empty slices', async () => {
    const { client } = clientWith([{ status: 200, json: { jobs: null } }, { status: 200, json: { workers: null } }, { status: 200, json: { tags: null } }]);

    expect([await client.jobs(), await client.workers(), await client.workerTags()]).toEqual([[], [], []]);
  });

  it('maps a 404 on a job to not-found and a 412 on submit to manager-job-type-changed', async () => {
    const { client } = clientWith([
      { status: 404, json: { code: 404, message: 'no such job' } },
      { status: 412, json: { code: 412, message: 'rejecting job because its settings are outdated, refresh the job type' } },
    ]);
    const job = { name: 'n', type: 't', type_etag: 'old', priority: 50, submitter_platform: 'linux' };

    expect([await codeOf(client.job('x')), await codeOf(client.submitJob(job))]).toEqual(['not-found', 'manager-job-type-changed']);
  });

  it('turns the log and last-rendered paths into absolute URLs below a proxy prefix', async () => {
    const { client, fetch } = clientWith([
      { status: 200, json: { task_id: 't', job_id: 'j', url: '/job-files/j/task-t.txt', size: 12 } },
      { status: 200, json: { base: '/job-files/j/last-rendered', suffixes: ['last-rendered.jpg'] } },
    ]);

    const [log, image] = [await client.taskLogInfo('t'), await client.jobLastRendered('j')];

    expect([log, image]).toEqual([
      { url: 'http://manager.test:8080/proxy/job-files/j/task-t.txt', size: 12 },
      { base: 'http://manager.test:8080/proxy/job-files/j/last-rendered', suffixes: ['last-rendered.jpg'] },
    ]);
    expect(fetch.requests.map((request) => request.url)).toEqual([
      'http://manager.test:8080/proxy/api/v3/tasks/t/log',
      'http://manager.test:8080/proxy/api/v3/jobs/j/last-rendered',
    ]);
  });

  it('asks for plain text when tailing a log', async () => {
    const { client, fetch } = clientWith([{ status: 200, body: 'last line\n', headers: { 'content-type': 'text/plain' } }]);

    expect(await client.taskLogTail('t')).toBe('last line\n');
    expect(fetch.requests[0]?.headers['accept']).toBe('text/plain');
  });

  it('refuses a priority outside 0..100 without asking the Manager', async () => {
    const { client, fetch } = clientWith([]);

    expect([await codeOf(client.setJobPriority('j', -1)), await codeOf(client.setJobPriority('j', 1.5)), fetch.requests.length]).toEqual(['invalid-argument', 'invalid-argument', 0]);
  });
});
