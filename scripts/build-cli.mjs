// Bundles the headless CLI into out/cli/index.mjs with esbuild (vite's own), keeping
// node_modules external so better-sqlite3 loads its native module as usual.
import { build } from 'esbuild';
import { copyRuntimeAssets } from './runtime-assets.mjs';

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
copyRuntimeAssets('out/cli');
process.stdout.write('built out/cli/index.mjs\n');
