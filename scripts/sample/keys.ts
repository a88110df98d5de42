import type { City } from './cities.ts';
import { slug } from './slug.ts';

/** Give every city a unique, readable key; a repeated name in one country gets its GeoNames id. */
export function cityKeys(cities: readonly City[]): Map<number, string> {
  const base = new Map<number, string>();
  const count = new Map<string, number>();
  for (const c of cities) {
    const k = `${c.country.toLowerCase()}-${slug(c.name) || String(c.geonameId)}`;
    base.set(c.geonameId, k);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const out = new Map<number, string>();
  for (const c of cities) {
    const k = base.get(c.geonameId)!;
    out.set(c.geonameId, count.get(k)! > 1 ? `${k}-${c.geonameId}` : k);
  }
  return out;
}
