/**
 * Worst-case benchmarks (SPEC 6, docs/performance.md): N-2 pairs, worst placement, best
 * protection and Monte Carlo, on the bundled sample and on seeded generated inventories.
 *
 *   npx tsx bench/worst.ts                        # sample + 100k/300k
 *   npx tsx bench/worst.ts --sizes 100k,300k --radius-km 10
 *
 * Options: --sizes N[:M],...  generated facilities[:dependencies] (default 100k; M = 3N;
 *                             "none" for the sample alone)   --radius-km KM (10)
 *          --mc-runs R (10000)   --seed S (1)   --only pairs,placement,protect,mc
 * Baselines in the same run: pairs and placement against the criticality ranking (N-1: one
 * cascade per facility, computeImpacts); Monte Carlo on worker threads against one thread.
 * Nothing here asserts: the figures are for reading.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { runMonteCarloParallel } from '../src/cli/monte-carlo-workers.ts';
import { loadCountryIndex } from '../src/cli/node-countries.ts';
import { rankPairs } from '../src/core/pairs.ts';
import { computeImpacts } from '../src/core/criticality.ts';
import { rankByImpact } from '../src/core/ranking.ts';
import { buildGraph, type Graph } from '../src/core/graph.ts';
import { loadInventory, type InventorySource } from '../src/core/inventory.ts';
import { monteCarloModel, runMonteCarlo } from '../src/core/monte-carlo.ts';
import { computePlacements } from '../src/core/placement.ts';
import { bestProtection } from '../src/core/protection.ts';
import { impactZone } from '../src/core/scenario.ts';
import { SpatialIndex } from '../src/core/spatial-index.ts';
import type { Inventory } from '../src/core/types.ts';
import { generateInventory } from './generate.ts';
import { mulberry32 } from './random.ts';
import { formatCount, formatMs, measure, parseCount, type Timing } from './measure.ts';
import { formatTable, type Row } from './table.ts';

const SECTIONS = ['pairs', 'placement', 'protect', 'mc'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: string[]) {
  const options = {
    sizes: [{ facilities: 100_000, dependencies: 300_000 }],
    radiusKm: 10,
    mcRuns: 10_000,
    seed: 1,
    only: new Set<Section>(SECTIONS),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--sizes') {
      const v = value();
      options.sizes =
        v === 'none'
          ? []
          : v.split(',').map((token) => {
              const [f, d] = token.split(':');
              const facilities = parseCount(f!);
              return { facilities, dependencies: d ? parseCount(d) : facilities * 3 };
            });
    } else if (flag === '--radius-km') options.radiusKm = Number(value());
    else if (flag === '--mc-runs') options.mcRuns = parseCount(value());
    else if (flag === '--seed') options.seed = parseCount(value());
    else if (flag === '--only') options.only = new Set(value().split(',') as Section[]);
    else throw new Error(`unknown option ${flag} (see the comment at the top of bench/worst.ts)`);
  }
  return options;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

function record(rows: Row[], row: Row): void {
  rows.push(row);
  const ratio = row.ratio === undefined ? '' : `, ${row.ratio.toFixed(2)}x ${row.baseline!.label}`;
  log(
    `   ${row.measure}: ${formatMs(row.time.medianMs)} wall, ${formatMs(row.time.cpuMs)} cpu${ratio}${row.note ? ` (${row.note})` : ''}`,
  );
}

/** Times one call (no warm-up: each of these runs for seconds), keeping its result. */
async function once<T>(fn: () => T | Promise<T>): Promise<{ time: Timing; result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { time: { medianMs: wallMs, minMs: wallMs, cpuMs, runs: 1 }, result };
}

/** The facility with the largest impact: the scenario for protection and Monte Carlo. */
function worstSingle(graph: Graph, ids: string[]): number {
  const impact = computeImpacts(graph);
  const top = rankByImpact(ids, impact, 1)[0]!;
  return ids.indexOf(top.id);
}

