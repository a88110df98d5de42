/**
 * The Worst cases panel's searches (docs/format.md §6), each in its own worker with progress and
 * cancel, and their results as plain data (for the panel, the map's heat style, and exports
 * such as a PDF page of worst cases).
 */
import type { MonteCarloSummary } from '../core/monte-carlo.ts';
import type { PairsResult } from '../core/pairs.ts';
import type { ProtectionResult } from '../core/protection.ts';
import type { WorstReply, WorstRequest } from './worst-worker.ts';

export class Search<T> {
  status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
  done = $state(0);
  total = $state(0);
  ms = $state(0);
  error = $state<string | null>(null);
  result = $state.raw<T | null>(null);
  /** What the result was computed for (an inventory, a radius...), to know when it is stale. */
  key = $state.raw<unknown>(null);
  #worker: Worker | null = null;

  start(request: WorstRequest, key: unknown): void {
    this.cancel();
    this.status = 'running';
    this.done = 0;
    this.total = 0;
    this.error = null;
    this.result = null;
    this.key = key;
    const worker = new Worker(new URL('./worst-worker.ts', import.meta.url), { type: 'module' });
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<WorstReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') {
        this.done = reply.done;
        this.total = reply.total;
      } else {
        this.result = reply.result as T;
        this.ms = reply.ms;
        this.status = 'done';
        worker.terminate();
        this.#worker = null;
      }
    };
    worker.onerror = (event) => {
      this.status = 'failed';
      this.error = event.message || 'the search stopped';
      worker.terminate();
      this.#worker = null;
    };
    worker.postMessage(request);
  }

  cancel(): void {
    if (this.#worker) {
      this.#worker.terminate();
      this.#worker = null;
      this.status = 'idle';
    }
  }

  reset(): void {
    this.cancel();
    this.result = null;
    this.key = null;
    this.status = 'idle';
  }
}

export interface MonteCarloResult {
  summary: MonteCarloSummary;
  /** histogram[x] = runs in which x facilities failed. */
  histogram: Int32Array;
}

export type WorstHeat = 'placement' | 'probability' | 'pair' | null;

export class WorstCases {
  pairs = new Search<PairsResult>();
  placement = new Search<Int32Array>();
  protection = new Search<ProtectionResult>();
  monteCarlo = new Search<MonteCarloResult>();
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
