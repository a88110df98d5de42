/**
 * The steps of a load after the files are read, run in this order by loadSources
 * (load-pipeline.ts), which the loading worker, the build step that prepares the bundled sample
 * and the CLI all call: field mapping, the decision whether country boundaries are needed, and
 * the merge. No worker or DOM globals here: how the user is asked, and where boundaries come
 * from, are parameters.
 */
import type { CountryIndex } from './countries.ts';
import { normalizeCountry } from './countries.ts';
import { endpointKeys, normalizeId } from './dependencies.ts';
import {
  applyFieldMapping,
  describeMapping,
  mappingIsEmpty,
  needsConfirmation,
  profileFields,
  proposeMapping,
  type FieldMapping,
  type FieldRole,
  type FileProfile,
  type RoleProposal,
} from './field-mapping.ts';
import type { RawRecord, ReadResult } from './formats.ts';
import { loadInventory, type LoadResult } from './inventory.ts';
import { jsonText } from './json-text.ts';
import type { ReportEntry } from './types.ts';

/** Below this many facility records, country boundaries check every given country. */
export const LOCATION_CHECK_LIMIT = 25_000;

/** What the mapping dialog shows for one source. */
export interface SourceFields {
  source: string;
  records: number;
  fields: { name: string; present: number; samples: string[] }[];
  satisfied: FieldRole[];
  proposals: RoleProposal[];
  mapping: FieldMapping;
}

export type ReadOk = Extract<ReadResult, { ok: true }>;

/** One file (or Shapefile layer) read into records. */
export interface Source {
  name: string;
  read: ReadOk;
}

/** Asks the user to confirm the proposed mappings; resolves to mappings by source name. */
export type AskFields = (asks: SourceFields[]) => Promise<Record<string, FieldMapping>>;

/**
 * Proposes a mapping for every source not mapped before; when any proposal changes
 * something, asks (the mapping dialog) and waits for the answer.
 */
export async function mapFields(
  sources: Source[],
  confirmed: Record<string, FieldMapping>,
  ask: AskFields,
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
  const reply = await ask(asks);
  for (const a of asks) out[a.source] = reply[a.source] ?? {};
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
    const text = typeof v === 'object' ? jsonText(v, 41) : String(v);
    const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
    if (!out.includes(short)) out.push(short);
    if (out.length === 4) break;
  }
  return out;
}

/** The sources with their confirmed mappings applied (and a note saying so in the report). */
export function applyMappings(sources: Source[], mappings: Record<string, FieldMapping>): Source[] {
  return sources.map((s) => {
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
}

/**
 * Whether the country boundaries are needed. They cost a 750 kB download, ~0.4 s to build and
 * ~35 µs per facility checked: they are built when some facility lacks a (recognizable)
 * country, and for small inventories, where they also check every given country against the
 * location (swapped longitude and latitude show up there). A large inventory that names every
 * country skips those checks, and the report says so (`skipped`).
 */
export function countryPlan(
  sources: Source[],
  limit = LOCATION_CHECK_LIMIT,
): { needed: boolean; skipped: ReportEntry | null } {
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
  if (missing || facilities <= limit) return { needed: true, skipped: null };
  return {
    needed: false,
    skipped: {
      file: sources[0]?.name ?? '',
      index: -1,
      code: 'location-checks-skipped',
      message: `every one of the ${facilities.toLocaleString('en')} facilities names its country, so locations were not checked against country boundaries (done below ${LOCATION_CHECK_LIMIT.toLocaleString('en')} facilities); npm run analyze -- FILE --validate checks them`,
    },
  };
}

/** The report note when the boundaries were needed but could not be loaded. */
export function countriesUnavailable(sources: Source[], error: unknown): ReportEntry {
  return {
    file: sources[0]?.name ?? '',
    index: -1,
    code: 'countries-unavailable',
    message: `the country boundaries did not load (${String((error as Error)?.message ?? error)}): missing countries stay empty`,
  };
}

/** Merges and checks the mapped sources; `note` (from the country step) leads the warnings. */
export function mergeSources(
  sources: Source[],
  countries: CountryIndex | null,
  note: ReportEntry | null,
): LoadResult {
  const result = loadInventory(
    sources.map((s) => ({ name: s.name, read: s.read })),
    { countries },
  );
  if (result.ok && note) result.inventory.warnings.unshift(note);
  return result;
}
