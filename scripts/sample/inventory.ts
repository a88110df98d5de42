/**
 * The rules that turn plants and cities into facilities and dependencies. Every number here
 * is documented in data/README.md; change both together.
 */
import { bearingDeg, destination, distanceKm, round, type LonLat } from './geo.ts';
import type { City } from './cities.ts';
import type { Plant } from './plants.ts';
import { slug } from './slug.ts';

export type Kind =
  | 'power_plant'
  | 'substation'
  | 'water_treatment'
  | 'telecom_exchange'
  | 'hospital'
  | 'emergency_centre'
  | 'government_site'
  | 'data_centre'
  | 'airport'
  | 'rail_hub'
  | 'port';

export interface FacilityOut {
  id: string;
  name: string;
  sector: string;
  country: string;
  kind: Kind;
  lon: number;
  lat: number;
  city?: string;
  population_served?: number;
  grid_country?: string;
  capacity_mw?: number;
  fuel?: string;
  year_commissioned?: number;
  illustrative?: true;
  min_providers?: Record<string, number>;
}

export interface DependencyOut {
  from: string;
  to: string;
  service: string;
  delay_hours: number;
}

/** Per city kind: id prefix, sector, name suffix and the fixed offset from the city centre. */
const CITY_KINDS: Record<
  Exclude<Kind, 'power_plant'>,
  { prefix: string; sector: string; label: string; bearingDeg: number; km: number }
> = {
  substation: { prefix: 'sub', sector: 'energy', label: 'substation', bearingDeg: 30, km: 4 },
  water_treatment: {
    prefix: 'wtp',
    sector: 'water',
    label: 'water treatment plant',
    bearingDeg: 120,
    km: 6,
  },
  telecom_exchange: {
    prefix: 'tel',
    sector: 'telecom',
    label: 'telecom exchange',
    bearingDeg: 210,
    km: 2.5,
  },
  hospital: { prefix: 'hosp', sector: 'health', label: 'hospital', bearingDeg: 300, km: 3 },
  emergency_centre: {
    prefix: 'ems',
    sector: 'emergency',
    label: 'emergency services centre',
    bearingDeg: 0,
    km: 2,
  },
  government_site: {
    prefix: 'gov',
    sector: 'government',
    label: 'government site',
    bearingDeg: 90,
    km: 2,
  },
  data_centre: {
    prefix: 'dc',
    sector: 'finance',
    label: 'financial data centre',
    bearingDeg: 240,
    km: 7,
  },
  airport: { prefix: 'air', sector: 'transport', label: 'airport', bearingDeg: 150, km: 8 },
  rail_hub: { prefix: 'rail', sector: 'transport', label: 'rail hub', bearingDeg: 270, km: 2 },
  // Ports are placed towards the nearest coast instead (see portPosition); 180 is a fallback.
  port: { prefix: 'port', sector: 'transport', label: 'port', bearingDeg: 180, km: 5 },
};

export const RULES = {
  /** Each substation is fed by this many nearest plants... */
  feeders: 3,
  /** ...within this distance (km): fewer when fewer are in reach, none beyond it. */
  feederReachKm: 250,
  /** Cities of at least this population need 2 working feeders, smaller ones 1. */
  bigCityPopulation: 500_000,
  /** A city this close to the coastline (km) gets a port. */
  coastalKm: 15,
  /** Each capital's telecom exchange uses this many nearest foreign capitals' exchanges. */
  backboneLinks: 2,
  /** A plant connects through the nearest city substation within this distance (km). */
  gridConnectionKm: 150,
  /** Each other exchange uses this many nearest exchanges of its own country. */
  meshLinks: 2,
} as const;

export interface CityPlan {
  city: City;
  /** e.g. "fra-lyon": the suffix of every facility id of the city. */
  key: string;
  /** Distance to the coastline in km, when within RULES.coastalKm. */
  coast: { distanceKm: number; point: [number, number] } | null;
}

