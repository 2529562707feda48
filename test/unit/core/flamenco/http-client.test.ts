import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoreError } from '../../../../electron/core/errors';
import { HttpClient, endpoint, parseManagerUrl, parseRetryAfter } from '../../../../electron/core/flamenco/http-client';
import type { FakeAnswer } from '../../../support/flamenco/fake-fetch';
import { fakeFetch } from '../../../support/flamenco/fake-fetch';
import { ManualClock } from '../../../support/flamenco/manual-clock';

const versionSchema = z.object({ version: z.string() });
const versionRequest = endpoint('get', '/api/v3/version', {});

function clientWith(answers: readonly FakeAnswer[], options: { random?: number; headers?: Record<string, string> } = {}) {
  const fetch = fakeFetch(answers);
  const clock = new ManualClock();
  const client = new HttpClient({
    baseUrl: 'http://manager.test:8080',
    fetch,
    clock,
    random: () => options.random ?? 0,
    timeoutMilliseconds: timeout,
    retry: { attempts: 3, baseDelayMilliseconds: 100, maxDelayMilliseconds: 1_000 },
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  return { fetch, clock, client };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

const timeout = 60_000;
const isBackoff = (delay: number): boolean => delay !== timeout;

/** Lets the client run until it waits between attempts, then fires that wait (never the request timeout). */
async function fireNextTimer(clock: ManualClock, accept: (delay: number) => boolean = isBackoff): Promise<number> {
  await clock.whenTimer(accept);
  return clock.fireNext(accept);
}

describe('HttpClient', () => {
  it('returns the validated JSON and sends the profile headers', async () => {
    const { fetch, client } = clientWith([{ status: 200, json: { version: '3.9', extra: true } }], { headers: { authorization: 'Bearer token' } });

    const version = await client.json(versionRequest, versionSchema);

    expect(version).toEqual({ version: '3.9' });
    expect(fetch.requests).toEqual([
      { method: 'GET', url: 'http://manager.test:8080/api/v3/version', headers: { accept: 'application/json', authorization: 'Bearer token' }, body: undefined },
    ]);
  });

  it('sends JSON bodies with a content type', async () => {
    const { fetch, client } = clientWith([{ status: 204 }]);

    await client.empty(endpoint('post', '/api/v3/jobs/{job_id}/setpriority', { job_id: 'a/b' }, { priority: 20 }));

    expect(fetch.requests).toEqual([
      {
        method: 'POST',
        url: 'http://manager.test:8080/api/v3/jobs/a%2Fb/setpriority',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: '{"priority":20}',
      },
    ]);
  });

  it("reports the Manager's {code, message} as manager-http", async () => {
    const { client } = clientWith([{ status: 500, json: { code: 500, message: 'job not in a state to be paused' } }]);

    const error = await failure(client.empty(endpoint('post', '/api/v3/jobs/{job_id}/setstatus', { job_id: 'j' }, { status: 'paused', reason: 'x' })));

    expect(error).toEqual({
      code: 'manager-http',
      status: 500,
      message: 'The Manager refused POST /api/v3/jobs/j/setstatus: job not in a state to be paused (HTTP 500)',
    });
  });

  it('reports a validation error that has only {message} as manager-http', async () => {
    const { client } = clientWith([{ status: 400, json: { message: 'request body has an error: doesn\'t match schema' } }]);

    const error = await failure(client.empty(endpoint('post', '/api/v3/jobs/check', {}, { name: 'n', type: 't', priority: 50, submitter_platform: 'linux' })));

    expect(error).toEqual({
      code: 'manager-http',
      status: 400,
      message: "The Manager refused POST /api/v3/jobs/check: request body has an error: doesn't match schema (HTTP 400)",
    });
  });

  it('reports a body that is not JSON as manager-invalid-response', async () => {
    const { client } = clientWith([{ status: 200, body: '{"version": "3.', headers: { 'content-type': 'application/json' } }]);

    const error = await failure(client.json(versionRequest, versionSchema));

    expect(error).toEqual({ code: 'manager-invalid-response', status: 200, message: 'The Manager answered GET /api/v3/version with something that is not JSON' });
  });

  it('reports JSON of the wrong shape as manager-invalid-response naming the field', async () => {
    const { client } = clientWith([{ status: 200, json: { version: 39 } }]);

    const error = await failure(client.json(versionRequest, versionSchema));

    expect(error).toEqual({
      code: 'manager-invalid-response',
      status: 200,
      message: "The Manager's answer to GET /api/v3/version has an unexpected shape (version: Invalid input: expected string, received number)",
    });
  });

  it('reports a web page as manager-not-flamenco', async () => {
    const { client } = clientWith([{ status: 200, body: '<!doctype html><title>Router</title>', headers: { 'content-type': 'text/html' } }]);

    const error = await failure(client.json(versionRequest, versionSchema));

    expect(error.code).toBe('manager-not-flamenco');
  });

  it('reports a 404 page that is not JSON as manager-not-flamenco', async () => {
    const { client } = clientWith([{ status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } }]);

    const error = await failure(client.json(versionRequest, versionSchema));

    expect(error).toEqual({
      code: 'manager-not-flamenco',
      status: 404,
      message: "http://manager.test:8080/api/v3/version was not found and the answer is not from the Flamenco API; is this the Manager's address?",
    });
  });

  it('retries a GET with exponential backoff and jitter, then reports manager-unreachable', async () => {
    const { fetch, clock, client } = clientWith([{ networkError: 'ECONNREFUSED' }, { networkError: 'ECONNREFUSED' }, { networkError: 'ECONNREFUSED' }], { random: 1 });

    const result = failure(client.json(versionRequest, versionSchema));
    const delays = [await fireNextTimer(clock), await fireNextTimer(clock)];

    expect(await result).toEqual({
      code: 'manager-unreachable',
      status: undefined,
      message: 'Nothing answers at http://manager.test:8080/ (connection refused); is the Manager running?',
    });
    expect(delays).toEqual([100, 200]);
    expect(fetch.requests.length).toBe(3);
  });

  it('uses at least half the backoff ceiling as delay when the jitter is zero', async () => {
    const { clock, client } = clientWith([{ networkError: 'ECONNRESET' }, { status: 200, json: { version: '3.9' } }], { random: 0 });

    const result = client.json(versionRequest, versionSchema);
    const delay = await fireNextTimer(clock);

    expect(await result).toEqual({ version: '3.9' });
    expect(delay).toBe(50);
  });

  it('does not retry a POST after a network failure', async () => {
    const { fetch, client } = clientWith([{ networkError: 'ECONNRESET' }]);

    const error = await failure(client.empty(endpoint('post', '/api/v3/jobs/{job_id}/setpriority', { job_id: 'j' }, { priority: 1 })));

    expect(error).toEqual({ code: 'manager-unreachable', status: undefined, message: 'The connection to http://manager.test:8080/ was dropped' });
    expect(fetch.requests.length).toBe(1);
  });

  it('retries a GET answered with 500 and returns the later success', async () => {
    const { fetch, clock, client } = clientWith([{ status: 500, json: { code: 500, message: 'db' } }, { status: 200, json: { version: '3.9' } }]);

    const result = client.json(versionRequest, versionSchema);
    await fireNextTimer(clock);

    expect(await result).toEqual({ version: '3.9' });
    expect(fetch.requests.length).toBe(2);
  });

  it('honours Retry-After on 503, for a POST too', async () => {
    const { fetch, clock, client } = clientWith([{ status: 503, json: { code: 503, message: 'busy' }, headers: { 'retry-after': '1' } }, { status: 204 }]);

    const result = client.empty(endpoint('post', '/api/v3/jobs/{job_id}/setpriority', { job_id: 'j' }, { priority: 1 }));
    const delay = await fireNextTimer(clock);
    await result;

    expect(delay).toBe(1_000);
    expect(fetch.requests.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it('gives up with manager-timeout when no answer comes in time', async () => {
    const { clock, client } = clientWith([{ hang: true }]);

    const result = failure(client.json({ ...versionRequest, retry: false }, versionSchema));
    const delay = await fireNextTimer(clock, (candidate) => candidate === timeout);

    expect(await result).toEqual({
      code: 'manager-timeout',
      status: undefined,
      message: 'The Manager at http://manager.test:8080/ did not answer GET /api/v3/version in time',
    });
    expect(delay).toBe(timeout);
  });

  it('reports canceled when the caller aborts', async () => {
    const { client } = clientWith([{ hang: true }]);
    const controller = new AbortController();

    const result = failure(client.json({ ...versionRequest, signal: controller.signal }, versionSchema));
    controller.abort();

    expect((await result).code).toBe('canceled');
  });

  it('returns undefined for 204 from optional JSON and text requests', async () => {
    const { client } = clientWith([{ status: 204 }, { status: 204 }]);

    const results = [await client.optionalJson(versionRequest, versionSchema), await client.text(versionRequest)];

    expect(results).toEqual([undefined, undefined]);
  });

  it('keeps a reverse-proxy path prefix in request URLs', () => {
    const client = new HttpClient({ baseUrl: 'https://proxy.test/flamenco' });

    expect(client.url('/api/v3/version').href).toBe('https://proxy.test/flamenco/api/v3/version');
  });
});

describe('parseManagerUrl', () => {
  it('adds the trailing slash and drops query and fragment', () => {
    expect(parseManagerUrl(' http://farm.local:8080?x=1#top ').href).toBe('http://farm.local:8080/');
  });

  it('refuses URLs that are not http or https', () => {
    expect(() => parseManagerUrl('ftp://farm.local/')).toThrow('"ftp://farm.local/" is not an http or https URL; expected something like http://farm.local:8080/');
  });

  it('refuses text that is not a URL', () => {
    expect(() => parseManagerUrl('farm.local:8080')).toThrow(CoreError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');

    expect([parseRetryAfter('2', now), parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), parseRetryAfter(null, now), parseRetryAfter('soon', now)]).toEqual([
      2_000,
      5_000,
      undefined,
      undefined,
    ]);
  });
});

describe('endpoint', () => {
  it('rejects at compile time methods and bodies the spec does not have', () => {
    // @ts-expect-error GET /jobs takes no body
    const withBody = () => endpoint('get', '/api/v3/jobs', {}, { name: 'x' });
    // @ts-expect-error there is no PUT on /jobs
    const wrongMethod = () => endpoint('put', '/api/v3/jobs', {});
    // @ts-expect-error the status must be a job status
    const wrongBody = () => endpoint('post', '/api/v3/jobs/{job_id}/setstatus', { job_id: 'j' }, { status: 'bogus', reason: '' });

    expect([typeof withBody, typeof wrongMethod, typeof wrongBody]).toEqual(['function', 'function', 'function']);
  });
});
