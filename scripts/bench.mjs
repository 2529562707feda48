// `npm run bench [name...]`: runs the benchmarks in test/bench one after another (they
// compete for the same two cores otherwise). Each prints its ratios against a reference
// measured in the same run. Sizes scale with the env variables each bench documents.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const wanted = process.argv.slice(2);
const benches = readdirSync('test/bench')
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n▶ ${file}\n`);
  const result = spawnSync('npx', ['tsx', `test/bench/${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
