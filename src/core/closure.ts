/**
 * The failed set of a cascade alone (SPEC 2.3's least fixed point), without waves, hours or
 * causes: what the worst-case searches (pairs, placement, protection, Monte Carlo) run by the
 * thousand. Scratch arrays are stamped with an epoch per run instead of being cleared, so a
 * run costs what its cascade touches, not O(n).
 */
import type { Graph } from './graph.ts';

export class FailedSet {
  readonly graph: Graph;
  /** The failed facilities of the last run, in breadth-first order: [0, size). */
  readonly queue: Int32Array;
  size = 0;
  private readonly failedAt: Int32Array;
  private readonly countEpoch: Int32Array;
  private readonly count: Int32Array;
  private epoch = 0;

  constructor(graph: Graph) {
    this.graph = graph;
    this.queue = new Int32Array(graph.n);
    this.failedAt = new Int32Array(graph.n);
    const groups = graph.groupNeed.length;
    this.countEpoch = new Int32Array(groups);
    this.count = new Int32Array(groups);
  }

  /** True when v failed in the last run. */
  has(v: number): boolean {
    return this.failedAt[v] === this.epoch;
  }

  /**
   * Runs the cascade from `initial` (they fail whatever their protection); facilities with
   * `isProtected[v] !== 0` never fail by cascade.
   * @returns the number of failed facilities (their list is `queue[0 .. size)`)
   * @example new FailedSet(graph).run([3, 7]) // 12
   */
  run(initial: ArrayLike<number>, isProtected?: Uint8Array | null): number {
    const { outStart, outGroup, groupDependent, groupNeed } = this.graph;
    if (this.epoch === 0x7fffffff) {
      this.failedAt.fill(0);
      this.countEpoch.fill(0);
      this.epoch = 0;
    }
    const epoch = ++this.epoch;
    const { failedAt, countEpoch, count, queue } = this;
    let tail = 0;
    for (let k = 0; k < initial.length; k++) {
      const v = initial[k]!;
      if (failedAt[v] !== epoch) {
        failedAt[v] = epoch;
        queue[tail++] = v;
      }
    }
    for (let head = 0; head < tail; head++) {
      const p = queue[head]!;
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        const v = groupDependent[g]!;
        if (failedAt[v] === epoch || (isProtected && isProtected[v])) continue;
        const need = groupNeed[g]!;
        if (need !== 1) {
          if (countEpoch[g] !== epoch) {
            countEpoch[g] = epoch;
            count[g] = 0;
          }
          const failedProviders = count[g]! + 1;
          count[g] = failedProviders;
          if (failedProviders !== need) continue;
        }
        failedAt[v] = epoch;
        queue[tail++] = v;
      }
    }
    this.size = tail;
    return tail;
  }
}
