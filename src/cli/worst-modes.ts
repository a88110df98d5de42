/**
 * The modes of docs/format.md §6 on the command line: `--pairs [N]`, `--worst-radius KM [--top N]`,
 * `--protect-budget K` and `--monte-carlo RUNS [--seed S]` (with a scenario for the last
 * two). run.ts hands their flags here; each mode is one run of the analysis core.
 */
import type { CountryIndex } from '../core/countries.ts';
import { rankByImpact } from '../core/ranking.ts';
import { buildGraph, type Graph } from '../core/graph.ts';
import type { LoadInput } from '../core/load-pipeline.ts';
import { MONTE_CARLO_MAX_RUNS, monteCarloModel, summarizeMonteCarlo } from '../core/monte-carlo.ts';
import { rankPairs } from '../core/pairs.ts';
import { computePlacements } from '../core/placement.ts';
import { bestProtection } from '../core/protection.ts';
import { impactZone, resolveScenario } from '../core/scenario.ts';
import { SpatialIndex } from '../core/spatial-index.ts';
import type { Inventory } from '../core/types.ts';
import { readUncertainty } from '../core/uncertainty.ts';
import { recoveryData } from '../core/recovery-data.ts';
import { usesRecovery } from '../core/recovery-scenario.ts';
import { recoveryOptions } from './recovery-args.ts';
import { runMonteCarloParallel } from './monte-carlo-workers.ts';
import {
  cliOptions,
  loadForCli,
  UsageError,
  type CliArgs,
  type CliLoadOptions,
  type CliOutcome,
} from './run.ts';

export interface WorstArgs {
  /** --pairs [N]: how many pairs (10 when N is omitted). */
  pairs: number | null;
  worstRadiusKm: number | null;
  /** --top N with --worst-radius (every facility when omitted). */
  top: number | null;
  protectBudget: number | null;
  monteCarlo: number | null;
  seed: number | null;
}

export const DEFAULT_PAIRS = 10;
export const DEFAULT_SEED = 1;

