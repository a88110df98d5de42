/**
 * Country codes and names (docs/format.md §1.4): what a file's `country` says, read as an
 * ISO 3166-1 alpha-3 code, and the English name of a code. Tables from `i18n-iso-countries`
 * (English only; the CLI bundle and the app register the same locale). Where a location lies
 * is countries.ts's (the boundary index).
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

/** Kosovo has no ISO code; XKX is the one the EU and most datasets use. */
const KOSOVO = 'XKX';

/** Codes and names that real inventories use but ISO tables do not hold. */
const ALIASES: Record<string, string> = {
  UK: 'GBR',
  EL: 'GRC', // Eurostat's code for Greece
  XK: KOSOVO,
  XKK: KOSOVO,
  XKX: KOSOVO,
  KOSOVO: KOSOVO,
  'GREAT BRITAIN': 'GBR',
  ENGLAND: 'GBR',
  SCOTLAND: 'GBR',
  WALES: 'GBR',
  'NORTHERN IRELAND': 'GBR',
  'CZECH REPUBLIC': 'CZE',
  MACEDONIA: 'MKD',
  'FYR MACEDONIA': 'MKD',
  RUSSIA: 'RUS',
  TURKEY: 'TUR',
  TURKIYE: 'TUR',
  'BOSNIA AND HERZEGOVINA': 'BIH',
  BOSNIA: 'BIH',
  HOLLAND: 'NLD',
  'THE NETHERLANDS': 'NLD',
  MOLDOVA: 'MDA',
  'SLOVAK REPUBLIC': 'SVK',
  'IVORY COAST': 'CIV',
  SOMALILAND: 'SOM',
  'N. CYPRUS': 'CYP',
  'INDIAN OCEAN TER.': 'AUS',
  'SIACHEN GLACIER': 'IND',
};

/** Longer than any country's English name: not worth comparing with every name. */
const MAX_NAME_LENGTH = 80;

/**
 * Normalizes an ISO alpha-2, alpha-3, numeric code or English name to alpha-3.
 * Returns null for an empty value and undefined for a value it does not recognize.
 * @example normalizeCountry('de') === 'DEU'; normalizeCountry('France') === 'FRA'
 */
export function normalizeCountry(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? countries.numericToAlpha3(value) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return null;
  if (text.length > MAX_NAME_LENGTH) return undefined;
  const upper = text.toUpperCase();
  if (Object.hasOwn(ALIASES, upper)) return ALIASES[upper];
  if (/^[A-Z]{2}$/.test(upper)) return countries.alpha2ToAlpha3(upper);
  if (/^[A-Z]{3}$/.test(upper)) {
    if (countries.alpha3ToAlpha2(upper)) return upper;
  }
  if (/^\d{1,3}$/.test(upper)) return countries.numericToAlpha3(upper.padStart(3, '0'));
  return countries.getAlpha3Code(text, 'en') ?? countries.getSimpleAlpha3Code(text, 'en');
}

/** English short name for an alpha-3 code, for display. */
export function countryName(alpha3: string): string {
  if (alpha3 === KOSOVO) return 'Kosovo';
  const alpha2 = countries.alpha3ToAlpha2(alpha3);
  return (alpha2 && countries.getName(alpha2, 'en', { select: 'official' })) || alpha3;
}

/**
 * Every alpha-3 code with its `countryName`: the table the page ships instead of the ISO
 * tables and their name lookup (built into the app by vite.config.ts).
 */
export function countryNames(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const alpha3 of [...Object.keys(countries.getAlpha3Codes()), KOSOVO].sort())
    out[alpha3] = countryName(alpha3);
  return out;
}

/** Grid cells for cellOwner: this many per degree of longitude and latitude. */

/** The alpha-3 code of a Natural Earth boundary, by its numeric id or else its name. */
export function codeOfBoundary(
  id: string | number | undefined,
  name: string | undefined,
): string | null {
  const byId =
    id === undefined ? undefined : countries.numericToAlpha3(String(id).padStart(3, '0'));
  return byId ?? normalizeCountry(name) ?? null;
}
