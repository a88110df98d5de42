/**
 * Getting inventories into the app: the bundled sample, files the user drops or picks, and a
 * `?data=` address. Reading, parsing and checking run in a worker (load-worker.ts); this side
 * starts it, relays progress and the field-mapping question, reassembles the inventory from
 * the worker's chunks, and can cancel by terminating the worker. Nothing is sent anywhere.
 */
import sampleUrl from '../../data/europe.geojson?url';
import preparedSampleUrl from 'virtual:ripplemap/prepared-sample';
import type { FieldMapping } from '../core/field-mapping.ts';
import type { SectorValues } from '../core/sector-values.ts';
import { boundsOf } from './bounds.ts';
import type { DependencyTable, Facility, Inventory, ReportEntry } from '../core/types.ts';
import { dependencyTableFromJson, emptyDependencies } from '../core/dependency-table.ts';
import { worldTopologyUrl } from '../map/basemap/basemap.ts';
import {
  MAX_LOAD_BYTES,
  megabytes,
  type FromWorker,
  type InventoryFormat,
  type LoadItem,
  type LoadStats,
  type PreparedInventory,
  type StartMessage,
  type Progress,
  type SourceFields,
  type ToWorker,
} from './load-protocol.ts';
import { reviveFacility, reviveProperties } from './revive.ts';
import { adoptBuiltIndex, searchTextOf, type BuiltIndex } from './indexed.ts';

/** "850 kB", "12.3 MB", "140 MB": sizes as file managers show them (decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.ceil(bytes / 1e3).toLocaleString('en')} kB`;
  return megabytes(bytes);
}

export type { LoadItem, LoadPhase, Progress, SourceFields } from './load-protocol.ts';
export { MAX_LOAD_BYTES } from './load-protocol.ts';

export type Loaded =
  | {
      ok: true;
      inventory: Inventory;
      name: string;
      bounds: [number, number, number, number];
      stats: LoadStats & { totalMs: number };
    }
  | { ok: false; message: string; cancelled?: boolean };

export const SAMPLE_NAME = 'Europe sample (unofficial ENTSO-E grid, open data)';

/**
 * The bundled sample, as a same-origin address, with the form the build loaded and checked
 * ahead of time: opened on its own it needs no worker (see startLoad).
 */
export function sampleItem(): LoadItem {
  return {
    kind: 'url',
    name: 'europe.geojson',
    url: absolute(sampleUrl),
    prepared: absolute(preparedSampleUrl),
  };
}

export interface LoadHooks {
  onProgress: (progress: Progress) => void;
  /** Asks the user to confirm or correct the proposed mappings; null cancels the load. */
  onFields: (sources: SourceFields[]) => Promise<FieldsAnswer | null>;
}

/** The mapping dialog's answer, by source name. */
export interface FieldsAnswer {
  mappings: Record<string, FieldMapping>;
  sectorValues: Record<string, SectorValues>;
}

export interface LoadTask {
  result: Promise<Loaded>;
  /** Stops the worker at once; `result` then says the load was cancelled. */
  cancel: () => void;
}

/** What each loaded inventory was read from, so "Add" can merge it again with new files. */
export interface Origin {
  items: LoadItem[];
  mappings: Record<string, FieldMapping>;
  sectorValues?: Record<string, SectorValues>;
  name: string;
}
const origins = new WeakMap<Inventory, Origin>();

/** What an inventory was read from: its files as read and the mapping they were read with. */
export function originOf(inventory: Inventory): Readonly<Origin> | undefined {
  return origins.get(inventory);
}

/** The name the app shows for an inventory loaded from `items` (added to `base`). */
export function inventoryName(items: LoadItem[], base: Inventory | null): string {
  const names = items.map((i) => i.name).join(' + ');
  return base ? `${origins.get(base)?.name ?? 'inventory'} + ${names}` : names;
}

/**
 * Loads `items` into a new inventory, merged with `base`'s own files when adding. The current
 * inventory is never touched: the caller replaces it only on `ok`. `confirmed`: mappings the
 * user confirmed before (a kept inventory read again), asked for no more.
 * @example const task = startLoad([{ kind: 'blob', name: f.name, blob: f }], null, 'grid', hooks)
 */
