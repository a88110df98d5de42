/**
 * Builds the basemap's city list, src/map/data/cities.json, from the repo's GeoNames extract
 * (data/sources/geonames/cities-europe.csv, CC BY 4.0): one row per city, most populous
 * first, as [name, country code, population, capital (1/0), longitude, latitude].
 * Deterministic: same bytes every run.
 *
 *   npm run build:cities
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCitiesCsv, type CityRow } from '../src/map/cities.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const csv = readFileSync(join(root, 'data/sources/geonames/cities-europe.csv'), 'utf8');
const rows: CityRow[] = parseCitiesCsv(csv);
const lines = rows.map((r) => JSON.stringify(r));
writeFileSync(join(root, 'src/map/data/cities.json'), `[\n${lines.join(',\n')}\n]\n`);
console.log(`src/map/data/cities.json: ${rows.length} cities`);
