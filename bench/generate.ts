/**
 * A seeded, realistic-looking inventory for benchmarks: facilities clustered around European
 * cities, a mix of sectors, dependencies mostly within a city (hubs preferred), some regional
 * and some cross-border, k-of-n redundancy and backup delays. Written as GeoJSON text in
 * memory, split into files so no string nears V8's 512 MB limit at 1M / 5M.
 */
import type { InventorySource } from '../src/core/inventory.ts';
import { CORE_SECTORS, type CoreSector } from '../src/core/sectors.ts';
import { mulberry32 } from './random.ts';

/** [name, lon, lat, ISO alpha-2, population in millions (metro, rounded)]. */
const CITIES: readonly (readonly [string, number, number, string, number])[] = [
  ['London', -0.128, 51.507, 'GB', 9.5],
  ['Birmingham', -1.89, 52.486, 'GB', 2.9],
  ['Manchester', -2.244, 53.48, 'GB', 2.8],
  ['Glasgow', -4.251, 55.864, 'GB', 1.7],
  ['Dublin', -6.26, 53.35, 'IE', 1.4],
  ['Paris', 2.352, 48.857, 'FR', 11],
  ['Lyon', 4.835, 45.764, 'FR', 2.3],
  ['Marseille', 5.37, 43.296, 'FR', 1.9],
  ['Toulouse', 1.444, 43.605, 'FR', 1.4],
  ['Lille', 3.057, 50.629, 'FR', 1.2],
  ['Strasbourg', 7.752, 48.573, 'FR', 0.8],
  ['Brussels', 4.352, 50.847, 'BE', 2.1],
  ['Antwerp', 4.402, 51.219, 'BE', 1.1],
  ['Liège', 5.567, 50.633, 'BE', 0.7],
  ['Amsterdam', 4.9, 52.37, 'NL', 2.5],
  ['Rotterdam', 4.479, 51.924, 'NL', 1.8],
  ['Eindhoven', 5.478, 51.441, 'NL', 0.8],
  ['Luxembourg', 6.13, 49.611, 'LU', 0.6],
  ['Berlin', 13.405, 52.52, 'DE', 4.5],
  ['Hamburg', 9.993, 53.551, 'DE', 3.2],
  ['Munich', 11.582, 48.135, 'DE', 2.9],
  ['Cologne', 6.96, 50.937, 'DE', 2.1],
  ['Frankfurt', 8.682, 50.11, 'DE', 2.3],
  ['Stuttgart', 9.182, 48.775, 'DE', 1.8],
  ['Düsseldorf', 6.773, 51.227, 'DE', 1.5],
  ['Leipzig', 12.373, 51.34, 'DE', 1.1],
  ['Dresden', 13.737, 51.05, 'DE', 0.8],
  ['Aachen', 6.083, 50.776, 'DE', 0.6],
  ['Freiburg', 7.842, 47.999, 'DE', 0.4],
  ['Zurich', 8.541, 47.377, 'CH', 1.4],
  ['Basel', 7.589, 47.56, 'CH', 0.8],
  ['Geneva', 6.143, 46.204, 'CH', 0.6],
  ['Vienna', 16.373, 48.208, 'AT', 2.9],
  ['Graz', 15.439, 47.071, 'AT', 0.6],
  ['Salzburg', 13.055, 47.81, 'AT', 0.4],
  ['Prague', 14.438, 50.076, 'CZ', 2.2],
  ['Brno', 16.607, 49.195, 'CZ', 0.7],
  ['Bratislava', 17.107, 48.149, 'SK', 0.7],
  ['Budapest', 19.04, 47.498, 'HU', 3.0],
  ['Warsaw', 21.012, 52.23, 'PL', 3.1],
  ['Kraków', 19.945, 50.065, 'PL', 1.5],
  ['Wrocław', 17.039, 51.108, 'PL', 1.2],
  ['Gdańsk', 18.646, 54.352, 'PL', 1.1],
  ['Poznań', 16.925, 52.406, 'PL', 1.0],
  ['Szczecin', 14.553, 53.428, 'PL', 0.7],
  ['Copenhagen', 12.568, 55.676, 'DK', 2.1],
  ['Malmö', 13.0, 55.605, 'SE', 0.7],
  ['Stockholm', 18.069, 59.329, 'SE', 2.4],
  ['Gothenburg', 11.975, 57.709, 'SE', 1.1],
  ['Oslo', 10.752, 59.914, 'NO', 1.6],
  ['Helsinki', 24.938, 60.17, 'FI', 1.5],
  ['Tallinn', 24.754, 59.437, 'EE', 0.6],
  ['Riga', 24.106, 56.95, 'LV', 0.9],
  ['Vilnius', 25.28, 54.687, 'LT', 0.8],
  ['Madrid', -3.704, 40.417, 'ES', 6.8],
  ['Barcelona', 2.173, 41.385, 'ES', 5.6],
  ['Valencia', -0.376, 39.47, 'ES', 2.5],
  ['Seville', -5.984, 37.389, 'ES', 1.5],
  ['Bilbao', -2.935, 43.263, 'ES', 1.0],
  ['Lisbon', -9.139, 38.722, 'PT', 2.9],
  ['Porto', -8.611, 41.15, 'PT', 1.7],
  ['Rome', 12.496, 41.903, 'IT', 4.3],
  ['Milan', 9.19, 45.464, 'IT', 4.3],
  ['Naples', 14.268, 40.852, 'IT', 3.1],
  ['Turin', 7.686, 45.07, 'IT', 2.2],
  ['Bologna', 11.343, 44.494, 'IT', 1.0],
  ['Trieste', 13.777, 45.65, 'IT', 0.4],
  ['Ljubljana', 14.506, 46.056, 'SI', 0.5],
  ['Zagreb', 15.982, 45.815, 'HR', 1.1],
  ['Belgrade', 20.457, 44.787, 'RS', 1.7],
  ['Bucharest', 26.103, 44.427, 'RO', 2.3],
  ['Cluj-Napoca', 23.59, 46.77, 'RO', 0.4],
  ['Sofia', 23.322, 42.698, 'BG', 1.5],
  ['Athens', 23.728, 37.984, 'GR', 3.7],
  ['Thessaloniki', 22.944, 40.64, 'GR', 1.1],
  ['Skopje', 21.431, 41.998, 'MK', 0.6],
  ['Kyiv', 30.524, 50.45, 'UA', 3.5],
  ['Lviv', 24.03, 49.84, 'UA', 0.7],
  ['Chișinău', 28.863, 47.01, 'MD', 0.7],
];

