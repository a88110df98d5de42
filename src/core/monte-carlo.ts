/**
 * Uncertainty by Monte Carlo (docs/format.md §6). Each run draws, independently, whether each
 * facility of the impact zone is damaged (p_damage; compromised facilities always fail) and whether
 * each dependency's backup works (backup_reliability; when it does not, its delay is 0 in
 * that run), then applies the cascade. Draws come from the counter-based generator of
 * random.ts, one value per (run, facility) and per (run, dependency): a run's result depends
 * on the seed and its index only, so runs can be split between workers in any way and the
 * tallies (integer counts) summed in any order give the same numbers.
 *
 * Under docs/format.md §2 delays change when a facility fails, never whether it does, so the failed set
 * of a run depends on the damage draws alone and the backup draws are not made. Under docs/format.md §5
 * (recovery: an outage shorter than a delay is bridged) the delays decide the failed set: a
 * model with recovery data runs the recovery cascade (recovery.ts) with each run's delays,
 * 0 where that run's backup failed.
 */
import { FailedSet } from './closure.ts';
import type { Graph } from './graph.ts';
import { runRecovery } from './recovery.ts';
import { runSeed, STREAM_BACKUP, STREAM_DAMAGE, uniform } from './random.ts';

/** The most runs one request may ask for (the CLI and the viewer refuse more). */
export const MONTE_CARLO_MAX_RUNS = 1_000_000;

/** Everything a run needs, as plain data (it crosses to workers by structured clone). */
export interface MonteCarloModel {
  graph: Graph;
  seed: number;
  /** Compromised facilities: they fail in every run. */
  compromised: Int32Array;
  /** Facilities of the impact zone that are not compromised, and their p_damage. */
  zone: Int32Array;
  zoneDamage: Float64Array;
  protected: Int32Array;
  /** backup_reliability per in-edge slot of the graph (for the recovery engine). */
  slotBackup: Float64Array;
  /**
   * True when the run engine needs each run's delays (a recovery cascade, docs/format.md §5): the
   * backup draws are then made. The cascade of docs/format.md §2 does not.
   */
  needsDelays: boolean;
  /**
   * Recovery data (docs/format.md §5), when the inventory or the scenario has any: each run is then the
   * recovery cascade with that run's delays, and its failed set every facility ever down.
   */
  recovery: MonteCarloRecovery | null;
}

export interface MonteCarloRecovery {
  /** Facility ids by index (the recovery cascade's tie-breaks and default repair order). */
  ids: string[];
  repairHours: Float64Array;
  restartHours: Float64Array;
  crews: number | null;
  repairOrder: number[];
}

/** Per-facility and per-count tallies of a range of runs: sums of integers, order-free. */
export interface MonteCarloTally {
  runs: number;
  /** In how many runs each facility failed. */
  failedRuns: Int32Array;
  /** histogram[x] = the number of runs in which x facilities failed (length n + 1). */
  histogram: Int32Array;
}

/**
 * One run's failed set from its initial failures and its delays per in-edge slot (0 where the
 * backup failed). The cascade of docs/format.md §2 ignores the delays for the failed set; a
 * recovery cascade (docs/format.md §5) would not.
 */
export type RunEngine = (
  initial: Int32Array,
  initialCount: number,
  slotDelayHours: Float64Array | null,
) => ArrayLike<number>;

/** The recovery cascade (§5) with each run's delays (a copy of the graph with them in place). */
function recoveryEngine(model: MonteCarloModel, recovery: MonteCarloRecovery): RunEngine {
  const protectedList = Array.from(model.protected);
  const compromised = Array.from(model.compromised);
  return (initial, initialCount, slotDelayHours) => {
    const delays = slotDelayHours ?? model.graph.edgeDelayHours;
    let hasDelays = false;
    for (let i = 0; i < delays.length && !hasDelays; i++) if (delays[i] !== 0) hasDelays = true;
    const graph: Graph = { ...model.graph, edgeDelayHours: delays, hasDelays };
    const result = runRecovery(graph, recovery.ids, {
      compromised,
      zone: initial.subarray(compromised.length, initialCount),
      protected: protectedList,
      repairHours: recovery.repairHours,
      restartHours: recovery.restartHours,
      crews: recovery.crews,
      repairOrder: recovery.repairOrder,
    });
    return result.order;
  };
}

