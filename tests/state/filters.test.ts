/**
 * The map's filters (AppState: hidden sectors and countries, "cross-border only", arcs on or
 * off) against an obvious filter written here: every combination on two small inventories,
 * one with cross-border dependencies, one with lines and polygons (drawn as shapes).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import type { Inventory } from '../../src/core/types.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';

const ROOT = join(import.meta.dirname, '..', '..');

async function load(path: string): Promise<Inventory> {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const loaded = loadInventory([{ name: basename(path), text }], {
    countries: await loadCountryIndex(),
  });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

function subsets<T>(values: T[]): T[][] {
  return values.reduce<T[][]>((all, v) => [...all, ...all.map((s) => [...s, v])], [[]]);
}

interface Filters {
  hiddenSectors: string[];
  hiddenCountries: string[];
  crossBorderOnly: boolean;
  showArcs: boolean;
}

/** What should be drawn, written straight from the rules the filter panel states. */
function expected(inventory: Inventory, f: Filters) {
  const shown = (i: number) => {
    const facility = inventory.facilities[i]!;
    return (
      !f.hiddenSectors.includes(facility.sector) &&
      !f.hiddenCountries.includes(facility.country ?? '')
    );
  };
  const isPoint = (i: number) => /Point$/.test(inventory.facilities[i]!.geometry.type);
  const all = inventory.facilities.map((_, i) => i);
  const { from, to } = inventory.dependencies;
  const arcs = Array.from(from, (_, k) => k).filter((k) => {
    if (!f.showArcs) return false;
    const a = inventory.facilities[from[k]!]!.country;
    const b = inventory.facilities[to[k]!]!.country;
    if (f.crossBorderOnly && !(a !== null && b !== null && a !== b)) return false;
    return shown(from[k]!) && shown(to[k]!);
  });
  return {
    points: all.filter((i) => isPoint(i) && shown(i)),
    shapes: all.filter((i) => !isPoint(i) && shown(i)),
    arcs,
  };
}

describe.each(['docs/examples/border.geojson', 'tests/fixtures/cascade/geometries.geojson'])(
  'filters on %s',
  (path) => {
    let inventory: Inventory;
    beforeAll(async () => {
      inventory = await load(path);
    });

    it('draws exactly what the filters leave, for every combination', () => {
      const app = new AppState();
      app.setInventory(inventory, path);
      const sectors = [...new Set(inventory.facilities.map((f) => f.sector))];
      const countries = [...new Set(inventory.facilities.map((f) => f.country ?? ''))];
      let cases = 0;
      for (const hiddenSectors of subsets(sectors))
        for (const hiddenCountries of subsets(countries))
          for (const crossBorderOnly of [false, true])
            for (const showArcs of [true, false]) {
              const filters = { hiddenSectors, hiddenCountries, crossBorderOnly, showArcs };
              Object.assign(app, filters);
              const model = app.mapModel!;
              const drawn = {
                points: Array.from(model.points),
                shapes: model.shapes.map((s) => (s.properties as { i: number }).i),
                arcs: Array.from(model.arcs),
              };
              expect(drawn, JSON.stringify(filters)).toEqual(expected(inventory, filters));
              cases++;
            }
      expect(cases).toBeGreaterThanOrEqual(16);
    });
  },
);

describe('filters on the cross-border example', () => {
  it('"cross-border only" keeps the Strasbourg-Kehl dependency alone', async () => {
    const inventory = await load('docs/examples/border.geojson');
    const app = new AppState();
    app.setInventory(inventory, 'border');
    expect(app.mapModel!.arcs.length).toBe(inventory.dependencies.length);
    app.crossBorderOnly = true;
    const ids = Array.from(app.mapModel!.arcs, (k) => [
      inventory.facilities[inventory.dependencies.from[k]!]!.id,
      inventory.facilities[inventory.dependencies.to[k]!]!.id,
    ]);
    expect(ids).toEqual([['fr-sub', 'de-water']]);
    app.hiddenCountries = ['DEU'];
    expect(app.mapModel!.arcs.length).toBe(0);
    expect(Array.from(app.mapModel!.points, (i) => inventory.facilities[i]!.id)).toEqual([
      'fr-plant',
      'fr-sub',
      'fr-exchange',
    ]);
  });
});
