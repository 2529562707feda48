import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium as playwrightChromium } from 'playwright-core';
import { chromium } from './requirements';

/** The repository root. */
export const repositoryRoot = resolve(import.meta.dirname, '../..');

/** Where the browser tests load the built renderer from. */
export const rendererDirectory = join(repositoryRoot, 'out/renderer');

/**
 * Builds the renderer with vite unless `npm test` already did (it builds before the tests),
 * so a single e2e file can also run on its own.
 */
export function ensureRendererBuilt(): string {
  const index = join(rendererDirectory, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < Date.now() - 6 * 3600_000) {
    execFileSync(process.execPath, [join(repositoryRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
      cwd: repositoryRoot,
      stdio: 'inherit',
    });
  }
  return rendererDirectory;
}

/** Launches Debian's Chromium headless with the flags this closed network needs. */
export async function launchChromium(): Promise<Browser> {
  if (!chromium.available) throw new Error(chromium.reason);
  return playwrightChromium.launch({
    executablePath: chromium.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
