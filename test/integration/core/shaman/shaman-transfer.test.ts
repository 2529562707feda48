import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HashedPackFile, PackPlan, TransferId, TransferProgress, TransferWarning } from '../../../../electron/common/domain/shaman';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { HashCacheRepository } from '../../../../electron/core/db/repositories/hash-cache-repository';
import { UploadJournalRepository } from '../../../../electron/core/db/repositories/upload-journal-repository';
import { CoreError } from '../../../../electron/core/errors';
import { hashPackFiles } from '../../../../electron/core/shaman/hash-files';
import { HashPool } from '../../../../electron/core/shaman/hash-pool';
import { planPack } from '../../../../electron/core/shaman/pack-plan';
import { ShamanClient } from '../../../../electron/core/shaman/shaman-client';
import { transferWithShaman } from '../../../../electron/core/shaman/shaman-transfer';
import type { ShamanTransferOptions } from '../../../../electron/core/shaman/shaman-transfer';
import { uploadPack } from '../../../../electron/core/shaman/upload';
import { startManagerDouble } from '../../../support/manager-double';
import type { ManagerDouble } from '../../../support/manager-double';
import { immediateClock, sha256Of, writeFiles } from '../../../support/shaman-fixtures';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

const fastBackoff = { baseDelayMs: 0, maxDelayMs: 0 };

type Setup = {
  readonly folder: ReturnType<typeof makeTemporaryDirectory>;
  readonly double: ManagerDouble;
  readonly pool: HashPool;
  database: Database;
  client: ShamanClient;
};

let setup: Setup;

beforeEach(async () => {
  const folder = makeTemporaryDirectory();
  const double = await startManagerDouble();
  setup = {
    folder,
    double,
    pool: new HashPool({ workers: 2 }),
    database: openDatabase(join(folder.path, 'data', 'app.sqlite')),
    client: new ShamanClient({ baseUrl: double.url, idleTimeoutMs: 2_000 }),
  };
});

afterEach(async () => {
  setup.client.close();
  await setup.pool.close();
  setup.database.close();
  await setup.double.close();
  setup.folder.remove();
});

/** A project with a .git marker, a .blend and `count` textures of distinct content. */
async function project(count: number, extra: Readonly<Record<string, string | Buffer>> = {}): Promise<PackPlan> {
  const files: Record<string, string | Buffer> = { 'proj/.git/HEAD': 'ref', 'proj/scenes/shot.blend': 'BLENDER-v400 shot', ...extra };
  for (let index = 0; index < count; index += 1) files[`proj/textures/t${index}.png`] = `texture ${index} ${'x'.repeat(index * 100)}`;
  writeFiles(setup.folder.path, files);
  const dependencies = Object.keys(files)
    .filter((path) => !path.includes('.git') && !path.endsWith('.blend'))
    .map((path) => join(setup.folder.path, path));
  return planPack({ blendPath: join(setup.folder.path, 'proj/scenes/shot.blend'), dependencies, outsideFiles: 'include' });
}

function options(plan: PackPlan, extra: Partial<ShamanTransferOptions> = {}): ShamanTransferOptions {
  return {
    plan,
    checkoutPath: 'shot-job',
    client: setup.client,
    managerUrl: setup.double.url,
    pool: setup.pool,
    hashCache: new HashCacheRepository(setup.database),
    journal: { repository: new UploadJournalRepository(setup.database), transferId: 'transfer-1' as TransferId },
    clock: immediateClock,
    upload: { backoff: fastBackoff },
    ...extra,
  };
}

function uploadRequests(): number {
  return setup.double.requests.filter((request) => request.operationId === 'shamanFileStore').length;
}

/** Every blob in the store has the checksum and size its path claims. */
function storeIsSound(): boolean {
  const stored = join(setup.double.shaman.fileStorePath, 'stored');
  let sound = true;
  for (const prefix of readdirSync(stored)) {
    for (const rest of readdirSync(join(stored, prefix))) {
      for (const blob of readdirSync(join(stored, prefix, rest))) {
        const content = readFileSync(join(stored, prefix, rest, blob));
        if (sha256Of(content) !== prefix + rest || `${content.length}.blob` !== blob) sound = false;
      }
    }
  }
  return sound;
}