// The core vocabulary, in its order (the order is part of what a seed generates).
const SECTORS = CORE_SECTORS;
type Sector = CoreSector;

/** Share of facilities per sector (sums to 1). */
const SECTOR_SHARE: Record<Sector, number> = {
  energy: 0.16,
  water: 0.09,
  telecom: 0.15,
  transport: 0.12,
  finance: 0.05,
  health: 0.1,
  emergency: 0.07,
  government: 0.07,
  food: 0.09,
  chemical: 0.04,
  other: 0.06,
};

/** What each sector needs, most important first (the first gets the redundant providers). */
const NEEDS: Record<Sector, readonly Sector[]> = {
  energy: ['energy', 'telecom'],
  water: ['energy', 'chemical', 'telecom'],
  telecom: ['energy', 'telecom'],
  transport: ['energy', 'telecom', 'transport'],
  finance: ['telecom', 'energy'],
  health: ['energy', 'water', 'telecom', 'transport'],
  emergency: ['telecom', 'energy', 'transport'],
  government: ['telecom', 'energy', 'water'],
  food: ['energy', 'water', 'transport'],
  chemical: ['energy', 'water', 'transport'],
  other: ['energy', 'telecom'],
};

/** Hours a dependent holds out after a provider of this service fails (backup, storage). */
const DELAYS: Record<Sector, readonly number[]> = {
  energy: [0, 0, 0, 0, 0.5, 4, 8, 24, 72],
  water: [0, 6, 12, 24, 48],
  telecom: [0, 0, 0, 2, 4, 8],
  transport: [0, 12, 24, 48],
  finance: [0, 0, 1],
  health: [0, 4],
  emergency: [0, 2],
  government: [0, 8],
  food: [24, 72],
  chemical: [24, 72, 168],
  other: [0, 8],
};

const KM_PER_DEGREE = 111.195;