export function startLoad(
  items: LoadItem[],
  base: Inventory | null,
  name: string,
  hooks: LoadHooks,
  confirmed?: FieldsAnswer,
): LoadTask {
  const origin = base ? origins.get(base) : undefined;
  const all: LoadItem[] = [...(origin?.items ?? []), ...items];
  const only = all.length === 1 ? all[0] : undefined;
  if (only?.kind === 'url' && only.prepared) return startPrepared(only, only.prepared, name, hooks);
  const bytes = all.reduce((n, i) => n + (i.kind === 'blob' ? i.blob.size : 0), 0);
  if (bytes > MAX_LOAD_BYTES) {
    const what = base ? 'together with the current inventory, these files are' : 'this is';
    return {
      result: Promise.resolve({
        ok: false,
        message: `${items.map((i) => i.name).join(', ')}: ${what} ${megabytes(bytes)}, over the ${megabytes(MAX_LOAD_BYTES)} a browser tab can load safely. Split the inventory (by country or sector), or check it with the command line (npm run analyze -- FILE --validate). Nothing was changed.`,
      }),
      cancel: () => {},
    };
  }

  const t0 = performance.now();
  let waitedMs = 0;
  // User Timing marks: the load figures in docs/performance.md are measured between them.
  performance.mark('ripplemap:load-start');
  const worker = loadWorker();
  let settle: (loaded: Loaded) => void = () => {};
  const result = new Promise<Loaded>((resolve) => (settle = resolve));
  let finished = false;
  const finish = (loaded: Loaded) => {
    if (finished) return;
    finished = true;
    worker.terminate();
    performance.mark('ripplemap:load-end');
    // In a task of its own: the app taking the inventory in (graph, layers) is not the load.
    setTimeout(() => settle(loaded), 0);
  };

  const facilities: Facility[] = [];
  const indexById = new Map<string, number>();
  let dependencies: DependencyTable = emptyDependencies();
  const dependencyProperties: Record<string, unknown>[] = [];
  const searchText: string[] = [];
  let built: BuiltIndex | null = null;
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    switch (message.type) {
      case 'progress':
        hooks.onProgress(message);
        break;
      case 'fields': {
        // The time the user spends in the mapping dialog is not the load's.
        const asked = performance.now();
        void hooks.onFields(message.sources).then((answer) => {
          waitedMs += performance.now() - asked;
          if (answer === null) finish(cancelled());
          else send(worker, { type: 'mapping', ...answer });
        });
        break;
      }
      case 'facilities':
        for (const f of message.facilities) {
          reviveFacility(f);
          indexById.set(f.id, facilities.length);
          facilities.push(f);
        }
        // Made chunk by chunk here: in one go after a large load it was a long task.
        for (const key of searchTextOf(message.facilities)) searchText.push(key);
        break;
      case 'dependencies':
        dependencies = message.dependencies;
        break;
      case 'index':
        built = message.built;
        break;
      case 'dependency-properties':
        for (const p of message.properties) dependencyProperties.push(reviveProperties(p));
        break;
      case 'report':
        errors.push(...message.errors);
        warnings.push(...message.warnings);
        break;
      case 'refused':
        finish({
          ok: false,
          message: `${message.file ? `${message.file}: ` : ''}${message.message}. Nothing was changed.`,
        });
        break;
      case 'done': {
        if (dependencyProperties.length !== dependencies.length) {
          finish({
            ok: false,
            message: `The loader sent ${dependencyProperties.length} dependencies' properties for ${dependencies.length} dependencies. Nothing was changed.`,
          });
          break;
        }
        const inventory: Inventory = {
          facilities,
          dependencies: { ...dependencies, properties: dependencyProperties },
          indexById,
          errors,
          warnings,
          files: message.files,
        };
        if (built) adoptBuiltIndex(inventory, { ...built, searchText });
        const read = message.items.map((i): LoadItem => ({ kind: 'blob', ...i }));
        origins.set(inventory, {
          items: read,
          mappings: message.mappings,
          ...(message.sectorValues ? { sectorValues: message.sectorValues } : {}),
          name,
        });
        finish({
          ok: true,
          inventory,
          name,
          bounds: built?.bounds ?? boundsOf(inventory),
          stats: { ...message.stats, totalMs: performance.now() - t0 - waitedMs },
        });
        break;
      }
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    finish({
      ok: false,
      message: `The loader stopped unexpectedly (${event.message || 'out of memory?'}). Nothing was changed.`,
    });
  };
  send(worker, startMessage(all, origin ?? confirmed));
  return { result, cancel: () => finish(cancelled()) };
}

/**
 * The open inventory written as a GeoPackage or GeoParquet file, so a planner converts once:
 * the worker reads its files again, exactly as they were loaded (the same mapping), and writes
 * the result with src/core/export-geopackage.ts or export-geoparquet.ts.
 */