/** The engine a model names: the recovery cascade with recovery data, else the plain cascade (§2). */
export function defaultEngine(model: MonteCarloModel): RunEngine {
  return model.recovery ? recoveryEngine(model, model.recovery) : cascadeEngine(model);
}

function cascadeEngine(model: MonteCarloModel): RunEngine {
  const closure = new FailedSet(model.graph);
  const isProtected = new Uint8Array(model.graph.n);
  for (const v of model.protected) isProtected[v] = 1;
  return (initial, initialCount) => {
    const size = closure.run(initial.subarray(0, initialCount), isProtected);
    return closure.queue.subarray(0, size);
  };
}

/** True when every run is the same (nothing below 1 that matters). */
export function isCertain(model: MonteCarloModel): boolean {
  for (const p of model.zoneDamage) if (p < 1) return false;
  if (model.needsDelays) {
    const { edgeDelayHours } = model.graph;
    for (let i = 0; i < model.slotBackup.length; i++) {
      if (model.slotBackup[i]! < 1 && edgeDelayHours[i]! > 0) return false;
    }
  }
  return true;
}

/** An empty tally for a graph of n facilities. */
export function emptyTally(n: number): MonteCarloTally {
  return { runs: 0, failedRuns: new Int32Array(n), histogram: new Int32Array(n + 1) };
}

/** Adds `b` into `a` (returns a). */
export function addTally(a: MonteCarloTally, b: MonteCarloTally): MonteCarloTally {
  a.runs += b.runs;
  for (let i = 0; i < a.failedRuns.length; i++) a.failedRuns[i]! += b.failedRuns[i]!;
  for (let i = 0; i < a.histogram.length; i++) a.histogram[i]! += b.histogram[i]!;
  return a;
}

/**
 * Runs `fromRun` .. `toRun` - 1 of a model.
 * @param engine the failed set of one run (default: the cascade of docs/format.md §2 on the model's
 * graph)
 * @param onProgress called now and then with the number of runs done
 * @example runMonteCarlo(model, 0, 10_000).histogram
 */
export function runMonteCarlo(
  model: MonteCarloModel,
  fromRun: number,
  toRun: number,
  onProgress?: (done: number) => void,
  engine: RunEngine = defaultEngine(model),
): MonteCarloTally {
  const n = model.graph.n;
  const tally = emptyTally(n);
  const runs = Math.max(0, toRun - fromRun);
  const { compromised, zone, zoneDamage, seed } = model;
  const initial = new Int32Array(compromised.length + zone.length);
  initial.set(compromised);
  const slotDelay = model.needsDelays ? new Float64Array(model.graph.edgeDelayHours.length) : null;
  const certain = isCertain(model);
  let lastFailed: ArrayLike<number> | null = null;
  for (let r = fromRun; r < toRun; r++) {
    let failed: ArrayLike<number>;
    if (certain && lastFailed) {
      failed = lastFailed; // every run is the same run
    } else {
      const s = runSeed(seed, r);
      let count = compromised.length;
      for (let k = 0; k < zone.length; k++) {
        const f = zone[k]!;
        const p = zoneDamage[k]!;
        if (p >= 1 || (p > 0 && uniform(s, STREAM_DAMAGE, f) < p)) initial[count++] = f;
      }
      if (slotDelay) {
        const { edgeDelayHours, edgeDependency } = model.graph;
        for (let i = 0; i < slotDelay.length; i++) {
          const delay = edgeDelayHours[i]!;
          const p = model.slotBackup[i]!;
          const works = delay === 0 || p >= 1 || uniform(s, STREAM_BACKUP, edgeDependency[i]!) < p;
          slotDelay[i] = works ? delay : 0;
        }
      }
      failed = engine(initial, count, slotDelay);
      if (certain) lastFailed = Int32Array.from(failed);
    }
    for (let k = 0; k < failed.length; k++) tally.failedRuns[failed[k]!]!++;
    tally.histogram[failed.length]!++;
    tally.runs++;
    if (onProgress && (r - fromRun) % 256 === 255) onProgress(r - fromRun + 1);
  }
  onProgress?.(runs);
  return tally;
}