export interface GenerateOptions {
  facilities: number;
  dependencies: number;
  seed?: number;
  /** Features per generated file (V8 strings stop at 2^29 characters). */
  featuresPerFile?: number;
}

export interface GeneratedInventory {
  sources: InventorySource[];
  /** Total characters of GeoJSON text (ASCII but for a few city names). */
  chars: number;
  facilities: number;
  dependencies: number;
  /** The id of the busiest energy hub of the largest city: a natural scenario target. */
  hubId: string;
}

interface Site {
  lon: Float64Array;
  lat: Float64Array;
  city: Int32Array;
  sector: Uint8Array;
}

/** Facility locations only (for spatial-index benchmarks at sizes where text is not needed). */
export function generateSites(count: number, seed = 1): Site {
  const random = mulberry32(seed);
  const gauss = () => {
    // Box-Muller; one of the pair is enough here.
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const weights = CITIES.map((c) => Math.pow(c[4], 0.85));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  const sectorCumulative: number[] = [];
  acc = 0;
  for (const s of SECTORS) sectorCumulative.push((acc += SECTOR_SHARE[s]));

  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const city = new Int32Array(count);
  const sector = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const u = random();
    let c = 0;
    while (c < CITIES.length - 1 && cumulative[c]! < u) c++;
    const [, clon, clat, , population] = CITIES[c]!;
    // Dense core, wide suburbs, and one facility in eight out in the countryside.
    const sigmaKm = random() < 0.125 ? 45 : 4 + 4 * Math.sqrt(population);
    const dy = gauss() * sigmaKm;
    const dx = gauss() * sigmaKm;
    const la = clat + dy / KM_PER_DEGREE;
    const lo = clon + dx / (KM_PER_DEGREE * Math.cos((la * Math.PI) / 180));
    lat[i] = Math.round(la * 1e5) / 1e5;
    lon[i] = Math.round(lo * 1e5) / 1e5;
    city[i] = c;
    const v = random();
    let s = 0;
    while (s < SECTORS.length - 1 && sectorCumulative[s]! < v) s++;
    sector[i] = s;
  }
  return { lon, lat, city, sector };
}

/**
 * Generates an inventory as GeoJSON text: facility features first, then dependency features
 * (`from`, `to`, `service`, `delay_hours`), split into files of `featuresPerFile` features.
 * @example const inv = generateInventory({ facilities: 100_000, dependencies: 300_000 })
 */