export function exportInventory(
  inventory: Inventory,
  format: InventoryFormat,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  const origin = origins.get(inventory);
  if (!origin)
    return Promise.resolve({ ok: false, message: 'This inventory has no files to export.' });
  const worker = loadWorker();
  return new Promise((resolve) => {
    const finish = (result: { ok: true; bytes: Uint8Array } | { ok: false; message: string }) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (message.type === 'exported') finish({ ok: true, bytes: message.bytes });
      else if (message.type === 'refused') {
        finish({ ok: false, message: `The export failed: ${message.message}.` });
      } else if (message.type === 'fields') {
        // Confirmed at load time; a file read differently now takes the proposals.
        const mappings = Object.fromEntries(message.sources.map((f) => [f.source, f.mapping]));
        send(worker, { type: 'mapping', mappings });
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ ok: false, message: `The export stopped (${event.message || 'out of memory?'}).` });
    };
    const items = origin.items.map((i) => (i.kind === 'url' ? plainAddress(i) : i));
    send(worker, { ...startMessage(items, origin), exportAs: format });
  });
}

/**
 * Takes in an inventory loaded and checked ahead of time (the bundled sample: no worker, no
 * second download of the country boundaries). When the prepared form cannot be read, `item`
 * loads through the worker as any address would.
 */
function startPrepared(item: UrlItem, url: string, name: string, hooks: LoadHooks): LoadTask {
  const t0 = performance.now();
  performance.mark('ripplemap:load-start');
  const abort = new AbortController();
  let fallback: LoadTask | null = null;
  const taken = (async (): Promise<Loaded> => {
    const response = await fetch(url, { signal: abort.signal });
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const prepared = (await response.json()) as PreparedInventory;
    if (prepared.format !== 'ripplemap-prepared-inventory' || prepared.version !== 2)
      throw new Error('not a prepared inventory');
    const indexById = new Map<string, number>();
    prepared.facilities.forEach((f, i) => {
      reviveFacility(f);
      indexById.set(f.id, i);
    });
    prepared.dependencies.properties.forEach(reviveProperties);
    const inventory: Inventory = {
      facilities: prepared.facilities,
      dependencies: dependencyTableFromJson(prepared.dependencies),
      indexById,
      errors: prepared.errors,
      warnings: prepared.warnings,
      files: prepared.files,
    };
    origins.set(inventory, { items: [plainAddress(item)], mappings: prepared.mappings, name });
    performance.mark('ripplemap:load-end');
    return {
      ok: true,
      inventory,
      name,
      bounds: boundsOf(inventory),
      stats: {
        bytes: prepared.bytes,
        records: prepared.records,
        workerMs: 0,
        phasesMs: {},
        countryIndexBuilt: false,
        prepared: true,
        totalMs: performance.now() - t0,
      },
    };
  })();
  const result = taken.catch((error: unknown) => {
    if (abort.signal.aborted) return cancelled();
    console.warn(`The prepared sample did not load (${String(error)}); loading it in the worker.`);
    fallback = startLoad([plainAddress(item)], null, name, hooks);
    return fallback.result;
  });
  return {
    result,
    cancel: () => {
      abort.abort();
      fallback?.cancel();
    },
  };
}

type UrlItem = Extract<LoadItem, { kind: 'url' }>;

/** The address without its prepared form: what "Add" reads again, and the fallback loads. */
function plainAddress(item: UrlItem): UrlItem {
  const plain = { ...item };
  delete plain.prepared;
  return plain;
}

function cancelled(): Loaded {
  return { ok: false, cancelled: true, message: 'Loading cancelled: nothing was changed.' };
}

function loadWorker(): Worker {
  return new Worker(new URL('./load-worker.ts', import.meta.url), { type: 'module' });
}

/** The worker's start message for `items`, read with the mappings confirmed before, if any. */
function startMessage(
  items: LoadItem[],
  confirmed:
    | { mappings: Record<string, FieldMapping>; sectorValues?: Record<string, SectorValues> }
    | undefined,
): StartMessage {
  return {
    type: 'start',
    items,
    mappings: confirmed?.mappings ?? {},
    sectorValues: confirmed?.sectorValues ?? {},
    maxBytes: MAX_LOAD_BYTES,
    countriesUrl: absolute(worldTopologyUrl),
  };
}

function send(worker: Worker, message: ToWorker): void {
  worker.postMessage(message);
}

function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}
