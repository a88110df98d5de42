/**
 * Field mapping: planners' files rarely name their columns as docs/format.md §1 does (`FacilityID`,
 * `Site name`, `Sektor`, `ISO`, `provider_id`). This module profiles a file's fields, proposes
 * which of them play the format's roles (header-name similarity plus value sniffing), and applies
 * a confirmed mapping by copying values under the format's names. Pure: inputs are never mutated,
 * and the original properties stay beside the copies, so nothing is lost.
 */
import { csvNumber } from './decimal.ts';
import { headerWords, nameScore, SPEC_NAMES, text, valueScore } from './field-scores.ts';
import type { RawRecord } from './formats.ts';
import { jsonText } from './json-text.ts';

/** The format's properties a mapping can fill; `lat`/`lon` make a point for rows without one. */
export const FIELD_ROLES = [
  'id',
  'name',
  'sector',
  'country',
  'from',
  'to',
  'depends_on',
  'service',
  'delay_hours',
  'lat',
  'lon',
] as const;

export type FieldRole = (typeof FIELD_ROLES)[number];

/** role -> the source field that provides it. Plain data: crosses the worker boundary. */
export type FieldMapping = Partial<Record<FieldRole, string>>;

/** What a file's field looks like, from a sample of its records. */
export interface FieldProfile {
  name: string;
  /** Sampled records that have a non-empty value. */
  present: number;
  /** Distinct non-empty values in the sample. */
  distinct: number;
  /** Up to SAMPLE_VALUES non-empty values, in file order. */
  values: unknown[];
}

export interface FileProfile {
  /** Records in the file (not only the sampled ones). */
  records: number;
  sampled: number;
  /** Sampled records with a geometry. */
  withGeometry: number;
  fields: FieldProfile[];
}

export interface RoleProposal {
  role: FieldRole;
  /** The proposed field, or null when no field fits well enough. */
  field: string | null;
  /** 0..1; proposals need at least PROPOSAL_THRESHOLD. */
  score: number;
  /** Why, in words, for the mapping dialog. */
  reason: string;
  /**
   * The field is the format's own name but for case or separators (`ID`, `Delay Hours`): safe to
   * apply without asking.
   */
  exact?: boolean;
}

export interface MappingProposal {
  /** Roles the file already fills under the format's names (nothing to map). */
  satisfied: FieldRole[];
  /** One entry per role that is not satisfied. */
  proposals: RoleProposal[];
  /** The proposals above threshold, as a mapping. */
  mapping: FieldMapping;
}

const SAMPLE_RECORDS = 1000;
const SAMPLE_VALUES = 400;
export const PROPOSAL_THRESHOLD = 0.5;

const ID_ROLES = new Set<FieldRole>(['from', 'to', 'depends_on']);

/** Roles that values alone can reveal (a column of ISO codes is a country whatever its name). */
const SNIFFABLE = new Set<FieldRole>(['sector', 'country', 'from', 'to', 'depends_on']);

/**
 * Profiles a file's fields from up to 1,000 records spread evenly over the file.
 * @example profileFields(read.records).fields.map((f) => f.name)
 */
export function profileFields(records: readonly RawRecord[]): FileProfile {
  const step = Math.max(1, records.length / SAMPLE_RECORDS);
  const byName = new Map<string, { present: number; seen: Set<string>; values: unknown[] }>();
  let sampled = 0;
  let withGeometry = 0;
  for (let k = 0; Math.floor(k) < records.length; k += step) {
    const record = records[Math.floor(k)]!;
    sampled++;
    if (record.geometry !== null && record.geometry !== undefined) withGeometry++;
    for (const [name, value] of Object.entries(record.properties)) {
      if (value === null || value === undefined || value === '') continue;
      let field = byName.get(name);
      if (!field) byName.set(name, (field = { present: 0, seen: new Set(), values: [] }));
      field.present++;
      field.seen.add(typeof value === 'object' ? jsonText(value, 200) : String(value));
      if (field.values.length < SAMPLE_VALUES) field.values.push(value);
    }
  }
  const fields = [...byName].map(([name, f]) => ({
    name,
    present: f.present,
    distinct: f.seen.size,
    values: f.values,
  }));
  return { records: records.length, sampled, withGeometry, fields };
}

/** Which roles a file fills under their own names already. */
function satisfiedRoles(profile: FileProfile): Set<FieldRole> {
  const names = new Set(profile.fields.map((f) => f.name));
  const out = new Set<FieldRole>();
  for (const role of FIELD_ROLES) {
    if (SPEC_NAMES[role].some((n) => names.has(n))) out.add(role);
  }
  // Coordinates only matter for rows without a geometry (CSV with unusual column names).
  if (profile.withGeometry > 0 || profile.sampled === 0) {
    out.add('lat');
    out.add('lon');
  }
  return out;
}

/**
 * Proposes a field for every role the file does not fill under its own name (docs/format.md): each
 * (role, field) pair is scored by header similarity and values, then pairs are taken best first,
 * each field and role at most once.
 * @example proposeMapping(profileFields(records), new Set(['a', 'b'])).mapping // { id: 'FacilityID' }
 */
/**
 * Properties docs/format.md §1 and §4-6 define besides the roles: never proposed for a role (a
 * facility's `repair_hours` is not the backup of a dependency's `delay_hours`).
 */
const OTHER_SPEC_PROPERTIES: ReadonlySet<string> = new Set([
  'population_served',
  'capacity',
  'min_providers',
  'repair_hours',
  'restart_hours',
  'p_damage',
  'backup_reliability',
]);

