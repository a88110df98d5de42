/**
 * Property test: on seeded random inventories with recovery data (repairs, restarts, crews,
 * repair orders, delays, k-of-n, cycles, protection, a radius) the CLI's answer agrees with
 * the slow reference (tests/core/reference-recovery.ts) on every field of every failed
 * entry and on restoredBy and the timeline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFiles, parseArgs } from '../../src/cli/run.ts';
import {
  referenceRecovery,
  type RecDependency,
  type RecFacility,
  type RecScenario,
} from './reference-recovery.ts';

const SECTORS = ['energy', 'water', 'health'];
const SERVICES = ['energy', 'water', 'telecom'];

const caseArb = fc
  .record({
    n: fc.integer({ min: 2, max: 9 }),
    seedIds: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 9, maxLength: 9 }),
  })
  .chain(({ n, seedIds }) => {
    const ids = Array.from({ length: n }, (_, i) => `f${seedIds[i]}-${i}`);
    const facility = (id: string, i: number) =>
      fc
        .record({
          sector: fc.constantFrom(...SECTORS),
          population: fc.constantFrom(0, 0, 10, 100, 1000),
          repair: fc.option(fc.constantFrom(1, 2, 3, 5, 8, 13), { nil: undefined, freq: 2 }),
          restart: fc.constantFrom(0, 0, 0, 1, 2, 5),
          k: fc.dictionary(fc.constantFrom(...SERVICES), fc.integer({ min: 1, max: 3 }), {
            maxKeys: 2,
          }),
          dx: fc.integer({ min: 0, max: 20 }),
        })
        .map((r): RecFacility => ({
          id,
          lon: 10 + (r.dx + i) * 0.001,
          lat: 50,
          sector: r.sector,
          population: r.population,
          minProviders: r.k,
          restart: r.restart,
          ...(r.repair === undefined ? {} : { repair: r.repair }),
        }));
    const dependency = fc
      .record({
        from: fc.integer({ min: 0, max: n - 1 }),
        to: fc.integer({ min: 0, max: n - 1 }),
        service: fc.constantFrom(...SERVICES),
        delay: fc.constantFrom(0, 0, 0, 1, 2, 3, 4, 8),
      })
      .map((d) => ({ ...d, from: ids[d.from]!, to: ids[d.to]! }));
    const someIds = (max: number) =>
      fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: max });
    return fc.record({
      facilities: fc.tuple(...ids.map((id, i) => facility(id, i))),
      deps: fc.array(dependency, { maxLength: n * 3 }),
      compromised: someIds(3),
      protectedIds: fc.option(someIds(2), { nil: [] as string[] }),
      radiusKm: fc.constantFrom(0, 0, 0, 0.1, 0.5),
      crews: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      repairOrder: fc.option(someIds(3), { nil: [] as string[] }),
    });
  });

function toGeoJson(facilities: RecFacility[], deps: RecDependency[]): string {
  const features = [
    ...facilities.map((f) => ({
      type: 'Feature',
      properties: {
        id: f.id,
        sector: f.sector,
        country: 'DEU',
        population_served: f.population,
        min_providers: f.minProviders,
        restart_hours: f.restart,
        ...(f.repair === undefined ? {} : { repair_hours: f.repair }),
      },
      geometry: { type: 'Point', coordinates: [f.lon, f.lat] },
    })),
    ...deps.map((d) => ({
      type: 'Feature',
      properties: { from: d.from, to: d.to, service: d.service, delay_hours: d.delay },
      geometry: null,
    })),
  ];
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Self-dependencies and repeats are rejected at load: the reference sees what loads. */
function loadable(deps: RecDependency[]): RecDependency[] {
  const seen = new Set<string>();
  return deps.filter((d) => {
    const key = `${d.from}|${d.to}|${d.service}`;
    if (d.from === d.to || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe('recovery property', () => {
  it('agrees with the slow reference on every field (seeded random inventories)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const deps = loadable(c.deps);
        const scenario: RecScenario = {
          compromised: c.compromised,
          radiusKm: c.radiusKm,
          protected: c.protectedIds,
          crews: c.crews,
          repairOrder: c.repairOrder,
        };
        const argv = ['random.geojson', '--compromise', c.compromised.join(',')];
        if (c.radiusKm > 0) argv.push('--radius-km', String(c.radiusKm));
        if (c.protectedIds.length > 0) argv.push('--protect', c.protectedIds.join(','));
        if (c.crews !== null) argv.push('--crews', String(c.crews));
        if (c.repairOrder.length > 0) argv.push('--repair-order', c.repairOrder.join(','));
        const text = toGeoJson(c.facilities, deps);
        const outcome = await analyzeFiles(
          [{ name: 'random.geojson', text }],
          parseArgs(argv),
          null,
        );
        expect(outcome.exitCode).toBe(0);
        const out = outcome.stdout as {
          failed: ({ country: unknown } & Record<string, unknown>)[];
          summary: { restoredBy: unknown; timeline: unknown };
        };
        const expected = referenceRecovery(c.facilities, deps, scenario);
        fc.pre(!expected.pulse);
        expect(out.failed.map(({ country: _c, ...rest }) => rest)).toEqual(expected.failed);
        expect(out.summary.restoredBy).toEqual(expected.restoredBy);
        expect(out.summary.timeline).toEqual(expected.timeline);
      }),
      {
        seed: Number(process.env.RECOVERY_SEED ?? 20),
        numRuns: Number(process.env.RECOVERY_RUNS ?? 700),
      },
    );
  });
});
