/** What a scenario file or link names its inventory by (src/core/scenario-file.ts). */
import { serviceOf } from './dependency-table.ts';
import type { Inventory } from './types.ts';

/**
 * A stable hash of an inventory's content (facilities, locations, sectors, countries,
 * k-of-n settings and dependencies), independent of file names and property order. Two
 * 32-bit FNV-1a lanes: enough to tell inventories apart, not a security measure.
 * @example hashInventory(inventory) // "3f2a9c1d0b7e4411"
 */
export function hashInventory(inventory: Inventory): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0x1f, 0x01000193);
  };
  for (const f of inventory.facilities) {
    add(f.id);
    add(f.sector);
    add(f.country ?? '');
    add(JSON.stringify(f.geometry.coordinates));
    for (const s of Object.keys(f.minProviders).sort()) add(`${s}=${f.minProviders[s]}`);
  }
  const deps = inventory.dependencies;
  for (let k = 0; k < deps.length; k++) {
    add(inventory.facilities[deps.from[k]!]!.id);
    add(inventory.facilities[deps.to[k]!]!.id);
    add(serviceOf(deps, k));
    add(String(deps.delayHours[k]));
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}
