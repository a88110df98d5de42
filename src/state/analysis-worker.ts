/// <reference lib="webworker" />
/**
 * The analyses off the main thread (analysis-protocol.ts): the criticality ranking and the
 * worst-case searches, one request at a time, with progress. The base (graph, ids, and for
 * placement the geometries and the spatial index's arrays) arrives once per inventory and is
 * kept; results go back as plain data (typed arrays transferred). The page cancels by
 * terminating the worker.
 */
import { computeImpacts } from '../core/criticality.ts';
import { runMonteCarlo, summarizeMonteCarlo } from '../core/monte-carlo.ts';
import { rankPairs } from '../core/pairs.ts';
import { computePlacements } from '../core/placement.ts';
import { bestProtection } from '../core/protection.ts';
import { SpatialIndex } from '../core/spatial-index.ts';
import type {
  AnalysisBase,
  AnalysisRequest,
  FromAnalysis,
  ToAnalysis,
} from './analysis-protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

let base: AnalysisBase | null = null;
let index: SpatialIndex | null = null;

function post(message: FromAnalysis, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

const progress = (done: number, total: number) => post({ type: 'progress', done, total });

function answer(request: AnalysisRequest, { graph, ids }: AnalysisBase): unknown {
  const n = graph.n;
  switch (request.kind) {
    case 'criticality':
      return computeImpacts(graph, 0, n, (done) => progress(done, n));
    case 'pairs':
      return rankPairs(graph, ids, request.limit, progress);
    case 'placement': {
      if (!index) throw new Error('placement needs the spatial index, which was not sent');
      return computePlacements(graph, index, request.radiusKm, 0, n, (done) => progress(done, n));
    }
    case 'protect':
      return bestProtection(
        graph,
        ids,
        request.initial,
        request.protected,
        request.budget,
        (step, done, total) => progress(step * total + done, request.budget * total),
      );
    case 'monte-carlo': {
      const model = { ...request.model, graph };
      const tally = runMonteCarlo(model, 0, request.runs, (done) => progress(done, request.runs));
      return {
        summary: summarizeMonteCarlo(ids, tally, model.seed),
        histogram: tally.histogram,
      };
    }
  }
}

self.onmessage = (event: MessageEvent<ToAnalysis>) => {
  const message = event.data;
  if (message.type === 'base') {
    base = message.base;
    const { geometries, index: data } = base;
    index = geometries && data ? new SpatialIndex(geometries, data) : null;
    return;
  }
  if (!base) throw new Error('an analysis request came before its inventory');
  const started = performance.now();
  const result = answer(message.request, base);
  const ms = performance.now() - started;
  post({ type: 'done', result, ms }, result instanceof Int32Array ? [result.buffer] : []);
};
