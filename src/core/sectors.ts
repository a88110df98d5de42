/** Sector vocabulary (docs/format.md §1.3). */

export const CORE_SECTORS = [
  'energy',
  'water',
  'telecom',
  'transport',
  'finance',
  'health',
  'emergency',
  'government',
  'food',
  'chemical',
  'other',
] as const;

export type CoreSector = (typeof CORE_SECTORS)[number];

const SYNONYMS: Record<string, CoreSector> = {
  power: 'energy',
  electricity: 'energy',
  electric: 'energy',
  electrical: 'energy',
  grid: 'energy',
  gas: 'energy',
  oil: 'energy',
  fuel: 'energy',
  nuclear: 'energy',
  communications: 'telecom',
  communication: 'telecom',
  ict: 'telecom',
  telecommunications: 'telecom',
  telecommunication: 'telecom',
  telecoms: 'telecom',
  telco: 'telecom',
  it: 'telecom',
  internet: 'telecom',
  'drinking water': 'water',
  'water supply': 'water',
  wastewater: 'water',
  'waste water': 'water',
  sewage: 'water',
  transportation: 'transport',
  rail: 'transport',
  railway: 'transport',
  air: 'transport',
  aviation: 'transport',
  airport: 'transport',
  maritime: 'transport',
  port: 'transport',
  shipping: 'transport',
  road: 'transport',
  logistics: 'transport',
  banking: 'finance',
  bank: 'finance',
  financial: 'finance',
  'banking and finance': 'finance',
  'financial services': 'finance',
  healthcare: 'health',
  'health care': 'health',
  hospital: 'health',
  medical: 'health',
  'emergency services': 'emergency',
  'emergency service': 'emergency',
  police: 'emergency',
  fire: 'emergency',
  'civil protection': 'emergency',
  govt: 'government',
  'public administration': 'government',
  administration: 'government',
  agriculture: 'food',
  'food and agriculture': 'food',
  chemicals: 'chemical',
  'chemical industry': 'chemical',
};

/**
 * Lower-cases a sector and maps synonyms to the core vocabulary; unknown values are kept
 * (lower-cased), never dropped. Empty or missing becomes 'other'.
 * @example normalizeSector('Power') === 'energy'; normalizeSector('Space') === 'space'
 */
export function normalizeSector(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return 'other';
  if (typeof value === 'string') {
    // An inventory repeats a few sector values: remember what each one became.
    const known = SEEN.get(value);
    if (known !== undefined) return known;
  }
  const text = String(value).trim().toLowerCase().replace(/\s+/g, ' ');
  // hasOwn: a sector called "constructor" or "__proto__" is just a sector.
  const sector = text === '' ? 'other' : Object.hasOwn(SYNONYMS, text) ? SYNONYMS[text]! : text;
  if (typeof value === 'string' && SEEN.size < MAX_SEEN) SEEN.set(value, sector);
  return sector;
}

const SEEN = new Map<string, string>();
/** Enough for any real vocabulary; a file of random sector values does not grow it further. */
const MAX_SEEN = 1000;

export function isCoreSector(sector: string): sector is CoreSector {
  return (CORE_SECTORS as readonly string[]).includes(sector);
}
