/**
 * Real power plants from the JRC Open Power Plants Database (JRC-PPDB-OPEN v1.0, CC BY 4.0),
 * aggregated from generating units to plants (eic_p) and cleaned of the file's known quirks.
 */
import Papa from 'papaparse';
import countries from 'i18n-iso-countries';
import type { CountryIndex } from './countries.ts';
import { slug } from './slug.ts';

export interface Plant {
  /** Facility id: `pp-<eic_p>`, or `pp-<alpha3>-<name slug>` for the units JRC lists without one. */
  id: string;
  /** The JRC production-unit code (EIC), stable across releases; null when the source has none. */
  eic: string | null;
  name: string;
  /** ISO 3166-1 alpha-3 of where the plant stands (Natural Earth 1:50m). */
  country: string;
  /** JRC's country (the grid the plant feeds), when it differs from `country`. */
  gridCountry: string | null;
  lon: number;
  lat: number;
  /** Sum of the commissioned generating units, each counted once (MW, net). */
  capacityMw: number;
  /** The fuel of the largest share of capacity, in a short vocabulary (see FUELS). */
  fuel: string;
  /** Earliest plausible commissioning year among the counted units, or null. */
  yearCommissioned: number | null;
}

/** What the cleaning dropped or repaired, for data/README.md and the test. */
export interface PlantStats {
  units: number;
  unitsCommissioned: number;
  unitsNoLocation: number;
  unitsBadCountry: number;
  unitsWithoutPlantCode: number;
  unitsRepeated: number;
  plantsLongitudeSignFixed: number;
  plantsInAnotherCountry: number;
  implausibleYears: number;
  plantsCommissioned: number;
  plantsKept: number;
}

/** ENTSO-E production types (case-insensitive) -> the short `fuel` written to the inventory. */
const FUELS: Record<string, string> = {
  nuclear: 'nuclear',
  'fossil hard coal': 'hard_coal',
  'fossil brown coal/lignite': 'lignite',
  'fossil gas': 'gas',
  'fossil coal-derived gas': 'coal_gas',
  'fossil oil': 'oil',
  'fossil oil shale': 'oil_shale',
  'fossil peat': 'peat',
  'hydro run-of-river and poundage': 'hydro_run_of_river',
  'hydro water reservoir': 'hydro_reservoir',
  'hydro pumped storage': 'hydro_pumped_storage',
  'wind onshore': 'wind_onshore',
  'wind offshore': 'wind_offshore',
  solar: 'solar',
  biomass: 'biomass',
  waste: 'waste',
  geothermal: 'geothermal',
  marine: 'marine',
  'other renewable': 'other_renewable',
  other: 'other',
};

/** NUTS country prefixes that differ from ISO 3166-1 alpha-2. */
const NUTS_TO_ISO2: Record<string, string> = { EL: 'GR', UK: 'GB' };

/** Plants of at least this net capacity (MW) are kept. */
export const MIN_PLANT_MW = 100;

/** Years before this are placeholders in the source (1899 is a spreadsheet epoch). */
const FIRST_PLAUSIBLE_YEAR = 1900;
const LAST_PLAUSIBLE_YEAR = 2020;

interface UnitRow {
  eic_p?: string;
  eic_g?: string;
  name_p?: string;
  name_g?: string;
  capacity_g?: string;
  type_g?: string;
  lat?: string;
  lon?: string;
  country?: string;
  NUTS2?: string;
  status_g?: string;
  year_commissioned?: string;
}

interface Unit {
  key: string;
  eicG: string;
  name: string;
  capacityMw: number;
  fuel: string;
  lon: number;
  lat: number;
  country: string;
  year: number | null;
}

function countryOf(row: UnitRow, cache: Map<string, string | null>): string | null {
  const name = (row.country ?? '').trim();
  const nuts = (row.NUTS2 ?? '').trim().toUpperCase();
  const key = `${name}|${nuts}`;
  let code = cache.get(key);
  if (code === undefined) {
    // A shifted row carries a number (or nothing) where the country should be: fall back to
    // the NUTS2 code, whose first two letters name the country.
    code =
      (name && Number.isNaN(Number(name)) ? countries.getAlpha3Code(name, 'en') : undefined) ??
      (/^[A-Z]{2}[A-Z0-9]{2}$/.test(nuts)
        ? countries.alpha2ToAlpha3(NUTS_TO_ISO2[nuts.slice(0, 2)] ?? nuts.slice(0, 2))
        : undefined) ??
      null;
    cache.set(key, code);
  }
  return code;
}

const num = (s: string | undefined): number =>
  s === undefined || s.trim() === '' ? NaN : Number(s);

/** Plants this close to their JRC country's territory stay in it (border rivers, 1:50m coastlines). */
export const BORDER_TOLERANCE_KM = 3;

/**
 * Parse JRC_OPEN_UNITS.csv into plants of at least MIN_PLANT_MW, sorted by id, checking each
 * plant's JRC country against its coordinates.
 */
