/**
 * Engine benchmarks (docs/performance.md): load vs JSON.parse, one cascade vs a bare BFS,
 * radius queries, and the criticality ranking, on seeded generated inventories.
 *
 *   npm run bench                                   # quick set: 10k/30k, 100k/300k, 1M points
 *   npm run bench -- --sizes 100k,1m                # 1M gets 5M dependencies by default
 *   NODE_OPTIONS=--max-old-space-size=16000 npm run bench -- --sizes 1m --query-sizes none
 *   npm run bench -- --help
 *
 * Options: --sizes N[:M],...   facilities[:dependencies] (default M: 3N, 5N from 1M up)
 *          --query-sizes N,... radius queries only, on an index of N points (default 1m;
 *                              "none" to skip)
 *          --runs R            measured runs per figure (default 5; 3 for load at 100k and
 *                              for ranking; 1 from 1M up)
 *          --only load,cascade,recovery,query,rank    --rank-max N (skip ranking above N; 100k)
 *          --seed S   --radius-km KM (10)   --json FILE (also write the rows as JSON)
 * Figures are medians after warm-up runs; each ratio pairs samples taken in turn in the same
 * run. Nothing here asserts: the figures are for reading (docs/performance.md).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { runCascade } from '../src/core/cascade.ts';
import { computeImpacts } from '../src/core/criticality.ts';
import { rankByImpact } from '../src/core/ranking.ts';
import { buildGraph } from '../src/core/graph.ts';
import { loadInventory } from '../src/core/inventory.ts';
import { impactZone } from '../src/core/scenario.ts';
import { SpatialIndex } from '../src/core/spatial-index.ts';
import type { FacilityGeometry } from '../src/core/types.ts';
import { loadCountryIndex } from '../src/cli/node-countries.ts';
import { bareBfs, failedSetBfs } from './baselines.ts';
import { recoveryRows } from './recovery.ts';
import { generateInventory, generateSites } from './generate.ts';
import { mulberry32 } from './random.ts';
import { collectGarbage, compare, formatCount, formatMs, measure, parseCount } from './measure.ts';
import { formatTable, withinGoal, type Row } from './table.ts';

const USAGE = `npm run bench -- [options]
  --sizes N[:M],...    facilities[:dependencies], e.g. 10k,100k:300k,1m (default 10k,100k;
                       dependencies default to 3 per facility, 5 from 1M up)
  --query-sizes N,...  radius queries only, on an index of N points (default 1m; none)
  --runs R             measured runs per figure
  --only SECTIONS      load,cascade,recovery,query,rank
  --rank-max N         skip the criticality ranking above N facilities (default 100k)
  --seed S             generator seed (default 1)
  --radius-km KM       impact zone and query radius (default 10)
  --json FILE          also write the rows as JSON
At 1M facilities: NODE_OPTIONS=--max-old-space-size=16000 (about 7 GB resident).`;

interface Size {
  facilities: number;
  dependencies: number;
}

const SECTIONS = ['load', 'cascade', 'recovery', 'query', 'rank'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  sizes: Size[];
  querySizes: number[];
  runs: number | undefined;
  only: Set<Section>;
  rankMax: number;
  seed: number;
  radiusKm: number;
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizes: [
      { facilities: 10_000, dependencies: 30_000 },
      { facilities: 100_000, dependencies: 300_000 },
    ],
    querySizes: [1_000_000],
    runs: undefined,
    only: new Set(SECTIONS),
    rankMax: 100_000,
    seed: 1,
    radiusKm: 10,
    json: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const list = (v: string) => v.split(',').filter((s) => s.trim() !== '');
    switch (flag) {
      case '--sizes':
        options.sizes = list(value()).map((token) => {
          const [f, d] = token.split(':');
          const facilities = parseCount(f!);
          const dependencies = d ? parseCount(d) : facilities * (facilities >= 1e6 ? 5 : 3);
          return { facilities, dependencies };
        });
        break;
      case '--query-sizes': {
        const v = value();
        options.querySizes = v === 'none' ? [] : list(v).map(parseCount);
        break;
      }
      case '--runs':
        options.runs = Math.max(1, parseCount(value()));
        break;
      case '--only':
        options.only = new Set(
          list(value()).map((s) => {
            if (!(SECTIONS as readonly string[]).includes(s))
              throw new Error(`unknown section ${s}`);
            return s as Section;
          }),
        );
        break;
      case '--rank-max':
        options.rankMax = parseCount(value());
        break;
      case '--seed':
        options.seed = parseCount(value());
        break;
      case '--radius-km':
        options.radiusKm = Number(value());
        break;
      case '--json':
        options.json = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag} (see the comment at the top of bench/run.ts)`);
    }
  }
  return options;
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Adds a row and shows it at once: a 1M run takes many minutes before the table. */
function record(rows: Row[], row: Row): void {
  rows.push(row);
  const ratio = row.ratio === undefined ? '' : `, ${row.ratio.toFixed(2)}x ${row.baseline!.label}`;
  log(
    `   ${row.measure}: ${formatMs(row.time.medianMs)} wall, ${formatMs(row.time.cpuMs)} cpu${ratio}`,
  );
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const countries = await loadCountryIndex();
  const rows: Row[] = [];
  const started = performance.now();
  const cpus = os.cpus();
  log(
    `RippleMap engine bench: node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? '?'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  for (const size of options.sizes) {
    const label = `${formatCount(size.facilities)}/${formatCount(size.dependencies)}`;
    const big = size.facilities >= 1e6;
    const runs = options.runs ?? (big ? 1 : 5);
    const warmup = big ? 0 : 1;
    log(`\n== ${label}: generating (seed ${options.seed})`);
    const t = performance.now();
    const generated = generateInventory({ ...size, seed: options.seed });
    const sources = generated.sources;
    const mb = generated.chars / 1e6;
    log(
      `   ${generated.facilities} facilities, ${generated.dependencies} dependencies, ` +
        `${mb.toFixed(0)} MB of GeoJSON in ${sources.length} file(s), ${formatMs(performance.now() - t)}`,
    );

    // --- load: parse + validate + graph + spatial index, against JSON.parse of the same text --
    const parts = { inventory: [] as number[], graph: [] as number[], index: [] as number[] };
    const loadOnce = () => {
      const t0 = performance.now();
      const result = loadInventory(sources, { countries });
      if (!result.ok) throw new Error(`the generated inventory was refused: ${result.message}`);
      const t1 = performance.now();
      const graph = buildGraph(result.inventory);
      const t2 = performance.now();
      const index = new SpatialIndex(result.inventory.facilities.map((f) => f.geometry));
      parts.inventory.push(t1 - t0);
      parts.graph.push(t2 - t1);
      parts.index.push(performance.now() - t2);
      return { inventory: result.inventory, graph, index };
    };
    let loaded: ReturnType<typeof loadOnce> | undefined;
    if (options.only.has('load')) {
      log('   load vs JSON.parse ...');
      const loadRuns = options.runs ?? (big ? 1 : size.facilities >= 100_000 ? 3 : 5);
      const result = await compare(
        loadOnce,
        () => sources.map((s) => JSON.parse(s.text!) as unknown).length,
        { warmup, runs: loadRuns, gcEachRun: true },
        (r) => (loaded = r),
      );
      const last = (xs: number[]) => formatMs(xs[xs.length - 1]!);
      const inv = loaded!.inventory;
      const limit = big ? 1.5 : 2;
      record(rows, {
        size: label,
        measure: 'load: parse, validate, graph, index',
        time: result.a,
        baseline: { label: `JSON.parse of ${mb.toFixed(0)} MB`, time: result.b },
        ratio: result.ratio,
        goal: { kind: 'ratio', max: limit, text: `<= ${limit}x` },
        note:
          `last run: loadInventory ${last(parts.inventory)}, buildGraph ${last(parts.graph)}, ` +
          `SpatialIndex ${last(parts.index)}; ${inv.errors.length} errors, ${inv.warnings.length} warnings`,
      });
    } else {
      loaded = loadOnce();
    }
    const { inventory, graph, index } = loaded!;
    loaded = undefined;
    const ids = inventory.facilities.map((f) => f.id);
    collectGarbage();

    // --- one scenario's cascade, against a bare BFS over the same arrays ---------------------
    if (options.only.has('cascade')) {
      log('   cascade vs BFS ...');
      const hub = inventory.indexById.get(generated.hubId)!;
      const zone = impactZone(index, [hub], options.radiusKm);
      const input = { compromised: [hub], zone, protected: [] };
      const initial = zone.includes(hub) ? zone : [hub, ...zone];
      const firstStart = performance.now();
      let result = runCascade(graph, ids, input);
      const firstMs = performance.now() - firstStart;
      const timing = { warmup: 3, warmupMs: 1000, runs: Math.max(5, runs), minSampleMs: 100 };
      let reached = 0;
      const vsBfs = await compare(
        () => runCascade(graph, ids, input),
        () => (reached = bareBfs(graph, initial)),
        timing,
        (r) => (result = r),
      );
      const failed = new Uint8Array(graph.n);
      for (const v of result.order) failed[v] = 1;
      const vsFailed = await compare(
        () => runCascade(graph, ids, input),
        () => failedSetBfs(graph, initial, failed),
        timing,
      );
      let maxHours = 0;
      for (const v of result.order) maxHours = Math.max(maxHours, result.hours[v]!);
      record(rows, {
        size: label,
        measure: 'cascade: runCascade (waves, hours, causes)',
        time: vsBfs.a,
        baseline: { label: 'BFS, everything reachable', time: vsBfs.b },
        ratio: vsBfs.ratio,
        goal: { kind: 'ratio', max: 2, text: '<= 2x' },
        note:
          `${generated.hubId} + ${options.radiusKm} km: ${zone.length} in zone, ` +
          `${result.order.length} fail (last at +${maxHours} h); BFS reaches ${reached}; ` +
          `first run ${formatMs(firstMs)}`,
      });
      record(rows, {
        size: label,
        measure: 'cascade: the same, again',
        time: vsFailed.a,
        baseline: { label: 'BFS of the failed set only', time: vsFailed.b },
        ratio: vsFailed.ratio,
        note: 'a stricter floor, for reference: that BFS walks only what fails',
      });
    }

    if (options.only.has('recovery')) {
      log('   recovery vs cascade ...');
      const hub = inventory.indexById.get(generated.hubId)!;
      const zone = impactZone(index, [hub], options.radiusKm);
      const input = { compromised: [hub], zone, protected: [] };
      const recovery = await recoveryRows(label, graph, ids, input, { seed: options.seed, runs });
      for (const row of recovery) record(rows, row);
    }
    if (options.only.has('query')) {
      log('   radius queries ...');
      record(rows, await queryRow(label, index, graph.n, options.radiusKm, options.seed));
    }

    // --- criticality ranking of every facility ------------------------------------------------
    if (options.only.has('rank') && size.facilities <= options.rankMax) {
      log('   criticality ranking ...');
      let top = { id: '', impact: 0 };
      // computeImpacts remembers impacts per graph: rank a fresh graph every time.
      const fresh = () => ({ ...graph });
      const rank = await measure(
        () => rankByImpact(ids, computeImpacts(fresh())),
        { warmup: size.facilities >= 100_000 ? 0 : 1, runs: options.runs ?? (big ? 1 : 3) },
        (ranking) => (top = ranking[0]!),
      );
      const limitMs = size.facilities >= 100_000 ? 10_000 : 5_000;
      record(rows, {
        size: label,
        measure: 'criticality: rank every facility',
        time: rank,
        goal: { kind: 'ms', max: limitMs, text: `< ${limitMs / 1000} s` },
        note: `top: ${top.id}, impact ${top.impact}`,
      });
    }
    collectGarbage();
  }

  if (options.only.has('query')) {
    for (const n of options.querySizes) {
      if (options.sizes.some((s) => s.facilities === n)) continue;
      log(`\n== ${formatCount(n)} points: radius queries only`);
      const sites = generateSites(n, options.seed);
      const geometries: FacilityGeometry[] = Array.from({ length: n }, (_, i) => ({
        type: 'Point',
        coordinates: [sites.lon[i]!, sites.lat[i]!],
      }));
      const built = await measure(() => new SpatialIndex(geometries), { warmup: 0, runs: 1 });
      const index = new SpatialIndex(geometries);
      const row = await queryRow(
        `${formatCount(n)} points`,
        index,
        n,
        options.radiusKm,
        options.seed,
      );
      row.note += `; SpatialIndex built in ${formatMs(built.cpuMs)} cpu`;
      record(rows, row);
    }
  }

  console.log(`\n${formatTable(rows)}`);
  log(
    `\ntotal ${formatMs(performance.now() - started)}, load average now ${os.loadavg()[0]!.toFixed(1)}`,
  );
  if (options.json) {
    const machine = {
      node: process.version,
      cores: cpus.length,
      cpu: cpus[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
    };
    const out = rows.map((r) => ({ ...r, withinGoal: withinGoal(r) }));
    writeFileSync(options.json, JSON.stringify({ machine, rows: out }, null, 2) + '\n');
  }
}

/** Time per `within(i, radiusKm)` call, over 2000 seeded facilities. */
async function queryRow(
  label: string,
  index: SpatialIndex,
  n: number,
  radiusKm: number,
  seed: number,
): Promise<Row> {
  const random = mulberry32(seed + 101);
  const queries = Int32Array.from({ length: 2000 }, () => Math.floor(random() * n));
  let found = 0;
  const batch = await measure(
    () => {
      let total = 0;
      for (const i of queries) total += index.within(i, radiusKm).length;
      return total;
    },
    { warmup: 2, warmupMs: 500, runs: 7 },
    (total) => (found = total),
  );
  const per = (ms: number) => ms / queries.length;
  return {
    size: label,
    measure: `radius query: ${radiusKm} km`,
    time: {
      ...batch,
      medianMs: per(batch.medianMs),
      minMs: per(batch.minMs),
      cpuMs: per(batch.cpuMs),
    },
    goal: { kind: 'ms', max: 0.1, text: '<= 0.1 ms' },
    note: `${queries.length} facilities at random, ${(found / queries.length).toFixed(0)} found on average`,
  };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
