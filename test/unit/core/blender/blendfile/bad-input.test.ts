import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlendFile, readSceneFacts, traceDependencies } from '../../../../../electron/core/blender/blendfile';
import { CoreError } from '../../../../../electron/core/errors';
import { makeTemporaryDirectory } from '../../../../support/temporary-directory';
import { buildBlend, standardStructs } from './synthetic-blend';
import { sceneBlocks, variants } from './scene-graph-fixture';
import { gzipSync } from 'node:zlib';

/** Small deterministic PRNG (mulberry32) so every run builds the same mutants. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

type Seed = { readonly name: string; readonly bytes: Buffer; readonly plain: boolean };
type Case = { readonly name: string; readonly bytes: Buffer; readonly mustFail: boolean };

const shared = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../../shared');

function seeds(): Seed[] {
  const result: Seed[] = variants.map((variant) => {
    const bytes = buildBlend({ form: variant.form, pointerSize: variant.pointerSize, littleEndian: variant.littleEndian, version: variant.version, structs: standardStructs(), blocks: sceneBlocks(variant) });
    return { name: `synthetic ${variant.label}`, bytes: variant.gzip ? gzipSync(bytes) : bytes, plain: !variant.gzip };
  });
  // Real files when the shared test data is beside the repository (plain, gzip, zstd, Blender 5).
  for (const [relative, plain] of [
    ['blendfiles/basic_file.blend', true],
    ['blendfiles/basic_file_compressed.blend', false],
    ['blendfiles/basic_file_zstandard.blend', false],
    ['blendfiles-modern/KhronosGroup__glTF-Blender-IO/tests/scenes/28_sk_no_reset.blend', true],
  ] as const) {
    const path = join(shared, relative);
    if (existsSync(path)) result.push({ name: relative, bytes: readFileSync(path), plain });
  }
  return result;
}

function mutants(): Case[] {
  const next = random(20261125);
  const integer = (limit: number): number => Math.floor(next() * limit);
  const cases: Case[] = [];
  for (const seed of seeds()) {
    for (let index = 0; index < 40; index += 1) {
      const cut = integer(seed.bytes.length);
      cases.push({ name: `${seed.name} truncated to ${cut} bytes`, bytes: seed.bytes.subarray(0, cut), mustFail: seed.plain });
    }
    for (let index = 0; index < 50; index += 1) {
      const bytes = Buffer.from(seed.bytes);
      const flips = 1 + integer(16);
      for (let flip = 0; flip < flips; flip += 1) bytes[integer(bytes.length)] = integer(256);
      cases.push({ name: `${seed.name} with ${flips} random bytes #${index}`, bytes, mustFail: false });
    }
    for (let index = 0; index < 10; index += 1) {
      const bytes = Buffer.from(seed.bytes);
      const at = 12 + integer(Math.max(1, bytes.length - 16));
      bytes.writeUInt32LE(index % 2 === 0 ? 0xffffffff : 0x7ffffff0, at);
      cases.push({ name: `${seed.name} with a huge 32-bit value at ${at}`, bytes, mustFail: false });
    }
  }
  for (let index = 0; index < 40; index += 1) {
    const body = Buffer.from(Array.from({ length: integer(4096) }, () => integer(256)));
    const prefix = ['', 'BLENDER-v304', 'BLENDER17-01v0500', '\x1f\x8b', '\x28\xb5\x2f\xfd'][index % 5] ?? '';
    cases.push({ name: `random ${body.length} bytes after ${JSON.stringify(prefix)}`, bytes: Buffer.concat([Buffer.from(prefix, 'latin1'), body]), mustFail: true });
  }
  return cases;
}

const cases = mutants();

async function outcome(path: string): Promise<string> {
  try {
    const file = await openBlendFile(path);
    await file.close();
    await traceDependencies(path);
    await readSceneFacts(path);
    return 'ok';
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    return `untyped ${String(error)}`;
  }
}

describe('native reader on truncated, mutated and random files', () => {
  const folder = makeTemporaryDirectory('blendfile-bad-input-');
  const paths = cases.map((_, index) => join(folder.path, `case-${index}.blend`));
  beforeAll(() => cases.forEach((entry, index) => writeFileSync(paths[index] ?? '', entry.bytes)));
  afterAll(() => folder.remove());

  it('builds hundreds of cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  // The per-test timeout is only a hang guard, not a benchmark.
  it.each(cases.map((entry, index) => ({ ...entry, index })))('answers $name with data or a typed error', { timeout: 10_000 }, async (entry) => {
    const result = await outcome(paths[entry.index] ?? '');
    const allowed = entry.mustFail ? ['blend-invalid', 'blend-unsupported'] : ['ok', 'blend-invalid', 'blend-unsupported'];
    expect(allowed).toContain(result);
  });
});
