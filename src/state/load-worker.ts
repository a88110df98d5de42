/**
 * The loading worker: reads files (or fetches an address) and hands their bytes to the one
 * load pipeline (src/core/load-pipeline.ts: formats, field mapping with the user's answer,
 * countries, checks), then sends the inventory back in chunks, so the page stays responsive however large the input. Cancelling
 * a load terminates this worker: there is no cooperative cancellation to get wrong.
 */
/// <reference lib="webworker" />
import sqliteWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { Topology } from 'topojson-specification';
import { CountryIndex } from '../core/countries.ts';
import type { Mapped } from '../core/load-steps.ts';
import type { Inventory } from '../core/types.ts';
import { loadSources, type LoadInput } from '../core/load-pipeline.ts';
import { setSqlite } from '../core/sqlite.ts';
import { buildIndex, builtBuffers } from './indexed.ts';
import { fetchCapped, readBytes, Refusal, tooLarge } from './load-read.ts';
import type {
  FromWorker,
  InventoryFormat,
  LoadPhase,
  MappingMessage,
  SourceFields,
  StartMessage,
  ToWorker,
} from './load-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// GeoPackages are SQLite, read with sql.js: its WebAssembly is a build asset of its own, fetched
// only when one is opened (src/core/sqlite.ts). Compiling it needs 'wasm-unsafe-eval' in this
// worker's Content Security Policy (LOAD_WORKER_POLICY in vite.config.ts).
setSqlite({ wasmUrl: sqliteWasmUrl });

/** Chunk sizes: each chunk is one message, so one short task on the page when it arrives. */
const FACILITY_CHUNK = 2_500;
const DEPENDENCY_CHUNK = 5_000;
const REPORT_CHUNK = 5_000;
const PROGRESS_EVERY_MS = 80;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

let answer: ((message: MappingMessage) => void) | null = null;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    run(message).catch((error: unknown) => {
      const refusal =
        error instanceof Refusal
          ? error
          : new Refusal(
              '',
              'load-failed',
              `the load failed: ${String((error as Error)?.message ?? error)}`,
            );
      post({
        type: 'refused',
        file: refusal.file,
        code: refusal.code,
        message: refusal.message,
        errors: [],
      });
    });
  } else if (message.type === 'mapping') {
    answer?.(message);
  }
};

class Progress {
  phase: LoadPhase = 'reading';
  file = '';
  bytesDone = 0;
  bytesRead = 0;
  bytesTotal = 0;
  features = 0;
  /** Milliseconds spent in each phase so far. */
  readonly phasesMs: Partial<Record<LoadPhase, number>> = {};
  #last = 0;
  #since = performance.now();

