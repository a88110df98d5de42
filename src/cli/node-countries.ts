/** Reads the bundled Natural Earth boundaries from node_modules for the CLI and scripts. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Topology } from 'topojson-specification';
import { CountryIndex } from '../core/countries.ts';

const require = createRequire(import.meta.url);

let cached: Promise<CountryIndex> | undefined;

/** The country index from world-atlas's 1:50m countries (built once per process). */
export function loadCountryIndex(): Promise<CountryIndex> {
  cached ??= readFile(require.resolve('world-atlas/countries-50m.json'), 'utf8').then(
    (text) => new CountryIndex(JSON.parse(text) as Topology),
  );
  return cached;
}
