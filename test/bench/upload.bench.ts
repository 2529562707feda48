// Benchmarks of Shaman uploads to the Manager double on loopback (P3).
// Run: npx tsx test/bench/upload.bench.ts
// Scale with SHAMAN_BENCH_UPLOAD_MIB (default 256; goal 1024), SHAMAN_BENCH_SMALL_FILES
// (default 500; goal 2000), SHAMAN_BENCH_RSS_GIB (default 1; goal 4, a sparse file) and
// SHAMAN_BENCH_PARALLEL (uploads at once for the small files, default 4 like the app).
// The small files are also sent to a second double that waits SHAMAN_BENCH_LATENCY_MS
// (default 2) before each upload, standing in for a Manager across a network.
// The double runs in its own process; curl gets the same endpoint, headers and file.
// SHAMAN_BENCH_CURL_DATA_BINARY=1 uses `--data-binary @file` as the reference (small sizes only).
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HashedPackFile, Sha256 } from '../../electron/common/domain/shaman';
import { systemClock } from '../../electron/core/ports';
import { HashPool } from '../../electron/core/shaman/hash-pool';
import { ShamanClient } from '../../electron/core/shaman/shaman-client';
import { uploadPack } from '../../electron/core/shaman/upload';
import { best, envNumber, machineLine, mib, ownCpuMs, run, startDoubleProcess, timed, writeRandomFile } from './bench-support';

const uploadBytes = envNumber('SHAMAN_BENCH_UPLOAD_MIB', 256) * 1024 * 1024;
const smallCount = envNumber('SHAMAN_BENCH_SMALL_FILES', 500);
const rssBytes = envNumber('SHAMAN_BENCH_RSS_GIB', 1) * 1024 * 1024 * 1024;
const parallelism = envNumber('SHAMAN_BENCH_PARALLEL', 4);
const latencyMs = envNumber('SHAMAN_BENCH_LATENCY_MS', 2);

const folder = mkdtempSync(join(tmpdir(), 'shaman-upload-bench-'));
const double = await startDoubleProcess();
const pool = new HashPool();
const client = new ShamanClient({ baseUrl: double.url });
const blobPath = (sha: string, size: number): string => join(double.storage, 'file-store', 'stored', sha.slice(0, 2), sha.slice(2), `${size}.blob`);
const forget = (sha: string, size: number): void => rmSync(blobPath(sha, size), { force: true });

