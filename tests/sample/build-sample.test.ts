import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSampleFiles, PATHS } from '../../scripts/build-sample.ts';

const SECTORS = new Set([
  'energy',
  'water',
  'telecom',
  'transport',
  'finance',
  'health',
  'emergency',
]);
/** Services: the sectors, plus gas (a gas plant's fuel, apart from its grid connection). */
const SERVICES = new Set([...SECTORS, 'gas']);
/** Kinds from real records, and the three illustrative ones (no open data exists). */
const REAL_KINDS = new Set([
  'power_plant',
  'substation',
  'gas_border_point',
  'port',
  'airport',
  'hospital',
  'wastewater_plant',
]);
const ILLUSTRATIVE_KINDS = new Set(['telecom_exchange', 'data_centre', 'emergency_centre']);

interface FacilityProps {
  id: string;
  name: string;
  sector: string;
  country: string;
  kind: string;
  illustrative?: boolean;
  min_providers?: Record<string, number>;
  population_served?: number;
  repair_hours?: number;
  restart_hours?: number;
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

describe('build-sample', () => {
  let first: ReturnType<typeof buildSampleFiles>;
  let sample: Sample;

  // One build takes about 10 s (GeoNames towns, the grid, nearest-neighbour rules).
  beforeAll(() => {
    first = buildSampleFiles();
    sample = parse(first.geojson);
  }, 120_000);

  it('is deterministic: two builds give the same bytes', () => {
    const second = buildSampleFiles();
    expect(second.geojson === first.geojson).toBe(true);
    expect(second.citiesCsv === first.citiesCsv).toBe(true);
    expect(second.airportsCsv === first.airportsCsv).toBe(true);
  }, 120_000);

  it('matches the committed data/europe.geojson and the extracts', () => {
    // Run `npm run build:sample` after changing the rules or the sources.
    expect(readFileSync(PATHS.output, 'utf8') === first.geojson).toBe(true);
    expect(readFileSync(PATHS.citiesExtract, 'utf8') === first.citiesCsv).toBe(true);
    expect(readFileSync(PATHS.airportsExtract, 'utf8') === first.airportsCsv).toBe(true);
  });

  // Checks collect every problem and assert once: thousands of expect() calls are slow.
  it('holds facilities with valid ids, coordinates, the format vocabulary and recovery data', () => {
    expect(sample.facilities.size).toBeGreaterThanOrEqual(5000);
    expect(sample.facilities.size).toBeLessThanOrEqual(30000);
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
      if (!/^[A-Z]{3}$/.test(f.country)) problems.push(`${f.id}: country ${f.country}`);
      const real = REAL_KINDS.has(f.kind);
      if (!real && !ILLUSTRATIVE_KINDS.has(f.kind)) problems.push(`${f.id}: kind ${f.kind}`);
      if (real && f.illustrative !== undefined) problems.push(`${f.id}: a real record`);
      if (!real && !(f.illustrative === true && f.name.endsWith('(illustrative)'))) {
        problems.push(`${f.id}: not marked illustrative`);
      }
      if (!(typeof f.repair_hours === 'number' && f.repair_hours > 0)) {
        problems.push(`${f.id}: repair_hours ${f.repair_hours}`);
      }
      if (!(typeof f.restart_hours === 'number' && f.restart_hours >= 0)) {
        problems.push(`${f.id}: restart_hours ${f.restart_hours}`);
      }
      const people = f.population_served;
      const counted = f.kind === 'substation' || f.kind === 'wastewater_plant';
      if (counted !== (people !== undefined)) problems.push(`${f.id}: population_served`);
      if (people !== undefined && !(Number.isInteger(people) && people >= 0)) {
        problems.push(`${f.id}: population_served ${people}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('takes at least 70% of its facilities from real records, and few illustrative ones', () => {
    const all = [...sample.facilities.values()];
    const illustrative = all.filter((f) => f.illustrative === true).length;
    expect((all.length - illustrative) / all.length).toBeGreaterThanOrEqual(0.7);
    expect(illustrative).toBeLessThanOrEqual(200);
  });

  it('orients supply from generation: the substations alone form no dependency cycle beyond generation', () => {
    // Substation -> substation dependencies go from nearer to farther from generation, except
    // at stations with generation (which also draw on every neighbour): without those, acyclic.
    const generation = new Set(
      sample.dependencies
        .filter((d) => sample.facilities.get(d.from)!.kind === 'power_plant')
        .map((d) => d.to),
    );
    const next = new Map<string, string[]>();
    for (const d of sample.dependencies) {
      const a = sample.facilities.get(d.from)!;
      const b = sample.facilities.get(d.to)!;
      if (a.kind !== 'substation' || b.kind !== 'substation' || generation.has(b.id)) continue;
      next.set(a.id, [...(next.get(a.id) ?? []), b.id]);
    }
    const state = new Map<string, 1 | 2>();
    let cycle = false;
    const visit = (start: string): void => {
      const stack: [string, number][] = [[start, 0]];
      state.set(start, 1);
      while (stack.length > 0 && !cycle) {
        const top = stack[stack.length - 1]!;
        const out = next.get(top[0]) ?? [];
        if (top[1] === out.length) {
          state.set(top[0], 2);
          stack.pop();
          continue;
        }
        const w = out[top[1]++]!;
        if (state.get(w) === 1) cycle = true;
        else if (state.get(w) === undefined) {
          state.set(w, 1);
          stack.push([w, 0]);
        }
      }
    };
    for (const id of next.keys()) if (!state.has(id)) visit(id);
    expect(cycle).toBe(false);
    expect(generation.size).toBeGreaterThan(500);
  });

  it('holds dependencies between existing facilities, no self-loops, delays >= 0', () => {
    expect(sample.dependencies.length).toBeGreaterThanOrEqual(10000);
    expect(sample.dependencies.length).toBeLessThanOrEqual(60000);
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
      if (!SERVICES.has(d.service)) problems.push(`${key}: service`);
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

  it("holds every delay shorter than its provider's repair: with recovery the same facilities fail", () => {
    const problems = sample.dependencies
      .filter((d) => !(d.delay_hours < sample.facilities.get(d.from)!.repair_hours!))
      .map((d) => `${d.from} -> ${d.to}: ${d.delay_hours} h`);
    expect(problems).toEqual([]);
  });

  it('is described with its current size in data/README.md and README.md', () => {
    for (const file of [
      join(PATHS.output, '..', 'README.md'),
      join(PATHS.output, '..', '..', 'README.md'),
    ]) {
      expect(readFileSync(file, 'utf8'), file).toContain(`${sample.facilities.size} facilities`);
    }
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
});
