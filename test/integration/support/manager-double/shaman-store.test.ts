import { createHash } from 'node:crypto';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidCheckoutPath, startManagerDouble, useManagerDouble } from '../../../support/manager-double/index';

type Blob = { readonly content: Buffer; readonly sha: string; readonly size: number };

function blob(text: string): Blob {
  const content = Buffer.from(text);
  return { content, sha: createHash('sha256').update(content).digest('hex'), size: content.length };
}

async function upload(url: string, file: Blob, options: { size?: number; headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/v3/shaman/files/${file.sha}/${options.size ?? file.size}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...options.headers },
    body: new Uint8Array(options.body ?? file.content),
  });
  return { status: response.status, text: await response.text() };
}

async function postJson(url: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Starts an upload and sends only part of the body, so the file stays "uploading". */
function startPartialUpload(url: string, file: Blob): Promise<() => void> {
  return new Promise((resolve) => {
    const target = new URL(`${url}/api/v3/shaman/files/${file.sha}/${file.size}`);
    const pending = request(target, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.size) } });
    pending.on('error', () => undefined);
    pending.write(file.content.subarray(0, 1), () => resolve(() => pending.destroy()));
  });
}

describe('Manager double Shaman', () => {
  const manager = useManagerDouble();

  it('lists only unknown files as requirements, once each', async () => {
    const double = manager();
    const stored = blob('stored');
    const missing = blob('missing');
    await upload(double.url, stored);
    const response = await postJson(double.url, '/api/v3/shaman/checkout/requirements', {
      files: [
        { sha: stored.sha, size: stored.size, path: 'a.blend' },
        { sha: missing.sha, size: missing.size, path: 'b.png' },
        { sha: missing.sha, size: missing.size, path: 'copy/b.png' },
      ],
    });
    expect(response.json).toEqual({ files: [{ sha: missing.sha, size: missing.size, path: 'b.png', status: 'unknown' }] });
  });

  it('answers 200 with an empty body when a file is stored, then 208 for the same file', async () => {
    const double = manager();
    const file = blob('scene data');
    const first = await upload(double.url, file);
    const second = await upload(double.url, file);
    const status = await fetch(`${double.url}/api/v3/shaman/files/${file.sha}/${file.size}`);
    expect([first, second, await status.json()]).toEqual([{ status: 200, text: '' }, { status: 208, text: '' }, { status: 'stored' }]);
    expect(await readFile(double.shaman.blobPath(file.sha, file.size), 'utf8')).toBe('scene data');
  });

  it('answers 417 and stores nothing when size or checksum do not match', async () => {
    const double = manager();
    const file = blob('real content');
    const wrongSize = await upload(double.url, file, { size: file.size + 1 });
    const wrongContent = await upload(double.url, file, { body: Buffer.from('fake content') });
    expect([wrongSize.status, wrongContent.status, await double.shaman.isStored(file.sha, file.size)]).toEqual([417, 417, false]);
  });

  it('answers 425 to a deferrable upload while another upload of the file runs, and reports it as uploading', async () => {
    const double = manager();
    const file = blob('big file');
    const abort = await startPartialUpload(double.url, file);
    const deferred = await upload(double.url, file, { headers: { 'X-Shaman-Can-Defer-Upload': 'true' } });
    const status = await (await fetch(`${double.url}/api/v3/shaman/files/${file.sha}/${file.size}`)).json();
    abort();
    expect([deferred.status, status]).toEqual([425, { status: 'uploading' }]);
  });

  it('stores an empty file like a real Manager does (200, then 208)', async () => {
    const double = manager();
    const empty = blob('');
    const first = await upload(double.url, empty);
    const second = await upload(double.url, empty);
    expect([first.status, second.status]).toEqual([200, 208]);
  });

  it('accepts an RFC 2047 original filename and rejects a raw non-ASCII one', async () => {
    const double = manager();
    const file = blob('named');
    const encoded = await upload(double.url, file, { headers: { 'X-Shaman-Original-Filename': '=?utf-8?b?xaFvdC5ibGVuZA==?=' } });
    const raw = await new Promise<number>((resolve) => {
      const target = new URL(`${double.url}/api/v3/shaman/files/${file.sha}/${file.size}`);
      const pending = request(target, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Shaman-Original-Filename': Buffer.from('šot.blend').toString('latin1') } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      pending.end(file.content);
    });
    expect([encoded.status, raw]).toEqual([200, 400]);
  });

  it('refuses a folded X-Shaman-Original-Filename header before it reaches a handler', async () => {
    const double = manager();
    const file = blob('f');
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(double.port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
      socket.end(
        `POST /api/v3/shaman/files/${file.sha}/${file.size} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n` +
          `Content-Length: ${file.size}\r\nX-Shaman-Original-Filename: =?utf-8?q?a?=\r\n =?utf-8?q?b?=\r\nConnection: close\r\n\r\n${file.content.toString()}`,
      );
    });
    expect([reply, double.requests.length, await double.shaman.isStored(file.sha, file.size)]).toEqual(['HTTP/1.1 400 Bad Request', 0, false]);
  });

  it('creates a checkout of relative symlinks and adds a -xxxx suffix when the path exists', async () => {
    const double = manager();
    const file = blob('blend');
    await upload(double.url, file);
    const files = [{ sha: file.sha, size: file.size, path: 'scenes/shot.blend' }];
    const first = await postJson(double.url, '/api/v3/shaman/checkout/create', { checkoutPath: 'project/shot', files });
    const second = await postJson(double.url, '/api/v3/shaman/checkout/create', { checkoutPath: 'project/shot', files });
    const link = join(double.shaman.checkoutRoot, 'project/shot/scenes/shot.blend');
    expect(first.json).toEqual({ checkoutPath: 'project/shot' });
    expect((second.json as { checkoutPath: string }).checkoutPath).toMatch(/^project\/shot-[a-z0-9]{4}$/);
    expect([(await lstat(link)).isSymbolicLink(), (await readlink(link)).startsWith('../'), await readFile(link, 'utf8')]).toEqual([true, true, 'blend']);
  });

  it('answers 500 for invalid checkout paths and for files not stored', async () => {
    const double = manager();
    const file = blob('never uploaded');
    const statuses = [];
    for (const checkoutPath of ['', '/absolute', 'a/../b', 'bad:name', 'semi;colon', 'back\\slash', '{braces}']) {
      statuses.push((await postJson(double.url, '/api/v3/shaman/checkout/create', { checkoutPath, files: [] })).status);
    }
    const missing = await postJson(double.url, '/api/v3/shaman/checkout/create', { checkoutPath: 'ok', files: [{ sha: file.sha, size: file.size, path: 'x' }] });
    expect(statuses).toEqual([500, 500, 500, 500, 500, 500, 500]);
    expect(missing).toEqual({ status: 500, json: { code: 500, message: 'unexpected error: unknown files requested in checkout' } });
  });

  it('validates checkout paths with the Manager rules', () => {
    expect(['job/shot-1', 'a b', '.hidden', '', '/x', 'x/..', '../x', 'a*b', 'a?b'].map(isValidCheckoutPath)).toEqual([true, true, true, false, false, false, false, false, false]);
  });
});

describe('Manager double with Shaman disabled', () => {
  it('answers 503 to every Shaman call', async () => {
    const double = await startManagerDouble({ shamanEnabled: false });
    const file = blob('x');
    try {
      const statuses = [
        (await postJson(double.url, '/api/v3/shaman/checkout/requirements', { files: [] })).status,
        (await upload(double.url, file)).status,
        (await fetch(`${double.url}/api/v3/shaman/files/${file.sha}/${file.size}`)).status,
        (await postJson(double.url, '/api/v3/shaman/checkout/create', { checkoutPath: 'x', files: [] })).status,
      ];
      expect(statuses).toEqual([503, 503, 503, 503]);
    } finally {
      await double.close();
    }
    double.assertNoSpecViolations();
  });
});
