/**
 * Criticality (docs/format.md §2.7) against its definition: on seeded random inventories (cycles of
 * single providers, k-of-n, several services), impact(f) is the size of the cascade when f
 * alone is compromised, whichever way the impacts are computed (all at once, or by ranges as
 * the viewer does), and the ranking is the plain comparison sort.
 */
import { describe, expect, it } from 'vitest';
import { runCascade } from '../../src/core/cascade.ts';
import { computeImpacts } from '../../src/core/criticality.ts';
import { rankByImpact } from '../../src/core/ranking.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { mulberry32 } from '../../bench/random.ts';

/** Facilities in a ring of single providers (one cycle) plus random extra dependencies. */
function randomInventory(seed: number): string {
  const r = mulberry32(seed);
  const n = 2 + Math.floor(r() * 40);
  const services = ['energy', 'water', 'telecom'];
  const features: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const minProviders: Record<string, number> = {};
    for (const s of services) if (r() < 0.3) minProviders[s] = 1 + Math.floor(r() * 3);
    features.push({
      type: 'Feature',
      properties: { id: `f${Math.floor(r() * 100)}-${i}`, min_providers: minProviders },
      geometry: { type: 'Point', coordinates: [r() * 10, 45 + r() * 5] },
    });
  }
  const id = (i: number) => (features[i] as { properties: { id: string } }).properties.id;
  const seen = new Set<string>();
  const depend = (from: number, to: number, service: string) => {
    const key = `${from}|${to}|${service}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    features.push({
      type: 'Feature',
      properties: { from: id(from), to: id(to), service, delay_hours: Math.floor(r() * 3) },
      geometry: null,
    });
  };
  if (r() < 0.7) for (let i = 0; i < n; i++) depend(i, (i + 1) % n, 'energy');
  const m = Math.floor(r() * n * 3);
  for (let e = 0; e < m; e++) {
    depend(Math.floor(r() * n), Math.floor(r() * n), services[Math.floor(r() * 3)]!);
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/**
 * Chains, out-trees and in-trees (the shapes the one-pass shortcut answers), with now and then
 * a diamond, a cycle, a second service or a k-of-n group that must send it back to cascades.
 */
function treeInventory(seed: number): string {
  const r = mulberry32(seed);
  const n = 2 + Math.floor(r() * 60);
  const shape = Math.floor(r() * 3); // 0 chain, 1 out-tree, 2 in-tree
  const odd = r() < 0.5 ? 0 : r() * 0.15;
  const features: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const k = r() < odd ? { energy: 2 } : {};
    features.push({
      type: 'Feature',
      properties: { id: `t${i}`, min_providers: k },
      geometry: { type: 'Point', coordinates: [r() * 10, 45 + r() * 5] },
    });
  }
  const depend = (from: number, to: number, service = 'energy') =>
    from !== to &&
    features.push({
      type: 'Feature',
      properties: { from: `t${from}`, to: `t${to}`, service },
      geometry: null,
    });
  for (let i = 1; i < n; i++) {
    const other = Math.floor(r() * i);
    if (shape === 0) depend(i - 1, i);
    else if (shape === 1) depend(other, i);
    else depend(i, other);
    if (r() < odd) depend(Math.floor(r() * n), Math.floor(r() * n), r() < 0.5 ? 'water' : 'energy');
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

describe('criticality', () => {
  it('on chains and trees (with some diamonds, cycles and k-of-n), equals the cascade size', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const loaded = loadInventory([{ name: 'tree.geojson', text: treeInventory(seed) }]);
      if (!loaded.ok) throw new Error(`seed ${seed}: ${loaded.message}`);
      const graph = buildGraph(loaded.inventory);
      const ids = loaded.inventory.facilities.map((f) => f.id);
      const expected = ids.map((_, f) => runCascade(graph, ids, { compromised: [f] }).order.length);
      expect(Array.from(computeImpacts(graph)), `seed ${seed}`).toEqual(expected);
    }
  });

  it('impact(f) is the size of the cascade from f alone, on 300 seeded inventories', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const loaded = loadInventory([{ name: 'random.geojson', text: randomInventory(seed) }]);
      if (!loaded.ok) throw new Error(`seed ${seed}: ${loaded.message}`);
      const graph = buildGraph(loaded.inventory);
      const ids = loaded.inventory.facilities.map((f) => f.id);
      const expected = ids.map((_, f) => runCascade(graph, ids, { compromised: [f] }).order.length);
      expect(Array.from(computeImpacts(graph)), `seed ${seed}`).toEqual(expected);

      // By ranges, on a graph of its own (impacts are remembered per graph).
      const fresh = buildGraph(loaded.inventory);
      const half = Math.floor(ids.length / 2);
      const done: number[] = [];
      const byRanges = [
        ...computeImpacts(fresh, half, ids.length, (k) => done.push(k)),
        ...computeImpacts(fresh, 0, half),
      ];
      expect(byRanges, `seed ${seed}, by ranges`).toEqual([
        ...expected.slice(half),
        ...expected.slice(0, half),
      ]);
      expect(done.at(-1)).toBe(ids.length - half);
    }
  });

  it('ranks by impact descending, then id, as the plain comparison sort does', () => {
    const r = mulberry32(7);
    for (let t = 0; t < 200; t++) {
      const n = Math.floor(r() * 50);
      const ids = Array.from(
        { length: n },
        (_, i) => `${String.fromCharCode(65 + (i % 5))}${n - i}`,
      );
      const impact = Int32Array.from({ length: n }, () => 1 + Math.floor(r() * 4));
      const plain = Array.from({ length: n }, (_, i) => i)
        .sort((a, b) => impact[b]! - impact[a]! || (ids[a]! < ids[b]! ? -1 : 1))
        .map((i) => ({ id: ids[i]!, impact: impact[i]! }));
      for (const limit of [Infinity, 0, 1, 3, 10]) {
        expect(rankByImpact(ids, impact, limit)).toEqual(plain.slice(0, limit));
      }
    }
  });
});
