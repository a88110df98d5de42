/**
 * How well a field fits each role of the format (field-mapping.ts proposes from these): the
 * header's words against the role's names and synonyms in the languages planners' files come
 * in, and a sample of its values against what the role holds (ids, sector words, country
 * codes, numbers, lists of ids).
 */
import { normalizeCountry } from './country-codes.ts';
import { csvNumber } from './decimal.ts';
import type { FieldProfile, FieldRole } from './field-mapping.ts';
import { isCoreSector, normalizeSector } from './sectors.ts';

/** The property names the core reads for each role (docs/format.md §1 and its aliases). */
export const SPEC_NAMES: Record<FieldRole, readonly string[]> = {
  id: ['id'],
  name: ['name'],
  sector: ['sector'],
  country: ['country'],
  from: ['from', 'source', 'provider'],
  to: ['to', 'target', 'dependent'],
  depends_on: ['depends_on'],
  service: ['service'],
  delay_hours: ['delay_hours'],
  lat: [],
  lon: [],
};

/**
 * Header names planners use for each role (English, German, French, Spanish, GIS habits),
 * as words (see headerWords). A leading `~` marks a generic word ("type", "code") that only
 * half says so: it needs the values to agree.
 */
const SYNONYMS: Record<FieldRole, readonly string[]> = {
  id: words(
    'id|identifier|ident|uid|fid|objectid|object id|facility id|site id|asset id|station id|plant id|node id|kennung|kennziffer|identifiant|identificador|~code|~key|~ref|~nr|~nummer|~number|~no',
  ),
  name: words(
    'name|site name|facility name|asset name|station name|plant name|designation|bezeichnung|nom|nombre|denominacion|~label|~title|~site|~facility',
  ),
  sector: words(
    'sector|sektor|secteur|infrastructure sector|infrastructure type|~infrastructure|~category|~kategorie|~categorie|~categoria|~branch|~branche|~domain|~type|~kind|~asset type|~facility type|~typ',
  ),
  country: words(
    'country|iso|iso2|iso3|iso a2|iso a3|iso code|country code|country iso|cntry|ctry|cntr code|adm0 a3|land|staat|pays|pais|~nation|~adm0|~sov a3',
  ),
  from: words(
    'from|source|from id|provider|provider id|source id|supplier|supplier id|upstream|upstream id|fed by|lieferant|origin id|~feeder|~quelle|~von|~origin',
  ),
  to: words(
    'to|target|to id|dependent|dependent id|target id|consumer|consumer id|customer|customer id|downstream|downstream id|abnehmer|destination id|~ziel|~nach|~destination',
  ),
  depends_on: words(
    'depends on|dependencies|depends|requires|supplied by|providers|abhaengig von|dependances',
  ),
  service: words(
    'service|services|commodity|dienst|dienstleistung|~resource|~flow|~medium|~leistung',
  ),
  delay_hours: words(
    'delay|delay hours|delay h|autonomy|autonomy hours|autonomy h|backup hours|buffer hours|hold out hours|holdout hours|verzoegerung|autonomie|~hours|~buffer|~hold out|~holdout',
  ),
  lat: words(
    'lat|latitude|breite|breitengrad|latitud|lat wgs84|wgs84 lat|point y|ycoord|y coord|~y|~north|~northing',
  ),
  lon: words(
    'lon|lng|long|longitude|laenge|laengengrad|longitud|lon wgs84|wgs84 lon|point x|xcoord|x coord|~x|~east|~easting',
  ),
};

function words(list: string): string[] {
  return list.split('|');
}

/**
 * A header as words: camelCase split, accents and umlauts folded, punctuation dropped.
 * @example headerWords('FacilityID') === 'facility id'; headerWords('Länge') === 'laenge'
 */
