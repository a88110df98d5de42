/**
 * Ranking every facility by impact (docs/format.md §2.7) in a worker: progress, cancel, and the
 * result for the criticality panel and the map's heat style.
 */
import { rankByImpact, type RankEntry } from '../core/ranking.ts';
import type { Indexed } from './indexed.ts';
import type { CriticalityReply } from './criticality-worker.ts';

export class Criticality {
  status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
  done = $state(0);
  total = $state(0);
  ms = $state(0);
  error = $state<string | null>(null);
  /** impact(f) per facility, for the prepared inventory it was computed on. */
  impact = $state.raw<Int32Array | null>(null);
  forInventory: Indexed | null = null;
  #worker: Worker | null = null;

  /** The top entries of the ranking (impact descending, then id). */
  top(prepared: Indexed, limit: number): RankEntry[] {
    if (!this.impact || this.forInventory !== prepared) return [];
    return rankByImpact(prepared.ids, this.impact, limit);
  }

  start(prepared: Indexed): void {
    this.cancel();
    this.status = 'running';
    this.done = 0;
    this.total = prepared.ids.length;
    this.error = null;
    this.impact = null;
    this.forInventory = prepared;
    const worker = new Worker(new URL('./criticality-worker.ts', import.meta.url), {
      type: 'module',
    });
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<CriticalityReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') this.done = reply.done;
      else {
        this.impact = reply.impact;
        this.ms = reply.ms;
        this.status = 'done';
        worker.terminate();
        this.#worker = null;
      }
    };
    worker.onerror = (event) => {
      this.status = 'failed';
      this.error = event.message || 'the ranking worker stopped';
      worker.terminate();
      this.#worker = null;
    };
    worker.postMessage({ graph: prepared.graph });
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
    this.impact = null;
    this.forInventory = null;
    this.status = 'idle';
  }
}