export function emptyWorstArgs(): WorstArgs {
  return {
    pairs: null,
    worstRadiusKm: null,
    top: null,
    protectBudget: null,
    monteCarlo: null,
    seed: null,
  };
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  const x = Number(text);
  if (!NUMERIC.test(text.trim()) || !Number.isInteger(x) || x < min || x > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${flag} takes a whole number ${range}, got "${text}"`);
  }
  return x;
}

/**
 * Reads a flag of docs/format.md §6 at argv[i] into `worst`.
 * @param value the flag's value (inline or the next argument, which it steps over; throws
 *   when there is none)
 * @returns how many more arguments after argv[i] it used besides `value`'s, or -1 when the
 *   flag is not one of these
 */
export function parseWorstFlag(
  worst: WorstArgs,
  argv: string[],
  i: number,
  flag: string,
  inline: string | undefined,
  value: () => string,
): number {
  switch (flag) {
    case '--pairs': {
      const next = inline ?? argv[i + 1];
      if (next !== undefined && (inline !== undefined || NUMERIC.test(next))) {
        worst.pairs = wholeNumber('--pairs', next, 1);
        return inline === undefined ? 1 : 0;
      }
      worst.pairs = DEFAULT_PAIRS;
      return 0;
    }
    case '--worst-radius': {
      const text = value();
      const km = Number(text);
      if (!NUMERIC.test(text.trim()) || !Number.isFinite(km) || km <= 0) {
        throw new UsageError(`--worst-radius needs a radius in kilometres > 0, got "${text}"`);
      }
      worst.worstRadiusKm = km;
      return 0;
    }
    case '--top':
      worst.top = wholeNumber('--top', value(), 1);
      return 0;
    case '--protect-budget':
      worst.protectBudget = wholeNumber('--protect-budget', value(), 1);
      return 0;
    case '--monte-carlo':
      worst.monteCarlo = wholeNumber('--monte-carlo', value(), 1, MONTE_CARLO_MAX_RUNS);
      return 0;
    case '--seed':
      worst.seed = wholeNumber('--seed', value(), 0);
      return 0;
    default:
      return -1;
  }
}

/** The docs/format.md §6 mode asked for, if any. */
export function worstMode(
  worst: WorstArgs,
): 'pairs' | 'placement' | 'protect' | 'monte-carlo' | null {
  if (worst.pairs !== null) return 'pairs';
  if (worst.worstRadiusKm !== null) return 'placement';
  if (worst.protectBudget !== null) return 'protect';
  if (worst.monteCarlo !== null) return 'monte-carlo';
  return null;
}

/** One mode per run (docs/format.md §3), and each flag with the mode it belongs to. */
export function checkWorstArgs(args: CliArgs, explicitValidate: boolean): void {
  const w = args.worst;
  const modes = [
    w.pairs !== null && '--pairs',
    w.worstRadiusKm !== null && '--worst-radius',
    w.protectBudget !== null && '--protect-budget',
    w.monteCarlo !== null && '--monte-carlo',
    args.rank !== null && '--rank',
    explicitValidate && '--validate',
  ].filter((m): m is string => m !== false);
  const worst = worstMode(w);
  if (worst !== null && modes.length > 1) {
    throw new UsageError(`one mode per run: ${modes.join(' and ')} cannot be combined`);
  }
  if (w.top !== null && w.worstRadiusKm === null) {
    throw new UsageError('--top goes with --worst-radius KM');
  }
  if (w.seed !== null && w.monteCarlo === null) {
    throw new UsageError('--seed goes with --monte-carlo RUNS');
  }
  if ((worst === 'pairs' || worst === 'placement') && args.compromise !== null) {
    const flag = worst === 'pairs' ? '--pairs' : '--worst-radius';
    throw new UsageError(`${flag} looks at every facility: leave out --compromise`);
  }
  if ((worst === 'protect' || worst === 'monte-carlo') && args.compromise === null) {
    const flag = worst === 'protect' ? '--protect-budget' : '--monte-carlo';
    throw new UsageError(`${flag} needs a scenario: add --compromise ID`);
  }
}

/** Prints "label: done/total" on stderr at most every 2 s, once a run has taken 2 s. */
function progressLine(log: ((line: string) => void) | undefined, label: string) {
  if (!log) return undefined;
  let last = Date.now();
  return (done: number, total: number) => {
    const now = Date.now();
    if (now - last < 2000 || done >= total) return;
    last = now;
    log(`${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
  };
}

/**
 * Loads the sources and answers a docs/format.md §6 mode.
 * @param log where progress lines go (stderr in the CLI)
 */
export async function analyzeWorstFiles(
  inputs: readonly LoadInput[],
  args: CliArgs,
  options: CliLoadOptions | CountryIndex | null,
  log?: (line: string) => void,
): Promise<CliOutcome> {
  const loaded = await loadForCli(inputs, args, cliOptions(options));
  if (!loaded.ok) return loaded.outcome;
  const inventory = loaded.inventory;
  const graph = buildGraph(inventory);
  const answered = await answer(inventory, graph, args, log);
  const outcome = loaded.notes.length > 0 ? { ...answered, notes: loaded.notes } : answered;
  const notes: string[] = [];
  if (outcome.stderr) notes.push(outcome.stderr);
  const rejected = inventory.errors.length;
  if (rejected > 0) {
    notes.push(
      `${rejected} item(s) rejected and ${inventory.warnings.length} warning(s); --validate lists them`,
    );
  }
  return notes.length > 0 ? { ...outcome, stderr: notes.join('; ') } : outcome;
}

async function answer(
  inventory: Inventory,
  graph: Graph,
  args: CliArgs,
  log?: (line: string) => void,
): Promise<CliOutcome> {
  const w = args.worst;
  const ids = inventory.facilities.map((f) => f.id);
  const mode = worstMode(w);
  if (mode === 'pairs') {
    const progress = progressLine(log, 'pairs: failure components searched');
    const result = rankPairs(graph, ids, w.pairs ?? DEFAULT_PAIRS, progress);
    return { exitCode: 0, stdout: { pairs: result.pairs } };
  }
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  if (mode === 'placement') {
    const radiusKm = w.worstRadiusKm!;
    const progress = progressLine(log, 'worst placement: facilities');
    const placement = computePlacements(graph, index, radiusKm, 0, graph.n, (done) =>
      progress?.(done, graph.n),
    );
    return { exitCode: 0, stdout: { placements: rankByImpact(ids, placement, w.top ?? Infinity) } };
  }
  const resolved = resolveScenario(inventory, {
    compromised: args.compromise ?? [],
    protected: args.protect,
    radiusKm: args.radiusKm,
  });
  if (!resolved.ok) return { exitCode: 2, stderr: resolved.message };
  const zone = impactZone(index, resolved.compromised, args.radiusKm);
  if (mode === 'protect') {
    const initial = [...new Set([...resolved.compromised, ...zone])];
    const progress = progressLine(log, 'best protection: candidates measured');
    const result = bestProtection(
      graph,
      ids,
      initial,
      resolved.protected,
      w.protectBudget!,
      (_step, done, total) => progress?.(done, total),
    );
    return {
      exitCode: 0,
      stdout: {
        protect: result.protect.map((v) => ids[v]!),
        failed: result.failed,
        baseline: result.baseline,
      },
    };
  }
  const uncertainty = readUncertainty(inventory);
  const seed = w.seed ?? DEFAULT_SEED;
  const runs = w.monteCarlo!;
  // With recovery data (or --crews / --repair-order) each run is the recovery cascade (docs/format.md §5).
  const options = recoveryOptions(inventory, args);
  if (!options.ok) return { exitCode: 2, stderr: options.message };
  const recovery = usesRecovery(inventory, options)
    ? {
        ids,
        ...recoveryData(inventory),
        crews: options.crews,
        repairOrder: options.repairOrder ?? [],
      }
    : null;
  const model = monteCarloModel(
    graph,
    { compromised: resolved.compromised, zone, protected: resolved.protected },
    uncertainty,
    seed,
    recovery,
  );
  const progress = progressLine(log, 'monte carlo: runs');
  const tally = await runMonteCarloParallel(model, runs, (done) => progress?.(done, runs));
  const unusable = uncertainty.warnings.length;
  return {
    exitCode: 0,
    stdout: summarizeMonteCarlo(ids, tally, seed),
    ...(unusable > 0
      ? {
          stderr: `${unusable} p_damage/backup_reliability value(s) unusable, default 1 used; --validate lists them`,
        }
      : {}),
  };
}
