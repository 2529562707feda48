import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, serveAppRequest } from '../../../electron/main/app-protocol';

const root = resolve('/srv/renderer');
const files = new Map([[join(root, 'index.html'), new TextEncoder().encode('<!doctype html>')]]);
const read = async (path: string): Promise<Uint8Array> => {
  const content = files.get(path);
  if (content === undefined) throw new Error(`ENOENT ${path}`);
  return content;
};

async function answer(response: Response): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text() };
}

describe('serveAppRequest', () => {
  it('answers a renderer file with the CSP and hardening headers', async () => {
    const response = await serveAppRequest(root, 'app://renderer/index.html', "default-src 'self'", read);
    const lowerCased = Object.fromEntries(Object.entries(appResponseHeaders('text/html; charset=utf-8', "default-src 'self'")).map(([name, value]) => [name.toLowerCase(), value]));
    expect(await answer(response)).toEqual({ status: 200, headers: lowerCased, body: '<!doctype html>' });
  });

  it('answers 404 when the file is not there', async () => {
    expect(await answer(await serveAppRequest(root, 'app://renderer/missing.js', 'x', read))).toEqual({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' });
  });

  it('answers 403 to a traversal attempt without reading anything', async () => {
    const reads: string[] = [];
    const response = await serveAppRequest(root, 'app://renderer/assets%2f..%2f..%2fsecret.js', 'x', async (path) => {
      reads.push(path);
      return new Uint8Array();
    });
    expect({ ...(await answer(response)), reads }).toEqual({ status: 403, headers: { 'content-type': 'text/plain' }, body: 'Forbidden', reads: [] });
  });
});
