/**
 * Keeping work across reloads (issue #16): what is kept, what comes back on the next visit,
 * what "Forget" and turning keeping off leave behind (nothing), and stored records from
 * another version or a damaged database, dropped with a reason instead of half-applied.
 * The store is a Map standing in for IndexedDB (the browser test reloads the real one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import type { Inventory } from '../../src/core/types.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';
import { Keeping } from '../../src/state/keeping.svelte.ts';
import { KEEP_SETTING, RESTORING } from '../../src/state/keep-hint.ts';
import { keptWork, type KeyValueStore } from '../../src/state/kept.ts';
import type { Origin } from '../../src/state/loader.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHAIN = 'docs/examples/chain.geojson';

function load(path: string): Inventory {
  const loaded = loadInventory([{ name: path, text: readFileSync(join(ROOT, path), 'utf8') }]);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

/** A Map as the key-value store; `undefined` deletes, as the browser store does. */
function mapStore(map = new Map<string, unknown>()): KeyValueStore & { map: Map<string, unknown> } {
  return {
    map,
    get: async (key) => map.get(key),
    set: async (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, value);
    },
    clear: async () => map.clear(),
  };
}

function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    getItem: (k: string) => values.get(k) ?? null,
    setItem: (k: string, v: string) => void values.set(k, v),
    removeItem: (k: string) => void values.delete(k),
    clear: () => values.clear(),
    key: () => null,
    length: 0,
  };
}

const origin = (): Origin => ({
  items: [
    { kind: 'blob', name: 'chain.geojson', blob: new Blob([readFileSync(join(ROOT, CHAIN))]) },
  ],
  mappings: { 'chain.geojson': {} },
  sectorValues: {},
  name: 'chain.geojson',
});

/** A visit: an app with chain.geojson open, keeping into `store`. */
async function visit(store: KeyValueStore, storage: Storage = memoryStorage()) {
  const app = new AppState();
  const keeping = new Keeping(app, { storage, store: async () => store });
  app.setInventory(load(CHAIN), 'chain.geojson', true);
  return { app, keeping, storage };
}

/** Waits for the debounced save of the work. */
const settle = () => new Promise((r) => setTimeout(r, 600));

