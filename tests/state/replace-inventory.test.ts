/**
 * Replacing the inventory starts clean (issue #15): the scenario, radius, title and notes made
 * for the last inventory do not carry over silently to a new one; "Add" keeps them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import type { Inventory } from '../../src/core/types.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function load(path: string): Inventory {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const loaded = loadInventory([{ name: path, text }], { countries: null });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

/** An app with chain.geojson open and a scenario, a radius and briefing texts set for it. */
function worked(): AppState {
  const app = new AppState();
  app.setInventory(load('docs/examples/chain.geojson'), 'chain', true);
  const first = app.inventory!.facilities[0]!.id;
  app.scenario = { compromised: [first], protected: [], radiusKm: 15 };
  app.title = 'Storm over the port';
  app.notes = 'Briefing for the mayor';
  app.marking = 'RESTRICTED';
  app.recovery.crews = 2;
  return app;
}

describe('setInventory', () => {
  it('resets scenario, radius, title, notes and crews when the inventory is replaced', () => {
    const app = worked();
    const reset = app.setInventory(load('docs/examples/border.geojson'), 'border', true);
    expect(app.scenario).toEqual({ compromised: [], protected: [], radiusKm: 0 });
    expect([app.title, app.notes]).toEqual(['', '']);
    expect(app.recovery.crews).toBeNull();
    expect(app.marking).toBe('RESTRICTED');
    expect(reset).toEqual([
      'title',
      'notes',
      'the 15 km radius',
      'compromised and protected facilities',
      'crews and repair order',
    ]);
  });

  it('keeps radius and texts when files are added, and says nothing on a first load', () => {
    const app = worked();
    const reset = app.setInventory(load('docs/examples/border.geojson'), 'chain + border', false);
    expect(reset).toEqual([]);
    expect(app.scenario.radiusKm).toBe(15);
    expect(app.title).toBe('Storm over the port');
    expect(new AppState().setInventory(load('docs/examples/chain.geojson'), 'chain', true)).toEqual(
      [],
    );
  });
});
