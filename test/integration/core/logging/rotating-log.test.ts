import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLog } from '../../../../electron/core/logging/rotating-log';

function clockAt(start: number) {
  let time = start;
  return { now: () => (time += 1000), setTimeout: () => ({ cancel: () => undefined }) };
}

describe('RotatingLog', () => {
  it('writes timestamped, redacted, one-line entries', () => {
    const directory = mkdtempSync(join(tmpdir(), 'log-'));
    const log = new RotatingLog({ directory, clock: clockAt(Date.UTC(2026, 0, 1)) });
    log.log('info', 'started', { version: '1.0' });
    log.log('warn', 'two\nlines', { authorization: 'Bearer abc' });
    expect(readFileSync(log.file, 'utf8')).toBe(
      ['2026-01-01T00:00:01.000Z INFO  started {"version":"1.0"}', '2026-01-01T00:00:02.000Z WARN  two lines {"authorization":[redacted]}', ''].join('\n'),
    );
  });

  it('rotates before a file grows past its limit and keeps only the newest files', () => {
    const directory = mkdtempSync(join(tmpdir(), 'log-'));
    const log = new RotatingLog({ directory, fileName: 'app.log', maxBytes: 100, keptFiles: 2, clock: clockAt(0) });
    // Each line is 50 bytes with its newline: two fit in one file.
    for (let index = 0; index < 7; index++) log.log('info', `line ${index}`.padEnd(18, '.'));
    const contents = Object.fromEntries(readdirSync(directory).sort().map((name) => [name, readFileSync(join(directory, name), 'utf8').split('\n').filter(Boolean).map((line) => line.slice(31, 37))]));
    expect(contents).toEqual({ 'app.log': ['line 6'], 'app.log.1': ['line 4', 'line 5'], 'app.log.2': ['line 2', 'line 3'] });
  });

  it('continues an existing file and keeps recent lines in memory', () => {
    const directory = mkdtempSync(join(tmpdir(), 'log-'));
    new RotatingLog({ directory, clock: clockAt(0) }).log('info', 'first run');
    const second = new RotatingLog({ directory, memoryLines: 2, clock: clockAt(0) });
    second.log('info', 'a');
    second.log('info', 'b');
    second.log('info', 'c');
    expect({ lines: readFileSync(second.file, 'utf8').split('\n').filter(Boolean).length, recent: second.recentLines().map((line) => line.slice(31)) }).toEqual({ lines: 4, recent: ['b', 'c'] });
  });
});