export function readPlants(
  csv: string,
  borders: CountryIndex,
): { plants: Plant[]; stats: PlantStats } {
  const parsed = Papa.parse<UnitRow>(csv, { header: true, skipEmptyLines: true });
  const stats: PlantStats = {
    units: parsed.data.length,
    unitsCommissioned: 0,
    unitsNoLocation: 0,
    unitsBadCountry: 0,
    unitsWithoutPlantCode: 0,
    unitsRepeated: 0,
    plantsLongitudeSignFixed: 0,
    plantsInAnotherCountry: 0,
    implausibleYears: 0,
    plantsCommissioned: 0,
    plantsKept: 0,
  };
  const countryCache = new Map<string, string | null>();
  const byPlant = new Map<string, { eic: string | null; name: string; units: Map<string, Unit> }>();
  parsed.data.forEach((row, i) => {
    if ((row.status_g ?? '').trim().toUpperCase() !== 'COMMISSIONED') return;
    stats.unitsCommissioned++;
    const lat = num(row.lat);
    const lon = num(row.lon);
    // Europe's box: rows outside it (or without coordinates) cannot be placed.
    if (!(lat >= 27 && lat <= 72 && lon >= -32 && lon <= 45) || (lat === 0 && lon === 0)) {
      stats.unitsNoLocation++;
      return;
    }
    const country = countryOf(row, countryCache);
    if (!country) {
      stats.unitsBadCountry++;
      return;
    }
    const capacityMw = num(row.capacity_g);
    if (!(capacityMw > 0)) return;
    const rawYear = num(row.year_commissioned);
    let year: number | null = null;
    if (Number.isInteger(rawYear)) {
      if (rawYear >= FIRST_PLAUSIBLE_YEAR && rawYear <= LAST_PLAUSIBLE_YEAR) year = rawYear;
      else stats.implausibleYears++;
    }
    const eic = (row.eic_p ?? '').trim();
    const nameP = (row.name_p ?? '').trim();
    // Most Croatian units carry no plant code: they are grouped by country and plant name.
    if (!eic) stats.unitsWithoutPlantCode++;
    const plantKey = eic ? `pp-${eic}` : nameP ? `pp-${country.toLowerCase()}-${slug(nameP)}` : '';
    if (!plantKey) return;
    const nameG = (row.name_g ?? '').trim();
    const eicG = (row.eic_g ?? '').trim();
    // The same unit is sometimes listed twice under two unit codes (e.g. 32W... and 32X...):
    // a named unit counts once per (name, capacity); unnamed ones fall back to their code.
    const key =
      nameG && nameG.toUpperCase() !== 'NA'
        ? `name:${nameG.toUpperCase()}|${capacityMw}`
        : eicG
          ? `eic:${eicG}`
          : `row:${i}`;
    let plant = byPlant.get(plantKey);
    if (!plant) {
      plant = { eic: eic || null, name: nameP, units: new Map() };
      byPlant.set(plantKey, plant);
    }
    if (!plant.name) plant.name = nameP;
    if (plant.units.has(key)) {
      stats.unitsRepeated++;
      return;
    }
    const type = (row.type_g ?? '').trim().toLowerCase();
    plant.units.set(key, {
      key,
      eicG,
      name: nameG,
      capacityMw,
      fuel: FUELS[type] ?? 'other',
      lon,
      lat,
      country,
      year,
    });
  });

  const plants: Plant[] = [];
  for (const [id, { eic, name, units }] of byPlant) {
    stats.plantsCommissioned++;
    const list = [...units.values()].sort(
      (a, b) => b.capacityMw - a.capacityMw || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    const capacityMw = Math.round(list.reduce((s, u) => s + u.capacityMw, 0) * 10) / 10;
    if (capacityMw < MIN_PLANT_MW) continue;
    const byFuel = new Map<string, number>();
    for (const u of list) byFuel.set(u.fuel, (byFuel.get(u.fuel) ?? 0) + u.capacityMw);
    const fuel = [...byFuel.entries()].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
    )[0]![0];
    // Units of one plant sometimes sit a few km apart: the plant takes its largest unit's place.
    const main = list[0]!;
    const years = list.map((u) => u.year).filter((y): y is number => y !== null);
    let lon = main.lon;
    let country = main.country;
    let gridCountry: string | null = null;
    const at = borders.locate(lon, main.lat);
    if (
      at !== null &&
      at !== country &&
      borders.distanceKm(country, lon, main.lat) > BORDER_TOLERANCE_KM
    ) {
      if (borders.distanceKm(country, -lon, main.lat) <= BORDER_TOLERANCE_KM) {
        // A lost minus sign (SANTURCE 4, by Bilbao, was placed by Narbonne).
        lon = -lon;
        stats.plantsLongitudeSignFixed++;
      } else {
        // JRC files a plant under the grid it feeds: Kühtai (Tyrol) under Germany, Kosovo A/B
        // under Serbia. The map shows where it stands and keeps JRC's country beside it.
        gridCountry = country;
        country = at;
        stats.plantsInAnotherCountry++;
      }
    }
    plants.push({
      id,
      eic,
      name: name || main.name || eic || id,
      country,
      gridCountry,
      lon,
      lat: main.lat,
      capacityMw,
      fuel,
      yearCommissioned: years.length ? Math.min(...years) : null,
    });
  }
  plants.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  stats.plantsKept = plants.length;
  return { plants, stats };
}
