/**
 * Searches the built sample for the scenarios documented in data/README.md, over the same core
 * as the CLI (load, graph, cascade), by brute force where it has to:
 *
 *   npx tsx scripts/sample/find-scenarios.ts [data/europe.geojson]
 *
 * Prints the single failures whose cascade crosses a border, the substation pairs (N-2) that
 * bring down what neither brings down alone, and radius scenarios over ports. Read-only.
 */
import { readFileSync } from 'node:fs';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { runCascade } from '../../src/core/cascade.ts';
import { runScenario, summarize } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';

const file = process.argv[2] ?? 'data/europe.geojson';
const loaded = loadInventory([{ name: 'europe.geojson', text: readFileSync(file, 'utf8') }], {
  countries: await loadCountryIndex(),
});
if (!loaded.ok) throw new Error(loaded.message);
const inv = loaded.inventory;
const graph = buildGraph(inv);
const ids = inv.facilities.map((f) => f.id);
const country = inv.facilities.map((f) => f.country);
const kind = inv.facilities.map((f) => String((f.properties as Record<string, unknown>)['kind']));

function failedSet(seeds: number[]): number[] {
  const r = runCascade(graph, ids, { compromised: seeds });
  return Array.from(r.order);
}

// Singles: impact, countries hit, spillover.
const singles: number[][] = [];
const crossing: { id: string; failed: number; spill: number; countries: string }[] = [];
for (let v = 0; v < graph.n; v++) {
  const failed = failedSet([v]);
  singles.push(failed);
  const spill = failed.filter((f) => country[f] !== country[v]).length;
  if (spill > 0) {
    const byC = new Map<string, number>();
    for (const f of failed) byC.set(country[f]!, (byC.get(country[f]!) ?? 0) + 1);
    crossing.push({
      id: ids[v]!,
      failed: failed.length,
      spill,
      countries: [...byC].map(([c, n]) => `${c} ${n}`).join(', '),
    });
  }
}
crossing.sort((a, b) => b.spill - a.spill || b.failed - a.failed);
console.log('## single failures that cross a border (top 25 by spillover)');
for (const c of crossing.slice(0, 25)) console.log(c);

// Pairs: candidates are two substations providing the same service group that needs both
// to fail (n - k + 1 = 2), i.e. every facility with exactly two upstream substations.
const pairs = new Map<string, [number, number]>();
for (let g = 0; g < graph.groupNeed.length; g++) {
  if (graph.groupNeed[g] !== 2) continue;
  const provs: number[] = [];
  for (let e = graph.edgeStart[g]!; e < graph.edgeStart[g + 1]!; e++)
    provs.push(graph.edgeProvider[e]!);
  const subs = provs.filter((p) => kind[p] === 'substation');
  for (let i = 0; i < subs.length; i++)
    for (let j = i + 1; j < subs.length; j++) {
      const [a, b] = subs[i]! < subs[j]! ? [subs[i]!, subs[j]!] : [subs[j]!, subs[i]!];
      pairs.set(`${a} ${b}`, [a, b]);
    }
}
const results: {
  ids: string[];
  impact: number;
  extra: number;
  alone: number[];
  countries: string;
}[] = [];
for (const [a, b] of pairs.values()) {
  const both = failedSet([a, b]);
  const union = new Set([...singles[a]!, ...singles[b]!]);
  const extra = both.length - union.size;
  if (extra <= 0) continue;
  const byC = new Map<string, number>();
  for (const f of both) byC.set(country[f]!, (byC.get(country[f]!) ?? 0) + 1);
  results.push({
    ids: [ids[a]!, ids[b]!],
    impact: both.length,
    extra,
    alone: [singles[a]!.length, singles[b]!.length],
    countries: [...byC].map(([c, n]) => `${c} ${n}`).join(', '),
  });
}
results.sort((x, y) => y.extra - x.extra || y.impact - x.impact);
console.log(`\n## substation pairs (${pairs.size} candidates), top 25 by extra`);
for (const r of results.slice(0, 25)) console.log(r);

// Radius over ports.
const index = new SpatialIndex(inv.facilities.map((f) => f.geometry));
console.log('\n## radius scenarios over ports (10, 20 km), top 25 by spillover then failed');
const radius: {
  id: string;
  km: number;
  failed: number;
  spill: number;
  cross: number;
  byCountry: string;
}[] = [];
for (let v = 0; v < graph.n; v++) {
  if (kind[v] !== 'port') continue;
  for (const km of [10, 20]) {
    const run = runScenario(graph, ids, index, { compromised: [v], protected: [], radiusKm: km });
    const s = summarize(inv, run);
    radius.push({
      id: ids[v]!,
      km,
      failed: s.failed,
      spill: s.spillover,
      cross: s.crossBorderDependenciesLost,
      byCountry: JSON.stringify(s.byCountry),
    });
  }
}
radius.sort((a, b) => b.spill - a.spill || b.failed - a.failed);
for (const r of radius.slice(0, 25)) console.log(r);
