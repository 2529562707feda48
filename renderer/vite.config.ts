import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The renderer alone, for the browser e2e tests and the bridge (`serve`); electron-vite
// builds the same sources for the app.
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: './',
  plugins: [svelte()],
  build: { outDir: resolve(import.meta.dirname, '../out/renderer'), emptyOutDir: true },
});
