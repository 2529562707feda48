import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManagerId } from '../../../../electron/common/domain/manager-profile';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { ManagerProfilesRepository } from '../../../../electron/core/db/repositories/manager-profiles-repository';
import { CoreError } from '../../../../electron/core/errors';
import { ManagerClient } from '../../../../electron/core/flamenco/manager-client';
import { ManagerService } from '../../../../electron/core/flamenco/manager-service';
import { memorySecretStore } from '../../../support/fake-ports';
import { ManualClock } from '../../../support/flamenco/manual-clock';
import { useManagerDouble } from '../../../support/manager-double';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

const manager = useManagerDouble({ name: 'Studio Farm', version: '3.9' });

let directory: ReturnType<typeof makeTemporaryDirectory>;
let database: Database;
let secrets: ReturnType<typeof memorySecretStore>;

beforeEach(() => {
  directory = makeTemporaryDirectory();
  database = openDatabase(join(directory.path, 'desk.sqlite3'));
  secrets = memorySecretStore();
});

afterEach(() => {
  database.close();
  directory.remove();
});

let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock();
});

function service(): ManagerService {
  return new ManagerService({ profiles: new ManagerProfilesRepository(database), secrets, clock });
}

/** A loopback server that is not a Flamenco Manager. */
async function foreignServer(answer: { status: number; type: string; body: string }): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': answer.type });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('ManagerService profiles', () => {
  it('keeps profiles in SQLite, secrets in the SecretStore, and the first one active', async () => {
    const first = await service().add({ name: 'Studio', url: manager().url, extraHeaders: { 'X-Site': 'a' }, secretHeaders: { Authorization: 'Bearer s3cret' } });
    clock.advance(1_000);
    const second = await service().add({ name: 'Home', url: 'http://home.local:8080' });

    const reopened = new ManagerService({ profiles: new ManagerProfilesRepository(database), secrets });

    expect(reopened.list()).toEqual([
      { id: first.id, name: 'Studio', url: `${manager().url}/`, extraHeaders: { 'x-site': 'a' }, secretHeaderNames: ['authorization'], isActive: true, createdAt: first.createdAt },
      { id: second.id, name: 'Home', url: 'http://home.local:8080/', extraHeaders: {}, secretHeaderNames: [], isActive: false, createdAt: second.createdAt },
    ]);
    expect([...secrets.values.entries()]).toEqual([[`manager:${first.id}:header:authorization`, 'Bearer s3cret']]);
    expect(database.prepare('SELECT count(*) AS n FROM manager_profiles WHERE extra_headers_json LIKE ? OR secret_header_names_json LIKE ?').get('%s3cret%', '%s3cret%')).toEqual({ n: 0 });
  });

  it('switches the active profile and removes a profile with its secrets', async () => {
    const managers = service();
    const first = await managers.add({ name: 'Studio', url: manager().url, secretHeaders: { Authorization: 'Bearer x' } });
    clock.advance(1_000);
    const second = await managers.add({ name: 'Home', url: 'http://home.local:8080' });

    managers.use(second.id);
    const activeAfterUse = managers.active()?.id;
    await managers.remove(first.id);

    expect(activeAfterUse).toBe(second.id);
    expect(managers.list().map((profile) => profile.name)).toEqual(['Home']);
    expect(secrets.values.size).toBe(0);
  });

  it('updates a profile and replaces its secret headers', async () => {
    const managers = service();
    const profile = await managers.add({ name: 'Studio', url: manager().url, secretHeaders: { Authorization: 'Bearer old', 'X-Token': 't' } });

    const updated = await managers.update({ id: profile.id, name: 'Studio 2', secretHeaders: { Authorization: 'Bearer new' } });

    expect([updated.name, updated.secretHeaderNames]).toEqual(['Studio 2', ['authorization']]);
    expect([...secrets.values.entries()]).toEqual([[`manager:${profile.id}:header:authorization`, 'Bearer new']]);
  });

  it('refuses a URL that is not http or https and an unknown profile', async () => {
    const managers = service();

    await expect(managers.add({ name: 'Bad', url: 'ftp://farm.local/' })).rejects.toThrow(CoreError);
    expect(() => managers.use('nope' as ManagerId)).toThrow('No Manager profile nope');
  });

  it('refuses header names HTTP does not allow or that fetch manages', async () => {
    const managers = service();

    const outcomes = await Promise.all(
      [{ 'Bad Header': 'x' }, { Host: 'evil' }, { 'X-Ok': 'two\nlines' }].map((extraHeaders) =>
        managers.add({ name: 'Bad', url: manager().url, extraHeaders }).then(
          () => 'saved',
          (error: unknown) => (error instanceof CoreError ? error.message : 'not a CoreError'),
        ),
      ),
    );

    expect(outcomes).toEqual(['"Bad Header" is not a valid HTTP header name', 'The header Host cannot be set per Manager', 'The value of header X-Ok must be one line']);
    expect(managers.list()).toEqual([]);
  });

  it('sends the profile headers, secret ones included, to the Manager', async () => {
    const managers = service();
    const profile = await managers.add({ name: 'Studio', url: manager().url, extraHeaders: { 'X-Site': 'a' }, secretHeaders: { Authorization: 'Bearer s3cret' } });

    await (await managers.clientFor(profile)).version();

    const request = manager().requests.at(-1);
    expect([request?.headers['authorization'], request?.headers['x-site']]).toEqual(['Bearer s3cret', 'a']);
  });
});

