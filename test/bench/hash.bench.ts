// Benchmarks of Shaman hashing (P1, P2). Run: npx tsx test/bench/hash.bench.ts
// Scale with SHAMAN_BENCH_BIG_MIB (default 256; goal size 1024), SHAMAN_BENCH_FILES
// (default 500; goal 2000) and SHAMAN_BENCH_FILES_MIB (default 256; goal 1024).
// Ratios compare runs in this same process on the same files; each side takes the best of 3.
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackFile } from '../../electron/common/domain/shaman';
import { openDatabase } from '../../electron/core/db/open-database';
import { HashCacheRepository } from '../../electron/core/db/repositories/hash-cache-repository';
import { systemClock } from '../../electron/core/ports';
import { hashPackFiles } from '../../electron/core/shaman/hash-files';
import { HashPool } from '../../electron/core/shaman/hash-pool';
import { ShamanClient } from '../../electron/core/shaman/shaman-client';
import { best, envNumber, machineLine, mib, run, startDoubleProcess, timed, writeRandomFile } from './bench-support';

const bigBytes = envNumber('SHAMAN_BENCH_BIG_MIB', 256) * 1024 * 1024;
const fileCount = envNumber('SHAMAN_BENCH_FILES', 500);
const filesBytes = envNumber('SHAMAN_BENCH_FILES_MIB', 256) * 1024 * 1024;

const folder = mkdtempSync(join(tmpdir(), 'shaman-hash-bench-'));
const pool = new HashPool();
try {
  console.log(`Shaman hash benchmarks; ${availableParallelism()} CPUs; ${machineLine()}`);

  // P1a: one big file, our pool (one worker, large double-buffered reads) vs openssl.
  const big = join(folder, 'big.bin');
  writeRandomFile(big, bigBytes, 1);
  run('openssl', ['dgst', '-sha256', big]); // warm the page cache for both sides
  const opensslBig = await best(3, () => run('openssl', ['dgst', '-sha256', big]));
  const oursBig = await best(3, () => pool.hash(big));
  console.log(`P1 one ${mib(bigBytes)} MiB file: ours ${oursBig.toFixed(0)} ms, openssl ${opensslBig.toFixed(0)} ms -> ${(opensslBig / oursBig).toFixed(2)}x openssl's speed (goal >= 0.95x)`);
  rmSync(big);

  // P1b: many files, our pool in parallel vs openssl over them one after the other (one process, all paths).
  const project = join(folder, 'project');
  const paths: string[] = [];
  const each = Math.floor(filesBytes / fileCount);
  for (let index = 0; index < fileCount; index += 1) {
    const directory = join(project, `dir${index % 40}`);
    mkdirSync(directory, { recursive: true });
    const path = join(directory, `file${index}.bin`);
    // Sizes vary from 0.2x to 1.8x the mean, like a real project's mix.
    writeRandomFile(path, Math.floor(each * (0.2 + (1.6 * index) / Math.max(1, fileCount - 1))), index + 7);
    paths.push(path);
  }
  const opensslAll = (): void => {
    for (let start = 0; start < paths.length; start += 500) run('openssl', ['dgst', '-sha256', ...paths.slice(start, start + 500)]);
  };
  opensslAll();
  const files: PackFile[] = paths.map((absolutePath) => ({ absolutePath, packPath: absolutePath.slice(project.length + 1), size: 0, outsideProject: false }));
  const opensslMany = await best(3, opensslAll);
  const oursMany = await best(3, () => hashPackFiles(files, { pool, clock: systemClock }));
  console.log(`P1 ${fileCount} files, ${mib(filesBytes)} MiB: ours ${oursMany.toFixed(0)} ms, openssl one after the other ${opensslMany.toFixed(0)} ms -> ${(opensslMany / oursMany).toFixed(2)}x (goal >= 1.7x with 2 cores)`);

  // P2: the pre-upload phase (hash + requirements) cold vs on an unchanged project with the cache.
  const double = await startDoubleProcess();
  const client = new ShamanClient({ baseUrl: double.url });
  try {
    const database = openDatabase(join(folder, 'cache.sqlite'));
    const cache = new HashCacheRepository(database);
    let hashing = 0;
    let asking = 0;
    const preUpload = async (): Promise<void> => {
      let hashed: Awaited<ReturnType<typeof hashPackFiles>> = [];
      hashing = await timed(async () => {
        hashed = await hashPackFiles(files, { pool, cache, clock: systemClock });
      });
      asking = await timed(() => client.requirements(hashed.map((file) => ({ sha: file.sha256, size: file.size, path: file.packPath }))));
    };
    const cold = await timed(preUpload);
    const coldSplit = `hash ${hashing.toFixed(0)} + requirements ${asking.toFixed(0)}`;
    let warmHashing = Number.POSITIVE_INFINITY;
    let warmAsking = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run += 1) {
      await preUpload();
      warmHashing = Math.min(warmHashing, hashing);
      warmAsking = Math.min(warmAsking, asking);
    }
    const warm = warmHashing + warmAsking;
    database.close();
    console.log(
      `P2 pre-upload phase, ${fileCount} unchanged files: cold ${cold.toFixed(0)} ms (${coldSplit}), cached ${warm.toFixed(0)} ms ` +
        `(stat + cache ${warmHashing.toFixed(0)} + requirements ${warmAsking.toFixed(0)}) -> ${((warm * 100) / cold).toFixed(1)} % of cold (goal <= 5 %)`,
    );
  } finally {
    client.close();
    await double.stop();
  }
} finally {
  await pool.close();
  rmSync(folder, { recursive: true, force: true });
}
