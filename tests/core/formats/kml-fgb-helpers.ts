/**
 * Helpers of the KML and FlatGeobuf reader tests: loading bytes through loadSources as the
 * worker does (READERS, in their order), and the parts of an inventory that must not depend
 * on the file format it came in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadSources, type LoadSourcesResult } from '../../../src/core/load-pipeline.ts';
import type { Inventory } from '../../../src/core/types.ts';
import { FIXTURES } from '../../helpers.ts';

export const FORMATS = join(FIXTURES, 'formats');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FORMATS, name)));
}

export function load(name: string, bytes: Uint8Array): Promise<LoadSourcesResult> {
  return loadSources([{ name, bytes }]);
}

/** The inventory loaded from a file; fails the test when the load is refused. */
export async function inventoryOf(name: string, bytes: Uint8Array): Promise<Inventory> {
  const result = await load(name, bytes);
  if (!result.ok) throw new Error(`${name} refused: ${result.message}`);
  return result.inventory;
}

/** The refusal of a file; fails the test when it loads. */
export async function refusalOf(
  name: string,
  bytes: Uint8Array,
): Promise<{ code: string; message: string }> {
  const result = await load(name, bytes);
  if (result.ok) throw new Error(`${name} loaded, where a refusal was expected`);
  return { code: result.code, message: result.message };
}

/** The inventory of tests/fixtures/formats/inventory.geojson, the form the others must match. */
export function reference(): Promise<Inventory> {
  return inventoryOf('inventory.geojson', fixture('inventory.geojson'));
}

/** Report entries by code, the readers' own notes (codes kml, flatgeobuf) left out. */
function counts(entries: { code: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    if (e.code === 'kml' || e.code === 'flatgeobuf') continue;
    out[e.code] = (out[e.code] ?? 0) + 1;
  }
  return out;
}

/** What must be the same whatever the format: facilities by id, dependencies, report counts. */
export function summary(inventory: Inventory) {
  const ids = inventory.facilities.map((f) => f.id);
  const d = inventory.dependencies;
  return {
    facilities: [...inventory.facilities]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((f) => ({
        id: f.id,
        name: f.name,
        sector: f.sector,
        country: f.country,
        type: f.geometry.type,
      })),
    dependencies: Array.from({ length: d.length }, (_, k) =>
      [ids[d.from[k]!], ids[d.to[k]!], d.services[d.service[k]!], d.delayHours[k]].join(' '),
    ).sort(),
    errors: counts(inventory.errors),
    warnings: counts(inventory.warnings),
  };
}

/** Every facility's coordinates, by id, equal to the reference's within `tolerance` degrees. */
export function expectSameCoordinates(actual: Inventory, expected: Inventory, tolerance = 1e-6) {
  const byId = new Map(expected.facilities.map((f) => [f.id, f.geometry]));
  for (const f of actual.facilities) {
    const want = byId.get(f.id);
    expect(want, f.id).toBeDefined();
    const a = flat((f.geometry as { coordinates: unknown }).coordinates);
    const b = flat((want as { coordinates: unknown }).coordinates);
    expect(a.length, f.id).toBe(b.length);
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i]! - b[i]!), `${f.id} coordinate ${i}`).toBeLessThan(tolerance);
    }
  }
}

function flat(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value as number];
}
