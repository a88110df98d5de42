/**
 * One analysis at a time in a worker of its own (analysis-worker.ts), with progress, cancel
 * and its result for the panels, the map's heat styles and the exports: the criticality
 * ranking and each worst-case search. The worker stays between runs and keeps the
 * inventory's graph (and, once a placement asked for it, the geometries and the spatial
 * index's arrays): they are sent once per inventory, not with every run.
 */
import {
  needsIndex,
  type AnalysisBase,
  type AnalysisRequest,
  type FromAnalysis,
  type ToAnalysis,
} from './analysis-protocol.ts';
import type { Indexed } from './indexed.ts';

export class AnalysisTask<T> {
  status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
  done = $state(0);
  total = $state(0);
  ms = $state(0);
  error = $state<string | null>(null);
  result = $state.raw<T | null>(null);
  /** What the result was computed for (an inventory, a radius...), to know when it is stale. */
  key = $state.raw<unknown>(null);
  #worker: Worker | null = null;
  /** The inventory the worker holds, and whether with its spatial index. */
  #holds: { indexed: Indexed; withIndex: boolean } | null = null;

  /** Runs `request` on `indexed` (cancelling a run in progress); `key` names the result. */
  run(indexed: Indexed, request: AnalysisRequest, key: unknown): void {
    this.cancel();
    this.status = 'running';
    this.done = 0;
    this.total = 0;
    this.error = null;
    this.result = null;
    this.key = key;
    const worker = (this.#worker ??= this.#spawn());
    const withIndex = needsIndex(request);
    const held = this.#holds;
    if (held?.indexed !== indexed || (withIndex && !held.withIndex)) {
      send(worker, { type: 'base', base: baseOf(indexed, withIndex) });
      this.#holds = { indexed, withIndex };
    }
    send(worker, { type: 'run', request });
  }

  /** Stops a run in progress (its worker goes with it). */
  cancel(): void {
    if (this.status !== 'running') return;
    this.#stop();
    this.status = 'idle';
  }

  /** Forgets the result and the worker (another inventory is open). */
  reset(): void {
    this.#stop();
    this.result = null;
    this.key = null;
    this.status = 'idle';
  }

  #stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#holds = null;
  }

  #spawn(): Worker {
    const worker = new Worker(new URL('./analysis-worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<FromAnalysis>) => {
      const reply = event.data;
      if (reply.type === 'progress') {
        this.done = reply.done;
        this.total = reply.total;
      } else {
        this.result = reply.result as T;
        this.ms = reply.ms;
        this.status = 'done';
      }
    };
    worker.onerror = (event) => {
      this.#stop();
      this.status = 'failed';
      this.error = event.message || 'the analysis stopped';
    };
    return worker;
  }
}

function baseOf(indexed: Indexed, withIndex: boolean): AnalysisBase {
  return {
    graph: indexed.graph,
    ids: indexed.ids,
    geometries: withIndex ? indexed.inventory.facilities.map((f) => f.geometry) : null,
    index: withIndex ? indexed.index.data : null,
  };
}

function send(worker: Worker, message: ToAnalysis): void {
  worker.postMessage(message);
}
