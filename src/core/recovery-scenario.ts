/**
 * A scenario with recovery end to end (docs/format.md §5): the recovery cascade on a resolved
 * scenario, the `failed` entries with `down` and `restored`, and the summary's `restoredBy` and
 * `timeline`. Without recovery data and without crews the plain cascade (docs/format.md §2)
 * answers.
 */
import type { Graph } from './graph.ts';
import { populationByFacility } from './people.ts';
import { recoveryData } from './recovery-data.ts';
import { runRecovery, type RecoveryResult } from './recovery.ts';
import { failedEntries, impactZone, type FailedEntry, type ScenarioRun } from './scenario.ts';
import type { SpatialIndex } from './spatial-index.ts';
import type { Inventory } from './types.ts';

/** How repairs are organized in a scenario. */
export interface RecoveryOptions {
  /** Integer >= 1; null: every repair starts at hour 0. */
  crews: number | null;
  /** Facility indices repaired first, in this order; null: the default order. */
  repairOrder: number[] | null;
}

export interface RecoveryRun extends ScenarioRun {
  result: RecoveryResult;
}

/** One down interval: [start, end] in hours, end null when it never comes back. */
export type DownInterval = [number, number | null];

export interface RecoveryEntry extends FailedEntry {
  down: DownInterval[];
  restored: number | null;
}

export interface TimelinePoint {
  hours: number;
  /** Facilities down from this instant on. */
  down: number;
  /** The largest sum of `population_served` over one sector's down facilities. */
  people: number;
}

export interface RecoverySummary {
  /** The last restoration, null when some failed facility never comes back. */
  restoredBy: number | null;
  timeline: TimelinePoint[];
}

/**
 * True when a scenario is one with recovery: the inventory gives `repair_hours` or
 * `restart_hours` somewhere, or the scenario sets crews or a repair order.
 */
export function usesRecovery(
  inventory: Pick<Inventory, 'facilities'>,
  options: Partial<RecoveryOptions> = {},
): boolean {
  return (
    recoveryData(inventory).present ||
    (options.crews ?? null) !== null ||
    (options.repairOrder ?? null) !== null
  );
}

/**
 * Runs a resolved scenario with recovery.
 * @example runRecoveryScenario(inventory, graph, ids, index, { compromised: [4], protected: [], radiusKm: 0, crews: 2, repairOrder: null })
 */
export function runRecoveryScenario(
  inventory: Pick<Inventory, 'facilities'>,
  graph: Graph,
  ids: readonly string[],
  index: SpatialIndex,
  scenario: { compromised: number[]; protected: number[]; radiusKm: number } & RecoveryOptions,
): RecoveryRun {
  const zone = impactZone(index, scenario.compromised, scenario.radiusKm);
  const { repairHours, restartHours } = recoveryData(inventory);
  const result = runRecovery(graph, ids, {
    compromised: scenario.compromised,
    zone,
    protected: scenario.protected,
    repairHours,
    restartHours,
    crews: scenario.crews,
    repairOrder: scenario.repairOrder ?? [],
  });
  return { compromised: scenario.compromised, protected: scenario.protected, zone, result };
}

const hoursOrNull = (h: number) => (Number.isFinite(h) ? h : null);

/** Down intervals of one facility, as the CLI prints them. */
export function downIntervalsOf(result: RecoveryResult, v: number): DownInterval[] {
  const out: DownInterval[] = [];
  for (let k = result.intervalStart[v]!; k < result.intervalStart[v + 1]!; k++) {
    out.push([result.downFrom[k]!, hoursOrNull(result.downTo[k]!)]);
  }
  return out;
}

/** The `failed` list of docs/format.md §3 with §5's `down` and `restored` on each entry. */
export function recoveryEntries(
  inventory: Inventory,
  graph: Graph,
  run: RecoveryRun,
): RecoveryEntry[] {
  const r = run.result;
  return failedEntries(inventory, graph, run).map((entry, k) => {
    const v = r.order[k]!;
    return { ...entry, down: downIntervalsOf(r, v), restored: hoursOrNull(r.restored[v]!) };
  });
}

/**
 * The timeline: one point per instant at which some facility goes down or comes back, with
 * the count down from then on and the largest one-sector sum of people served by them.
 */
export function recoveryTimeline(
  inventory: Pick<Inventory, 'facilities'>,
  result: RecoveryResult,
): TimelinePoint[] {
  const { downFrom, downTo, intervalStart } = result;
  const total = downFrom.length;
  const people = populationByFacility(inventory);
  const sectorIndex = new Map<string, number>();
  const sector = new Int32Array(result.restored.length);
  // Boundaries: each interval's start (+1) and finite end (-1), sorted by time.
  const at: number[] = [];
  for (let v = 0; v < result.restored.length; v++) {
    if (intervalStart[v] === intervalStart[v + 1]) continue;
    const name = inventory.facilities[v]!.sector;
    let s = sectorIndex.get(name);
    if (s === undefined) sectorIndex.set(name, (s = sectorIndex.size));
    sector[v] = s;
    for (let k = intervalStart[v]!; k < intervalStart[v + 1]!; k++) {
      at.push(k);
      if (Number.isFinite(downTo[k]!)) at.push(total + k);
    }
  }
  const owner = new Int32Array(total);
  for (let v = 0; v < result.restored.length; v++) {
    for (let k = intervalStart[v]!; k < intervalStart[v + 1]!; k++) owner[k] = v;
  }
  const timeOf = (e: number) => (e < total ? downFrom[e]! : downTo[e - total]!);
  at.sort((a, b) => timeOf(a) - timeOf(b));
  const sums = new Float64Array(sectorIndex.size);
  const points: TimelinePoint[] = [];
  let down = 0;
  for (let i = 0; i < at.length;) {
    const t = timeOf(at[i]!);
    for (; i < at.length && timeOf(at[i]!) === t; i++) {
      const e = at[i]!;
      const v = owner[e < total ? e : e - total]!;
      const sign = e < total ? 1 : -1;
      down += sign;
      sums[sector[v]!]! += sign * people[v]!;
    }
    let most = 0;
    for (let s = 0; s < sums.length; s++) if (sums[s]! > most) most = sums[s]!;
    points.push({ hours: t, down, people: most });
  }
  return points;
}

/** `restoredBy` and `timeline` of a recovery run. */
export function recoverySummary(inventory: Pick<Inventory, 'facilities'>, run: RecoveryRun) {
  const r = run.result;
  let restoredBy = 0;
  for (const v of r.order) restoredBy = Math.max(restoredBy, r.restored[v]!);
  return {
    restoredBy: hoursOrNull(restoredBy),
    timeline: recoveryTimeline(inventory, r),
  } satisfies RecoverySummary;
}
