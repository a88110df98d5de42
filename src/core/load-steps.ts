/**
 * The steps of a load after the files are read, run in this order by loadSources
 * (load-pipeline.ts), which the loading worker, the build step that prepares the bundled sample
 * and the CLI all call: field mapping, the decision whether country boundaries are needed, and
 * the merge. No worker or DOM globals here: how the user is asked, and where boundaries come
 * from, are parameters.
 */
import type { CountryIndex } from './countries.ts';
import { normalizeCountry } from './country-codes.ts';
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
import {
  applySectorValues,
  changesSector,
  proposeSectorValues,
  sectorColumnOf,
  sectorValuesActive,
  sectorValuesNeedConfirmation,
  valueCounts,
  type SectorValues,
  type ValueCount,
} from './sector-values.ts';
import { LOCATION_CHECK_LIMIT } from './load-limits.ts';
import type { ReportEntry } from './types.ts';

/** What the mapping dialog shows for one source. */
export interface SourceFields {
  source: string;
  records: number;
  fields: { name: string; present: number; samples: string[] }[];
  satisfied: FieldRole[];
  proposals: RoleProposal[];
  mapping: FieldMapping;
  /** The distinct values, with counts, of each field that may hold sectors (few values). */
  sectorCandidates: Record<string, ValueCount[]>;
  /** The proposed sector for each value of the proposed sector column. */
  sectorValues: SectorValues;
}

export type ReadOk = Extract<ReadResult, { ok: true }>;

/** One file (or Shapefile layer) read into records. */
export interface Source {
  name: string;
  read: ReadOk;
}

/** Column mappings and sector values, by source name: what the mapping dialog answers. */
export interface Mapped {
  mappings: Record<string, FieldMapping>;
  sectorValues: Record<string, SectorValues>;
}

/** Asks the user to confirm the proposed mappings; resolves to their answer by source name. */
export type AskFields = (asks: SourceFields[]) => Promise<Mapped>;

/** Fields with at most this many distinct values in the sample may be a sector column. */
const SECTOR_CANDIDATE_VALUES = 60;

/**
 * Proposes a mapping (columns, and the sector column's values) for every source not mapped
 * before; when any proposal changes something, asks (the mapping dialog) and waits for the
 * answer. A source confirmed before without sector values gets the sector proposal.
 */
export async function mapFields(
  sources: Source[],
  confirmed: Record<string, FieldMapping>,
  ask: AskFields,
  confirmedSectors: Record<string, SectorValues> = {},
): Promise<Mapped> {
  const out: Record<string, FieldMapping> = { ...confirmed };
  const sectorValues: Record<string, SectorValues> = {};
  for (const s of sources) {
    if (!Object.hasOwn(confirmed, s.name)) continue;
    sectorValues[s.name] =
      confirmedSectors[s.name] ?? proposedSectors(s, sectorColumnOf(confirmed[s.name]!));
  }
  const open = sources.filter((s) => !Object.hasOwn(confirmed, s.name));
  if (open.length === 0) return { mappings: out, sectorValues };
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
    const sectors = proposedSectors(s, sectorColumnOf(proposal.mapping));
    sectorValues[s.name] = sectors;
    if (!needsConfirmation(proposal) && !sectorValuesNeedConfirmation(sectors)) continue;
    const sectorCandidates: Record<string, ValueCount[]> = {};
    for (const f of profile.fields) {
      if (f.distinct > SECTOR_CANDIDATE_VALUES || !f.values.some((v) => typeof v === 'string'))
        continue;
      const counts = valueCounts(s.read.records, f.name);
      if (counts) sectorCandidates[f.name] = counts;
    }
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
      sectorCandidates,
      sectorValues: sectors,
    });
  }
  if (asks.length === 0) return { mappings: out, sectorValues };
  const reply = await ask(asks);
  for (const a of asks) {
    out[a.source] = reply.mappings[a.source] ?? {};
    sectorValues[a.source] = reply.sectorValues[a.source] ?? {};
  }
  return { mappings: out, sectorValues };
}

/** The sector proposal for the values of `column` in `source` (none: the column has too many). */
function proposedSectors(source: Source, column: string): SectorValues {
  const counts = valueCounts(source.read.records, column);
  return counts ? proposeSectorValues(counts.map((c) => c.value)) : {};
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

/**
 * The sources with their confirmed mappings applied (and a note saying so in the report): the
 * columns, then the sector column's values (`sectorValues`, by source name).
 */
export function applyMappings(
  sources: Source[],
  mappings: Record<string, FieldMapping>,
  sectorValues: Record<string, SectorValues> = {},
): Source[] {
  return sources.map((s) => {
    const mapping = mappings[s.name] ?? {};
    const values = sectorValues[s.name] ?? {};
    const active = sectorValuesActive(values);
    if (mappingIsEmpty(mapping) && !active) return s;
    const notes: ReportEntry[] = [];
    let records = s.read.records;
    if (!mappingIsEmpty(mapping)) {
      notes.push({
        file: s.name,
        index: -1,
        code: 'field-mapping',
        message: `fields read under the names RippleMap uses (docs/format.md): ${describeMapping(mapping)}; the original fields are kept too`,
      });
      records = applyFieldMapping(records, mapping);
    }
    if (active) {
      const note = sectorNote(s.name, values);
      if (note) notes.push(note);
      records = applySectorValues(records, sectorColumnOf(mapping), values);
    }
    const read: ReadOk = { ...s.read, records, warnings: [...notes, ...s.read.warnings] };
    return { name: s.name, read };
  });
}

/** The report's note on the sector values that change a sector, or null when none does. */
function sectorNote(file: string, values: SectorValues): ReportEntry | null {
  const changed = Object.entries(values).filter(([v, t]) => changesSector(v, t));
  if (changed.length === 0) return null;
  const shown = changed.slice(0, 12).map(([v, t]) => `${JSON.stringify(v)} -> ${t}`);
  const more = changed.length > 12 ? ` and ${changed.length - 12} more` : '';
  return {
    file,
    index: -1,
    code: 'sector-values',
    message: `sector values read as sectors: ${shown.join(', ')}${more}; each original word is kept as the facility's type`,
  };
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
