/**
 * The columnar load path (issue #16, docs/performance.md "Loading"): an inventory from a
 * GeoParquet file through the one load pipeline (loadSources: reading, mapping, countries,
 * every check), against JSON.parse alone of the same inventory as GeoJSON text, alternating
 * in one run. The GeoParquet file is the app's own export of the generated inventory
 * (inventoryToGeoParquet: facilities and dependencies as rows of one table).
 *
 *   npx tsx bench/columnar.ts [--sizes 100k:300k,300k:900k] [--runs 3] [--seed 1]
 *
 * Prints medians and the ratio (goal: <= 1.0x). Two more figures in the same run say where
 * the floor is: hyparquet decoding every column of the file and nothing else (no record, no
 * check), and loadSources of the GeoJSON text itself (what a planner waits for without the
 * conversion). Nothing here asserts.
 */
import { loadCountryIndex } from '../src/cli/node-countries.ts';
import { inventoryToGeoParquet } from '../src/core/export-geoparquet.ts';
import { loadInventory } from '../src/core/inventory.ts';
import { loadSources } from '../src/core/load-pipeline.ts';
import { parquetRead, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { generateInventory } from './generate.ts';
import { collectGarbage, formatCount, formatMs, median, parseCount } from './measure.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1]! : fallback;
};
const sizes = option('sizes', '100k:300k').split(',');
const runs = Number(option('runs', '3'));
const seed = Number(option('seed', '1'));
const countries = await loadCountryIndex();

for (const size of sizes) {
  const [f, d] = size.split(':');
  const facilities = parseCount(f!);
  const dependencies = d ? parseCount(d) : 3 * facilities;
  const generated = generateInventory({ facilities, dependencies, seed });
  const texts = generated.sources.map((s) => s.text!);
  const loaded = loadInventory(generated.sources, { countries });
  if (!loaded.ok) throw new Error(loaded.message);
  const t0 = performance.now();
  const parquet = inventoryToGeoParquet(loaded.inventory);
  const writeMs = performance.now() - t0;
  console.log(
    `\n== ${formatCount(facilities)} facilities / ${formatCount(dependencies)} dependencies: ` +
      `GeoJSON ${(generated.chars / 1e6).toFixed(0)} MB, GeoParquet ${(parquet.byteLength / 1e6).toFixed(0)} MB (written in ${formatMs(writeMs)})`,
  );
  const load = async () => {
    const result = await loadSources([{ name: 'inventory.parquet', bytes: parquet }], {
      countries: async () => countries,
    });
    if (!result.ok) throw new Error(result.message);
    return result.inventory;
  };
  // Warm-up, and a check that the file gives the same inventory.
  const again = await load();
  if (again.facilities.length !== loaded.inventory.facilities.length) {
    throw new Error('the GeoParquet file does not give the same facilities');
  }
  if (again.dependencies.length !== loaded.inventory.dependencies.length) {
    throw new Error('the GeoParquet file does not give the same dependencies');
  }
  const buffer = parquet.slice().buffer;
  const decodeOnly = async () => {
    let values = 0;
    await parquetRead({
      file: buffer,
      metadata: parquetMetadata(buffer),
      compressors,
      onChunk: ({ columnData }) => (values += columnData.length),
    });
    return values;
  };
  const loadGeoJson = async () => {
    const result = await loadSources(generated.sources, { countries: async () => countries });
    if (!result.ok) throw new Error(result.message);
  };
  const parse: number[] = [];
  const columnar: number[] = [];
  const decode: number[] = [];
  const geojson: number[] = [];
  const timed = async (into: number[], fn: () => unknown) => {
    collectGarbage();
    const t = performance.now();
    await fn();
    into.push(performance.now() - t);
  };
  for (let r = 0; r < runs; r++) {
    await timed(parse, () => texts.map((text) => JSON.parse(text) as unknown));
    await timed(columnar, load);
    await timed(decode, decodeOnly);
    await timed(geojson, loadGeoJson);
  }
  const ratio = (of: number[]) => median(of.map((ms, i) => ms / parse[i]!)).toFixed(2);
  console.log(`JSON.parse of the GeoJSON text: median ${formatMs(median(parse))}`);
  console.log(
    `loadSources of the GeoParquet file (checks included): median ${formatMs(median(columnar))}, ratio ${ratio(columnar)}x (goal <= 1.0x)`,
  );
  console.log(
    `  floor: hyparquet decoding the file's columns, nothing else: median ${formatMs(median(decode))}, ratio ${ratio(decode)}x`,
  );
  console.log(
    `  loadSources of the GeoJSON text (checks included): median ${formatMs(median(geojson))}, ratio ${ratio(geojson)}x`,
  );
}
