/**
 * How much a headless Blender run costs next to the native reader and the cache.
 * Run: npx tsx test/bench/blender-introspection.bench.ts
 * Prints each way's median time as a ratio of the native reader's, measured in this run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSceneFacts } from '../../electron/core/blender/blendfile/index';
import { BlendIntrospector } from '../../electron/core/blender/introspect';
import { systemClock } from '../../electron/core/ports';
import { blenderPath } from '../support/requirements';

if (blenderPath === undefined) {
  process.stdout.write('Blender is missing: nothing measured.\n');
  process.exit(0);
}
const blender = blenderPath;
const root = mkdtempSync(join(tmpdir(), 'blender-bench-'));
const fixtureScript = fileURLToPath(new URL('../fixtures/blender/introspection/make-fixtures.py', import.meta.url));
execFileSync(blender, ['-b', '--factory-startup', '--python', fixtureScript, '--', root], { stdio: 'ignore' });
const file = join(root, 'project', 'shots', 'shot-010', 'scene.blend');

async function median(rounds: number, action: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    await action();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

try {
  const native = await median(21, () => readSceneFacts(file));
  const headless = await median(5, () => new BlendIntrospector({ clock: systemClock, temporaryDirectory: join(root, 'tmp') }).introspect({ blenderExecutable: blender, file }));
  const cache = join(root, 'cache');
  await new BlendIntrospector({ clock: systemClock, temporaryDirectory: join(root, 'tmp'), cacheDirectory: cache }).introspect({ blenderExecutable: blender, file });
  const diskCache = await median(21, () => new BlendIntrospector({ clock: systemClock, temporaryDirectory: join(root, 'tmp'), cacheDirectory: cache }).introspect({ blenderExecutable: blender, file }));
  process.stdout.write(
    [
      `native readSceneFacts       ${native.toFixed(1)} ms  (reference, 1.0x)`,
      `headless Blender run        ${headless.toFixed(1)} ms  (${(headless / native).toFixed(1)}x native)`,
      `disk-cached introspection   ${diskCache.toFixed(1)} ms  (${(diskCache / native).toFixed(2)}x native)`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
