/** Loading fixtures through loadSources (READERS, as the worker and the CLI), and summaries to compare. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadSources, type LoadInput } from '../../../src/core/load-pipeline.ts';
import type { Inventory } from '../../../src/core/types.ts';
import { FIXTURES } from '../../helpers.ts';

export const FORMATS = join(FIXTURES, 'formats');

/** A fixture of tests/fixtures/formats as a load input (bytes). */
export function fixture(name: string): LoadInput {
  return { name, bytes: new Uint8Array(readFileSync(join(FORMATS, name))) };
}

export async function load(inputs: LoadInput[]): Promise<Inventory> {
  const result = await loadSources(inputs);
  if (!result.ok) throw new Error(`refused: ${result.file}: ${result.message}`);
  return result.inventory;
}

/** The load's refusal (file, code, message); fails when the load succeeds. */
export async function refusal(inputs: LoadInput[]) {
  const result = await loadSources(inputs);
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

/** What two loads of the same inventory must share, whatever the format. */
export function summary(inventory: Inventory) {
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  const { facilities: f, dependencies: d } = inventory;
  return {
    facilities: f.map((x) => ({
      id: x.id,
      name: x.name,
      sector: x.sector,
      country: x.country,
      coordinates:
        x.geometry.type === 'Point' ? x.geometry.coordinates.map(round) : x.geometry.type,
    })),
    dependencies: Array.from({ length: d.length }, (_, k) => ({
      from: f[d.from[k]!]!.id,
      to: f[d.to[k]!]!.id,
      service: d.services[d.service[k]!],
      delayHours: d.delayHours[k],
    })),
    errors: inventory.errors.length,
    warnings: inventory.warnings.map((w) => w.code).sort(),
  };
}

export function expectSameInventory(a: Inventory, b: Inventory): void {
  expect(summary(a)).toEqual(summary(b));
}
