/**
 * An inventory at a glance, for a briefing without a scenario: facilities by sector and by
 * country, and cross-border dependencies by country pair (docs/format.md §2.6).
 */
import type { Inventory } from './types.ts';

export interface InventoryOverview {
  facilities: number;
  dependencies: number;
  /** sector -> facilities, largest first. */
  bySector: [string, number][];
  /** alpha-3 (or "null" when a facility has no country) -> facilities, largest first. */
  byCountry: [string, number][];
  /** Cross-border dependencies by provider country -> dependent country, most first. */
  crossBorder: { from: string; to: string; count: number }[];
  crossBorderTotal: number;
}

const byCountThenKey = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Counts an inventory by sector, country and cross-border country pair.
 * @example overview(inventory).crossBorder[0] // { from: 'FRA', to: 'BEL', count: 12 }
 */
export function overview(inventory: Inventory): InventoryOverview {
  const sectors = new Map<string, number>();
  const countries = new Map<string, number>();
  for (const f of inventory.facilities) {
    sectors.set(f.sector, (sectors.get(f.sector) ?? 0) + 1);
    const c = String(f.country);
    countries.set(c, (countries.get(c) ?? 0) + 1);
  }
  const pairs = new Map<string, number>();
  const deps = inventory.dependencies;
  let crossBorderTotal = 0;
  for (let k = 0; k < deps.length; k++) {
    const a = inventory.facilities[deps.from[k]!]!.country;
    const b = inventory.facilities[deps.to[k]!]!.country;
    if (a === null || b === null || a === b) continue;
    crossBorderTotal++;
    const key = `${a}\u0000${b}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  return {
    facilities: inventory.facilities.length,
    dependencies: deps.length,
    bySector: [...sectors].sort(byCountThenKey),
    byCountry: [...countries].sort(byCountThenKey),
    crossBorder: [...pairs].sort(byCountThenKey).map(([key, count]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, count };
    }),
    crossBorderTotal,
  };
}
