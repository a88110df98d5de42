/** Sector vocabulary (SPEC 1, `sector`). */

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
  const text = String(value).trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') return 'other';
  // hasOwn: a sector called "constructor" or "__proto__" is just a sector.
  return Object.hasOwn(SYNONYMS, text) ? SYNONYMS[text]! : text;
}

export function isCoreSector(sector: string): sector is CoreSector {
  return (CORE_SECTORS as readonly string[]).includes(sector);
}
