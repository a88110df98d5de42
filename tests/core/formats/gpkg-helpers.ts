/** Shared by the GeoPackage tests: fixtures, loading through the pipeline, editing with sql.js. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources, type LoadInput } from '../../../src/core/load-pipeline.ts';
import { sqlite } from '../../../src/core/sqlite.ts';
import type { Inventory } from '../../../src/core/types.ts';
import { FIXTURES } from '../../helpers.ts';

export const FORMATS = join(FIXTURES, 'formats');

/** A fixture of tests/fixtures/formats as a load input (bytes, as the worker and CLI give them). */
export function fixture(name: string): LoadInput {
  return { name, bytes: readFileSync(join(FORMATS, name)) };
}

/** Loads through the one pipeline, with its readers as the worker and the CLI have them. */
export function load(inputs: LoadInput[]) {
  return loadSources(inputs);
}

/** Loads and expects an inventory. */
export async function loaded(inputs: LoadInput[]): Promise<Inventory> {
  const result = await load(inputs);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.inventory;
}

/** Loads and expects a refusal: its code and message. */
export async function refused(inputs: LoadInput[]): Promise<{ code: string; message: string }> {
  const result = await load(inputs);
  if (result.ok) throw new Error('expected the load to be refused');
  return { code: result.code, message: result.message };
}

/** A copy of a SQLite file with `sql` run on it (a GeoPackage spoilt on purpose). */
export async function edited(bytes: Uint8Array, sql: string): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database(bytes);
  try {
    db.run(sql);
    return db.export();
  } finally {
    db.close();
  }
}

/** What the comparisons look at: every facility and dependency, by id. */
export function summary(inventory: Inventory) {
  const { facilities, dependencies: d } = inventory;
  return {
    facilities: facilities.map((f) => ({
      id: f.id,
      name: f.name,
      sector: f.sector,
      country: f.country,
      type: f.geometry.type,
    })),
    dependencies: Array.from({ length: d.length }, (_, k) => ({
      from: facilities[d.from[k]!]!.id,
      to: facilities[d.to[k]!]!.id,
      service: d.services[d.service[k]!],
      delayHours: d.delayHours[k],
    })),
    errors: inventory.errors.map((e) => e.code),
    warnings: inventory.warnings.map((w) => w.code),
  };
}

/** Every coordinate of a facility's geometry, flat. */
export function coordinates(inventory: Inventory): number[][] {
  return inventory.facilities
    .map((f) => JSON.stringify(f.geometry.coordinates))
    .map((text) => (JSON.parse(text) as unknown[]).flat(3) as number[]);
}
