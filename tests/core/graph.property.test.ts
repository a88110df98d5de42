/**
 * Property test: buildGraph (counting sorts, views carved from shared buffers, starts restored
 * in place) gives the same arrays as an obvious build with comparison sorts, on seeded random
 * inventories, from the loader's dependency table and from the same table with its services
 * numbered the other way round.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, type Graph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import type { Dependency, Inventory } from '../../src/core/types.ts';
import { mulberry32 } from '../../bench/random.ts';
import { dependencyRows } from '../../src/core/dependency-table.ts';

type GraphInput = Pick<Inventory, 'facilities' | 'dependencies'>;

/** The slow obvious build: sort in-edges by (dependent, service name, index), group runs. */
function referenceGraph(input: GraphInput): Record<string, unknown> {
  const n = input.facilities.length;
  const deps: readonly Dependency[] = dependencyRows(input.dependencies);
  const services = [...new Set(deps.map((d) => d.service))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const sid = (s: string) => services.indexOf(s);
  const order = deps
    .map((_, e) => e)
    .sort(
      (a, b) => deps[a]!.to - deps[b]!.to || sid(deps[a]!.service) - sid(deps[b]!.service) || a - b,
    );
  const groupStart: number[] = [];
  const groupDependent: number[] = [];
  const groupService: number[] = [];
  const groupNeed: number[] = [];
  const edgeStart: number[] = [];
  const edgeGroup: number[] = [];
  for (let v = 0; v < n; v++) {
    groupStart.push(groupDependent.length);
    order.forEach((e, i) => {
      if (deps[e]!.to !== v) return;
      const s = sid(deps[e]!.service);
      if (groupDependent.at(-1) !== v || groupService.at(-1) !== s || edgeStart.length === 0) {
        groupDependent.push(v);
        groupService.push(s);
        edgeStart.push(i);
      }
      edgeGroup.push(groupDependent.length - 1);
    });
  }
  groupStart.push(groupDependent.length);
  edgeStart.push(deps.length);
  for (let g = 0; g < groupDependent.length; g++) {
    const size = edgeStart[g + 1]! - edgeStart[g]!;
    const need =
      input.facilities[groupDependent[g]!]!.minProviders[services[groupService[g]!]!] ?? 1;
    groupNeed.push(size - Math.min(Math.max(1, need), size) + 1);
  }
  const edgeProvider = order.map((e) => deps[e]!.from);
  const slots = order.map((_, i) => i).sort((a, b) => edgeProvider[a]! - edgeProvider[b]! || a - b);
  const outStart = [0];
  for (let p = 0; p < n; p++)
    outStart.push(outStart[p]! + edgeProvider.filter((x) => x === p).length);
  return {
    n,
    services,
    groupStart,
    groupDependent,
    groupService,
    groupNeed,
    edgeStart,
    edgeProvider,
    edgeDelayHours: order.map((e) => deps[e]!.delayHours),
    edgeGroup,
    edgeDependency: order,
    outStart,
    outSlots: slots,
    outGroup: slots.map((i) => edgeGroup[i]!),
    hasDelays: deps.some((d) => d.delayHours !== 0),
  };
}

/** The graph with plain arrays, so toEqual compares contents and not buffers. */
function plain(graph: Graph): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(graph).map(([k, v]) => [
      k,
      ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v,
    ]),
  );
}

/** A random inventory as GeoJSON text: facilities, dependencies with services and delays. */
function randomSource(seed: number): string {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const n = int(0, 25);
  const services = ['water', 'energy', 'telecom', 'gas'].slice(0, int(1, 4));
  const features: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const minProviders: Record<string, number> = {};
    for (const s of services) if (r() < 0.3) minProviders[s] = int(0, 4);
    features.push({
      type: 'Feature',
      properties: {
        id: `f${i}`,
        sector: 'energy',
        ...(r() < 0.5 ? { min_providers: minProviders } : {}),
      },
      geometry: { type: 'Point', coordinates: [5 + r() * 10, 45 + r() * 8] },
    });
  }
  const m = n === 0 ? 0 : int(0, n * 4);
  for (let e = 0; e < m; e++) {
    features.push({
      type: 'Feature',
      properties: {
        from: `f${int(0, n - 1)}`,
        to: `f${int(0, n - 1)}`,
        service: services[int(0, services.length - 1)],
        ...(r() < 0.4 ? { delay_hours: [0, 1, 2.5, 24][int(0, 3)] } : {}),
      },
      geometry: null,
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

describe('buildGraph against an obvious build', () => {
  it('agrees on 300 seeded inventories, whatever the numbering of services', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const result = loadInventory([{ name: `g${seed}.geojson`, text: randomSource(seed) }]);
      if (!result.ok) continue;
      const { facilities, dependencies } = result.inventory;
      const expected = referenceGraph({ facilities, dependencies });
      expect(plain(buildGraph({ facilities, dependencies })), `seed ${seed}`).toEqual(expected);
      // The same dependencies, services numbered last-seen first.
      const services = [...dependencies.services].reverse();
      const renumbered = {
        ...dependencies,
        services,
        service: dependencies.service.map((s) => services.length - 1 - s),
      };
      expect(plain(buildGraph({ facilities, dependencies: renumbered })), `seed ${seed}`).toEqual(
        expected,
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(200);
  });
});
