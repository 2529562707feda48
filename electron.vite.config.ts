import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { copyRuntimeAssets } from './scripts/runtime-assets.mjs';

// main (ESM), preload (CJS: a sandboxed preload cannot load ESM), renderer (Svelte).
export default defineConfig({
  main: {
    // Copies next to the bundle wherever it is written (`electron-vite build --outDir` too).
    plugins: [externalizeDepsPlugin(), { name: 'copy-runtime-assets', writeBundle: (options) => copyRuntimeAssets(options.dir ?? 'out/main') }],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
