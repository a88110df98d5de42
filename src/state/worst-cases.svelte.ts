/**
 * The Worst cases panel's searches (docs/format.md §6), each in its own worker with progress and
 * cancel (analysis-task.svelte.ts), and their results as plain data (for the panel, the map's
 * heat style, and exports such as a PDF page of worst cases).
 */
import type { MonteCarloSummary } from '../core/monte-carlo.ts';
import type { PairsResult } from '../core/pairs.ts';
import type { ProtectionResult } from '../core/protection.ts';
import { AnalysisTask } from './analysis-task.svelte.ts';

export interface MonteCarloResult {
  summary: MonteCarloSummary;
  /** histogram[x] = runs in which x facilities failed. */
  histogram: Int32Array;
}

export type WorstHeat = 'placement' | 'probability' | 'pair' | null;

export class WorstCases {
  pairs = new AnalysisTask<PairsResult>();
  placement = new AnalysisTask<Int32Array>();
  protection = new AnalysisTask<ProtectionResult>();
  monteCarlo = new AnalysisTask<MonteCarloResult>();
  /** Which result colours the map (null: none). */
  heat = $state<WorstHeat>(null);
  /** The selected pair (facility ids), highlighted on the map with what only it brings down. */
  selectedPair = $state.raw<[string, string] | null>(null);
  /** Monte Carlo settings: saved with scenario files and links. */
  runs = $state(1000);
  seed = $state(1);

  reset(): void {
    for (const s of [this.pairs, this.placement, this.protection, this.monteCarlo]) s.reset();
    this.heat = null;
    this.selectedPair = null;
  }
}
