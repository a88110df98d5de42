/**
 * Getting inventories into the app: the bundled sample and files the user drops or picks.
 * Everything is read in the browser; nothing is sent anywhere.
 */
import type { Topology } from 'topojson-specification';
import sampleUrl from '../../data/europe.geojson?url';
import { CountryIndex } from '../core/countries.ts';
import { loadInventory, representativePoint, type InventorySource } from '../core/inventory.ts';
import type { Inventory } from '../core/types.ts';
import { loadWorldTopology } from '../map/basemap.ts';

export type Loaded =
  | { ok: true; inventory: Inventory; name: string; bounds: [number, number, number, number] }
  | { ok: false; message: string };

let countryIndex: Promise<CountryIndex> | null = null;

/** Natural Earth boundaries for missing countries, shared with the basemap's download. */
function countries(): Promise<CountryIndex> {
  countryIndex ??= loadWorldTopology().then((t: Topology) => new CountryIndex(t));
  return countryIndex;
}

export const SAMPLE_NAME = 'Europe sample (JRC power plants + GeoNames cities)';

export async function loadDefaultInventory(): Promise<Loaded> {
  try {
    const response = await fetch(sampleUrl);
    if (!response.ok)
      return { ok: false, message: `The sample did not load (${response.status}).` };
    const text = await response.text();
    return finish([{ name: 'europe.geojson', text }], SAMPLE_NAME, null);
  } catch (e) {
    return { ok: false, message: `The sample did not load: ${String(e)}` };
  }
}

/**
 * Reads files and merges them into one inventory (with `base`'s sources when adding).
 * A refused file leaves the current inventory untouched: the caller only replaces it on ok.
 */
export async function loadFiles(files: File[], base: Inventory | null): Promise<Loaded> {
  const sources: InventorySource[] = [];
  for (const file of files) sources.push({ name: file.name, text: await file.text() });
  const name = files.map((f) => f.name).join(' + ');
  return finish(
    sources,
    base ? `${baseSources.get(base)?.name ?? 'inventory'} + ${name}` : name,
    base,
  );
}

/** The sources each loaded inventory came from, so "add files" can merge again. */
const baseSources = new WeakMap<Inventory, { sources: InventorySource[]; name: string }>();

async function finish(
  sources: InventorySource[],
  name: string,
  base: Inventory | null,
): Promise<Loaded> {
  const all = [...(base ? (baseSources.get(base)?.sources ?? []) : []), ...sources];
  const result = loadInventory(all, { countries: await countries() });
  if (!result.ok)
    return { ok: false, message: `${result.file}: ${result.message}. Nothing was changed.` };
  baseSources.set(result.inventory, { sources: all, name });
  return { ok: true, inventory: result.inventory, name, bounds: boundsOf(result.inventory) };
}

export function boundsOf(inventory: Inventory): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of inventory.facilities) {
    const [lon, lat] = representativePoint(f.geometry);
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [w, Math.max(-85, s), e, Math.min(85, n)];
}
