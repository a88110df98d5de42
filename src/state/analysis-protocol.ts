/**
 * The messages between the page and an analysis worker (analysis-worker.ts): the criticality
 * ranking (docs/format.md §2.7) and the worst-case searches (§6). Each task (AnalysisTask) has
 * a worker of its own that keeps what the requests run on (AnalysisBase), sent once per
 * inventory; a request then carries only its own parameters.
 */
import type { Graph } from '../core/graph.ts';
import type { MonteCarloModel } from '../core/monte-carlo.ts';
import type { SpatialIndexData } from '../core/spatial-index.ts';
import type { FacilityGeometry } from '../core/types.ts';

/** What every request of one inventory runs on. */
export interface AnalysisBase {
  graph: Graph;
  ids: string[];
  /** For the searches that need the spatial index (placement); null otherwise. */
  geometries: FacilityGeometry[] | null;
  index: SpatialIndexData | null;
}

export type AnalysisRequest =
  | { kind: 'criticality' }
  | { kind: 'pairs'; limit: number }
  | { kind: 'placement'; radiusKm: number }
  | { kind: 'protect'; initial: number[]; protected: number[]; budget: number }
  | { kind: 'monte-carlo'; model: Omit<MonteCarloModel, 'graph'>; runs: number };

export type ToAnalysis =
  { type: 'base'; base: AnalysisBase } | { type: 'run'; request: AnalysisRequest };

export type FromAnalysis =
  { type: 'progress'; done: number; total: number } | { type: 'done'; result: unknown; ms: number };

/** A Monte Carlo model without its graph (the worker has it): what a request carries. */
export function withoutGraph(model: MonteCarloModel): Omit<MonteCarloModel, 'graph'> {
  const { seed, compromised, zone, zoneDamage, slotBackup, needsDelays, recovery } = model;
  return {
    seed,
    compromised,
    zone,
    zoneDamage,
    protected: model.protected,
    slotBackup,
    needsDelays,
    recovery,
  };
}

/** Whether a request needs the base's geometries and spatial index. */
export function needsIndex(request: AnalysisRequest): boolean {
  return request.kind === 'placement';
}
