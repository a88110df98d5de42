/**
 * The one load pipeline: files already read (text or bytes, with their names) in, an
 * inventory with its report out. Reading and format detection (readers.ts, formats.ts), field
 * mapping (the proposal, or the mapping the user confirmed, through an `ask` callback), country
 * boundaries when they are needed, and the checks (load-steps.ts, inventory.ts). The loading
 * worker, the build step that prepares the bundled sample and the CLI all call loadSources, so
 * a file loads the same everywhere. Where bytes come from (a Blob, a fetch, the file system) is
 * the caller's business.
 */
import type { CountryIndex } from './countries.ts';
import type { FieldMapping } from './field-mapping.ts';
import { readSource } from './formats.ts';
import { LOCATION_CHECK_LIMIT } from './load-limits.ts';
import { isShapefilePart, readShapefileParts } from './formats/shapefile.ts';
import {
  applyMappings,
  countriesUnavailable,
  countryPlan,
  mapFields,
  mergeSources,
  type AskFields,
  type Source,
} from './load-steps.ts';
import { READERS, Refusal, readerFor, type BinaryReader, type ReaderLayer } from './readers.ts';
import type { SectorValues } from './sector-values.ts';
import { decodeText } from './text-decode.ts';
import type { Inventory, ReportEntry } from './types.ts';

/** One file as the caller read it. */
export interface LoadInput {
  /** The file name: reports use it, and readers and formats.ts pick the format by it. */
  name: string;
  /** The file's text (GeoJSON, NDJSON or CSV). */
  text?: string;
  /** Or its bytes: a reader's format (readers.ts), else decoded as UTF-8 or UTF-16 text. */
  bytes?: Uint8Array;
  /**
   * Or a function that reads the bytes when the pipeline gets to this file, so that a large
   * load holds one file's bytes at a time (the worker reads Blobs this way, with progress).
   */
  open?: () => Promise<Uint8Array>;
}

/** What a load is doing, for a progress bar. */
export type PipelinePhase = 'reading' | 'parsing' | 'checking' | 'countries';

export interface LoadSourcesOptions {
  /**
   * Column mappings the user confirmed before, by source name (`{}` for a source: confirmed
   * as it is). Sources not named here get the proposal, through `ask` when it changes
   * something.
   */
  mappings?: Record<string, FieldMapping>;
  /**
   * Or, decided once a source is read: its confirmed mapping, given its field names (the CLI's
   * `--mapping FILE` takes the columns each file has); undefined: the proposal.
   */
  mappingFor?: (source: { name: string; fields: string[] }) => FieldMapping | undefined;
  /**
   * Sector values (the sector column's words -> sectors) confirmed before, by source name, as
   * the mapping dialog saves them (`{"columns", "sectorValues"}`). A source confirmed without
   * them gets the sector proposal.
   */
  sectorValues?: Record<string, SectorValues>;
  /**
   * Asks the user to confirm or correct proposals (the mapping dialog). Without it, every
   * proposal is taken as it is.
   */
  ask?: AskFields;
  /** The country boundaries, asked for only when they are needed (see countryPlan). */
  countries?: () => Promise<CountryIndex | null>;
  /**
   * Up to how many facilities every given country is checked against the boundaries
   * (default LOCATION_CHECK_LIMIT; Infinity: always, as the CLI does).
   */
  locationCheckLimit?: number;
  /** The binary readers, tried in order (default READERS). */
  readers?: readonly BinaryReader[];
  onPhase?: (phase: PipelinePhase, file: string) => void;
  /** Records read so far, over all files. */
  onRecords?: (records: number) => void;
}

export type LoadSourcesResult =
  | {
      ok: true;
      inventory: Inventory;
      /** The mapping each source was read with, by source name. */
      mappings: Record<string, FieldMapping>;
      /** The sector column's words -> sectors each source was read with, by source name. */
      sectorValues: Record<string, SectorValues>;
      /** Records read over all files, before any was rejected. */
      records: number;
      countryIndexBuilt: boolean;
    }
  | {
      ok: false;
      file: string;
      code: string;
      message: string;
      /** What was reported before the input was refused. */
      errors: ReportEntry[];
      warnings: ReportEntry[];
    };

/** Takes every proposal as it is. */
const takeProposals: AskFields = async (asks) => ({
  mappings: Object.fromEntries(asks.map((a) => [a.source, a.mapping])),
  sectorValues: Object.fromEntries(asks.map((a) => [a.source, a.sectorValues])),
});

/**
 * Loads files into one checked inventory, as the viewer does.
 * @example await loadSources([{ name: 'sites.csv', text }], { countries: loadCountryIndex })
 */
