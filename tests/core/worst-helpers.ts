/** Small seeded random inventories for the worst-case property tests, and their loading. */
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { mulberry32 } from '../../bench/random.ts';
import type { RefDependency, RefFacility } from './reference-cascade.ts';

export interface RandomCase {
  facilities: RefFacility[];
  deps: RefDependency[];
  /** Per facility id, when drawn: p_damage. Per dependency (same order): backup_reliability. */
  pDamage: Map<string, number>;
  backup: (number | undefined)[];
}

/**
 * A random inventory: k-of-n groups, several services, delays, cycles, facilities in a small
 * cluster (so that radii of 1..50 km take in some of them).
 */
export function randomCase(seed: number, maxN = 14): RandomCase {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const n = int(2, maxN);
  const services = ['energy', 'water', 'telecom'].slice(0, int(1, 3));
  const facilities: RefFacility[] = [];
  const spread = [0.05, 0.3, 1][int(0, 2)]!;
  for (let i = 0; i < n; i++) {
    facilities.push({
      id: `f${int(0, 99)}-${i}`,
      lon: 10 + r() * spread,
      lat: 50 + r() * spread,
      minProviders: {},
    });
  }
  const deps: RefDependency[] = [];
  const seen = new Set<string>();
  const m = int(0, n * 3);
  const delays = [0, 0, 1, 2, 8];
  for (let e = 0; e < m; e++) {
    const from = facilities[int(0, n - 1)]!.id;
    const to = facilities[int(0, n - 1)]!.id;
    const service = services[int(0, services.length - 1)]!;
    const key = `${from}|${to}|${service}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    deps.push({ from, to, service, delay: delays[int(0, delays.length - 1)]! });
  }
  for (const f of facilities) {
    for (const s of services) if (r() < 0.3) f.minProviders[s] = int(1, 4);
  }
  const pDamage = new Map<string, number>();
  for (const f of facilities) if (r() < 0.6) pDamage.set(f.id, [0, 0.2, 0.5, 0.9, 1][int(0, 4)]!);
  const backup = deps.map(() => (r() < 0.5 ? r() : undefined));
  return { facilities, deps, pDamage, backup };
}

export function toGeoJson(c: RandomCase): string {
  const features = [
    ...c.facilities.map((f) => ({
      type: 'Feature',
      properties: {
        id: f.id,
        sector: 'other',
        country: 'DEU',
        min_providers: f.minProviders,
        ...(c.pDamage.has(f.id) ? { p_damage: c.pDamage.get(f.id) } : {}),
      },
      geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
    })),
    ...c.deps.map((d, k) => ({
      type: 'Feature',
      properties: {
        from: d.from,
        to: d.to,
        service: d.service,
        delay_hours: d.delay,
        ...(c.backup[k] !== undefined ? { backup_reliability: c.backup[k] } : {}),
      },
      geometry: null,
    })),
  ];
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Loads a case through the core: inventory, graph, ids and spatial index. */
export function loadCase(c: RandomCase) {
  const loaded = loadInventory([{ name: 'random.geojson', text: toGeoJson(c) }]);
  if (!loaded.ok) throw new Error(loaded.message);
  const inventory = loaded.inventory;
  const graph = buildGraph(inventory);
  const ids = inventory.facilities.map((f) => f.id);
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  return { inventory, graph, ids, index };
}
