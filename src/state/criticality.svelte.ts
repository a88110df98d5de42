/**
 * Ranking every facility by impact (docs/format.md §2.7) in a worker (analysis-task.svelte.ts):
 * progress, cancel, and the result for the criticality panel and the map's heat style.
 */
import { rankIndices, type RankedIndex } from '../core/ranking.ts';
import { AnalysisTask } from './analysis-task.svelte.ts';
import type { Indexed } from './indexed.ts';

export class Criticality extends AnalysisTask<Int32Array> {
  /** impact(f) per facility, for the inventory it was computed on (forInventory). */
  get impact(): Int32Array | null {
    return this.result;
  }

  get forInventory(): Indexed | null {
    return (this.key as Indexed | null) ?? null;
  }

  /** The top entries of the ranking (impact descending, then id), by facility index. */
  top(indexed: Indexed, limit: number): RankedIndex[] {
    if (!this.impact || this.forInventory !== indexed) return [];
    return rankIndices(indexed.ids, this.impact, limit);
  }

  start(indexed: Indexed): void {
    this.run(indexed, { kind: 'criticality' }, indexed);
    this.total = indexed.ids.length;
  }
}
