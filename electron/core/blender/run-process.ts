import { spawn } from 'node:child_process';
import type { Clock } from '../ports';

/** How a finished (or killed) process ended, with everything it printed. */
export type ProcessOutcome = {
  /** Exit code; null when it was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the timeout killed it. */
  readonly timedOut: boolean;
};

/** What went wrong before the process could run (e.g. ENOENT, EACCES). */
export class ProcessStartError extends Error {
  readonly systemCode: string | undefined;
  constructor(message: string, systemCode: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = 'ProcessStartError';
    this.systemCode = systemCode;
  }
}

/** Output kept per stream; Blender can print a lot when a file has many warnings. */
const outputLimit = 16 * 1024 * 1024;

/**
 * Runs `executable` with `args` (no shell), collects its output, and kills it (SIGKILL, so a
 * hung Blender cannot ignore it) when `timeoutMilliseconds` pass on `clock`.
 * Rejects with {@link ProcessStartError} when it cannot start.
 */
export function runProcess(options: {
  readonly executable: string;
  readonly args: readonly string[];
  readonly timeoutMilliseconds: number;
  readonly clock: Clock;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.executable, [...options.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.environment === undefined ? {} : { env: { ...options.environment } }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutSize = 0;
    let stderrSize = 0;
    let timedOut = false;
    let settled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutSize < outputLimit) stdout.push(chunk);
      stdoutSize += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrSize < outputLimit) stderr.push(chunk);
      stderrSize += chunk.length;
    });
    const timer = options.clock.setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMilliseconds);
    child.once('error', (error: NodeJS.ErrnoException) => {
      timer.cancel();
      if (settled) return;
      settled = true;
      reject(new ProcessStartError(`Cannot run ${options.executable}: ${error.message}`, error.code, error));
    });
    child.once('close', (exitCode, signal) => {
      timer.cancel();
      if (settled) return;
      settled = true;
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}
