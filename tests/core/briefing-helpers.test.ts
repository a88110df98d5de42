/** The briefing's core helpers: explanation chains as one tree, and the inventory overview. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../src/core/explain.ts';
import { chainTree, flattenTree } from '../../src/core/explain-tree.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { overview } from '../../src/core/overview.ts';
import { runScenario } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { FIXTURES } from '../helpers.ts';

function load() {
  const name = 'briefing-europe.geojson';
  const loaded = loadInventory([{ name, text: readFileSync(join(FIXTURES, 'e2e', name), 'utf8') }]);
  if (!loaded.ok) throw new Error(loaded.message);
  const inventory = loaded.inventory;
  const graph = buildGraph(inventory);
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  return { inventory, graph, index };
}

describe('chainTree', () => {
  const { inventory, graph, index } = load();
  const ids = inventory.facilities.map((f) => f.id);
  const run = runScenario(graph, ids, index, {
    compromised: [inventory.indexById.get('lg-plant')!],
    radiusKm: 0,
    protected: [],
  });
  const id = (v: number) => inventory.facilities[v]!.id;
  const chain = (fid: string) =>
    explainFailure(inventory, graph, run.result, inventory.indexById.get(fid)!);

  it('prints a shared way back to the attack once, branching where the chains part', () => {
    const chains = ['kr-stacja', 'bg-grid', 'lg-water'].map(chain);
    const before = JSON.stringify(chains);
    const flat = flattenTree(chainTree(chains)).map(({ depth, node }) => [
      depth,
      id(node.facility),
    ]);
    expect(flat).toEqual([
      [0, 'lg-plant'],
      [1, 'lg-sub'],
      [2, 'ac-tel'],
      [3, 'kr-bank'],
      [4, 'kr-stacja'],
      [3, 'gr-dc'],
      [4, 'bg-grid'],
      [2, 'lg-water'],
    ]);
    // Every step's sentence is the chain's own, and the inputs are unchanged.
    const texts = new Set(chains.flat().map((s) => s.text));
    for (const [, fid] of flat) expect(texts.has(chain(fid as string)[0]!.text)).toBe(true);
    expect(JSON.stringify(chains)).toBe(before);
  });

  it('is empty for no chains and a single path for one', () => {
    expect(chainTree([])).toEqual([]);
    const one = chain('bg-grid');
    const flat = flattenTree(chainTree([one]));
    expect(flat.map((x) => x.depth)).toEqual(one.map((_, k) => k));
    expect(flat.map((x) => x.node.facility)).toEqual(one.map((s) => s.facility).reverse());
  });
});

describe('overview', () => {
  it('counts facilities by sector and country, and cross-border dependencies by pair', () => {
    const { inventory } = load();
    const o = overview(inventory);
    expect(o.facilities).toBe(11);
    expect(o.dependencies).toBe(9);
    expect(o.bySector).toEqual([
      ['energy', 3],
      ['telecom', 2],
      ['transport', 2],
      ['water', 2],
      ['finance', 1],
      ['health', 1],
    ]);
    expect(o.byCountry[0]).toEqual(['BEL', 3]);
    expect(o.crossBorderTotal).toBe(6);
    expect(o.crossBorder).toEqual([
      { from: 'DEU', to: 'POL', count: 2 },
      { from: 'BEL', to: 'DEU', count: 1 },
      { from: 'BEL', to: 'NLD', count: 1 },
      { from: 'DEU', to: 'GRC', count: 1 },
      { from: 'GRC', to: 'SRB', count: 1 },
    ]);
  });
});
