/**
 * People (docs/format.md §4): `population_served` is how many people lose a facility's service
 * while it is down. A number >= 0, or text holding one ("12000", " 12 000 ", "1,200,000"), counts;
 * missing or empty counts as 0 silently; anything else present counts as 0 and is reported
 * (`invalid-population`) while the facility still loads.
 */
import { describe, entry } from './report.ts';
import type { Facility, Inventory, ReportEntry } from './types.ts';

/** `summary.people`: people served by failed facilities, per sector, and the largest sum. */
export interface PeopleSummary {
  /** Sector -> sum of `population_served` over its failed facilities (sums of 0 left out). */
  bySector: Record<string, number>;
  /** The largest of those sums: at least this many distinct people lose a service. */
  atLeast: number;
}

// Digits in groups of three with one separator kind (comma, space, no-break space,
// apostrophe, underscore), as spreadsheets and reports write large counts.
const GROUPED = /^\d{1,3}(?:([, \u00a0\u202f'_])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;

/**
 * Reads one `population_served` value: the number of people, 0 when missing or empty, or
 * undefined when present but unusable (negative, not a number, not finite).
 * @example readPopulation('1,200') // 1200
 */
export function readPopulation(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if (t === '') return 0;
  const plain = GROUPED.test(t) ? t.replace(/[, \u00a0\u202f'_]/g, '') : t;
  if (!/^\+?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(plain)) return undefined;
  const n = Number(plain);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * The most people one facility is counted as serving: more than the world's population, so
 * only a typo or a hostile file reaches it, and sums over millions of facilities stay finite
 * (two values of 1e308 would add up to Infinity, printed as null).
 */
export const MAX_POPULATION = 1e10;

/**
 * Reports every facility whose `population_served` is present but unusable (it counts 0), or
 * above MAX_POPULATION (it counts as that).
 */
export function checkPopulation(facilities: readonly Facility[], warnings: ReportEntry[]): void {
  for (const f of facilities) {
    const value = f.properties.population_served;
    const people = readPopulation(value);
    if (people !== undefined && people > MAX_POPULATION) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'population-capped',
          `population_served ${people} is more than ${MAX_POPULATION.toLocaleString('en-US')} people (more than live on Earth); counted as ${MAX_POPULATION.toLocaleString('en-US')} so that sums stay finite`,
        ),
      );
      continue;
    }
    if (people !== undefined) continue;
    warnings.push(
      entry(
        f.source,
        f.id,
        'invalid-population',
        `population_served must be a number of people >= 0, got ${describe(value)}; counted as 0`,
      ),
    );
  }
}

const populations = new WeakMap<readonly Facility[], Float64Array>();

/**
 * People served by each facility, by index (0 where missing or unusable). Computed once per
 * inventory: an inventory is replaced, never mutated.
 */
export function populationByFacility(inventory: Pick<Inventory, 'facilities'>): Float64Array {
  let people = populations.get(inventory.facilities);
  if (!people) {
    const fs = inventory.facilities;
    people = new Float64Array(fs.length);
    for (let i = 0; i < fs.length; i++)
      people[i] = Math.min(
        MAX_POPULATION,
        readPopulation(fs[i]!.properties.population_served) ?? 0,
      );
    populations.set(inventory.facilities, people);
  }
  return people;
}

/** True when some facility serves a positive number of people (exports then show people). */
export function hasPopulation(inventory: Pick<Inventory, 'facilities'>): boolean {
  return populationByFacility(inventory).some((p) => p > 0);
}

/**
 * `summary.people` over a set of failed (or down) facilities.
 * @param failed facility indices, each once
 * @example peopleSummary(inventory, run.result.order) // { bySector: { energy: 1200 }, atLeast: 1200 }
 */
export function peopleSummary(
  inventory: Pick<Inventory, 'facilities'>,
  failed: ArrayLike<number>,
): PeopleSummary {
  const people = populationByFacility(inventory);
  const sums = new Map<string, number>();
  for (let k = 0; k < failed.length; k++) {
    const v = failed[k]!;
    const p = people[v]!;
    if (p > 0) {
      const sector = inventory.facilities[v]!.sector;
      sums.set(sector, (sums.get(sector) ?? 0) + p);
    }
  }
  // Null-prototype record: a sector called "__proto__" is just a sector.
  const bySector: Record<string, number> = Object.create(null);
  let atLeast = 0;
  for (const s of [...sums.keys()].sort()) {
    const n = sums.get(s)!;
    bySector[s] = n;
    if (n > atLeast) atLeast = n;
  }
  return { bySector, atLeast };
}