export interface MonteCarloSummary {
  runs: number;
  seed: number;
  /** Failure probability per facility id, for the facilities with p > 0, in id order. */
  probability: Record<string, number>;
  failedCount: { mean: number; p50: number; p90: number; p99: number };
  /** [x, P(at least x facilities fail)] for every count x seen, x ascending. */
  exceedance: [number, number][];
}

/**
 * The q-quantile of the failed count by the nearest-rank rule: the smallest x with at least
 * ceil(q * runs) runs at or below x.
 */
export function quantile(histogram: ArrayLike<number>, runs: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * runs - 1e-9));
  let cumulative = 0;
  for (let x = 0; x < histogram.length; x++) {
    cumulative += histogram[x]!;
    if (cumulative >= rank) return x;
  }
  return histogram.length - 1;
}

/**
 * The results of docs/format.md §6 from a tally.
 * @example summarizeMonteCarlo(ids, tally, 42).failedCount.p90
 */
export function summarizeMonteCarlo(
  ids: readonly string[],
  tally: MonteCarloTally,
  seed: number,
): MonteCarloSummary {
  const { runs, failedRuns, histogram } = tally;
  const failedIdx: number[] = [];
  for (let v = 0; v < failedRuns.length; v++) if (failedRuns[v]! > 0) failedIdx.push(v);
  failedIdx.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const probability: Record<string, number> = Object.create(null);
  for (const v of failedIdx) probability[ids[v]!] = failedRuns[v]! / runs;
  let sum = 0;
  for (let x = 0; x < histogram.length; x++) sum += x * histogram[x]!;
  const exceedance: [number, number][] = [];
  let atLeast = runs;
  for (let x = 0; x < histogram.length; x++) {
    if (histogram[x]! > 0) exceedance.push([x, atLeast / runs]);
    atLeast -= histogram[x]!;
  }
  return {
    runs,
    seed,
    probability,
    failedCount: {
      mean: runs > 0 ? sum / runs : 0,
      p50: quantile(histogram, runs, 0.5),
      p90: quantile(histogram, runs, 0.9),
      p99: quantile(histogram, runs, 0.99),
    },
    exceedance,
  };
}

/**
 * The model of a scenario: its initial failures split into certain (compromised) and drawn
 * (the rest of the zone, with their p_damage), and backup_reliability by in-edge slot.
 * @param pDamage per facility; @param backupReliability per dependency row (uncertainty.ts)
 * @example monteCarloModel(graph, { compromised: [3], zone: [3, 8], protected: [] }, u, 42)
 */
export function monteCarloModel(
  graph: Graph,
  scenario: { compromised: number[]; zone: number[]; protected: number[] },
  uncertainty: { pDamage: Float64Array; backupReliability: Float64Array },
  seed: number,
  recovery: MonteCarloRecovery | null = null,
): MonteCarloModel {
  const compromised = new Set(scenario.compromised);
  const zone = [...new Set(scenario.zone)].filter((v) => !compromised.has(v)).sort((a, b) => a - b);
  const slotBackup = new Float64Array(graph.edgeDependency.length);
  for (let i = 0; i < slotBackup.length; i++) {
    slotBackup[i] = uncertainty.backupReliability[graph.edgeDependency[i]!] ?? 1;
  }
  return {
    graph,
    seed,
    compromised: Int32Array.from(compromised),
    zone: Int32Array.from(zone),
    zoneDamage: Float64Array.from(zone, (v) => uncertainty.pDamage[v] ?? 1),
    protected: Int32Array.from(new Set(scenario.protected)),
    slotBackup,
    needsDelays: recovery !== null,
    recovery,
  };
}
