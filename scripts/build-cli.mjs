// Bundles the headless CLI into out/cli/index.mjs with esbuild (vite's own), keeping
// node_modules external so better-sqlite3 loads its native module as usual.
import { cp, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli/index.ts'],
  outfile: 'out/cli/index.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
});
// Files core reads at run time next to its modules (Python for Blender, hash workers).
await mkdir('out/cli', { recursive: true });
for (const [from, to] of [['electron/core/blender/python', 'out/cli/python']]) {
  await cp(from, to, { recursive: true }).catch(() => undefined);
}
process.stdout.write('built out/cli/index.mjs\n');