try {
  console.log(`Shaman upload benchmarks against the double at ${double.url}; ${machineLine()}`);

  // P3c first, so earlier phases do not inflate it: peak RSS of this process (hash pool
  // included) while uploading a big sparse file (quick to make, zeros).
  const sparse = join(folder, 'sparse.bin');
  writeFileSync(sparse, '');
  truncateSync(sparse, rssBytes);
  const sparseDigest = await pool.hash(sparse);
  const before = process.resourceUsage().maxRSS;
  const sparseTime = await timed(() =>
    client.uploadFile({ digest: { sha256: sparseDigest.sha256 as Sha256, size: rssBytes }, absolutePath: sparse, packPath: 'sparse.bin', canDefer: true }),
  );
  const peak = process.resourceUsage().maxRSS;
  console.log(
    `P3 ${mib(rssBytes)} MiB sparse file uploaded in ${sparseTime.toFixed(0)} ms; peak RSS ${(peak / 1024).toFixed(0)} MB (before the upload ${(before / 1024).toFixed(0)} MB; goal <= 150 MB)`,
  );

  // P3a: one big file, ours (streamed, keep-alive) vs curl -T file (streamed).
  const big = join(folder, 'big.bin');
  writeRandomFile(big, uploadBytes, 3);
  const digest = await pool.hash(big);
  const url = `${double.url.replace(/\/$/, '')}/api/v3/shaman/files/${digest.sha256}/${uploadBytes}`;
  const curl = (): void => {
    forget(digest.sha256, uploadBytes);
    // `--data-binary @file` reads the whole file into memory first and fails with "out of
    // memory" at 1 GiB, so the reference is curl's streamed upload of the same bytes.
    const body = process.env['SHAMAN_BENCH_CURL_DATA_BINARY'] === '1' ? ['--data-binary', `@${big}`] : ['-T', big];
    run('curl', ['-sS', '-f', '-o', '/dev/null', '-X', 'POST', '-H', 'Content-Type: application/octet-stream', '-H', 'X-Shaman-Can-Defer-Upload: true', '-H', 'Expect:', ...body, url]);
  };
  const ours = async (): Promise<void> => {
    forget(digest.sha256, uploadBytes);
    const answer = await client.uploadFile({ digest: { sha256: digest.sha256, size: uploadBytes }, absolutePath: big, packPath: 'big.bin', canDefer: true });
    if (answer.kind !== 'stored') throw new Error(`upload answered ${answer.kind}`);
  };
  curl();
  const curlTime = await best(3, curl);
  const oursTime = await best(3, ours);
  console.log(`P3 one ${mib(uploadBytes)} MiB file: ours ${oursTime.toFixed(0)} ms, curl ${curlTime.toFixed(0)} ms -> ${(curlTime / oursTime).toFixed(2)}x curl's speed (goal >= 0.9x)`);
  rmSync(big);

  // P3b: many small files, 4 in parallel vs one at a time (requirements rounds included).
  const files: HashedPackFile[] = [];
  for (let index = 0; index < smallCount; index += 1) {
    const absolutePath = join(folder, `small${index}.bin`);
    const content = Buffer.from(`small file ${index} `.repeat(200 + (index % 50) * 20));
    writeFileSync(absolutePath, content);
    const hashed = await pool.hash(absolutePath);
    files.push({ absolutePath, packPath: `small/${index}.bin`, size: content.length, outsideProject: false, sha256: hashed.sha256 });
  }
  const uploadAll = async (parallel: number): Promise<void> => {
    for (const file of files) forget(file.sha256, file.size);
    const result = await uploadPack({ client, files, rehash: () => Promise.reject(new Error('no 417 expected')), clock: systemClock, parallel });
    if (result.summary.filesUploaded !== files.length) throw new Error(`uploaded ${result.summary.filesUploaded} of ${files.length}`);
  };
  await uploadAll(parallelism);
  const serial = await best(2, () => uploadAll(1));
  const serverBefore = double.cpuMs();
  const clientBefore = ownCpuMs();
  const parallel = await best(2, () => uploadAll(parallelism));
  const perFile = (ms: number): string => ((ms / (2 * smallCount)) * 1000).toFixed(0);
  console.log(
    `P3 ${smallCount} small files: ${parallelism} in parallel ${parallel.toFixed(0)} ms, one at a time ${serial.toFixed(0)} ms -> ${(serial / parallel).toFixed(2)}x (goal >= 4x); ` +
      `CPU per file: double ${perFile(double.cpuMs() - serverBefore)} us, client ${perFile(ownCpuMs() - clientBefore)} us`,
  );


  // P3b again with latency: a second double that waits before handling each upload.
  const slow = await startDoubleProcess(latencyMs);
  const slowClient = new ShamanClient({ baseUrl: slow.url });
  try {
    const slowForget = (sha: string, size: number): void =>
      rmSync(join(slow.storage, 'file-store', 'stored', sha.slice(0, 2), sha.slice(2), `${size}.blob`), { force: true });
    const uploadSlow = async (parallel: number): Promise<void> => {
      for (const file of files) slowForget(file.sha256, file.size);
      const result = await uploadPack({ client: slowClient, files, rehash: () => Promise.reject(new Error('no 417 expected')), clock: systemClock, parallel });
      if (result.summary.filesUploaded !== files.length) throw new Error(`uploaded ${result.summary.filesUploaded} of ${files.length}`);
    };
    const slowSerial = await timed(() => uploadSlow(1));
    const slowParallel = await timed(() => uploadSlow(parallelism));
    console.log(
      `P3 ${smallCount} small files with ${latencyMs} ms per upload: ${parallelism} in parallel ${slowParallel.toFixed(0)} ms, one at a time ${slowSerial.toFixed(0)} ms -> ${(slowSerial / slowParallel).toFixed(2)}x`,
    );
  } finally {
    slowClient.close();
    await slow.stop();
  }
} finally {
  client.close();
  await pool.close();
  await double.stop();
  rmSync(folder, { recursive: true, force: true });
}
