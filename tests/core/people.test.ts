/**
 * People (docs/format.md §4): reading `population_served`, the `invalid-population` warning, and
 * `summary.people` on named fixtures (tests/fixtures/people, golden answers beside them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFiles, parseArgs } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import {
  hasPopulation,
  MAX_POPULATION,
  peopleSummary,
  readPopulation,
} from '../../src/core/people.ts';
import { expectGolden, FIXTURES, source } from '../helpers.ts';

describe('readPopulation', () => {
  it.each([
    [1200, 1200],
    [0, 0],
    [2.5, 2.5],
    ['1200', 1200],
    [' 80000 ', 80000],
    ['1,200,000', 1200000],
    ['12 500', 12500],
    ["1'000", 1000],
    ['2.5e3', 2500],
    ['+7', 7],
    [undefined, 0],
    [null, 0],
    ['', 0],
    ['   ', 0],
  ])('%j counts as %j', (value, people) => {
    expect(readPopulation(value)).toBe(people);
  });

  it.each([
    [-5],
    ['-5'],
    ['lots'],
    ['1,5'],
    ['1,200 000'],
    ['12,00'],
    [NaN],
    [Infinity],
    ['Infinity'],
    [true],
    [{ n: 3 }],
    [[100]],
    ['0x10'],
  ])('%j is unusable', (value) => {
    expect(readPopulation(value)).toBeUndefined();
  });
});

describe('summary.people', () => {
  const inventory = () => {
    const loaded = loadInventory([source(join(FIXTURES, 'people', 'sectors.geojson'))]);
    if (!loaded.ok) throw new Error(loaded.message);
    return loaded.inventory;
  };

  it('sums per sector, leaves out sectors with 0, and atLeast is the largest sum', () => {
    const inv = inventory();
    const at = (...ids: string[]) => ids.map((id) => inv.indexById.get(id)!);
    const people = peopleSummary(inv, at('grid', 'sub-a', 'pump', 'mast', 'school', 'bank'));
    expect({ ...people.bySector }).toEqual({ energy: 370000, water: 300000 });
    expect(people.atLeast).toBe(370000);
    expect(peopleSummary(inv, [])).toEqual({ bySector: {}, atLeast: 0 });
    expect(hasPopulation(inv)).toBe(true);
  });

  it('warns once per unusable value and keeps the facility', () => {
    const inv = inventory();
    const warned = inv.warnings.filter((w) => w.code === 'invalid-population');
    expect(warned.map((w) => w.id)).toEqual(['clinic', 'mast', 'farm']);
    expect(inv.indexById.has('clinic')).toBe(true);
    expect(inv.facilities[inv.indexById.get('clinic')!]!.properties.population_served).toBe('lots');
  });

  it('two values of 1e308 are capped (a warning each): the sums stay finite, never null', () => {
    const feature = (id: string, lon: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, 50] },
      properties: { id, sector: 'energy', population_served: 1e308 },
    });
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [feature('a', 5), feature('b', 6)],
    });
    const loaded = loadInventory([{ name: 'huge.geojson', text }]);
    if (!loaded.ok) throw new Error(loaded.message);
    const inv = loaded.inventory;
    const capped = inv.warnings.filter((w) => w.code === 'population-capped');
    expect(capped.map((w) => w.id)).toEqual(['a', 'b']);
    const people = peopleSummary(inv, [0, 1]);
    expect(people.atLeast).toBe(2 * MAX_POPULATION);
    expect(Number.isFinite(people.bySector.energy)).toBe(true);
  });
});

describe('people fixtures', () => {
  const dir = join(FIXTURES, 'people');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.args'))
    .map((f) => f.replace(/\.args$/, ''));

  it.each(names)('%s answers as its golden file says', async (name) => {
    const input = readdirSync(dir).find(
      (f) => f.startsWith(`${name}.`) && /\.(geojson|csv)$/.test(f),
    )!;
    const argv = readFileSync(join(dir, `${name}.args`), 'utf8')
      .trim()
      .split(/\s+/);
    const args = parseArgs([join(dir, input), ...argv]);
    const outcome = await analyzeFiles(args.files.map(source), args, await loadCountryIndex());
    expectGolden(join(dir, `${name}.expected.json`), {
      exitCode: outcome.exitCode,
      ...(outcome.stdout as object),
    });
  });
});
