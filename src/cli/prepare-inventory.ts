/**
 * Loads and checks an inventory ahead of time, the way the loading worker would, into the
 * JSON the page takes in without a worker (PreparedInventory). The build does this for the
 * bundled sample (vite.config.ts), so the first map does not wait for a worker to start,
 * fetch the sample and the country boundaries, parse and check; files users open still go
 * through the worker.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readSource } from '../core/formats.ts';
import { dependencyTableToJson } from '../core/dependency-table.ts';
import type { PreparedInventory } from '../state/load-protocol.ts';
import { applyMappings, countryPlan, mapFields, mergeSources } from '../state/load-steps.ts';
import { loadCountryIndex } from './node-countries.ts';

/** The prepared form of the GeoJSON, NDJSON or CSV file at `path`; throws when it would not load as is. */
export async function prepareInventory(path: string): Promise<PreparedInventory> {
  const name = basename(path);
  const text = await readFile(path, 'utf8');
  const read = readSource({ name, text });
  if (!read.ok) throw new Error(`${name}: ${read.message}`);
  const sources = [{ name, read }];
  const { mappings, sectorValues } = await mapFields(sources, {}, () => {
    throw new Error(`${name} needs a field mapping: it cannot be prepared ahead of time`);
  });
  const mapped = applyMappings(sources, mappings, sectorValues);
  const plan = countryPlan(mapped);
  const countries = plan.needed ? await loadCountryIndex() : null;
  const result = mergeSources(mapped, countries, plan.skipped);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  const { facilities, dependencies, errors, warnings, files } = result.inventory;
  return {
    format: 'ripplemap-prepared-inventory',
    version: 2,
    file: name,
    facilities,
    dependencies: dependencyTableToJson(dependencies),
    errors,
    warnings,
    files,
    mappings,
    bytes: Buffer.byteLength(text),
    records: read.records.length,
  };
}

/** JSON text of `prepared`; refuses values JSON would change (NaN, Infinity, undefined). */
export function preparedJson(prepared: PreparedInventory): string {
  return JSON.stringify(prepared, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`prepared inventory: ${key} is ${value}, which JSON cannot carry`);
    if (value === undefined) throw new Error(`prepared inventory: ${key} is undefined`);
    return value;
  });
}
