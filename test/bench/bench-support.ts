// Helpers shared by the Shaman benchmarks (hash.bench.ts, upload.bench.ts).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** Milliseconds `work` took. */
export async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The best of `runs` timings: the least disturbed by other work on a shared machine. */
export async function best(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run += 1) fastest = Math.min(fastest, await timed(work));
  return fastest;
}

/** Runs a command to completion; throws when it fails. */
export function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${command} failed with ${String(result.status)}`);
}

/** Writes `bytes` of pseudo-random (incompressible, non-repeating per seed) data to `path`, 4 MiB at a time. */
export function writeRandomFile(path: string, bytes: number, seed: number): void {
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  let state = seed >>> 0 || 1;
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const length = Math.min(chunk.length, bytes - written);
      for (let offset = 0; offset + 4 <= length; offset += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        chunk.writeUInt32LE(state >>> 0, offset);
      }
      writeSync(fd, chunk, 0, length);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
}

/** Environment number or the default. */
export function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
}

/** One line about the machine, printed with the figures (the machine is shared). */
export function machineLine(): string {
  return `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}; node ${process.version}`;
}

/** The Manager double in a child process. */
export async function startDoubleProcess(uploadDelayMs = 0): Promise<{ url: string; storage: string; cpuMs: () => number; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./shaman-double-server.ts', import.meta.url));
  // `node --import tsx` rather than the tsx launcher, so the child's pid is the server itself.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, SHAMAN_DOUBLE_UPLOAD_DELAY_MS: String(uploadDelayMs) },
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`double exited with ${String(code)}`)));
  });
  const info = JSON.parse(first) as { url: string; storage: string };
  return {
    ...info,
    cpuMs: () => processCpuMs(child.pid ?? 0),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}

/** CPU time (user + system) a process has used, from /proc (Linux); 0 elsewhere. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of the file (utime, stime), counted after the command name, in clock ticks (100 Hz).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time this process has used, in ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** MiB with one decimal. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