  report(force = false): void {
    const now = performance.now();
    if (!force && now - this.#last < PROGRESS_EVERY_MS) return;
    this.#last = now;
    post({
      type: 'progress',
      phase: this.phase,
      file: this.file,
      bytesRead: this.bytesRead,
      bytesTotal: this.bytesTotal,
      features: this.features,
    });
  }

  set(phase: LoadPhase, file = this.file): void {
    const now = performance.now();
    this.phasesMs[this.phase] = (this.phasesMs[this.phase] ?? 0) + (now - this.#since);
    this.#since = now;
    this.phase = phase;
    this.file = file;
    this.report(true);
  }
}

async function run(start: StartMessage): Promise<void> {
  const t0 = performance.now();
  const progress = new Progress();
  progress.bytesTotal = start.items.reduce((n, i) => n + (i.kind === 'blob' ? i.blob.size : 0), 0);
  if (progress.bytesTotal > start.maxBytes) {
    throw tooLarge(start.items.map((i) => i.name).join(', '), progress.bytesTotal, start.maxBytes);
  }

  // 1. Bytes: fetch addresses (counted against the same cap).
  const blobs: { name: string; blob: Blob }[] = [];
  for (const item of start.items) {
    if (item.kind === 'blob') {
      blobs.push(item);
      continue;
    }
    progress.set('fetching', item.name);
    const allowed = item.allowedOrigin ?? self.location.origin;
    const fetchedBefore = progress.bytesRead;
    const blob = await fetchCapped(
      item.name,
      item.url,
      allowed,
      start.maxBytes - fetchedBefore,
      (n) => {
        progress.bytesRead = fetchedBefore + n;
        progress.report();
      },
    );
    progress.bytesTotal += blob.size;
    blobs.push({ name: item.name, blob });
  }
  progress.bytesRead = 0;

  // 2-5. Read, map fields (asking the page's mapping dialog), countries, checks: the one
  // load pipeline the CLI and the build also run (src/core/load-pipeline.ts).
  const inputs: LoadInput[] = blobs.map(({ name, blob }) => ({
    name,
    open: async () => {
      const before = progress.bytesDone;
      const bytes = new Uint8Array(
        await readBytes(blob, (n) => {
          progress.bytesRead = before + n;
          progress.report();
        }),
      );
      progress.bytesDone = before + blob.size;
      return bytes;
    },
  }));
  const result = await loadSources(inputs, {
    mappings: start.mappings,
    sectorValues: start.sectorValues,
    ask: askPage,
    countries: () => fetchCountries(start.countriesUrl),
    onPhase: (phase, file) => progress.set(phase, file),
    onRecords: (records) => {
      progress.features = records;
      progress.report();
    },
  });
  if (!result.ok) {
    post({
      type: 'refused',
      file: result.file,
      code: result.code,
      message: result.message,
      errors: result.errors.slice(0, 1000),
    });
    return;
  }
  const inventory = result.inventory;
  if (start.exportAs) {
    progress.set('sending', '');
    const bytes = await exported(inventory, start.exportAs);
    post({ type: 'exported', bytes }, [bytes.buffer]);
    return;
  }

  // 6. The graph and the spatial index, built here so the page only adopts their buffers.
  progress.set('indexing', '');
  const built = buildIndex(inventory);

  // 7. Send: facilities, dependencies and report in chunks, then the rest.
  progress.set('sending', '');
  const workerMs = performance.now() - t0;
  const phasesMs = Object.fromEntries(
    Object.entries(progress.phasesMs).map(([phase, ms]) => [phase, Math.round(ms)]),
  );
  for (let i = 0; i < inventory.facilities.length; i += FACILITY_CHUNK) {
    post({ type: 'facilities', facilities: inventory.facilities.slice(i, i + FACILITY_CHUNK) });
  }
  const deps = inventory.dependencies;
  post({ type: 'dependencies', dependencies: { ...deps, properties: [] } }, [
    ...new Set(
      [deps.from, deps.to, deps.service, deps.delayHours, deps.sourceFile, deps.sourceIndex].map(
        (column) => column.buffer,
      ),
    ),
  ]);
  post({ type: 'index', built }, builtBuffers(built));
  for (let i = 0; i < deps.properties.length; i += DEPENDENCY_CHUNK) {
    post({
      type: 'dependency-properties',
      properties: deps.properties.slice(i, i + DEPENDENCY_CHUNK),
    });
  }
  const { errors, warnings } = inventory;
  for (let i = 0; i < Math.max(errors.length, warnings.length); i += REPORT_CHUNK) {
    post({
      type: 'report',
      errors: errors.slice(i, i + REPORT_CHUNK),
      warnings: warnings.slice(i, i + REPORT_CHUNK),
    });
  }
  post({
    type: 'done',
    files: inventory.files,
    items: blobs,
    mappings: result.mappings,
    sectorValues: result.sectorValues,
    stats: {
      bytes: blobs.reduce((n, b) => n + b.blob.size, 0),
      records: result.records,
      workerMs,
      phasesMs,
      countryIndexBuilt: result.countryIndexBuilt,
    },
  });
}

/** The inventory as a file of `format`; its writer is loaded only for an export. */
async function exported(inventory: Inventory, format: InventoryFormat): Promise<Uint8Array> {
  if (format === 'geopackage') {
    const { inventoryToGeoPackage } = await import('../core/export-geopackage.ts');
    return inventoryToGeoPackage(inventory);
  }
  const { inventoryToGeoParquet } = await import('../core/export-geoparquet.ts');
  return inventoryToGeoParquet(inventory);
}

/** Asks the page (the mapping dialog) and waits for its answer. */
async function askPage(asks: SourceFields[]): Promise<Mapped> {
  const reply = await new Promise<MappingMessage>((resolve) => {
    answer = resolve;
    post({ type: 'fields', sources: asks });
  });
  answer = null;
  return { mappings: reply.mappings, sectorValues: reply.sectorValues ?? {} };
}

/** The country boundaries (world-atlas countries-50m), fetched from the app's origin. */
async function fetchCountries(url: string): Promise<CountryIndex> {
  const response = await fetch(new URL(url, self.location.href));
  if (!response.ok) throw new Error(`answered ${response.status}`);
  return new CountryIndex((await response.json()) as Topology);
}
