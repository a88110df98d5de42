/**
 * The loading worker: reads files (or fetches an address), parses them, proposes a field
 * mapping and waits for the user's answer, merges everything with loadInventory and sends the
 * inventory back in chunks, so the page stays responsive however large the input. Cancelling
 * a load terminates this worker: there is no cooperative cancellation to get wrong.
 */
/// <reference lib="webworker" />
import type { Topology } from 'topojson-specification';
import { CountryIndex, normalizeCountry } from '../core/countries.ts';
import { endpointKeys, normalizeId } from '../core/dependencies.ts';
import {
  applyFieldMapping,
  describeMapping,
  mappingIsEmpty,
  needsConfirmation,
  profileFields,
  proposeMapping,
  type FieldMapping,
  type FileProfile,
} from '../core/field-mapping.ts';
import { readSource, type RawRecord, type ReadResult } from '../core/formats.ts';
import { loadInventory } from '../core/inventory.ts';
import type { ReportEntry } from '../core/types.ts';
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
import {
  LOCATION_CHECK_LIMIT,
  type FromWorker,
  type LoadPhase,
  type MappingMessage,
  type SourceFields,
  type StartMessage,
  type ToWorker,
} from './load-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Chunk sizes: each chunk is one message, so one short task on the page when it arrives. */
const FACILITY_CHUNK = 2_500;
const DEPENDENCY_CHUNK = 5_000;
const REPORT_CHUNK = 5_000;
const PROGRESS_EVERY_MS = 80;

type ReadOk = Extract<ReadResult, { ok: true }>;

interface Source {
  name: string;
  read: ReadOk;
}

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

  // 3. Field mapping: propose, ask, apply.
  const mappings = await mapFields(sources, start.mappings);
  const mapped = sources.map((s) => {
    const mapping = mappings[s.name] ?? {};
    if (mappingIsEmpty(mapping)) return s;
    const note: ReportEntry = {
      file: s.name,
      index: -1,
      code: 'field-mapping',
      message: `fields read under their SPEC names: ${describeMapping(mapping)}; the original fields are kept too`,
    };
    const read: ReadOk = {
      ...s.read,
      records: applyFieldMapping(s.read.records, mapping),
      warnings: [note, ...s.read.warnings],
    };
    return { name: s.name, read };
  });

  // 4. Country boundaries, only when they are needed (see countryIndexFor).
  progress.set('checking', '');
  const countries = await countryIndexFor(mapped, start.countriesUrl, progress);

  // 5. Merge and check.
  progress.set('checking', '');
  const result = loadInventory(
    mapped.map((s) => ({ name: s.name, read: s.read })),
    { countries: countries.index },
  );
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
  if (countries.note) inventory.warnings.unshift(countries.note);

  // 6. Send: facilities, dependencies and report in chunks, then the rest.
  progress.set('sending', '');
  const workerMs = performance.now() - t0;
  const phasesMs = Object.fromEntries(
    Object.entries(progress.phasesMs).map(([phase, ms]) => [phase, Math.round(ms)]),
  );
  for (let i = 0; i < inventory.facilities.length; i += FACILITY_CHUNK) {
    post({ type: 'facilities', facilities: inventory.facilities.slice(i, i + FACILITY_CHUNK) });
  }
  for (let i = 0; i < inventory.dependencies.length; i += DEPENDENCY_CHUNK) {
    post({
      type: 'dependencies',
      dependencies: inventory.dependencies.slice(i, i + DEPENDENCY_CHUNK),
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

/**
 * Proposes a mapping for every source not mapped before; when any proposal changes
 * something, asks the page (the mapping dialog) and waits for the answer.
 */
async function mapFields(
  sources: Source[],
  confirmed: Record<string, FieldMapping>,
): Promise<Record<string, FieldMapping>> {
  const out: Record<string, FieldMapping> = { ...confirmed };
  const open = sources.filter((s) => !Object.hasOwn(confirmed, s.name));
  if (open.length === 0) return out;
  const profiles = new Map<string, FileProfile>(
    open.map((s) => [s.name, profileFields(s.read.records)]),
  );

  // Facility ids first (named `id`, or the field proposed as id), so that provider and
  // dependent columns can be recognized by their values.
  const knownIds = new Set<string>();
  for (const s of sources) {
    const profile = profiles.get(s.name);
    const idField = profile
      ? (proposeMapping(profile).mapping.id ?? 'id')
      : (confirmed[s.name]?.id ?? 'id');
    collectIds(s.read.records, idField, knownIds);
  }

  const asks: SourceFields[] = [];
  for (const s of open) {
    const profile = profiles.get(s.name)!;
    const proposal = proposeMapping(profile, knownIds);
    out[s.name] = proposal.mapping;
    if (!needsConfirmation(proposal)) continue;
    asks.push({
      source: s.name,
      records: profile.records,
      fields: profile.fields.map((f) => ({
        name: f.name,
        present: f.present,
        samples: samples(f.values),
      })),
      satisfied: proposal.satisfied,
      proposals: proposal.proposals,
      mapping: proposal.mapping,
    });
  }
  if (asks.length === 0) return out;
  const reply = await new Promise<MappingMessage>((resolve) => {
    answer = resolve;
    post({ type: 'fields', sources: asks });
  });
  answer = null;
  for (const ask of asks) out[ask.source] = reply.mappings[ask.source] ?? {};
  return out;
}

function collectIds(records: RawRecord[], field: string, into: Set<string>): void {
  for (const r of records) {
    const id = normalizeId(Object.hasOwn(r.properties, field) ? r.properties[field] : r.featureId);
    if (id) into.add(id);
  }
}

function samples(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
    if (!out.includes(short)) out.push(short);
    if (out.length === 4) break;
  }
  return out;
}

/**
 * The country index costs a 750 kB download, ~0.4 s to build and ~35 µs per facility it
 * checks. It is built when some facility lacks a (recognizable) country, and for small
 * inventories, where it also checks every given country against the location (swapped
 * longitude and latitude show up there). A large inventory that names every country skips
 * those checks, and the report says so.
 */
async function countryIndexFor(
  sources: Source[],
  url: string,
  progress: Progress,
): Promise<{ index: CountryIndex | null; note: ReportEntry | null }> {
  let facilities = 0;
  let missing = false;
  for (const s of sources) {
    for (const r of s.read.records) {
      const ends = endpointKeys(r.properties);
      if (ends.from && ends.to) continue;
      facilities++;
      if (!missing && typeof normalizeCountry(r.properties.country) !== 'string') missing = true;
    }
  }
  if (!missing && facilities > LOCATION_CHECK_LIMIT) {
    const note: ReportEntry = {
      file: sources[0]?.name ?? '',
      index: -1,
      code: 'location-checks-skipped',
      message: `every one of the ${facilities.toLocaleString('en')} facilities names its country, so locations were not checked against country boundaries (done below ${LOCATION_CHECK_LIMIT.toLocaleString('en')} facilities); npm run analyze -- FILE --validate checks them`,
    };
    return { index: null, note };
  }
  progress.set('countries', '');
  try {
    const response = await fetch(new URL(url, self.location.href));
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return { index: new CountryIndex((await response.json()) as Topology), note: null };
  } catch (error) {
    const note: ReportEntry = {
      file: sources[0]?.name ?? '',
      index: -1,
      code: 'countries-unavailable',
      message: `the country boundaries did not load (${String((error as Error)?.message ?? error)}): missing countries stay empty`,
    };
    return { index: null, note };
  }
}
