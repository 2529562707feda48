import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import { redactSecrets } from '../shell/diagnostics';

/** How serious a log line is. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where a component writes its log lines. */
export type Logger = {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
};

/** Options for {@link RotatingLog}. */
export type RotatingLogOptions = {
  readonly directory: string;
  /** Default `flamenco-desk.log`. */
  readonly fileName?: string;
  /** A file is rotated before it would grow past this many bytes. Default 1 MiB. */
  readonly maxBytes?: number;
  /** Rotated files kept besides the current one (`.1` newest). Default 3. */
  readonly keptFiles?: number;
  /** Lines kept in memory for diagnostics. Default 200. */
  readonly memoryLines?: number;
  readonly clock?: Clock;
};

/**
 * A small size-rotated log file: `name.log`, then `name.log.1` … `name.log.N`. Writes are
 * synchronous so the last lines before a crash are on disk, and the volume is small (one
 * line per IPC call at most). Secrets are redacted before a line is written.
 */
export class RotatingLog implements Logger {
  /** The file being written. */
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keptFiles: number;
  private readonly memoryLines: number;
  private readonly clock: Clock;
  private readonly recent: string[] = [];
  private size: number;

  constructor(options: RotatingLogOptions) {
    this.file = join(options.directory, options.fileName ?? 'flamenco-desk.log');
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keptFiles = options.keptFiles ?? 3;
    this.memoryLines = options.memoryLines ?? 200;
    this.clock = options.clock ?? systemClock;
    mkdirSync(options.directory, { recursive: true });
    this.size = fileSize(this.file);
  }

  /** Appends one line; a failing disk never breaks the caller (the line stays in memory). */
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    const suffix = fields === undefined || Object.keys(fields).length === 0 ? '' : ` ${safeJson(fields)}`;
    const line = redactSecrets(`${new Date(this.clock.now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${suffix}`.replace(/[\r\n]+/g, ' '));
    this.recent.push(line);
    if (this.recent.length > this.memoryLines) this.recent.splice(0, this.recent.length - this.memoryLines);
    const bytes = Buffer.byteLength(line) + 1;
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, `${line}\n`);
      this.size += bytes;
    } catch {
      // Logging must never take the app down; diagnostics still has the in-memory lines.
    }
  }

  /** The last `count` lines written by this process, oldest first. */
  recentLines(count = this.memoryLines): readonly string[] {
    return this.recent.slice(-count);
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keptFiles}`, { force: true });
    for (let index = this.keptFiles - 1; index >= 1; index--) {
      const from = `${this.file}.${index}`;
      if (exists(from)) renameSync(from, `${this.file}.${index + 1}`);
    }
    if (this.keptFiles >= 1) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.size = 0;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '"(unserializable)"';
  }
}
