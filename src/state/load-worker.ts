/**
 * The loading worker: reads files (or fetches an address), parses them, proposes a field
 * mapping and waits for the user's answer, merges everything with loadInventory and sends the
 * inventory back in chunks, so the page stays responsive however large the input. Cancelling
 * a load terminates this worker: there is no cooperative cancellation to get wrong.
 */
/// <reference lib="webworker" />
import type { Topology } from 'topojson-specification';
import { CountryIndex } from '../core/countries.ts';
import { readSource } from '../core/formats.ts';
import {
  fetchCapped,
  isShapefilePart,
  isZip,
  readBytes,
  readShapefileParts,
  readShapefileZip,
  readText,
  Refusal,
  tooLarge,
  type ShapefileLayer,
} from './load-read.ts';
import type { ReportEntry } from '../core/types.ts';
import type {
  FromWorker,
  LoadPhase,
  MappingMessage,
  SourceFields,
  StartMessage,
  ToWorker,
} from './load-protocol.ts';
import {
  applyMappings,
  countriesUnavailable,
  countryPlan,
  mapFields,
  mergeSources,
  type Mapped,
  type Source,
} from './load-steps.ts';

declare const self: DedicatedWorkerGlobalScope;

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

  // 2. Parse every file into records.
  const sources = await readAll(blobs, progress);

  // 3. Field mapping: propose, ask (the page's mapping dialog), apply.
  const { mappings, sectorValues } = await mapFields(
    sources,
    start.mappings,
    askPage,
    start.sectorValues,
  );
  const mapped = applyMappings(sources, mappings, sectorValues);

  // 4. Country boundaries, only when they are needed (see countryPlan).
  progress.set('checking', '');
  const countries = await countryIndexFor(mapped, start.countriesUrl, progress);

  // 5. Merge and check.
  progress.set('checking', '');
  const result = mergeSources(mapped, countries.index, countries.note);
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

  // 6. Send: facilities, dependencies and report in chunks, then the rest.
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
    mappings,
    sectorValues,
    stats: {
      bytes: blobs.reduce((n, b) => n + b.blob.size, 0),
      records: sources.reduce((n, s) => n + s.read.records.length, 0),
      workerMs,
      phasesMs,
      countryIndexBuilt: countries.index !== null,
    },
  });
}

/** Reads every Blob into records: text (GeoJSON, NDJSON, CSV), zipped or loose Shapefiles. */
async function readAll(
  blobs: { name: string; blob: Blob }[],
  progress: Progress,
): Promise<Source[]> {
  const sources: Source[] = [];
  const used = new Set<string>();
  const unique = (name: string) => {
    let out = name;
    for (let k = 2; used.has(out); k++) out = `${name} (${k})`;
    used.add(out);
    return out;
  };
  const addLayer = (layer: ShapefileLayer) => {
    const name = unique(layer.name);
    const read = readSource({ name, data: layer.data });
    if (!read.ok) throw new Refusal(name, read.code, read.message);
    for (const note of layer.notes)
      read.warnings.unshift({ file: name, index: -1, code: 'shapefile', message: note });
    sources.push({ name, read });
    progress.features += read.records.length;
  };
  const counted = (blob: Blob) => (n: number) => {
    progress.bytesRead = progress.bytesDone + n;
    progress.report();
    if (n >= blob.size) progress.bytesDone += blob.size;
  };

  // Loose Shapefile parts (grid.shp, grid.dbf, grid.prj) are read together, by base name.
  const loose = new Map<string, Map<string, Blob>>();
  for (const { name, blob } of blobs) {
    if (!isShapefilePart(name)) continue;
    const base = name.replace(/\.[^.]+$/, '');
    const ext = name.slice(base.length + 1).toLowerCase();
    if (!loose.has(base)) loose.set(base, new Map());
    loose.get(base)!.set(ext, blob);
  }

  for (const { name, blob } of blobs) {
    progress.set('reading', name);
    if (isShapefilePart(name)) {
      const base = name.replace(/\.[^.]+$/, '');
      const parts = loose.get(base);
      if (!parts) continue; // read with the first part of its group
      loose.delete(base);
      let size = 0;
      for (const b of parts.values()) size += b.size;
      const before = progress.bytesDone;
      const layer = await readShapefileParts(`${base}.shp`, parts, (n) => {
        progress.bytesRead = before + n;
        progress.report();
      });
      progress.bytesDone = before + size;
      progress.set('parsing', name);
      addLayer(layer);
      continue;
    }
    if (await isZip(blob)) {
      const bytes = await readBytes(blob, counted(blob));
      progress.set('parsing', name);
      for (const layer of await readShapefileZip(name, bytes)) addLayer(layer);
      continue;
    }
    const text = await readText(blob, counted(blob));
    progress.set('parsing', name);
    const sourceName = unique(name);
    const read = readSource({ name: sourceName, text });
    if (!read.ok) throw new Refusal(sourceName, read.code, read.message);
    sources.push({ name: sourceName, read });
    progress.features += read.records.length;
    progress.report(true);
  }
  return sources;
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

/** The country index when countryPlan says it is needed, fetched from the app's origin. */
async function countryIndexFor(
  sources: Source[],
  url: string,
  progress: Progress,
): Promise<{ index: CountryIndex | null; note: ReportEntry | null }> {
  const plan = countryPlan(sources);
  if (!plan.needed) return { index: null, note: plan.skipped };
  progress.set('countries', '');
  try {
    const response = await fetch(new URL(url, self.location.href));
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return { index: new CountryIndex((await response.json()) as Topology), note: null };
  } catch (error) {
    return { index: null, note: countriesUnavailable(sources, error) };
  }
}
