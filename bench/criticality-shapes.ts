/**
 * Criticality on the shapes that used to take one cascade per facility (issue #22): a chain,
 * an out-tree (one provider feeding everything below it) and an in-tree, each of N
 * facilities, against the old way measured in the same run: a threshold BFS from every facility
 * (thresholdSearch in bench/baselines.ts), timed on the first `sample` facilities and
 * scaled to N. Also a random DAG with diamonds, which still takes cascades.
 *
 *   npx tsx bench/criticality-shapes.ts            # N = 100k
 *   npx tsx bench/criticality-shapes.ts 30000 2000 # N, sample
 *
 * Prints figures; asserts nothing (docs/performance.md).
 */
import { computeImpacts } from '../src/core/criticality.ts';
import { buildGraph } from '../src/core/graph.ts';
import { loadInventory } from '../src/core/inventory.ts';
import { thresholdSearch } from './baselines.ts';
import { mulberry32 } from './random.ts';

const n = Number(process.argv[2] ?? 100_000);
const sample = Number(process.argv[3] ?? 1_000);

function inventory(shape: 'chain' | 'out-tree' | 'in-tree' | 'dag'): string {
  const r = mulberry32(22);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const lon = (r() * 20).toFixed(4);
    const lat = (40 + r() * 15).toFixed(4);
    parts.push(
      `{"type":"Feature","geometry":{"type":"Point","coordinates":[${lon},${lat}]},"properties":{"id":"f${i}","sector":"energy"}}`,
    );
  }
  const dep = (from: number, to: number) =>
    parts.push(
      `{"type":"Feature","geometry":null,"properties":{"from":"f${from}","to":"f${to}","service":"energy"}}`,
    );
  for (let i = 1; i < n; i++) {
    if (shape === 'chain') dep(i - 1, i);
    else if (shape === 'out-tree') dep(Math.floor(r() * i), i);
    else if (shape === 'in-tree') dep(i, Math.floor(r() * i));
    else {
      dep(Math.max(0, i - 1 - Math.floor(r() * 3)), i);
      if (r() < 0.3) dep(Math.floor(r() * i), i);
    }
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}

console.log(
  `criticality on ${n.toLocaleString('en-US')} facilities (old way: one threshold BFS per facility, timed on ${sample} and scaled)`,
);
console.log('shape      | now (ms) | old way, est. (ms) | ratio');
for (const shape of ['chain', 'out-tree', 'in-tree', 'dag'] as const) {
  const loaded = loadInventory([{ name: `${shape}.geojson`, text: inventory(shape) }]);
  if (!loaded.ok) throw new Error(loaded.message);
  const graph = buildGraph(loaded.inventory);
  const t0 = performance.now();
  const impact = computeImpacts(graph);
  const now = performance.now() - t0;
  const t1 = performance.now();
  let differ = 0;
  // The old way, which is also the check: the same failed set, one search per facility;
  // `sample` facilities spread evenly over the numbering (a chain's first ones reach most).
  const step = Math.max(1, Math.floor(n / sample));
  const search = thresholdSearch(graph);
  let searched = 0;
  for (let f = 0; f < n; f += step, searched++) if (search(f) !== impact[f]) differ++;
  const old = ((performance.now() - t1) * n) / searched;
  if (differ) throw new Error(`${shape}: ${differ} impacts differ from a BFS`);
  const ratio = old / now;
  console.log(
    `${shape.padEnd(10)} | ${now.toFixed(0).padStart(8)} | ${old.toFixed(0).padStart(18)} | ${ratio.toFixed(0)}x`,
  );
}
