/**
 * The map's heat style for the Worst cases panel: placement impact (log scale, as the
 * criticality heat), failure probability (linear), or a selected pair with what only it
 * brings down.
 */
import { explainPair, type PairFailures } from '../core/pair-explain.ts';
import type { Indexed } from './indexed.ts';
import type { WorstCases } from './worst-cases.svelte.ts';

/** The selected pair's members and extra failures, or null. */
export function selectedPairFailures(
  worst: WorstCases,
  p: Indexed | null,
): (PairFailures & { members: [number, number] }) | null {
  const pair = worst.selectedPair;
  if (!p || !pair) return null;
  const a = p.inventory.indexById.get(pair[0]);
  const b = p.inventory.indexById.get(pair[1]);
  if (a === undefined || b === undefined) return null;
  return { ...explainPair(p.inventory, p.graph, a, b), members: [a, b] };
}

/** Heat values in [0, 1] per facility for the chosen worst-case result, or null. */
export function worstHeat(worst: WorstCases, p: Indexed | null): Float32Array | null {
  if (!p || worst.heat === null) return null;
  const n = p.ids.length;
  const values = new Float32Array(n);
  if (worst.heat === 'placement') {
    const placement = worst.placement.result;
    if (!placement || placement.length !== n || worst.placement.key === null) return null;
    let max = 1;
    for (const x of placement) max = Math.max(max, x);
    const denominator = Math.log(max) || 1;
    for (let i = 0; i < n; i++) values[i] = Math.log(Math.max(1, placement[i]!)) / denominator;
    return values;
  }
  if (worst.heat === 'probability') {
    const mc = worst.monteCarlo.result;
    if (!mc) return null;
    for (const [id, prob] of Object.entries(mc.summary.probability)) {
      const i = p.inventory.indexById.get(id);
      if (i !== undefined) values[i] = prob;
    }
    return values;
  }
  const pair = selectedPairFailures(worst, p);
  if (!pair) return null;
  for (const v of pair.extra) values[v] = 0.6;
  for (const v of pair.members) values[v] = 1;
  return values;
}