describe('keeping work in the browser', () => {
  it('keeps the files, mapping, scenario, briefing and settings, and gives them back', async () => {
    const store = mapStore();
    const { app, keeping, storage } = await visit(store);
    await keeping.loaded('chain.geojson', origin());
    expect(keeping.kept).toBe(true);
    const first = app.inventory!.facilities[0]!.id;
    app.scenario = { compromised: [first], protected: [], radiusKm: 5 };
    app.title = 'Storm over the port';
    app.crossBorderOnly = true;
    app.recovery.crews = 2;
    keeping.changed(() => ({ center: [4, 51], zoom: 7 }));
    await settle();

    // The next visit: the kept inventory comes back with its mapping, then the work.
    const next = new AppState();
    // A profile whose localStorage says nothing is kept does not even open IndexedDB.
    const unhinted = new Keeping(next, { storage: memoryStorage(), store: async () => store });
    expect(await unhinted.keptInventory()).toBeNull();
    const again = new Keeping(next, { storage, store: async () => store });
    const kept = await again.keptInventory();
    expect(kept?.name).toBe('chain.geojson');
    expect(kept?.mappings).toEqual({ 'chain.geojson': {} });
    expect(await kept!.items[0]!.blob.text()).toBe(readFileSync(join(ROOT, CHAIN), 'utf8'));
    expect(kept?.hash).toBe(app.inventoryHash);
    next.setInventory(load(CHAIN), kept!.name, true);
    await again.loaded(kept!.name, origin());
    const view = await again.restoreWork();
    expect(view).toEqual({ center: [4, 51], zoom: 7 });
    expect(next.scenario.compromised).toEqual([first]);
    expect(next.scenario.radiusKm).toBe(5);
    expect(next.title).toBe('Storm over the port');
    expect(next.crossBorderOnly).toBe(true);
    expect(next.recovery.crews).toBe(2);
  });

  it('a kept inventory whose opening never finished is not tried again by itself', async () => {
    const store = mapStore();
    const { keeping, storage } = await visit(store);
    await keeping.loaded('chain.geojson', origin());
    // The next visit starts to open it again, and the tab dies before it is loaded.
    const crashed = new Keeping(new AppState(), { storage, store: async () => store });
    expect(await crashed.keptInventory()).not.toBeNull();
    const after = new Keeping(new AppState(), { storage, store: async () => store });
    expect(await after.keptInventory()).toBeNull();
    expect(after.message).toMatch(/did not finish opening/);
    // The sample opens instead; the visits after that do not try either.
    await after.loaded('Europe sample', null);
    const later = new Keeping(new AppState(), { storage, store: async () => store });
    expect(await later.keptInventory()).toBeNull();
    // Still kept (Forget removes it). Once files are opened again, it opens by itself again.
    expect(store.map.has('inventory')).toBe(true);
    await later.loaded('chain.geojson', origin());
    expect(storage.getItem(RESTORING)).toBeNull();
    const again = new Keeping(new AppState(), { storage, store: async () => store });
    expect(await again.keptInventory()).not.toBeNull();
  });

  it('work made on another inventory is not applied', async () => {
    const store = mapStore();
    const { app, keeping } = await visit(store);
    await keeping.loaded('chain.geojson', origin());
    app.title = 'For the chain';
    keeping.changed(() => null);
    await settle();
    const other = new AppState();
    const again = new Keeping(other, { storage: memoryStorage(), store: async () => store });
    other.setInventory(load('docs/examples/redundancy.geojson'), 'k-of-n', true);
    expect(await again.restoreWork()).toBeNull();
    expect(other.title).toBe('');
  });

  it('the bundled sample is not kept, but the work on it is', async () => {
    const store = mapStore();
    const { app, keeping } = await visit(store);
    await keeping.loaded('Europe sample', null);
    expect(keeping.kept).toBe(false);
    expect(store.map.has('inventory')).toBe(false);
    app.notes = 'sample briefing';
    keeping.changed(() => null);
    await settle();
    expect(keptWork(store.map.get('work'))?.scenario.notes).toBe('sample briefing');
  });

  it('"Forget this inventory" deletes every stored byte and stops keeping', async () => {
    const store = mapStore();
    const { app, keeping } = await visit(store);
    await keeping.loaded('chain.geojson', origin());
    app.title = 'x';
    keeping.changed(() => null);
    await settle();
    expect(store.map.size).toBe(2);
    await keeping.forget();
    expect(store.map.size).toBe(0);
    expect(keeping.kept).toBe(false);
    app.title = 'y';
    keeping.changed(() => null);
    await settle();
    expect(store.map.size).toBe(0);
  });

  it('turning keeping off deletes what is kept, keeps nothing, and is remembered', async () => {
    const store = mapStore();
    const { keeping, storage } = await visit(store);
    await keeping.loaded('chain.geojson', origin());
    await keeping.setEnabled(false);
    expect(store.map.size).toBe(0);
    expect(storage.getItem(KEEP_SETTING)).toBe('off');
    await keeping.loaded('chain.geojson', origin());
    expect(store.map.size).toBe(0);
    const later = new Keeping(new AppState(), { storage, store: async () => store });
    expect(later.enabled).toBe(false);
    expect(await later.keptInventory()).toBeNull();
    await later.setEnabled(true);
    expect(storage.getItem(KEEP_SETTING)).toBeNull();
  });

  it('a record this version did not write is dropped with a reason', async () => {
    const store = mapStore(
      new Map<string, unknown>([
        ['inventory', { version: 9, name: 'future.geojson' }],
        ['work', { version: 1, scenario: { compromised: 'not a list' }, settings: {} }],
      ]),
    );
    const keeping = new Keeping(new AppState(), { storage: null, store: async () => store });
    expect(await keeping.keptInventory()).toBeNull();
    expect(keeping.message).toMatch(/not in a form this version reads, so it was dropped/);
    expect(store.map.has('inventory')).toBe(false);
    expect(await keeping.restoreWork()).toBeNull();
    expect(store.map.has('work')).toBe(false);
  });

  it('a store that fails to read gives a message, not an exception', async () => {
    const broken: KeyValueStore = {
      get: async () => {
        throw new Error('QuotaExceededError');
      },
      set: async () => {},
      clear: async () => {},
    };
    const keeping = new Keeping(new AppState(), { storage: null, store: async () => broken });
    expect(await keeping.keptInventory()).toBeNull();
    expect(keeping.message).toMatch(/could not be read \(Error: QuotaExceededError\)/);
  });
});
