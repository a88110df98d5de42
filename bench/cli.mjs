/**
 * `npm run bench:cli`: how long a CLI run on a tiny file takes from start to exit, against
 * `node -e 0` in the same run (the goal: within 150 ms of it). Median of RUNS runs each,
 * alternating, after the bundle is built (scripts/analyze.mjs).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 15);
const tiny = join(root, 'tests/fixtures/planner');
const cli = [
  join(root, 'scripts/analyze.mjs'),
  join(tiny, 'sites.csv'),
  join(tiny, 'links.csv'),
  '--compromise',
  'S1',
];

function wall(args) {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

wall(cli); // builds the bundle if it is stale
const base = [];
const run = [];
for (let i = 0; i < RUNS; i++) {
  base.push(wall(['-e', '0']));
  run.push(wall(cli));
}
const b = median(base);
const r = median(run);
console.log(`node -e 0: median ${b.toFixed(0)} ms over ${RUNS} runs`);
console.log(`analyze (tiny file, --compromise): median ${r.toFixed(0)} ms`);
console.log(`difference: ${(r - b).toFixed(0)} ms (goal <= 150 ms); ratio ${(r / b).toFixed(2)}x`);
