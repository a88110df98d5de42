/**
 * Recognizing a restart loop that pulses for ever (docs/format.md §5). After the last repair the
 * recovery pass runs on its own: nothing from outside changes any more. A pulse can then go
 * round a cycle of delays and restarts for ever (A's outage outlasts B's backup, B's outlasts
 * C's, C's outlasts A's, each restart long enough to start the next round). The pass watches
 * the first facility that fails a second time after the last repair; each time it fails again,
 * the state of everything that moved since that repair (down or up, how long down, restart
 * time left, losing a service) is compared, relative to the current hour, with the states
 * seen at its earlier failures. The same state again means the same future again: a loop.
 * Its facilities never come back (their last interval stays open) and the pass stops.
 */

/** What the watch reads of the pass's state, by facility index. */
export interface LoopState {
  down: Uint8Array;
  downStart: Float64Array;
  holdUntil: Float64Array;
  losingBefore: Uint8Array;
}

/** After this many comparisons without a repeat the pulse is taken as a loop all the same. */
const MAX_CHECKS = 1000;

export class LoopWatch {
  private readonly moved: number[] = [];
  private readonly hasMoved: Uint8Array;
  private readonly lateFailures: Int32Array;
  private watched = -1;
  private readonly seen = new Map<string, number>();
  private firstCheck = NaN;

  /**
   * @param after the hour after which nothing from outside changes (the last repair plus
   *   restart)
   * @param settled a later hour by which whatever changed before `after` has had all its
   *   effects (the longest delay and the longest restart later): comparisons start there
   * @param longestDelay per facility, the longest delay of its out-edges: down longer than
   *   that, its state no longer changes with time
   */
  constructor(
    private readonly after: number,
    private readonly settled: number,
    private readonly longestDelay: Float64Array,
    private readonly state: LoopState,
  ) {
    this.hasMoved = new Uint8Array(longestDelay.length);
    this.lateFailures = new Int32Array(longestDelay.length);
  }

  /** A facility's state changed at hour t. */
  changed(v: number, t: number): void {
    if (t <= this.after || this.hasMoved[v]) return;
    this.hasMoved[v] = 1;
    this.moved.push(v);
  }

  /**
   * A down interval of v opened at hour t (after the instant's changes were reported).
   * Returns the hour from which the pass repeats itself, or NaN while no loop is seen.
   */
  opened(v: number, t: number): number {
    if (t <= this.settled) return NaN;
    if (this.watched < 0) {
      if (++this.lateFailures[v]! < 2) return NaN;
      this.watched = v;
    }
    if (v !== this.watched) return NaN;
    const key = this.signature(t);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) return earlier;
    if (this.seen.size === 0) this.firstCheck = t;
    if (this.seen.size >= MAX_CHECKS) return this.firstCheck;
    this.seen.set(key, t);
    return NaN;
  }

  private signature(t: number): string {
    const { down, downStart, holdUntil, losingBefore } = this.state;
    const parts: string[] = [];
    for (const v of [...this.moved].sort((a, b) => a - b)) {
      const since = down[v] ? Math.min(t - downStart[v]!, this.longestDelay[v]!) : -1;
      const hold = holdUntil[v]! > t ? holdUntil[v]! - t : 0;
      parts.push(`${v}:${since}:${hold}:${losingBefore[v]}`);
    }
    return parts.join(',');
  }
}