/** Give every city a unique, readable key; a repeated name in one country gets its GeoNames id. */
export function cityKeys(cities: readonly City[]): Map<number, string> {
  const base = new Map<number, string>();
  const count = new Map<string, number>();
  for (const c of cities) {
    const k = `${c.country.toLowerCase()}-${slug(c.name) || String(c.geonameId)}`;
    base.set(c.geonameId, k);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const out = new Map<number, string>();
  for (const c of cities) {
    const k = base.get(c.geonameId)!;
    out.set(c.geonameId, count.get(k)! > 1 ? `${k}-${c.geonameId}` : k);
  }
  return out;
}

function place(
  city: City,
  kind: Exclude<Kind, 'power_plant'>,
  coast: CityPlan['coast'],
): [number, number] {
  const spec = CITY_KINDS[kind];
  const centre: LonLat = [city.lon, city.lat];
  if (kind === 'port' && coast) {
    // Towards the nearest coastline point, 2-8 km out (on it, when the coast is closer than 8 km).
    const km = Math.min(8, Math.max(2, coast.distanceKm));
    return destination(centre, bearingDeg(centre, coast.point), km);
  }
  return destination(centre, spec.bearingDeg, spec.km);
}

function cityFacility(plan: CityPlan, kind: Exclude<Kind, 'power_plant'>): FacilityOut {
  const spec = CITY_KINDS[kind];
  const [lon, lat] = place(plan.city, kind, plan.coast);
  return {
    id: `${spec.prefix}-${plan.key}`,
    name: `${plan.city.name} ${spec.label} (illustrative)`,
    sector: spec.sector,
    country: plan.city.country,
    kind,
    lon: round(lon, 5),
    lat: round(lat, 5),
    city: plan.city.name,
    population_served: plan.city.population,
    illustrative: true,
  };
}

export function plantFacility(p: Plant): FacilityOut {
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
  };
  if (p.gridCountry !== null) f.grid_country = p.gridCountry;
  if (p.yearCommissioned !== null) f.year_commissioned = p.yearCommissioned;
  return f;
}

/** Nearest `n` items within `maxKm` of p, nearest first; ties broken by id. */
function nearest<T extends { id: string; lon: number; lat: number }>(
  p: LonLat,
  items: readonly T[],
  n: number,
  maxKm: number,
): T[] {
  return items
    .map((it) => ({ it, d: distanceKm(p, [it.lon, it.lat]) }))
    .filter((x) => x.d <= maxKm)
    .sort((a, b) => a.d - b.d || (a.it.id < b.it.id ? -1 : a.it.id > b.it.id ? 1 : 0))
    .slice(0, n)
    .map((x) => x.it);
}

/** k-of-n only where there is a choice: with a single provider k = 1 goes without saying. */
function needs(f: FacilityOut, service: string, k: number, n: number): void {
  if (n >= 2) f.min_providers = { ...f.min_providers, [service]: Math.min(k, n) };
}

export interface Built {
  facilities: FacilityOut[];
  dependencies: DependencyOut[];
}

/** One city's facilities, located by the city centre for the distance rules. */
interface CitySet {
  id: string;
  country: string;
  lon: number;
  lat: number;
  sub: FacilityOut;
  tel: FacilityOut;
}

