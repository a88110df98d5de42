import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSampleFiles, PATHS } from '../../scripts/build-sample.ts';

/** The scenario documented in data/README.md. */
const SCENARIO = 'sub-lux-luxembourg';

const SECTORS = new Set([
  'energy',
  'water',
  'telecom',
  'transport',
  'finance',
  'health',
  'emergency',
  'government',
]);
const KINDS = new Set([
  'power_plant',
  'substation',
  'water_treatment',
  'telecom_exchange',
  'hospital',
  'emergency_centre',
  'government_site',
  'data_centre',
  'airport',
  'rail_hub',
  'port',
]);

interface FacilityProps {
  id: string;
  name: string;
  sector: string;
  country: string;
  kind: string;
  illustrative?: boolean;
  min_providers?: Record<string, number>;
}
interface DependencyProps {
  from: string;
  to: string;
  service: string;
  delay_hours: number;
}
interface Sample {
  facilities: Map<string, FacilityProps & { coordinates: number[] }>;
  dependencies: DependencyProps[];
}

function parse(text: string): Sample {
  const fc = JSON.parse(text) as {
    type: string;
    features: {
      type: string;
      geometry: { type: string; coordinates: number[] } | null;
      properties: Record<string, unknown>;
    }[];
  };
  expect(fc.type).toBe('FeatureCollection');
  const facilities: Sample['facilities'] = new Map();
  const dependencies: DependencyProps[] = [];
  for (const f of fc.features) {
    expect(f.type).toBe('Feature');
    if (f.geometry === null) {
      dependencies.push(f.properties as unknown as DependencyProps);
    } else {
      expect(f.geometry.type).toBe('Point');
      const p = f.properties as unknown as FacilityProps;
      expect(facilities.has(p.id), `duplicate id ${p.id}`).toBe(false);
      facilities.set(p.id, { ...p, coordinates: f.geometry.coordinates });
    }
  }
  return { facilities, dependencies };
}

/**
 * docs/format.md §2 failed set, without timing: a dependent fails once fewer than k of its
 * providers for some service still work. Propagating from the seed gives the least fixed point.
 */
function cascade({ facilities, dependencies }: Sample, seed: string): Set<string> {
  const providers = new Map<string, Map<string, string[]>>();
  const dependents = new Map<string, string[]>();
  for (const d of dependencies) {
    const byService = providers.get(d.to) ?? new Map<string, string[]>();
    providers.set(d.to, byService);
    byService.set(d.service, [...(byService.get(d.service) ?? []), d.from]);
    dependents.set(d.from, [...(dependents.get(d.from) ?? []), d.to]);
  }
  const failed = new Set([seed]);
  const queue = [seed];
  while (queue.length > 0) {
    const u = queue.shift()!;
    for (const v of dependents.get(u) ?? []) {
      if (failed.has(v)) continue;
      const need = facilities.get(v)!.min_providers ?? {};
      for (const [service, list] of providers.get(v)!) {
        const k = Math.min(need[service] ?? 1, list.length);
        if (list.filter((p) => !failed.has(p)).length < k) {
          failed.add(v);
          queue.push(v);
          break;
        }
      }
    }
  }
  return failed;
}

