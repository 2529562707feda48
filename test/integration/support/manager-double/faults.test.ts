import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type ManagerDouble, startManagerDouble, useManagerDouble } from '../../../support/manager-double/index';

async function status(url: string, path = '/api/v3/version'): Promise<number> {
  return (await fetch(`${url}${path}`)).status;
}

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no failure';
  } catch (error) {
    return (error as Error).name;
  }
}

async function upload(double: ManagerDouble, text: string): Promise<number> {
  const content = Buffer.from(text);
  const sha = createHash('sha256').update(content).digest('hex');
  const response = await fetch(`${double.url}/api/v3/shaman/files/${sha}/${content.length}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Shaman-Can-Defer-Upload': 'true' },
    body: content,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('Manager double fault switches', () => {
  const manager = useManagerDouble();

  it('refuses connections while down and serves the same state on the same port once up', async () => {
    const double = manager();
    const port = double.port;
    await double.down();
    const refused = await failureOf(fetch(`${double.url}/api/v3/version`));
    await double.up();
    expect([refused, double.port, await status(double.url)]).toEqual(['TypeError', port, 200]);
  });

  it('fails the next N matching requests with the chosen 5xx status', async () => {
    const double = manager();
    double.faults.fail5xx({ count: 2, status: 503, target: { path: '/api/v3/jobs' } });
    const statuses = [await status(double.url, '/api/v3/jobs'), await status(double.url), await status(double.url, '/api/v3/jobs'), await status(double.url, '/api/v3/jobs')];
    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  it('draws probabilistic failures from the seed, identically for the same seed', async () => {
    const runs: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const double = await startManagerDouble({ seed: 42 });
      double.faults.fail5xx({ rate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) statuses.push(await status(double.url));
      runs.push(statuses);
      await double.close();
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0])).toEqual(new Set([200, 500]));
  });

  it('answers garbage: invalid JSON or a wrong shape', async () => {
    const double = manager();
    double.faults.garbage({ count: 1, shape: 'invalid-json' });
    double.faults.garbage({ count: 1, shape: 'wrong-shape' });
    const invalid = await failureOf((await fetch(`${double.url}/api/v3/jobs`)).json());
    const wrong = (await (await fetch(`${double.url}/api/v3/jobs`)).json()) as Record<string, unknown>;
    expect([invalid, 'jobs' in wrong]).toEqual(['SyntaxError', false]);
  });

  it('resets connections without answering', async () => {
    const double = manager();
    double.faults.resetConnections({ count: 1 });
    const failure = await failureOf(fetch(`${double.url}/api/v3/version`));
    const next = await status(double.url);
    expect([failure, next, double.requests.map((request) => request.outcome)]).toEqual(['TypeError', 200, ['reset', 200]]);
  });

  it('stalls requests until they are released', async () => {
    const double = manager();
    double.faults.stall({ count: 1 });
    const pending = failureOf(fetch(`${double.url}/api/v3/version`));
    await vi.waitFor(() => expect(double.requests.map((request) => request.outcome)).toEqual(['stall']));
    double.releaseStalled();
    expect(await pending).toBe('TypeError');
  });

  it('delays matching requests when slow, and still answers them', async () => {
    const double = manager();
    double.faults.slow(20, { path: '/api/v3/version' });
    expect([double.faults.delayFor('GET', '/api/v3/version'), double.faults.delayFor('GET', '/api/v3/jobs'), await status(double.url)]).toEqual([20, 0, 200]);
  });

  it('drops slowed requests when closed instead of keeping close() waiting', async () => {
    const double = await startManagerDouble();
    double.faults.slow(600_000);
    const pending = failureOf(fetch(`${double.url}/api/v3/version`));
    await vi.waitFor(() => expect(double.requests.length).toBe(1));
    await double.close();
    expect([await pending, double.requests.map((request) => request.outcome)]).toEqual(['TypeError', ['dropped']]);
  });

  it('answers a storm of 425s to deferrable uploads, then stores', async () => {
    const double = manager();
    double.faults.shaman425Storm(2);
    expect([await upload(double, 'a'), await upload(double, 'a'), await upload(double, 'a')]).toEqual([425, 425, 200]);
  });

  it('injects 417s without storing, then stores', async () => {
    const double = manager();
    double.faults.shaman417(1);
    expect([await upload(double, 'b'), await upload(double, 'b')]).toEqual([417, 200]);
  });
});