/** The checkout's files, by relative path, with their content read through the symlinks. */
function checkoutContents(checkoutPath: string): Record<string, string> {
  const root = join(setup.double.shaman.checkoutRoot, checkoutPath);
  const contents: Record<string, string> = {};
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else contents[`${prefix}${entry.name}`] = readFileSync(path, 'utf8');
    }
  };
  walk(root, '');
  return contents;
}

function expectedContents(plan: PackPlan): Record<string, string> {
  return Object.fromEntries(plan.files.map((file) => [file.packPath, readFileSync(file.absolutePath, 'utf8')]));
}

describe('transferWithShaman', () => {
  it('uploads every file, then creates the checkout and names the blendfile on the farm', async () => {
    const plan = await project(5);
    const result = await transferWithShaman(options(plan));
    expect(result).toEqual({
      mode: 'shaman',
      blendfile: '{jobs}/shot-job/scenes/shot.blend',
      checkoutPath: 'shot-job',
      upload: { filesUploaded: 6, bytesUploaded: plan.totalBytes, filesAlreadyStored: 0, rounds: 2, retries: 0, deferrals: 0 },
    });
    expect(checkoutContents('shot-job')).toEqual(expectedContents(plan));
    expect(readlinkSync(join(setup.double.shaman.checkoutRoot, 'shot-job/scenes/shot.blend')).startsWith('../')).toBe(true);
  });

  it('uploads nothing the second time, and the Manager suffixes the existing checkout path', async () => {
    const plan = await project(3);
    await transferWithShaman(options(plan));
    const before = uploadRequests();
    const second = await transferWithShaman(options(plan, { journal: { repository: new UploadJournalRepository(setup.database), transferId: 'transfer-2' as TransferId } }));
    expect({ uploads: uploadRequests() - before, mode: second.mode }).toEqual({ uploads: 0, mode: 'shaman' });
    if (second.mode !== 'shaman') throw new Error('not shaman');
    expect(second.checkoutPath).toMatch(/^shot-job-[a-z0-9]{4}$/);
    expect(second.blendfile).toBe(`{jobs}/${second.checkoutPath}/scenes/shot.blend`);
    expect(second.upload).toEqual({ filesUploaded: 0, bytesUploaded: 0, filesAlreadyStored: 4, rounds: 1, retries: 0, deferrals: 0 });
  });

  it('sends several files at once, up to the parallelism asked', async () => {
    const plan = await project(12);
    const store = setup.double.shaman;
    const receive = store.receive.bind(store);
    let running = 0;
    let peak = 0;
    store.receive = async (...args) => {
      running += 1;
      peak = Math.max(peak, running);
      // Hold each upload until the next turn so overlapping ones are seen together.
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        return await receive(...args);
      } finally {
        running -= 1;
      }
    };
    await transferWithShaman(options(plan, { upload: { backoff: fastBackoff, parallel: 3 } }));
    expect(peak).toBe(3);
  });

  it('streams files bigger than the read size, and restarts one that shrank after hashing', async () => {
    const big = Buffer.alloc(1024 * 1024 + 17, 9);
    const plan = await project(0, { 'proj/cache/big.bin': big, 'proj/cache/shrinks.bin': Buffer.alloc(300 * 1024, 4) });
    setup.client.close();
    setup.client = new ShamanClient({ baseUrl: setup.double.url, readBytes: 64 * 1024 });
    const shrinking = plan.files.find((file) => file.packPath === 'cache/shrinks.bin');
    const store = setup.double.shaman;
    const requirements = store.requirements.bind(store);
    let calls = 0;
    store.requirements = async (files) => {
      calls += 1;
      if (calls === 1 && shrinking !== undefined) writeFileSync(shrinking.absolutePath, Buffer.alloc(100 * 1024, 5));
      return requirements(files);
    };
    const warnings: TransferWarning[] = [];
    const result = await transferWithShaman(options(plan, { onWarning: (warning) => warnings.push(warning) }));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    const root = join(setup.double.shaman.checkoutRoot, result.checkoutPath);
    expect({
      big: readFileSync(join(root, 'cache/big.bin')).equals(big),
      shrunk: readFileSync(join(root, 'cache/shrinks.bin')).equals(Buffer.alloc(100 * 1024, 5)),
      warnings: warnings.map((warning) => warning.kind),
      sound: storeIsSound(),
    }).toEqual({ big: true, shrunk: true, warnings: ['file-changed'], sound: true });
  });

  it('passes the profile headers and an RFC 2047 original filename with every upload', async () => {
    const plan = await project(0, { 'proj/textures/Straße ü.png': 'umlaut' });
    setup.client.close();
    setup.client = new ShamanClient({ baseUrl: setup.double.url, headers: { 'X-Proxy-Token': 'secret-1' } });
    await transferWithShaman(options(plan));
    const uploads = setup.double.requests.filter((request) => request.operationId === 'shamanFileStore');
    const names = uploads.map((request) => {
      const value = String(request.headers['x-shaman-original-filename']);
      return Buffer.from(/^=\?utf-8\?B\?(.*)\?=$/.exec(value)?.[1] ?? '', 'base64').toString('utf8');
    });
    expect({
      names: names.sort(),
      tokens: [...new Set(setup.double.requests.map((request) => request.headers['x-proxy-token']))],
      defer: [...new Set(uploads.map((request) => request.headers['x-shaman-can-defer-upload']))],
      violations: setup.double.specViolations,
    }).toEqual({ names: ['scenes/shot.blend', 'textures/Straße ü.png'], tokens: ['secret-1'], defer: ['true'], violations: [] });
  });

  it('counts a 208 as done when someone else stored the file meanwhile', async () => {
    const plan = await project(2);
    const hashed = await hashPackFiles(plan.files, { pool: setup.pool, clock: immediateClock });
    const store = setup.double.shaman;
    const requirements = store.requirements.bind(store);
    // Another client stores one file; then the first requirements answer still lists it as unknown.
    const first = hashed[1] as HashedPackFile;
    await uploadPack({ client: setup.client, files: [first], rehash: rehashWith(), clock: immediateClock });
    let calls = 0;
    store.requirements = async (files) => {
      calls += 1;
      return calls === 1 ? files.map((file) => ({ ...file, status: 'unknown' as const })) : requirements(files);
    };
    const result = await uploadPack({ client: setup.client, files: hashed, rehash: rehashWith(), clock: immediateClock, backoff: fastBackoff });
    const answers = setup.double.requests.filter((request) => request.operationId === 'shamanFileStore').map((request) => request.outcome);
    expect({ summary: result.summary, answers: answers.slice(1).sort() }).toEqual({
      summary: { filesUploaded: 2, bytesUploaded: (hashed[0]?.size ?? 0) + (hashed[2]?.size ?? 0), filesAlreadyStored: 1, rounds: 2, retries: 0, deferrals: 0 },
      answers: [200, 200, 208],
    });
  });

  it('defers on 425 and comes back until the storm passes', async () => {
    const plan = await project(4);
    setup.double.faults.shaman425Storm(7);
    // One upload at a time: the double's storm counter is checked across an await, so parallel uploads could overshoot it.
    const result = await transferWithShaman(options(plan, { upload: { backoff: fastBackoff, parallel: 1 } }));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    expect({ deferrals: result.upload.deferrals, uploaded: result.upload.filesUploaded, sound: storeIsSound() }).toEqual({ deferrals: 7, uploaded: 5, sound: true });
    expect(checkoutContents(result.checkoutPath)).toEqual(expectedContents(plan));
  });

  it('stops offering to defer after three 425s for the same file, so an endless storm still ends', async () => {
    const plan = await project(0);
    setup.double.faults.shaman425Storm(1_000);
    const result = await transferWithShaman(options(plan));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    expect({ deferrals: result.upload.deferrals, uploaded: result.upload.filesUploaded }).toEqual({ deferrals: 3, uploaded: 1 });
  });

  it('sends a file again after a 417 when the local file did not change', async () => {
    const plan = await project(3);
    setup.double.faults.shaman417(2);
    const result = await transferWithShaman(options(plan));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    expect({ retries: result.upload.retries, uploaded: result.upload.filesUploaded }).toEqual({ retries: 2, uploaded: 4 });
    expect(checkoutContents(result.checkoutPath)).toEqual(expectedContents(plan));
  });

  it('completes every upload with a sound store when resets, 5xx, stalls, 425 storms and 417s hit a share of requests', async () => {
    const plan = await project(30);
    setup.client.close();
    setup.client = new ShamanClient({ baseUrl: setup.double.url, idleTimeoutMs: 300 });
    const shaman = { path: '/api/v3/shaman/' };
    setup.double.faults.resetConnections({ rate: 0.1, target: shaman });
    setup.double.faults.fail5xx({ rate: 0.1, status: 502, target: shaman });
    setup.double.faults.fail5xx({ rate: 0.05, status: 500, target: { path: '/api/v3/shaman/files/' } });
    setup.double.faults.stall({ count: 2, target: { path: '/api/v3/shaman/files/' } });
    setup.double.faults.shaman425Storm(5);
    setup.double.faults.shaman417(3);
    const result = await transferWithShaman(options(plan, { upload: { backoff: fastBackoff, maxAttempts: 12 } }));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    const outcomes = new Set(setup.double.requests.map((request) => request.outcome));
    expect({ reset: outcomes.has('reset'), stall: outcomes.has('stall'), status5xx: outcomes.has(502), sound: storeIsSound() }).toEqual({
      reset: true,
      stall: true,
      status5xx: true,
      sound: true,
    });
    expect(checkoutContents(result.checkoutPath)).toEqual(expectedContents(plan));
  });

  it('fails with the last error when 5xx answers never stop', async () => {
    const plan = await project(1);
    setup.double.faults.fail5xx({ rate: 1, status: 502, target: { path: '/api/v3/shaman/files/' } });
    await expect(transferWithShaman(options(plan, { upload: { backoff: fastBackoff, maxAttempts: 3 } }))).rejects.toMatchObject({ code: 'manager-http', status: 502 });
    expect(new UploadJournalRepository(setup.database).get('transfer-1' as TransferId)?.state).toBe('failed');
  });

  it('resumes after an interruption and uploads only the files not done yet', async () => {
    const plan = await project(20);
    const controller = new AbortController();
    const store = setup.double.shaman;
    const receive = store.receive.bind(store);
    let received = 0;
    // The app dies while the seventh upload is on the wire (one upload at a time).
    store.receive = async (...args) => {
      received += 1;
      if (received === 7) controller.abort();
      return receive(...args);
    };
    await expect(transferWithShaman(options(plan, { signal: controller.signal, upload: { backoff: fastBackoff, parallel: 1 } }))).rejects.toMatchObject({
      code: 'canceled',
    });
    store.receive = receive;
    const firstRunUploads = setup.double.requests.filter((request) => request.operationId === 'shamanFileStore' && request.outcome === 200).length;
    if (firstRunUploads !== 6) throw new Error(`the first run stored ${firstRunUploads} files, not 6`);
    const journal = new UploadJournalRepository(setup.database);
    const afterCancel = { state: journal.get('transfer-1' as TransferId)?.state, done: journal.doneFiles('transfer-1' as TransferId).length };
    // Simulate an app restart: a new database connection on the same file.
    setup.database.close();
    setup.database = openDatabase(join(setup.folder.path, 'data', 'app.sqlite'));
    const before = uploadRequests();
    const result = await transferWithShaman(options(plan));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    expect({
      afterCancel,
      checkouts: readdirSync(setup.double.shaman.checkoutRoot),
      secondRunUploads: uploadRequests() - before,
      uploaded: result.upload.filesUploaded,
      done: new UploadJournalRepository(setup.database).doneFiles('transfer-1' as TransferId).length,
    }).toEqual({
      afterCancel: { state: 'interrupted', done: 6 },
      checkouts: ['shot-job'],
      secondRunUploads: 21 - firstRunUploads,
      uploaded: 21 - firstRunUploads,
      done: 21,
    });
    expect(checkoutContents('shot-job')).toEqual(expectedContents(plan));
  });

  it('returns the recorded result without a second checkout when a completed transfer is resumed', async () => {
    const plan = await project(1);
    const first = await transferWithShaman(options(plan));
    const requests = setup.double.requests.length;
    const again = await transferWithShaman(options(plan));
    expect({ again, newRequests: setup.double.requests.length - requests }).toEqual({ again: first, newRequests: 0 });
  });

  it('creates no checkout when canceled during the upload', async () => {
    const plan = await project(8);
    const controller = new AbortController();
    const onProgress = (progress: TransferProgress): void => {
      if (progress.phase === 'upload' && progress.bytesDone > 0) controller.abort();
    };
    await expect(transferWithShaman(options(plan, { signal: controller.signal, onProgress }))).rejects.toMatchObject({ code: 'canceled' });
    expect({
      checkouts: existsSync(setup.double.shaman.checkoutRoot) ? readdirSync(setup.double.shaman.checkoutRoot) : [],
      creates: setup.double.requests.filter((request) => request.operationId === 'shamanCheckout').length,
    }).toEqual({ checkouts: [], creates: 0 });
  });

  it('sends the new version once when a file changed during upload, with a warning', async () => {
    const plan = await project(1);
    const texture = plan.files.find((file) => file.packPath === 'textures/t0.png');
    if (texture === undefined) throw new Error('no texture');
    const store = setup.double.shaman;
    const requirements = store.requirements.bind(store);
    let calls = 0;
    store.requirements = async (files) => {
      calls += 1;
      // The user saves the texture right after it was hashed.
      if (calls === 1) writeFileSync(texture.absolutePath, 'texture 0, edited');
      return requirements(files);
    };
    const warnings: TransferWarning[] = [];
    const result = await transferWithShaman(options(plan, { onWarning: (warning) => warnings.push(warning) }));
    if (result.mode !== 'shaman') throw new Error('not shaman');
    expect(warnings).toEqual([{ kind: 'file-changed', absolutePath: texture.absolutePath, message: `${texture.absolutePath} changed during upload; sending the new version.` }]);
    expect(checkoutContents(result.checkoutPath)['textures/t0.png']).toBe('texture 0, edited');
  });

  it('fails with file-changed when the file changes a second time', async () => {
    const plan = await project(0);
    const hashed = await hashPackFiles(plan.files, { pool: setup.pool, clock: immediateClock });
    setup.double.faults.shaman417(1);
    let version = 0;
    const rehash = async (): Promise<{ sha256: never; size: number }> => {
      version += 1;
      return { sha256: sha256Of(`version ${version}`) as never, size: 9 };
    };
    const upload = uploadPack({ client: setup.client, files: hashed, rehash, clock: immediateClock, backoff: fastBackoff });
    await expect(upload).rejects.toSatisfy((error) => error instanceof CoreError && error.code === 'file-changed');
  });

  it('refuses a checkout path that breaks the Manager rules before sending anything', async () => {
    const plan = await project(0);
    await expect(transferWithShaman(options(plan, { checkoutPath: 'a/../b' }))).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(setup.double.requests).toEqual([]);
  });

  it('reports shaman-checkout-failed with the Manager message when the create answers 500', async () => {
    const plan = await project(0);
    setup.double.faults.fail5xx({ count: 1, status: 500, target: { path: '/api/v3/shaman/checkout/create' } });
    const failure = await transferWithShaman(options(plan)).catch((error: unknown) => error);
    expect(failure instanceof CoreError ? { code: failure.code, status: failure.status, message: failure.details?.['managerMessage'] } : failure).toEqual({
      code: 'shaman-checkout-failed',
      status: 500,
      message: expect.any(String),
    });
  });

  it('fails with shaman-disabled when the Manager has Shaman off', async () => {
    await setup.double.close();
    const off = await startManagerDouble({ shamanEnabled: false });
    setup.client.close();
    setup.client = new ShamanClient({ baseUrl: off.url });
    const plan = await project(0);
    try {
      await expect(transferWithShaman(options(plan))).rejects.toMatchObject({ code: 'shaman-disabled' });
    } finally {
      await off.close();
    }
  });
});

function rehashWith() {
  return async (): Promise<never> => {
    throw new Error('no rehash expected');
  };
}