/** Apply every rule (data/README.md, "Rules"). Output order is not significant: the writer sorts. */
export function buildInventory(plants: readonly Plant[], plans: readonly CityPlan[]): Built {
  const plantFacilities = plants.map(plantFacility);
  const facilities: FacilityOut[] = [...plantFacilities];
  const dependencies: DependencyOut[] = [];
  const dep = (from: FacilityOut, to: FacilityOut, service: string, delayHours: number): void => {
    dependencies.push({ from: from.id, to: to.id, service, delay_hours: delayHours });
  };

  const sets: CitySet[] = [];
  const capitals: CitySet[] = [];
  for (const plan of plans) {
    const { city } = plan;
    const sub = cityFacility(plan, 'substation');
    const wtp = cityFacility(plan, 'water_treatment');
    const tel = cityFacility(plan, 'telecom_exchange');
    const hosp = cityFacility(plan, 'hospital');
    const ems = cityFacility(plan, 'emergency_centre');
    facilities.push(sub, wtp, tel, hosp, ems);
    const set: CitySet = {
      id: plan.key,
      country: city.country,
      lon: city.lon,
      lat: city.lat,
      sub,
      tel,
    };
    sets.push(set);

    // Feeders: the nearest plants in reach, whichever side of a border they stand.
    const feeders = nearest(
      [city.lon, city.lat],
      plantFacilities,
      RULES.feeders,
      RULES.feederReachKm,
    );
    for (const p of feeders) dep(p, sub, 'energy', 0);
    needs(sub, 'energy', city.population >= RULES.bigCityPopulation ? 2 : 1, feeders.length);

    dep(sub, wtp, 'energy', 24);
    dep(tel, wtp, 'telecom', 24);
    dep(sub, tel, 'energy', 8);
    dep(sub, hosp, 'energy', 48);
    dep(wtp, hosp, 'water', 12);
    dep(tel, hosp, 'telecom', 0);
    dep(sub, ems, 'energy', 4);
    dep(tel, ems, 'telecom', 0);
    dep(wtp, ems, 'water', 24);

    if (city.capital) {
      const gov = cityFacility(plan, 'government_site');
      const dc = cityFacility(plan, 'data_centre');
      const air = cityFacility(plan, 'airport');
      const rail = cityFacility(plan, 'rail_hub');
      facilities.push(gov, dc, air, rail);
      dep(sub, gov, 'energy', 24);
      dep(tel, gov, 'telecom', 0);
      dep(sub, dc, 'energy', 2);
      dep(tel, dc, 'telecom', 0);
      dep(wtp, dc, 'water', 24);
      dep(sub, air, 'energy', 1);
      dep(tel, air, 'telecom', 0);
      dep(sub, rail, 'energy', 0);
      dep(tel, rail, 'telecom', 1);
      capitals.push(set);
    }
    if (plan.coast) {
      const port = cityFacility(plan, 'port');
      facilities.push(port);
      dep(sub, port, 'energy', 4);
      dep(tel, port, 'telecom', 4);
    }
  }

  // Grid connection: a plant exports through the substation of the nearest large city within
  // reach, across borders too (the continental grid is one synchronous system, and border
  // plants often feed the neighbour: Vianden, Esch-sur-Alzette, Kuehtai). Losing it trips the plant.
  for (const p of plantFacilities) {
    const [near] = nearest([p.lon, p.lat], sets, 1, RULES.gridConnectionKm);
    if (near) dep(near.sub, p, 'energy', 0);
  }

  // National telecom mesh: every other exchange reaches the network through the nearest
  // exchanges of its own country and works while one of them does.
  const capitalIds = new Set(capitals.map((c) => c.id));
  for (const set of sets) {
    if (capitalIds.has(set.id)) continue;
    const peers = nearest(
      [set.lon, set.lat],
      sets.filter((x) => x.country === set.country && x.id !== set.id),
      RULES.meshLinks,
      Infinity,
    );
    for (const p of peers) dep(p.tel, set.tel, 'telecom', 0);
    needs(set.tel, 'telecom', 1, peers.length);
  }

  // International backbone: each capital's exchange reaches the rest of Europe through the
  // exchanges of its nearest foreign capitals and works while one of those links does.
  for (const cap of capitals) {
    const links = nearest(
      [cap.lon, cap.lat],
      capitals.filter((c) => c.country !== cap.country),
      RULES.backboneLinks,
      Infinity,
    );
    for (const l of links) dep(l.tel, cap.tel, 'telecom', 0);
    needs(cap.tel, 'telecom', 1, links.length);
  }
  return { facilities, dependencies };
}