async function benchInventory(
  rows: Row[],
  label: string,
  inventory: Inventory,
  options: ReturnType<typeof parseArgs>,
): Promise<void> {
  const graph = buildGraph(inventory);
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  const ids = inventory.facilities.map((f) => f.id);
  const n = graph.n;
  const baseline = await once(() => computeImpacts(buildGraph(inventory)));
  const n1 = { label: 'N-1 ranking (computeImpacts)', time: baseline.time };
  log(`   baseline N-1 ranking: ${formatMs(baseline.time.medianMs)}`);

  if (options.only.has('pairs')) {
    // A fresh graph each time: nothing cached from the baseline's run.
    const { time, result } = await once(() => rankPairs(buildGraph(inventory), ids, 10));
    record(rows, {
      size: label,
      measure: 'N-2 pairs, top 10',
      time,
      baseline: n1,
      ratio: time.cpuMs / baseline.time.cpuMs,
      goal: label === 'sample' ? { kind: 'ms', max: 10_000, text: '<= 10 s' } : undefined,
      note: `${formatCount(result.measured)} component pairs measured of ${formatCount((n * (n - 1)) / 2)} pairs; ${formatCount(result.total)} with extra > 0; top extra ${result.pairs[0]?.extra ?? 0}`,
    });
  }
  if (options.only.has('placement')) {
    const { time, result } = await once(() => computePlacements(graph, index, options.radiusKm));
    const top = rankByImpact(ids, result, 1)[0];
    record(rows, {
      size: label,
      measure: `worst placement, r = ${options.radiusKm} km`,
      time,
      baseline: n1,
      ratio: time.cpuMs / baseline.time.cpuMs,
      goal: label.startsWith('100k') ? { kind: 'ms', max: 60_000, text: '<= 60 s' } : undefined,
      note: `top ${top?.id} with ${top?.impact}`,
    });
  }
  const hub = worstSingle(graph, ids);
  const zone = impactZone(index, [hub], options.radiusKm);
  const initial = [...new Set([hub, ...zone])];
  if (options.only.has('protect')) {
    for (const budget of [1, 3]) {
      const { time, result } = await once(() => bestProtection(graph, ids, initial, [], budget));
      record(rows, {
        size: label,
        measure: `best protection, K = ${budget}`,
        time,
        note: `${ids[hub]} with r = ${options.radiusKm} km: ${result.baseline} -> ${result.failed} failed`,
      });
    }
  }
  if (options.only.has('mc')) {
    // Synthetic uncertainty (seeded): p_damage 0.2..1 for every facility, backups 0.5..1.
    const r = mulberry32(options.seed);
    const pDamage = Float64Array.from({ length: n }, () => 0.2 + 0.8 * r());
    const backupReliability = Float64Array.from(
      { length: inventory.dependencies.length },
      () => 0.5 + 0.5 * r(),
    );
    // A wider event (5x the radius) around the same hub: many zone facilities to draw.
    const wideZone = impactZone(index, [hub], options.radiusKm * 5);
    const model = monteCarloModel(
      graph,
      { compromised: [hub], zone: wideZone, protected: [] },
      { pDamage, backupReliability },
      options.seed,
    );
    const runs = options.mcRuns;
    const single = await measure(() => runMonteCarlo(model, 0, runs), { warmup: 0, runs: 1 });
    const parallel = await once(() => runMonteCarloParallel(model, runs));
    record(rows, {
      size: label,
      measure: `Monte Carlo, ${formatCount(runs)} runs (CLI path: workers when worth it)`,
      time: parallel.time,
      baseline: { label: 'one thread', time: single },
      ratio: parallel.time.medianMs / single.medianMs,
      goal: label === 'sample' ? { kind: 'ms', max: 60_000, text: '<= 60 s (cpu)' } : undefined,
      note: `ratio is of wall time; r = ${options.radiusKm * 5} km, zone ${wideZone.length}, mean failed ${(parallel.result.histogram.reduce((s, c, x) => s + c * x, 0) / runs).toFixed(1)}`,
    });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const countries = await loadCountryIndex();
  const rows: Row[] = [];
  const cpus = os.cpus();
  log(
    `RippleMap worst-case bench: node ${process.version}, ${cpus.length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const sample: InventorySource = {
    name: 'europe.geojson',
    text: readFileSync(new URL('../data/europe.geojson', import.meta.url), 'utf8'),
  };
  const load = (sources: InventorySource[]) => {
    const loaded = loadInventory(sources, { countries });
    if (!loaded.ok) throw new Error(loaded.message);
    return loaded.inventory;
  };
  const inv = load([sample]);
  log(`\n== sample: ${inv.facilities.length} facilities, ${inv.dependencies.length} dependencies`);
  await benchInventory(rows, 'sample', inv, options);
  for (const size of options.sizes) {
    const label = `${formatCount(size.facilities)}/${formatCount(size.dependencies)}`;
    log(`\n== ${label}: generating (seed ${options.seed})`);
    const generated = generateInventory({ ...size, seed: options.seed });
    await benchInventory(rows, label, load(generated.sources), options);
  }
  console.log(formatTable(rows));
}

await main();
