import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PackFile, TransferProgress } from '../../../../electron/common/domain/shaman';
import { openDatabase } from '../../../../electron/core/db/open-database';
import { HashCacheRepository } from '../../../../electron/core/db/repositories/hash-cache-repository';
import { hashPackFiles } from '../../../../electron/core/shaman/hash-files';
import type { CoreError } from '../../../../electron/core/errors';
import { HashPool } from '../../../../electron/core/shaman/hash-pool';
import type { HashedFile } from '../../../../electron/core/shaman/hash-pool';
import { immediateClock, sha256Of, writeFiles } from '../../../support/shaman-fixtures';
import { makeTemporaryDirectory } from '../../../support/temporary-directory';

describe('HashPool', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let pool: HashPool;
  beforeEach(() => {
    folder = makeTemporaryDirectory();
    pool = new HashPool({ workers: 2, chunkBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await pool.close();
    folder.remove();
  });

  it('gives the SHA-256 and size of small, empty and multi-chunk files', async () => {
    const big = Buffer.alloc(64 * 1024 * 5 + 17, 7);
    const [small, empty, large] = writeFiles(folder.path, { 'small.txt': 'hello', 'empty.bin': '', 'large.bin': big });
    const results = await Promise.all([small, empty, large].map((path) => pool.hash(path ?? '')));
    expect(results.map((result) => [result.sha256, result.stamp.size])).toEqual([
      [sha256Of('hello'), 5],
      [sha256Of(''), 0],
      [sha256Of(big), big.length],
    ]);
  });

  it('reports bytes that add up to the size while a big file is hashed', async () => {
    const [large] = writeFiles(folder.path, { 'large.bin': Buffer.alloc(64 * 1024 * 20, 1) });
    let reported = 0;
    await pool.hash(large ?? '', { onBytes: (bytes) => (reported += bytes) });
    expect(reported).toBe(64 * 1024 * 20);
  });

  it('rejects with file-missing when the file does not exist', async () => {
    await expect(pool.hash(join(folder.path, 'nope'))).rejects.toMatchObject({ code: 'file-missing' });
  });

  it('rejects with canceled when the signal aborts before or during hashing', async () => {
    const [large] = writeFiles(folder.path, { 'large.bin': Buffer.alloc(64 * 1024 * 200, 3) });
    const before = new AbortController();
    before.abort();
    const during = new AbortController();
    const running = pool.hash(large ?? '', { signal: during.signal, onBytes: () => during.abort() });
    await expect(pool.hash(large ?? '', { signal: before.signal })).rejects.toMatchObject({ code: 'canceled' });
    await expect(running).rejects.toMatchObject({ code: 'canceled' });
    // The pool stays usable after a cancel.
    expect((await pool.hash(large ?? '')).stamp.size).toBe(64 * 1024 * 200);
  });
});

describe('HashPool with several jobs queued in one worker', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let pool: HashPool;
  beforeEach(() => {
    folder = makeTemporaryDirectory();
    pool = new HashPool({ workers: 1, jobsPerWorker: 3, chunkBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await pool.close();
    folder.remove();
  });

  function outcome(settled: PromiseSettledResult<HashedFile>): readonly [string, number] | string {
    if (settled.status === 'fulfilled') return [settled.value.sha256, settled.value.stamp.size];
    return (settled.reason as CoreError).code;
  }

  it('hashes every queued file in turn, big and small, and maps a failure to its own file', async () => {
    const bigOne = Buffer.alloc(64 * 1024 * 7 + 5, 1);
    const bigTwo = Buffer.alloc(64 * 1024 * 3 + 1, 2);
    const contents = { 'a.bin': bigOne, 'b.txt': 'b', 'c.bin': bigTwo, 'd.txt': '', 'e.txt': 'eeee' };
    const paths = writeFiles(folder.path, contents);
    const requested = [...paths.slice(0, 2), join(folder.path, 'gone.txt'), ...paths.slice(2)];
    const settled = await Promise.allSettled(requested.map((path) => pool.hash(path)));
    expect(settled.map(outcome)).toEqual([
      [sha256Of(bigOne), bigOne.length],
      [sha256Of('b'), 1],
      'file-missing',
      [sha256Of(bigTwo), bigTwo.length],
      [sha256Of(''), 0],
      [sha256Of('eeee'), 4],
    ]);
  });

  it('cancels only the job whose signal aborts, whether it runs or waits in the worker', async () => {
    const big = Buffer.alloc(64 * 1024 * 40, 5);
    const [large, small] = writeFiles(folder.path, { 'large.bin': big, 'small.txt': 'small' });
    const running = new AbortController();
    const waiting = new AbortController();
    const jobs = [
      pool.hash(large ?? '', { signal: running.signal, onBytes: () => running.abort() }),
      pool.hash(large ?? '', { signal: waiting.signal }),
      pool.hash(small ?? ''),
      pool.hash(large ?? ''),
    ];
    waiting.abort();
    const settled = await Promise.allSettled(jobs);
    expect(settled.map(outcome)).toEqual(['canceled', 'canceled', [sha256Of('small'), 5], [sha256Of(big), big.length]]);
  });
});

describe('hashPackFiles with the hash cache', () => {
  let folder: ReturnType<typeof makeTemporaryDirectory>;
  let pool: HashPool;
  let database: Database;
  let cache: HashCacheRepository;
  beforeEach(() => {
    folder = makeTemporaryDirectory();
    pool = new HashPool({ workers: 2 });
    database = openDatabase(join(folder.path, 'app.sqlite'));
    cache = new HashCacheRepository(database);
  });
  afterEach(async () => {
    await pool.close();
    database.close();
    folder.remove();
  });

  function packFiles(paths: readonly string[]): PackFile[] {
    return paths.map((absolutePath) => ({ absolutePath, packPath: absolutePath.slice(folder.path.length + 1), size: 0, outsideProject: false }));
  }

  it('reads nothing on a second run when no file changed', async () => {
    const paths = writeFiles(folder.path, { 'p/a.blend': 'blend', 'p/tex/b.png': 'png', 'p/c.txt': 'c' });
    const first = await hashPackFiles(packFiles(paths), { pool, cache, clock: immediateClock });
    const hashed: string[] = [];
    const hash = pool.hash.bind(pool);
    pool.hash = (path, request) => {
      hashed.push(path);
      return hash(path, request);
    };
    const second = await hashPackFiles(packFiles(paths), { pool, cache, clock: immediateClock });
    expect({ second, hashed }).toEqual({ second: first, hashed: [] });
    expect(first.map((file) => [file.packPath, file.sha256, file.size])).toEqual([
      ['p/a.blend', sha256Of('blend'), 5],
      ['p/tex/b.png', sha256Of('png'), 3],
      ['p/c.txt', sha256Of('c'), 1],
    ]);
  });

  it('hashes again a file whose content, size or time changed', async () => {
    const [a, b] = writeFiles(folder.path, { 'a.txt': 'one', 'b.txt': 'two' });
    await hashPackFiles(packFiles([a ?? '', b ?? '']), { pool, cache, clock: immediateClock });
    appendFileSync(a ?? '', '!');
    writeFileSync(b ?? '', 'TWO');
    utimesSync(b ?? '', new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    const again = await hashPackFiles(packFiles([a ?? '', b ?? '']), { pool, cache, clock: immediateClock });
    expect(again.map((file) => file.sha256)).toEqual([sha256Of('one!'), sha256Of('TWO')]);
  });

  it('reports hash progress that ends with every file and byte done', async () => {
    const paths = writeFiles(folder.path, { 'a.bin': Buffer.alloc(3 * 1024 * 1024, 1), 'b.txt': 'b' });
    const seen: TransferProgress[] = [];
    await hashPackFiles(packFiles(paths), { pool, cache, clock: immediateClock, onProgress: (progress) => seen.push(progress) });
    const last = seen.at(-1);
    expect({ ...last, bytesPerSecond: 0 }).toEqual({
      phase: 'hash',
      filesDone: 2,
      filesTotal: 2,
      bytesDone: 3 * 1024 * 1024 + 1,
      bytesTotal: 3 * 1024 * 1024 + 1,
      bytesPerSecond: 0,
      etaSeconds: 0,
    });
  });

  it('prunes entries not used since the cutoff', () => {
    const stamp = (path: string) => ({ path, size: 1, mtimeNs: 1n, inode: 2n, device: 3n });
    cache.store([{ stamp: stamp('/old'), sha256: sha256Of('x') as never }], 1000);
    cache.store([{ stamp: stamp('/new'), sha256: sha256Of('y') as never }], 5000);
    const pruned = cache.pruneUnusedSince(2000);
    expect({ pruned, left: cache.size(), hits: [...cache.lookup([stamp('/old'), stamp('/new')], 6000).keys()] }).toEqual({ pruned: 1, left: 1, hits: ['/new'] });
  });

  it('fails with file-missing when a pack file vanished', async () => {
    await expect(hashPackFiles(packFiles([join(folder.path, 'gone.png')]), { pool, cache, clock: immediateClock })).rejects.toMatchObject({
      code: 'file-missing',
    });
  });
});