describe('ManagerService.testConnection', () => {
  it('accepts a Flamenco Manager and tells its name and version', async () => {
    const result = await service().testConnection(manager().url);

    expect(result).toEqual({ ok: true, url: `${manager().url}/`, version: { version: '3.9', shortVersion: expect.any(String), name: 'Studio Farm', git: expect.any(String) } });
  });

  it('tests a saved profile with its headers', async () => {
    const managers = service();
    const profile = await managers.add({ name: 'Studio', url: manager().url });

    expect((await managers.testProfile(profile.id)).ok).toBe(true);
  });

  it('says when the URL is not http or https', async () => {
    const result = await service().testConnection('ftp://farm.local/');

    expect(result).toEqual({
      ok: false,
      url: 'ftp://farm.local/',
      error: { code: 'invalid-argument', message: '"ftp://farm.local/" is not an http or https URL; expected something like http://farm.local:8080/' },
    });
  });

  it('says when nothing answers', async () => {
    const url = manager().url;
    await manager().down();

    const result = await service().testConnection(url);

    expect(result.ok ? undefined : result.error.code).toBe('manager-unreachable');
  });

  it('says when the server is a web page, answers 404, or is another JSON API', async () => {
    const html = await foreignServer({ status: 200, type: 'text/html', body: '<html><body>Router login</body></html>' });
    const missing = await foreignServer({ status: 404, type: 'application/json', body: '{"message":"Not Found"}' });
    const otherApi = await foreignServer({ status: 200, type: 'application/json', body: '{"version":"1.2.3"}' });
    try {
      const results = await Promise.all([html, missing, otherApi].map((server) => service().testConnection(server.url)));

      expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['manager-not-flamenco', 'manager-not-flamenco', 'manager-not-flamenco']);
    } finally {
      await Promise.all([html.close(), missing.close(), otherApi.close()]);
    }
  });
});

describe('ManagerClient error kinds against the double', () => {
  const fastRetry = { attempts: 3, baseDelayMilliseconds: 5, maxDelayMilliseconds: 20 };

  async function codeOf(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      return error instanceof CoreError ? error.code : 'not a CoreError';
    }
  }

  it('reports a Manager that is down as manager-unreachable after retrying', async () => {
    const client = ManagerClient.create({ baseUrl: manager().url, retry: fastRetry });
    await manager().down();

    expect(await codeOf(client.jobs())).toBe('manager-unreachable');
  });

  it('reports a reset connection as manager-unreachable without retrying a POST', async () => {
    const client = ManagerClient.create({ baseUrl: manager().url, retry: fastRetry });
    manager().faults.resetConnections({ count: 1, target: { method: 'POST' } });

    expect(await codeOf(client.createWorkerTag({ name: 'x' }))).toBe('manager-unreachable');
    expect(manager().requests.filter((request) => request.method === 'POST').length).toBe(1);
  });

  it('reports a stalled Manager as manager-timeout', async () => {
    const clock = new ManualClock();
    const client = ManagerClient.create({ baseUrl: manager().url, clock, timeoutMilliseconds: 10_000, retry: { ...fastRetry, attempts: 1 } });
    manager().faults.stall({ count: 1 });

    const result = codeOf(client.jobs());
    await vi.waitFor(() => expect(manager().requests.length).toBe(1));
    clock.fireNext((delay) => delay === 10_000);

    expect(await result).toBe('manager-timeout');
  });

  it('reports a Manager slower than the timeout as manager-timeout, and waits for one within it', async () => {
    const impatient = ManagerClient.create({ baseUrl: manager().url, timeoutMilliseconds: 50, retry: { ...fastRetry, attempts: 1 } });
    const patient = ManagerClient.create({ baseUrl: manager().url, timeoutMilliseconds: 10_000, retry: { ...fastRetry, attempts: 1 } });
    manager().faults.slow(400, { path: '/api/v3/status' });

    expect([await codeOf(impatient.farmStatus()), await codeOf(patient.farmStatus())]).toEqual(['manager-timeout', 'ok']);
  });

  it('retries a GET answered with 5xx and returns the later answer', async () => {
    const client = ManagerClient.create({ baseUrl: manager().url, retry: fastRetry });
    manager().faults.fail5xx({ count: 2, status: 502, target: { method: 'GET', path: '/api/v3/jobs' } });

    const jobs = await client.jobs();

    expect(jobs).toEqual([]);
    expect(manager().requests.map((request) => request.outcome)).toEqual([502, 502, 200]);
  });

  it('reports 5xx that persists as manager-http with the status', async () => {
    const client = ManagerClient.create({ baseUrl: manager().url, retry: fastRetry });
    manager().faults.fail5xx({ count: 3, status: 500 });

    const error = await client.workers().catch((caught: unknown) => caught);

    expect(error instanceof CoreError ? [error.code, error.status] : error).toEqual(['manager-http', 500]);
  });

  it('reports garbage as manager-invalid-response', async () => {
    const client = ManagerClient.create({ baseUrl: manager().url, retry: fastRetry });
    manager().faults.garbage({ count: 1, shape: 'invalid-json' });
    manager().faults.garbage({ count: 1, shape: 'wrong-shape' });

    expect([await codeOf(client.jobs()), await codeOf(client.jobs())]).toEqual(['manager-invalid-response', 'manager-invalid-response']);
  });
});
