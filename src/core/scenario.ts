/**
 * A scenario end to end (docs/format.md §2 and 3): resolve ids, draw the impact zone, run the
 * cascade, and report failures and the summary in the shape the CLI prints and the viewer shows.
 */
import { REASONS, runCascade, type CascadeResult } from './cascade.ts';
import type { Graph } from './graph.ts';
import { peopleSummary, type PeopleSummary } from './people.ts';
import type { SpatialIndex } from './spatial-index.ts';
import type { FailureReason, Inventory, Scenario } from './types.ts';

export interface ScenarioRun {
  /** Facility indices. */
  compromised: number[];
  protected: number[];
  /** Facilities in the impact zone (compromised ones included). */
  zone: number[];
  result: CascadeResult;
}

export type Resolved =
  | { ok: true; compromised: number[]; protected: number[] }
  | { ok: false; unknown: string[]; message: string };

/** Maps a scenario's ids to facility indices; unknown ids are an error, not silently dropped. */
export function resolveScenario(inventory: Inventory, scenario: Scenario): Resolved {
  const unknown: string[] = [];
  const toIndex = (ids: string[]) =>
    [...new Set(ids)].flatMap((id) => {
      const i = inventory.indexById.get(id);
      if (i === undefined) unknown.push(id);
      return i === undefined ? [] : [i];
    });
  const compromised = toIndex(scenario.compromised);
  const protectedIdx = toIndex(scenario.protected);
  if (unknown.length > 0) {
    const list = unknown.map((id) => `"${id}"`).join(', ');
    return { ok: false, unknown, message: `unknown facility id(s): ${list}` };
  }
  return { ok: true, compromised, protected: protectedIdx };
}

/**
 * Facilities within `radiusKm` of any compromised facility (docs/format.md §2.1); none when r = 0.
 */
export function impactZone(index: SpatialIndex, compromised: number[], radiusKm: number): number[] {
  if (!(radiusKm > 0)) return [];
  const zone = new Set<number>();
  for (const c of compromised) for (const j of index.within(c, radiusKm)) zone.add(j);
  return [...zone].sort((a, b) => a - b);
}

/**
 * Runs a resolved scenario.
 * @example runScenario(graph, ids, index, { compromised: [4], protected: [], radiusKm: 10 })
 */
export function runScenario(
  graph: Graph,
  ids: readonly string[],
  index: SpatialIndex,
  scenario: { compromised: number[]; protected: number[]; radiusKm: number },
): ScenarioRun {
  const zone = impactZone(index, scenario.compromised, scenario.radiusKm);
  const result = runCascade(graph, ids, {
    compromised: scenario.compromised,
    zone,
    protected: scenario.protected,
  });
  return { compromised: scenario.compromised, protected: scenario.protected, zone, result };
}

export interface FailedEntry {
  id: string;
  wave: number;
  hours: number;
  reason: FailureReason;
  service?: string;
  trigger?: string;
  country: string | null;
}

/** The `failed` list of docs/format.md §3, in its order (wave, hours, id). */
export function failedEntries(inventory: Inventory, graph: Graph, run: ScenarioRun): FailedEntry[] {
  const r = run.result;
  return Array.from(r.order, (v) => {
    const f = inventory.facilities[v]!;
    const cause =
      r.trigger[v]! >= 0
        ? {
            service: graph.services[r.service[v]!]!,
            trigger: inventory.facilities[r.trigger[v]!]!.id,
          }
        : {};
    return {
      id: f.id,
      wave: r.wave[v]!,
      hours: r.hours[v]!,
      reason: REASONS[r.reason[v]!]!,
      ...cause,
      country: f.country,
    };
  });
}

export interface Summary {
  failed: number;
  compromised: number;
  inZone: number;
  cascade: number;
  bySector: Record<string, number>;
  byCountry: Record<string, number>;
  byWave: number[];
  spillover: number;
  crossBorderDependenciesLost: number;
  maxWave: number;
  maxHours: number;
  /** docs/format.md §4: people served by the failed facilities. */
  people: PeopleSummary;
}

/**
 * A dependency is cross-border when both ends have a country and they differ (docs/format.md §2.6).
 */
export function isCrossBorder(inventory: Inventory, from: number, to: number): boolean {
  const a = inventory.facilities[from]!.country;
  const b = inventory.facilities[to]!.country;
  return a !== null && b !== null && a !== b;
}

/**
 * Totals of a run. Countries are keyed by alpha-3, with "null" for facilities without one.
 * A spillover is a failure in a country (not null) that no compromised facility is in.
 */
export function summarize(inventory: Inventory, run: ScenarioRun): Summary {
  const r = run.result;
  // Null-prototype records: a sector called "__proto__" is just a sector.
  const bySector: Record<string, number> = Object.create(null);
  const byCountry: Record<string, number> = Object.create(null);
  const byWave: number[] = [];
  const attacked = new Set(run.compromised.map((c) => inventory.facilities[c]!.country));
  let spillover = 0;
  let maxHours = 0;
  let inZone = 0;
  let cascade = 0;
  for (const v of r.order) {
    const f = inventory.facilities[v]!;
    bySector[f.sector] = (bySector[f.sector] ?? 0) + 1;
    const key = String(f.country);
    byCountry[key] = (byCountry[key] ?? 0) + 1;
    byWave[r.wave[v]!] = (byWave[r.wave[v]!] ?? 0) + 1;
    if (f.country !== null && !attacked.has(f.country)) spillover++;
    maxHours = Math.max(maxHours, r.hours[v]!);
    if (r.reason[v] === 2) inZone++;
    if (r.reason[v] === 3) cascade++;
  }
  let crossBorderLost = 0;
  const { from, to } = inventory.dependencies;
  for (let k = 0; k < from.length; k++) {
    if (r.reason[from[k]!] !== 0 && isCrossBorder(inventory, from[k]!, to[k]!)) crossBorderLost++;
  }
  return {
    failed: r.order.length,
    compromised: run.compromised.length,
    inZone,
    cascade,
    bySector: sortKeys(bySector),
    byCountry: sortKeys(byCountry),
    byWave: Array.from(byWave, (x) => x ?? 0),
    spillover,
    crossBorderDependenciesLost: crossBorderLost,
    maxWave: byWave.length - 1,
    maxHours,
    people: peopleSummary(inventory, r.order),
  };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const k of Object.keys(record).sort()) out[k] = record[k]!;
  return out;
}