export function headerWords(header: string): string {
  return header
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * How much a header sounds like a role, 0..1: an exact synonym 1 (a generic word 0.7), a
 * synonym's words all in the header 0.6-0.8 (`Site name` for name), a near spelling up to 0.7
 * (`Sektor` for sector).
 */
export function nameScore(header: string, role: FieldRole): number {
  const words = headerWords(header);
  if (words === '') return 0;
  const tokens = words.split(' ');
  let best = 0;
  for (const entry of SYNONYMS[role]) {
    const weak = entry.startsWith('~');
    const synonym = weak ? entry.slice(1) : entry;
    const weight = weak ? 0.7 : 1;
    if (words === synonym || words.replace(/ /g, '') === synonym.replace(/ /g, '')) {
      best = Math.max(best, weight);
      continue;
    }
    const parts = synonym.split(' ');
    // One-letter synonyms (x, y) only count on their own: "x" in "tax x" means nothing.
    if (synonym.length > 1 && parts.every((p) => tokens.includes(p))) {
      best = Math.max(best, weight * (0.6 + 0.2 * (parts.length / tokens.length)));
    }
    if (synonym.length >= 5) {
      const similarity = 1 - editDistance(words, synonym) / Math.max(words.length, synonym.length);
      if (similarity >= 0.8) best = Math.max(best, weight * 0.7 * similarity);
    }
  }
  return best;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function numeric(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  const n = csvNumber(value);
  return typeof n === 'number' ? n : NaN;
}

function share(values: unknown[], test: (v: unknown) => boolean): number {
  if (values.length === 0) return 0;
  let hits = 0;
  for (const v of values) if (test(v)) hits++;
  return hits / values.length;
}

function idList(value: unknown): string[] {
  if (Array.isArray(value))
    return value.map((v) => text(v && typeof v === 'object' ? (v as { id?: unknown }).id : v));
  return text(value)
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * How well a field's sampled values fit a role, 0..1, with the reason in words.
 * `knownIds` are facility ids from the files loaded together (for provider/dependent ids).
 */
export function valueScore(
  field: FieldProfile,
  role: FieldRole,
  sampled: number,
  knownIds: ReadonlySet<string>,
): { score: number; why: string } {
  const values = field.values;
  const n = values.length;
  if (n === 0) return { score: 0, why: 'no values' };
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const unique = field.distinct / Math.max(1, field.present);
  switch (role) {
    case 'id': {
      const short = share(values, (v) => text(v).length > 0 && text(v).length <= 64);
      return {
        score: unique >= 0.999 ? short : unique * 0.5 * short,
        why: `${pct(unique)} unique`,
      };
    }
    case 'name': {
      const words = share(values, (v) => /\p{L}/u.test(text(v)));
      return { score: words * Math.min(1, unique * 1.5), why: `${pct(words)} are text` };
    }
    case 'sector': {
      const core = share(values, (v) => isCoreSector(normalizeSector(v)));
      const known = share(values, (v) => isCoreSector(normalizeSector(v)) || sectorWord(v));
      const few = field.distinct <= 40 ? 1 : 0.3;
      // Sector words in another language reveal the column but stay as given (unknown sectors).
      const why =
        known > core
          ? `${pct(known)} look like sectors (${pct(known - core)} in another language: kept as given)`
          : `${pct(known)} look like sectors`;
      return { score: known * few, why };
    }
    case 'country': {
      // Bare numbers look like ISO numeric codes but are far more often ids or counts.
      const known = share(
        values,
        (v) => typeof normalizeCountry(v) === 'string' && /\p{L}/u.test(text(v)),
      );
      return { score: known, why: `${pct(known)} are country codes or names` };
    }
    case 'from':
    case 'to': {
      const known = knownIds.size === 0 ? 0 : share(values, (v) => knownIds.has(text(v)));
      return { score: known, why: `${pct(known)} are facility ids` };
    }
    case 'depends_on': {
      const known = share(values, (v) => {
        const ids = idList(v);
        return ids.length > 0 && ids.every((id) => knownIds.has(id));
      });
      // A column of single ids is more likely one end of a dependency than a list.
      const lists = values.some((v) => idList(v).length > 1) ? 1 : 0.6;
      return { score: known * lists, why: `${pct(known)} list facility ids` };
    }
    case 'service': {
      const few = field.distinct <= 30 ? 1 : 0.2;
      const words = share(values, (v) => /\p{L}/u.test(text(v)));
      return { score: few * words, why: `${field.distinct} distinct values` };
    }
    case 'delay_hours': {
      const hours = share(values, (v) => numeric(v) >= 0);
      return { score: hours, why: `${pct(hours)} are numbers >= 0` };
    }
    case 'lat':
    case 'lon': {
      const limit = role === 'lat' ? 90 : 180;
      const inRange = share(values, (v) => Math.abs(numeric(v)) <= limit);
      const coverage = field.present / Math.max(1, sampled);
      return { score: inRange * coverage, why: `${pct(inRange)} are in [-${limit}, ${limit}]` };
    }
  }
}

/**
 * Sector words in other languages: they only tell that a column holds sectors (the core keeps
 * such values as given, as unknown sectors).
 */
const FOREIGN_SECTOR_WORDS = new Set(
  words(
    'energie|strom|gas|wasser|abwasser|gesundheit|krankenhaus|telekommunikation|kommunikation|verkehr|transport|finanzen|banken|notfall|rettungsdienst|verwaltung|regierung|lebensmittel|ernaehrung|chemie|energia|electricite|eau|sante|telecommunications|transports|finances|secours|alimentation|chimie|agua|salud|transporte|finanzas|emergencias|gobierno|alimentacion|quimica',
  ),
);

function sectorWord(value: unknown): boolean {
  return FOREIGN_SECTOR_WORDS.has(headerWords(text(value)));
}