export async function loadSources(
  inputs: readonly LoadInput[],
  options: LoadSourcesOptions = {},
): Promise<LoadSourcesResult> {
  const onPhase = options.onPhase ?? (() => {});
  const sources: Source[] = [];
  try {
    await readInputs(inputs, sources, options.readers ?? READERS, onPhase, options.onRecords);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // What the files before this one reported stays in the report, as loadInventory keeps it.
    const errors = sources.flatMap((s) => s.read.errors);
    const warnings = sources.flatMap((s) => s.read.warnings);
    return {
      ok: false,
      file: error.file,
      code: error.code,
      message: error.message,
      errors,
      warnings,
    };
  }

  const confirmed: Record<string, FieldMapping> = { ...options.mappings };
  if (options.mappingFor) {
    for (const s of sources) {
      if (Object.hasOwn(confirmed, s.name)) continue;
      const mapping = options.mappingFor({ name: s.name, fields: fieldNames(s) });
      if (mapping) confirmed[s.name] = mapping;
    }
  }
  const { mappings, sectorValues } = await mapFields(
    sources,
    confirmed,
    options.ask ?? takeProposals,
    options.sectorValues,
  );
  const mapped = applyMappings(sources, mappings, sectorValues);

  onPhase('checking', '');
  const plan = countryPlan(mapped, options.locationCheckLimit ?? LOCATION_CHECK_LIMIT);
  let countries: CountryIndex | null = null;
  let note = plan.skipped;
  if (plan.needed && options.countries) {
    onPhase('countries', '');
    try {
      countries = await options.countries();
    } catch (error) {
      note = countriesUnavailable(mapped, error);
    }
    onPhase('checking', '');
  }
  const result = mergeSources(mapped, countries, note);
  if (!result.ok) return result;
  return {
    ok: true,
    inventory: result.inventory,
    mappings,
    sectorValues,
    records: sources.reduce((n, s) => n + s.read.records.length, 0),
    countryIndexBuilt: countries !== null,
  };
}

/**
 * Reads every input into records, appended to `sources`: loose Shapefile parts together (by
 * base name), binary files through their reader, the rest as text. Names are made unique
 * (`a.csv (2)`). Throws a Refusal when a file cannot be read at all.
 */
async function readInputs(
  inputs: readonly LoadInput[],
  sources: Source[],
  readers: readonly BinaryReader[],
  onPhase: (phase: PipelinePhase, file: string) => void,
  onRecords: ((records: number) => void) | undefined,
): Promise<void> {
  const used = new Set<string>();
  let records = 0;
  const unique = (name: string) => {
    let out = name;
    for (let k = 2; used.has(out); k++) out = `${name} (${k})`;
    used.add(out);
    return out;
  };
  const add = (layer: ReaderLayer) => {
    const name = unique(layer.name);
    const read = readSource({ ...layer, name });
    if (!read.ok) throw new Refusal(name, read.code, read.message);
    const notes = (layer.notes ?? []).map((message): ReportEntry => ({
      file: name,
      index: -1,
      code: layer.code ?? 'reader',
      message,
    }));
    sources.push({ name, read: { ...read, warnings: [...notes, ...read.warnings] } });
    records += read.records.length;
    onRecords?.(records);
  };
  const bytesOf = async (input: LoadInput): Promise<Uint8Array> => {
    onPhase('reading', input.name);
    if (input.bytes) return input.bytes;
    if (input.open) return input.open();
    return new TextEncoder().encode(input.text ?? '');
  };

  // Loose Shapefile parts (grid.shp, grid.dbf, grid.prj) are read together, by base name.
  const baseOf = (name: string) => name.replace(/\.[^.]+$/, '');
  const loose = new Map<string, LoadInput[]>();
  for (const input of inputs) {
    if (!isShapefilePart(input.name)) continue;
    const base = baseOf(input.name);
    loose.set(base, [...(loose.get(base) ?? []), input]);
  }

  for (const input of inputs) {
    if (isShapefilePart(input.name)) {
      const base = baseOf(input.name);
      const group = loose.get(base);
      if (!group) continue; // read with the first part of its group
      loose.delete(base);
      const parts = new Map<string, Uint8Array>();
      for (const part of group) {
        parts.set(part.name.slice(base.length + 1).toLowerCase(), await bytesOf(part));
      }
      onPhase('parsing', input.name);
      add({ ...(await readShapefileParts(`${base}.shp`, parts)), code: 'shapefile' });
      continue;
    }
    if (input.text !== undefined) {
      onPhase('parsing', input.name);
      add({ name: input.name, text: input.text });
      continue;
    }
    const bytes = await bytesOf(input);
    onPhase('parsing', input.name);
    const reader = readerFor(input.name, bytes, readers);
    if (reader) {
      for (const layer of await reader.read(input.name, bytes)) add(layer);
    } else {
      add({ name: input.name, text: decodeText(bytes) });
    }
  }
}

/** Every property name of a source's records, in first-seen order. */
function fieldNames(source: Source): string[] {
  const names = new Set<string>();
  for (const r of source.read.records) for (const key of Object.keys(r.properties)) names.add(key);
  return [...names];
}
