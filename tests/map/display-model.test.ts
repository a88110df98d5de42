/**
 * The map's display model (src/map/display-model.ts), on the chain of docs/format.md §2.4 with
 * a protected branch: states at the end and at each playback moment, the link that carried each
 * failure, and what the filters leave drawn.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { runScenario } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import type { Inventory } from '../../src/core/types.ts';
import {
  ArcState,
  displayStates,
  drawnSets,
  FacilityState,
  type Drawable,
} from '../../src/map/display-model.ts';

const point = (lon: number) => ({ type: 'Point', coordinates: [lon, 50] });

/** plant -> grid -> pump (2 h backup) -> clinic, and grid -> depot (protected), depot in FR. */
function inventory(): Inventory {
  const f = (id: string, lon: number, sector: string, country: string, depends_on?: unknown) => ({
    type: 'Feature',
    geometry: point(lon),
    properties: { id, sector, country, ...(depends_on ? { depends_on } : {}) },
  });
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      f('plant', 5, 'energy', 'BEL'),
      f('grid', 5.1, 'energy', 'BEL', ['plant']),
      f('pump', 5.2, 'water', 'BEL', [{ id: 'grid', delay_hours: 2 }]),
      f('clinic', 5.3, 'health', 'BEL', ['pump']),
      f('depot', 5.4, 'transport', 'FRA', ['grid']),
    ],
  });
  const loaded = loadInventory([{ name: 'chain.geojson', text }], { countries: null });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

function run(inv: Inventory, compromised: string[], protectedIds: string[] = []) {
  const graph = buildGraph(inv);
  const index = new SpatialIndex(inv.facilities.map((x) => x.geometry));
  const ids = inv.facilities.map((x) => x.id);
  const at = (id: string) => ids.indexOf(id);
  return {
    graph,
    run: runScenario(graph, ids, index, {
      compromised: compromised.map(at),
      protected: protectedIds.map(at),
      radiusKm: 0,
    }),
  };
}

const S = FacilityState;

describe('displayStates', () => {
  it('without a scenario, everything is Normal', () => {
    const inv = inventory();
    const { facilityState, arcState } = displayStates(
      5,
      inv.dependencies.from,
      buildGraph(inv).edgeDependency,
      null,
      null,
    );
    expect([...facilityState]).toEqual([0, 0, 0, 0, 0]);
    expect([...arcState].every((a) => a === ArcState.Normal)).toBe(true);
  });

  it('the end state: compromised, cascade, protected; the links that carried the failures', () => {
    const inv = inventory();
    const { graph, run: r } = run(inv, ['plant'], ['depot']);
    const { facilityState, arcState } = displayStates(
      5,
      inv.dependencies.from,
      graph.edgeDependency,
      r,
      null,
    );
    expect([...facilityState]).toEqual([
      S.Compromised,
      S.Cascade,
      S.Cascade,
      S.Cascade,
      S.Protected,
    ]);
    // Every dependency's provider failed; each dependent's trigger link carried it.
    const carried = [...arcState].filter((a) => a === ArcState.Carried).length;
    expect(carried).toBe(3);
    expect([...arcState].filter((a) => a === ArcState.Lost)).toHaveLength(1); // grid -> depot
  });

  it('at a playback moment, later failures are Pending and their links not yet carried', () => {
    const inv = inventory();
    const { graph, run: r } = run(inv, ['plant']);
    const at = (moment: { unit: 'wave' | 'hours'; value: number }) => [
      ...displayStates(5, inv.dependencies.from, graph.edgeDependency, r, moment).facilityState,
    ];
    expect(at({ unit: 'wave', value: 0 })).toEqual([
      S.Compromised,
      S.Pending,
      S.Pending,
      S.Pending,
      S.Pending,
    ]);
    expect(at({ unit: 'wave', value: 1 })).toEqual([
      S.Compromised,
      S.Cascade,
      S.Pending,
      S.Pending,
      S.Pending,
    ]);
    const arcs = (value: number) => [
      ...displayStates(5, inv.dependencies.from, graph.edgeDependency, r, { unit: 'wave', value })
        .arcState,
    ];
    expect(arcs(0).filter((a) => a === ArcState.Carried)).toHaveLength(0);
    expect(arcs(1).filter((a) => a === ArcState.Carried)).toHaveLength(1); // plant -> grid
    // Hours: the pump holds out 2 h on its backup.
    expect(at({ unit: 'hours', value: 1 })).toEqual([
      S.Compromised,
      S.Cascade,
      S.Pending,
      S.Pending,
      S.Cascade,
    ]);
    expect(at({ unit: 'hours', value: 2 })).toEqual([
      S.Compromised,
      S.Cascade,
      S.Cascade,
      S.Cascade,
      S.Cascade,
    ]);
  });
});

describe('drawnSets', () => {
  const drawable = (inv: Inventory, crossBorder: number[]): Drawable => ({
    facilities: inv.facilities,
    pointLike: Int32Array.from(inv.facilities.keys()),
    shapes: [],
    allDependencies: Int32Array.from(Array.from({ length: inv.dependencies.length }, (_, k) => k)),
    from: inv.dependencies.from,
    to: inv.dependencies.to,
    crossBorder: Uint8Array.from(crossBorder),
  });
  const all = { hiddenSectors: [], hiddenCountries: [], showArcs: true, crossBorderOnly: false };

  it('without filters, the drawable arrays themselves', () => {
    const inv = inventory();
    const d = drawable(inv, [0, 0, 0, 1]);
    const drawn = drawnSets(d, all);
    expect(drawn.points).toBe(d.pointLike);
    expect(drawn.arcs).toBe(d.allDependencies);
  });

  it('a hidden sector or country hides its facilities and every arc to or from them', () => {
    const inv = inventory();
    const d = drawable(inv, [0, 0, 0, 1]);
    const water = drawnSets(d, { ...all, hiddenSectors: ['water'] });
    expect([...water.points].map((i) => inv.facilities[i]!.id)).toEqual([
      'plant',
      'grid',
      'clinic',
      'depot',
    ]);
    const ends = (k: number) => `${inv.facilities[d.from[k]!]!.id}>${inv.facilities[d.to[k]!]!.id}`;
    expect([...water.arcs].map(ends).sort()).toEqual(['grid>depot', 'plant>grid']);
    const france = drawnSets(d, { ...all, hiddenCountries: ['FRA'] });
    expect([...france.arcs].map(ends)).not.toContain('grid>depot');
  });

  it('cross-border only keeps the flagged arcs; no arcs keeps none', () => {
    const inv = inventory();
    const d = drawable(inv, [0, 0, 0, 1]);
    expect([...drawnSets(d, { ...all, crossBorderOnly: true }).arcs]).toEqual([3]);
    expect(drawnSets(d, { ...all, showArcs: false }).arcs).toHaveLength(0);
  });
});