export function proposeMapping(
  profile: FileProfile,
  knownIds: ReadonlySet<string> = new Set(),
): MappingProposal {
  const satisfied = satisfiedRoles(profile);
  const open = FIELD_ROLES.filter((r) => !satisfied.has(r));
  const specNames = new Set(FIELD_ROLES.flatMap((r) => SPEC_NAMES[r]));
  const candidates: { role: FieldRole; field: string; score: number; reason: string }[] = [];
  for (const role of open) {
    for (const field of profile.fields) {
      if (specNames.has(field.name) || OTHER_SPEC_PROPERTIES.has(field.name)) continue;
      const byName = nameScore(field.name, role);
      const byValue = valueScore(field, role, profile.sampled, knownIds);
      let score = 0;
      if (byName > 0) score = 0.55 * byName + 0.45 * byValue.score;
      else if (SNIFFABLE.has(role)) score = 0.7 * byValue.score;
      // A role's values must fit at least a little: a unique "Type" column is not a sector.
      if (byValue.score < 0.2) score = Math.min(score, byName >= 1 ? 0.5 : 0.3);
      // Ids of providers and dependents must name facilities: "From"/"To" may be dates.
      if (ID_ROLES.has(role) && byValue.score < 0.5) continue;
      if (score <= 0) continue;
      const named = byName > 0 ? `header "${field.name}" reads as ${role}` : `"${field.name}"`;
      candidates.push({ role, field: field.name, score, reason: `${named}; ${byValue.why}` });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.role.localeCompare(b.role));
  const mapping: FieldMapping = {};
  const chosen = new Map<FieldRole, RoleProposal>();
  const usedFields = new Set<string>();
  for (const c of candidates) {
    if (c.score < PROPOSAL_THRESHOLD || chosen.has(c.role) || usedFields.has(c.field)) continue;
    const words = headerWords(c.field);
    const exact = [c.role, ...SPEC_NAMES[c.role]].some((n) => headerWords(n) === words);
    chosen.set(c.role, {
      role: c.role,
      field: c.field,
      score: round(c.score),
      reason: exact ? `"${c.field}" is ${c.role} written differently` : c.reason,
      ...(exact ? { exact } : {}),
    });
    usedFields.add(c.field);
  }
  // Half a dependency is none: from and to come as a pair; so do lat and lon.
  for (const [a, b] of [
    ['from', 'to'],
    ['lat', 'lon'],
  ] as const) {
    const has = (r: FieldRole) => chosen.has(r) || satisfied.has(r);
    if (has(a) !== has(b)) {
      chosen.delete(a);
      chosen.delete(b);
    }
  }
  const proposals = open.map(
    (role) => chosen.get(role) ?? { role, field: null, score: 0, reason: 'no field fits' },
  );
  for (const p of proposals) if (p.field !== null) mapping[p.role] = p.field;
  return { satisfied: FIELD_ROLES.filter((r) => satisfied.has(r)), proposals, mapping };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The property a role is written to. */
function target(role: FieldRole): string {
  return role;
}

/**
 * Applies a mapping: each record gets a new properties object holding every original
 * property plus the format's names filled from the mapped fields. A format property the record
 * already had with another value is kept as `original_<name>`. With `lat` and `lon` mapped,
 * a record without geometry gets a point. Records and their properties are never mutated.
 * @example applyFieldMapping(records, { id: 'FacilityID', name: 'Site name' })
 */
export function applyFieldMapping(
  records: readonly RawRecord[],
  mapping: FieldMapping,
): RawRecord[] {
  const pairs = (Object.entries(mapping) as [FieldRole, string | undefined][]).filter(
    (e): e is [FieldRole, string] =>
      typeof e[1] === 'string' && e[1] !== '' && e[0] !== 'lat' && e[0] !== 'lon',
  );
  const lat = mapping.lat;
  const lon = mapping.lon;
  if (pairs.length === 0 && !(lat && lon)) return records.slice();
  return records.map((record) => {
    const source = record.properties;
    const properties: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(source)) properties[key] = source[key];
    for (const [role, field] of pairs) {
      if (!Object.hasOwn(source, field) || field === target(role)) continue;
      const value = source[field];
      if (value === null || value === undefined || value === '') continue;
      const key = target(role);
      const before = properties[key];
      if (before !== undefined && before !== null && before !== '' && before !== value) {
        properties[`original_${key}`] = before;
      }
      properties[key] = value;
    }
    let geometry = record.geometry;
    if (lat && lon && (geometry === null || geometry === undefined)) {
      const y = source[lat];
      const x = source[lon];
      if (text(x) !== '' || text(y) !== '') {
        const coordinate = (v: unknown) => (typeof v === 'string' ? csvNumber(v) : v);
        geometry = { type: 'Point', coordinates: [coordinate(x), coordinate(y)] };
      }
    }
    return { ...record, properties, geometry };
  });
}

/** Whether the user should see a proposal: some field is mapped by more than its case. */
export function needsConfirmation(proposal: MappingProposal): boolean {
  return proposal.proposals.some((p) => p.field !== null && !p.exact);
}

/** Whether a mapping changes anything. */
export function mappingIsEmpty(mapping: FieldMapping): boolean {
  return !Object.values(mapping).some((f) => typeof f === 'string' && f !== '');
}

/** A mapping in words for the report: `"FacilityID" -> id, "Site name" -> name`. */
export function describeMapping(mapping: FieldMapping): string {
  return FIELD_ROLES.filter((r) => mapping[r])
    .map((r) => `${JSON.stringify(mapping[r])} -> ${r}`)
    .join(', ');
}
