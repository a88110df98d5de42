/**
 * The page's side of loading (src/state/loader.ts) without a browser: the prepared path the
 * bundled sample takes (fetched JSON, no worker) gives the inventory the core loads from the
 * same file; a load over the size cap is refused before anything is read; names for "Add".
 * The worker path is covered in Chromium (tests/e2e/loading.spec.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareInventory, preparedJson } from '../../src/cli/prepare-inventory.ts';
import { dependencyTableToJson } from '../../src/core/dependency-table.ts';
import {
  formatBytes,
  inventoryName,
  MAX_LOAD_BYTES,
  startLoad,
  type LoadHooks,
} from '../../src/state/loader.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const hooks: LoadHooks = { onProgress: () => {}, onFields: async () => null };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startLoad, prepared form', () => {
  it('takes the prepared JSON in as the inventory the load steps make, without a worker', async () => {
    const prepared = await prepareInventory(join(ROOT, 'docs/examples/border.geojson'));
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(preparedJson(prepared));
    });
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new Error('no worker for a prepared load');
        }
      },
    );
    const item = {
      kind: 'url' as const,
      name: 'border.geojson',
      url: '/b.geojson',
      prepared: '/b.json',
    };
    const loaded = await startLoad([item], null, 'Border', hooks).result;
    expect(fetched).toEqual(['/b.json']);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { inventory } = loaded;
    expect(inventory.facilities.map((f) => f.id)).toEqual(prepared.facilities.map((f) => f.id));
    expect(dependencyTableToJson(inventory.dependencies)).toEqual(prepared.dependencies);
    expect(inventory.indexById.get('de-water')).toBe(2);
    expect(inventory.warnings).toEqual(prepared.warnings);
    // Longitudes 2.35 (Paris) to 7.85 (Kehl), latitudes 48.55 to 48.85.
    expect(loaded.bounds).toEqual([2.35, 48.55, 7.85, 48.85]);
    expect(loaded.stats).toMatchObject({ prepared: true, workerMs: 0, bytes: prepared.bytes });
    // "Add" names the merged inventory after this one.
    expect(inventoryName([{ kind: 'url', name: 'more.csv', url: '/m.csv' }], inventory)).toBe(
      'Border + more.csv',
    );
  });
});

describe('startLoad, size cap', () => {
  it('refuses files over the cap with the sizes and what to do, before reading anything', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new Error('nothing should be started');
        }
      },
    );
    const blob = { size: MAX_LOAD_BYTES + 1 } as Blob;
    const loaded = await startLoad(
      [{ kind: 'blob', name: 'huge.geojson', blob }],
      null,
      'huge',
      hooks,
    ).result;
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.message).toContain('huge.geojson');
    expect(loaded.message).toContain(formatBytes(MAX_LOAD_BYTES));
    expect(loaded.message).toContain('Nothing was changed');
  });
});

describe('formatBytes and inventoryName', () => {
  it('writes sizes as file managers do (decimal units)', () => {
    expect(formatBytes(850_000)).toBe('850 kB');
    expect(formatBytes(999)).toBe('1 kB');
  });

  it('joins the names of the files loaded together', () => {
    const items = [
      { kind: 'url' as const, name: 'a.csv', url: '/a.csv' },
      { kind: 'url' as const, name: 'b.csv', url: '/b.csv' },
    ];
    expect(inventoryName(items, null)).toBe('a.csv + b.csv');
  });
});
