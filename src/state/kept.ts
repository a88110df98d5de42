/**
 * What the app keeps in this browser between visits (docs/security.md, "Stored in the
 * browser"): the files of the open inventory as they were read, with the field mapping they
 * were read with (a reload reads them again the same way, without asking), and the work on it:
 * the scenario, the briefing texts, recovery choices and the view settings. All of it lives in
 * one IndexedDB database of this origin (through idb-keyval), is never sent anywhere, and
 * "Forget this inventory" deletes it. Two flags live in localStorage: whether keeping is off,
 * and whether anything was kept (so a first visit does not wait on IndexedDB); neither
 * says anything about the inventory.
 *
 * Stored records are read defensively: a record that is not what this version wrote (another
 * version, a damaged database) is dropped with a reason, never half-applied.
 */
import type { FieldMapping } from '../core/field-mapping.ts';
import type { ScenarioFile } from '../core/scenario-file.ts';
import type { SectorValues } from '../core/sector-values.ts';
import type { ColorBy } from '../map/layers.ts';

/** The few calls the keeper needs of a key-value store (idb-keyval's, or a Map in tests). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  /** Stores `value` under `key`; undefined deletes the key. */
  set(key: string, value: unknown): Promise<void>;
  clear(): Promise<void>;
}

/** The open inventory's files as read, and how their fields were mapped. */
export interface KeptInventory {
  version: 1;
  name: string;
  items: { name: string; blob: Blob }[];
  mappings: Record<string, FieldMapping>;
  sectorValues: Record<string, SectorValues>;
  /** hashInventory of the inventory as loaded: the kept work applies to this one. */
  hash: string;
  savedAt: string;
}

/** View settings kept with the work (the basemap is BasemapSettings' own). */
export interface KeptSettings {
  hiddenSectors: string[];
  hiddenCountries: string[];
  crossBorderOnly: boolean;
  showArcs: boolean;
  colorBy: ColorBy;
}

/** The work on an inventory: its scenario (with title, notes, view), recovery and settings. */
export interface KeptWork {
  version: 1;
  scenario: ScenarioFile;
  crews: number | null;
  repairOrder: string[] | null;
  settings: KeptSettings;
}

const INVENTORY = 'inventory';
const WORK = 'work';

export type Read<T> = { value: T | null; problem: string | null };

/** The keeper of one browser profile's work. Every call resolves; failures become `problem`s. */
export class Keeper {
  constructor(private readonly store: KeyValueStore) {}

  async saveInventory(inventory: KeptInventory): Promise<void> {
    await this.store.set(INVENTORY, inventory);
  }

  async saveWork(work: KeptWork): Promise<void> {
    await this.store.set(WORK, work);
  }

  async inventory(): Promise<Read<KeptInventory>> {
    return this.read(INVENTORY, keptInventory, 'the inventory kept from your last visit');
  }

  async work(): Promise<Read<KeptWork>> {
    return this.read(WORK, keptWork, 'the scenario kept from your last visit');
  }

  /** Deletes the kept work (the inventory's files stay). */
  async dropWork(): Promise<void> {
    await this.store.set(WORK, undefined);
  }

  /** Deletes the kept inventory files (the work stays until it is next written). */
  async dropInventory(): Promise<void> {
    await this.store.set(INVENTORY, undefined);
  }

  /** Deletes every stored record (inventory files, work). */
  async forget(): Promise<void> {
    await this.store.clear();
  }

  private async read<T>(
    key: string,
    check: (value: unknown) => T | null,
    what: string,
  ): Promise<Read<T>> {
    let stored: unknown;
    try {
      stored = await this.store.get(key);
    } catch (error) {
      return { value: null, problem: `${what} could not be read (${String(error)})` };
    }
    if (stored === undefined) return { value: null, problem: null };
    const value = check(stored);
    if (value !== null) return { value, problem: null };
    // Not what this version wrote: dropped, so it does not come back at every visit.
    await this.store.set(key, undefined).catch(() => {});
    return {
      value: null,
      problem: `${what} was not in a form this version reads, so it was dropped`,
    };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A stored inventory record, or null when it is not one this version wrote. */
export function keptInventory(v: unknown): KeptInventory | null {
  if (!isObject(v) || v.version !== 1) return null;
  if (typeof v.name !== 'string' || typeof v.hash !== 'string') return null;
  if (typeof v.savedAt !== 'string' || !isObject(v.mappings) || !isObject(v.sectorValues))
    return null;
  if (!Array.isArray(v.items) || v.items.length === 0) return null;
  const blobs = v.items.every(
    (i) => isObject(i) && typeof i.name === 'string' && i.blob instanceof Blob,
  );
  return blobs ? (v as unknown as KeptInventory) : null;
}

/** A stored work record, or null when it is not one this version wrote. */
export function keptWork(v: unknown): KeptWork | null {
  if (!isObject(v) || v.version !== 1 || !isObject(v.scenario) || !isObject(v.settings))
    return null;
  const s = v.scenario;
  if (!isObject(s.inventory) || typeof s.inventory.hash !== 'string') return null;
  if (!isStrings(s.compromised) || !isStrings(s.protected) || typeof s.radiusKm !== 'number')
    return null;
  if (typeof s.title !== 'string' || typeof s.notes !== 'string') return null;
  if (v.crews !== null && !(typeof v.crews === 'number' && v.crews >= 1)) return null;
  if (v.repairOrder !== null && !isStrings(v.repairOrder)) return null;
  const t = v.settings;
  if (!isStrings(t.hiddenSectors) || !isStrings(t.hiddenCountries)) return null;
  if (typeof t.crossBorderOnly !== 'boolean' || typeof t.showArcs !== 'boolean') return null;
  if (t.colorBy !== 'sector' && t.colorBy !== 'type') return null;
  return v as unknown as KeptWork;
}

/** The browser's store: one IndexedDB database of this origin, opened on first use. */
export async function browserStore(): Promise<KeyValueStore> {
  const { createStore, get, set, clear, del } = await import('idb-keyval');
  const store = createStore('ripplemap', 'kept');
  return {
    get: (key) => get(key, store),
    set: (key, value) => (value === undefined ? del(key, store) : set(key, value, store)),
    clear: () => clear(store),
  };
}
