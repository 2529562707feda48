// `npm test`: the one command that says we are done. Lint (0 warnings), typecheck (tsc -b
// + svelte-check), a renderer build for the browser tests, then every vitest project
// (unit, integration, renderer, e2e). Stops at the first failing step.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', ['npx', 'eslint', '--max-warnings', '0', '.']],
  ['typecheck', ['npx', 'tsc', '-b']],
  ['typecheck renderer', ['npx', 'svelte-check', '--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings', '--output', 'human']],
  ['build renderer', ['npx', 'vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']],
  ['tests', ['npx', 'vitest', 'run', ...process.argv.slice(2)]],
];

for (const [name, [command, ...args]] of steps) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n✖ ${name} failed after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✔ ${name} (${seconds} s)\n`);
}
