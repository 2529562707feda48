/**
 * Native dependency tracing next to asking Blender (`blender -b FILE --python blend-paths.py`)
 * on the same files: generated fixtures (every reference kind, plain and zstd) plus the shared
 * 2.7x-3.x files. Run: npx tsx test/bench/trace.bench.ts
 * Prints per file the median times, their ratio (goal: native at least 20x faster) and whether
 * both found the same set of files; all measured in this run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceDependencies } from '../../electron/core/blender/blendfile/index';
import { askBlender, fixtureScript, nativeFiles } from '../integration/core/blender/blendfile/blender-oracle';
import { blenderPath } from '../support/requirements';

if (blenderPath === undefined) {
  process.stdout.write('Blender is missing: nothing measured.\n');
  process.exit(0);
}
const blender = blenderPath;

async function median(rounds: number, action: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    await action();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function blendFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => path.endsWith('.blend') && statSync(path).isFile())
    .sort();
}

const root = mkdtempSync(join(tmpdir(), 'trace-bench-'));
try {
  execFileSync(blender, ['-b', '--factory-startup', '--python', fixtureScript, '--', root], { stdio: 'ignore' });
  const shared = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared/blendfiles');
  const files = [join(root, 'project', 'main.blend'), join(root, 'project', 'main_compressed.blend'), ...blendFiles(shared)];
  let nativeTotal = 0;
  let blenderTotal = 0;
  let identical = 0;
  let compared = 0;
  process.stdout.write('file | native ms | blender ms | ratio | same files\n');
  for (const file of files) {
    const oracle = askBlender(blender, file);
    if (!oracle.ok) {
      process.stdout.write(`${relative(root, file)} | skipped: ${oracle.reason}\n`);
      continue;
    }
    const native = await median(9, () => traceDependencies(file));
    const headless = await median(3, () => askBlender(blender, file));
    const same = JSON.stringify(nativeFiles(await traceDependencies(file))) === JSON.stringify(oracle.answer.files);
    nativeTotal += native;
    blenderTotal += headless;
    compared += 1;
    if (same) identical += 1;
    const name = file.startsWith(root) ? relative(root, file) : relative(shared, file);
    process.stdout.write(`${name} | ${native.toFixed(2)} | ${headless.toFixed(0)} | ${(headless / native).toFixed(0)}x | ${same ? 'yes' : 'NO'}\n`);
  }
  process.stdout.write(`\ntotal: native ${nativeTotal.toFixed(1)} ms, blender ${blenderTotal.toFixed(0)} ms, native is ${(blenderTotal / nativeTotal).toFixed(0)}x faster (goal 20x); identical file sets ${identical}/${compared}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
