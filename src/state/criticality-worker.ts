/// <reference lib="webworker" />
/**
 * Criticality off the main thread: impact(f) for every facility (docs/format.md §2.7), with
 * progress. The graph arrives by structured clone; the impacts go back as a transferred buffer.
 */
import { computeImpacts } from '../core/criticality.ts';
import type { Graph } from '../core/graph.ts';

export type CriticalityRequest = { graph: Graph };
export type CriticalityReply =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; impact: Int32Array; ms: number };

self.onmessage = (event: MessageEvent<CriticalityRequest>) => {
  const { graph } = event.data;
  const started = performance.now();
  const impact = computeImpacts(graph, 0, graph.n, (done) => {
    const reply: CriticalityReply = { kind: 'progress', done, total: graph.n };
    self.postMessage(reply);
  });
  const reply: CriticalityReply = { kind: 'done', impact, ms: performance.now() - started };
  self.postMessage(reply, [impact.buffer]);
};