describe('build-sample', () => {
  let first: ReturnType<typeof buildSampleFiles>;
  let sample: Sample;

  beforeAll(() => {
    first = buildSampleFiles();
    sample = parse(first.geojson);
  });

  it('is deterministic: two builds give the same bytes', () => {
    const second = buildSampleFiles();
    expect(second.geojson === first.geojson).toBe(true);
    expect(second.citiesCsv === first.citiesCsv).toBe(true);
  });

  it('matches the committed data/europe.geojson and cities extract', () => {
    // Run `npm run build:sample` after changing the rules or the sources.
    expect(readFileSync(PATHS.output, 'utf8') === first.geojson).toBe(true);
    expect(readFileSync(PATHS.citiesExtract, 'utf8') === first.citiesCsv).toBe(true);
  });

  // Checks collect every problem and assert once: thousands of expect() calls are slow.
  it('holds facilities with valid ids, coordinates and SPEC vocabulary', () => {
    expect(sample.facilities.size).toBeGreaterThanOrEqual(2000);
    expect(sample.facilities.size).toBeLessThanOrEqual(5000);
    const problems: string[] = [];
    const rounded = (x: number): boolean => Math.round(x * 1e5) / 1e5 === x;
    for (const f of sample.facilities.values()) {
      const [lon, lat] = f.coordinates as [number, number];
      if (!(Number.isFinite(lon) && lon >= -180 && lon <= 180 && rounded(lon))) {
        problems.push(`${f.id}: longitude ${lon}`);
      }
      if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90 && rounded(lat))) {
        problems.push(`${f.id}: latitude ${lat}`);
      }
      if (!SECTORS.has(f.sector)) problems.push(`${f.id}: sector ${f.sector}`);
      if (!KINDS.has(f.kind)) problems.push(`${f.id}: kind ${f.kind}`);
      if (!/^[A-Z]{3}$/.test(f.country)) problems.push(`${f.id}: country ${f.country}`);
      const real = f.kind === 'power_plant';
      if (real !== f.id.startsWith('pp-')) problems.push(`${f.id}: id prefix`);
      if (real && f.illustrative !== undefined) problems.push(`${f.id}: a real plant`);
      if (!real && !(f.illustrative === true && f.name.endsWith('(illustrative)'))) {
        problems.push(`${f.id}: not marked illustrative`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('holds dependencies between existing facilities, no self-loops, delays >= 0', () => {
    expect(sample.dependencies.length).toBeGreaterThanOrEqual(8000);
    expect(sample.dependencies.length).toBeLessThanOrEqual(20000);
    const problems: string[] = [];
    const seen = new Set<string>();
    const providerCount = new Map<string, number>();
    for (const d of sample.dependencies) {
      const key = `${d.from} -> ${d.to} (${d.service})`;
      if (!sample.facilities.has(d.from) || !sample.facilities.has(d.to)) {
        problems.push(`${key}: unknown endpoint`);
      }
      if (d.from === d.to) problems.push(`${key}: self-dependency`);
      if (!(Number.isFinite(d.delay_hours) && d.delay_hours >= 0)) {
        problems.push(`${key}: delay ${d.delay_hours}`);
      }
      if (!SECTORS.has(d.service)) problems.push(`${key}: service`);
      if (seen.has(key)) problems.push(`${key}: repeated`);
      seen.add(key);
      const slot = `${d.to} ${d.service}`;
      providerCount.set(slot, (providerCount.get(slot) ?? 0) + 1);
    }
    // Every k of a k-of-n is reachable: no clamping warning when the app loads the sample.
    for (const f of sample.facilities.values()) {
      for (const [service, k] of Object.entries(f.min_providers ?? {})) {
        const n = providerCount.get(`${f.id} ${service}`) ?? 0;
        if (!(Number.isInteger(k) && k >= 1 && k <= n)) {
          problems.push(`${f.id}: min_providers.${service} = ${k} of ${n}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('crosses borders between at least 10 country pairs', () => {
    const pairs = new Set<string>();
    for (const d of sample.dependencies) {
      const a = sample.facilities.get(d.from)!.country;
      const b = sample.facilities.get(d.to)!.country;
      if (a !== b) pairs.add([a, b].sort().join('-'));
    }
    expect(pairs.size).toBeGreaterThanOrEqual(10);
  });

  it('fails assets in at least 3 countries in the documented scenario', () => {
    expect(sample.facilities.get(SCENARIO)?.kind).toBe('substation');
    const failed = cascade(sample, SCENARIO);
    const countries = new Set([...failed].map((id) => sample.facilities.get(id)!.country));
    expect(countries.size).toBeGreaterThanOrEqual(3);
    const readme = readFileSync(join(PATHS.output, '..', 'README.md'), 'utf8');
    expect(readme).toContain(SCENARIO);
    expect(readme).toContain(`${failed.size} facilities`);
  });
});