export function generateInventory(options: GenerateOptions): GeneratedInventory {
  const n = options.facilities;
  const target = options.dependencies;
  const seed = options.seed ?? 1;
  const perFile = options.featuresPerFile ?? 1_000_000;
  const sites = generateSites(n, seed);
  const random = mulberry32(seed * 7919 + 13);

  const code = (i: number) => `${CITIES[sites.city[i]!]![3]}-${i.toString().padStart(7, '0')}`;

  // Providers per (city, sector), hubs first: providers are drawn with a bias to the front.
  const pools: number[][] = Array.from({ length: CITIES.length * SECTORS.length }, () => []);
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    size[i] = 1 / Math.max(1e-6, random()); // Pareto(1): a few hubs, many small sites
    pools[sites.city[i]! * SECTORS.length + sites.sector[i]!]!.push(i);
  }
  for (const pool of pools) pool.sort((a, b) => size[b]! - size[a]!);
  // Other cities within 600 km: where regional and cross-border providers come from.
  const neighbours = CITIES.map(([, lon1, lat1], a) =>
    CITIES.flatMap(([, lon2, lat2], b) => {
      const dx = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
      const km = Math.hypot(dx, lat2 - lat1) * KM_PER_DEGREE;
      return a !== b && km < 600 ? [b] : [];
    }),
  );

  const minProviders: (Record<string, number> | undefined)[] = new Array(n);
  const depParts: string[] = [];
  const ratio = target / n;
  const maxPerFacility = Math.max(1, Math.round(2 * ratio - 1));
  const pickProvider = (v: number, s: number, extra: boolean): number => {
    let c = sites.city[v]!;
    const u = random();
    if (u < (extra ? 0.08 : 0.004)) {
      // Regional or cross-border: a site of the same sector in a nearby city, mostly as a
      // redundant extra provider (an interconnector), rarely as the only one.
      const near = neighbours[c]!;
      if (near.length > 0) c = near[Math.floor(random() * near.length)]!;
    }
    const pool = pools[c * SECTORS.length + s]!;
    if (pool.length === 0) return -1;
    // Biased to hubs (front of the pool), then the nearest of three draws: mostly local.
    let best = -1;
    let bestD = Infinity;
    for (let t = 0; t < 3; t++) {
      const p = pool[Math.floor(pool.length * Math.pow(random(), 2.5))]!;
      const d = Math.abs(sites.lon[p]! - sites.lon[v]!) + Math.abs(sites.lat[p]! - sites.lat[v]!);
      if (p !== v && d < bestD) {
        best = p;
        bestD = d;
      }
    }
    return best;
  };

  let dependencies = 0;
  const chosen: number[] = [];
  for (let v = 0; v < n; v++) {
    const sector = SECTORS[sites.sector[v]!]!;
    const needs = NEEDS[sector];
    let budget = 1 + Math.floor(random() * maxPerFacility);
    if (dependencies + budget > target) budget = target - dependencies;
    if (budget <= 0) continue;
    // The first need takes whatever the others leave: redundancy where it matters most.
    const services = needs.slice(0, Math.min(needs.length, budget));
    for (let k = 0; k < services.length; k++) {
      const s = SECTORS.indexOf(services[k]!);
      const count = k === 0 ? budget - (services.length - 1) : 1;
      chosen.length = 0;
      for (let t = 0; t < count * 2 && chosen.length < count; t++) {
        const p = pickProvider(v, s, chosen.length > 0);
        if (p >= 0 && !chosen.includes(p)) chosen.push(p);
      }
      if (chosen.length >= 2 && random() < 0.25) {
        (minProviders[v] ??= {})[services[k]!] = Math.min(chosen.length, 2);
      }
      const delays = DELAYS[services[k]!];
      for (const p of chosen) {
        const delay = delays[Math.floor(random() * delays.length)]!;
        depParts.push(
          `{"type":"Feature","geometry":null,"properties":{"from":"${code(p)}","to":"${code(v)}","service":"${services[k]}","delay_hours":${delay}}}`,
        );
        dependencies++;
      }
    }
  }

  const facilityParts: string[] = new Array(n);
  let hubId = '';
  let hubSize = -1;
  for (let i = 0; i < n; i++) {
    const c = CITIES[sites.city[i]!]!;
    const sector = SECTORS[sites.sector[i]!]!;
    if (sites.city[i] === 0 && sector === 'energy' && size[i]! > hubSize) {
      hubSize = size[i]!;
      hubId = code(i);
    }
    const extra =
      sector === 'energy'
        ? `,"capacity_mw":${Math.round(Math.min(size[i]!, 2000) * 10) / 10}`
        : `,"population_served":${Math.round(Math.min(size[i]!, 1e4) * 100)}`;
    const k = minProviders[i] ? `,"min_providers":${JSON.stringify(minProviders[i])}` : '';
    // One facility in fifty has no country: the loader derives it from the location.
    const country = random() < 0.02 ? '' : `,"country":"${c[3]}"`;
    facilityParts[i] =
      `{"type":"Feature","id":"${code(i)}","properties":{"id":"${code(i)}","name":"${c[0]} ${sector} ${i}","sector":"${sector}"${country}${extra}${k}},"geometry":{"type":"Point","coordinates":[${sites.lon[i]},${sites.lat[i]}]}}`;
  }

  const sources: InventorySource[] = [];
  let chars = 0;
  const all = [facilityParts, depParts];
  let file: string[] = [];
  let fileFeatures = 0;
  const flush = () => {
    if (fileFeatures === 0) return;
    // One join, not a template around a join: that makes a cons string, which the first
    // reader of the text (JSON.parse or the loader, whichever a benchmark runs first) would
    // pay to flatten (6 s at 849 MB).
    const text = ['{"type":"FeatureCollection","features":[\n', file.join(',\n'), '\n]}\n'].join(
      '',
    );
    sources.push({ name: `bench-${sources.length}.geojson`, text });
    chars += text.length;
    file = [];
    fileFeatures = 0;
  };
  for (const parts of all) {
    for (const part of parts) {
      file.push(part);
      if (++fileFeatures === perFile) flush();
    }
  }
  flush();
  return { sources, chars, facilities: n, dependencies, hubId };
}
