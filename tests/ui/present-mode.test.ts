/**
 * Present mode (issue #15): it frames the cascade, not the whole inventory, and its chips
 * count what has failed by the moment the map shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';
import { cascadeBounds } from '../../src/state/bounds.ts';
import { momentTotals } from '../../src/ui/briefing/moment-totals.ts';

function chainApp(): AppState {
  const text = readFileSync(join(import.meta.dirname, '../../docs/examples/chain.geojson'), 'utf8');
  const loaded = loadInventory([{ name: 'chain.geojson', text }], { countries: null });
  if (!loaded.ok) throw new Error(loaded.message);
  const app = new AppState();
  app.setInventory(loaded.inventory, 'chain', true);
  app.scenario = { compromised: ['grid'], protected: [], radiusKm: 0 };
  return app;
}

describe('present mode', () => {
  it('counts what has failed by the wave shown', () => {
    const app = chainApp();
    const total = app.run!.result.order.length;
    expect(total).toBeGreaterThan(1);
    expect(momentTotals(app)).toBeNull(); // end state: the briefing's own chips
    app.playhead = { unit: 'wave', value: 0 };
    const chips = Object.fromEntries(momentTotals(app)!.map((t) => [t.label, t.value]));
    expect(chips.shown).toBe('Wave 0');
    expect(chips[`of ${total} facilities failed so far`]).toBe('1');
    expect(chips['by cascade']).toBe('0');
    app.playhead = { unit: 'wave', value: 99 };
    const end = Object.fromEntries(momentTotals(app)!.map((t) => [t.label, t.value]));
    expect(end[`of ${total} facilities failed so far`]).toBe(String(app.summary!.failed));
    expect(end['by cascade']).toBe(String(app.summary!.cascade));
  });

  it('frames the failed facilities only', () => {
    const app = chainApp();
    const p = app.indexed!;
    const order = app.run!.result.order;
    const frame = cascadeBounds(p.positions, order)!;
    const failed = new Set(order);
    p.inventory.facilities.forEach((_, i) => {
      const [lon, lat] = [p.positions[2 * i]!, p.positions[2 * i + 1]!];
      const inside = lon >= frame[0] && lon <= frame[2] && lat >= frame[1] && lat <= frame[3];
      if (failed.has(i)) expect(inside).toBe(true);
    });
    expect(cascadeBounds(p.positions, [])).toBeNull();
  });
});
