/// <reference lib="webworker" />
/**
 * The worst-case searches (docs/format.md §6) off the main thread, one request per worker: N-2 pairs,
 * worst placement, best protection, Monte Carlo. Progress goes up as they run; the page
 * cancels by terminating the worker. Inputs arrive by structured clone (the graph's typed
 * arrays; geometries for the spatial index), results go back as plain data.
 */
import type { Graph } from '../core/graph.ts';
import { runMonteCarlo, summarizeMonteCarlo, type MonteCarloModel } from '../core/monte-carlo.ts';
import { rankPairs } from '../core/pairs.ts';
import { computePlacements } from '../core/placement.ts';
import { bestProtection } from '../core/protection.ts';
import { SpatialIndex } from '../core/spatial-index.ts';
import type { FacilityGeometry } from '../core/types.ts';

export type WorstRequest =
  | { kind: 'pairs'; graph: Graph; ids: string[]; limit: number }
  | { kind: 'placement'; graph: Graph; geometries: FacilityGeometry[]; radiusKm: number }
  | {
      kind: 'protect';
      graph: Graph;
      ids: string[];
      initial: number[];
      protected: number[];
      budget: number;
    }
  | { kind: 'monte-carlo'; model: MonteCarloModel; ids: string[]; runs: number };

export type WorstReply =
  { kind: 'progress'; done: number; total: number } | { kind: 'done'; result: unknown; ms: number };

const progress = (done: number, total: number) => {
  const reply: WorstReply = { kind: 'progress', done, total };
  self.postMessage(reply);
};

function answer(request: WorstRequest): unknown {
  switch (request.kind) {
    case 'pairs':
      return rankPairs(request.graph, request.ids, request.limit, progress);
    case 'placement': {
      const index = new SpatialIndex(request.geometries);
      const n = request.graph.n;
      return computePlacements(request.graph, index, request.radiusKm, 0, n, (done) =>
        progress(done, n),
      );
    }
    case 'protect':
      return bestProtection(
        request.graph,
        request.ids,
        request.initial,
        request.protected,
        request.budget,
        (step, done, total) => progress(step * total + done, request.budget * total),
      );
    case 'monte-carlo': {
      const tally = runMonteCarlo(request.model, 0, request.runs, (done) =>
        progress(done, request.runs),
      );
      return {
        summary: summarizeMonteCarlo(request.ids, tally, request.model.seed),
        histogram: tally.histogram,
      };
    }
  }
}

self.onmessage = (event: MessageEvent<WorstRequest>) => {
  const started = performance.now();
  const result = answer(event.data);
  const reply: WorstReply = { kind: 'done', result, ms: performance.now() - started };
  self.postMessage(reply);
};
