/**
 * What the recovery pass's down intervals give (recovery.ts, docs/format.md §5): the intervals by
 * facility, which dependencies are ever unavailable, the wave of each failure (the formula of
 * docs/format.md §2.4 over those dependencies) and the cause of each first failure.
 */
import { compareIds, REASON_CASCADE } from './cascade.ts';
import type { Graph } from './graph.ts';

/** Growable columns of down intervals, in the order they open. */
export class Intervals {
  owner = new Int32Array(64);
  from = new Float64Array(64);
  to = new Float64Array(64);
  length = 0;
  open(v: number, t: number): number {
    if (this.length === this.owner.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
      const size = this.length * 2;
      this.owner = grow(this.owner, new Int32Array(size));
      this.from = grow(this.from, new Float64Array(size));
      this.to = grow(this.to, new Float64Array(size));
    }
    this.owner[this.length] = v;
    this.from[this.length] = t;
    this.to[this.length] = Infinity;
    return this.length++;
  }
}

/** The intervals grouped by facility, each facility's in time order. */
export function byFacility(n: number, intervals: Intervals) {
  const intervalStart = new Int32Array(n + 1);
  for (let k = 0; k < intervals.length; k++) intervalStart[intervals.owner[k]! + 1]!++;
  for (let v = 0; v < n; v++) intervalStart[v + 1]! += intervalStart[v]!;
  const fill = intervalStart.slice(0, n);
  const downFrom = new Float64Array(intervals.length);
  const downTo = new Float64Array(intervals.length);
  for (let k = 0; k < intervals.length; k++) {
    const at = fill[intervals.owner[k]!]!++;
    downFrom[at] = intervals.from[k]!;
    downTo[at] = intervals.to[k]!;
  }
  return { intervalStart, downFrom, downTo };
}

/** Sets `ever[slot]` when some down interval [a, b) of the slot's provider has a + delay < b. */
export function everUnavailable(
  graph: Graph,
  failed: Int32Array,
  intervalStart: Int32Array,
  downFrom: Float64Array,
  downTo: Float64Array,
  ever: Uint8Array,
): void {
  const { outStart, outSlots, edgeDelayHours } = graph;
  for (const p of failed) {
    for (let i = outStart[p]!; i < outStart[p + 1]!; i++) {
      const slot = outSlots[i]!;
      const d = edgeDelayHours[slot]!;
      for (let k = intervalStart[p]!; k < intervalStart[p + 1]!; k++) {
        if (downFrom[k]! + d < downTo[k]!) {
          ever[slot] = 1;
          break;
        }
      }
    }
  }
}

/**
 * Waves (docs/format.md §2.4 with every delay 1) over the dependencies ever unavailable, for the
 * failed facilities; `failed` lists them in breadth-first order (by wave).
 */
export function waves(
  graph: Graph,
  reason: Uint8Array,
  initial: readonly number[],
  ever: Uint8Array,
  failedCount: number,
  count: Int32Array,
) {
  const { outStart, outSlots, outGroup, groupDependent, groupNeed } = graph;
  const wave = new Int32Array(graph.n).fill(-1);
  const failed = new Int32Array(failedCount);
  let tail = 0;
  for (const v of initial) {
    wave[v] = 0;
    failed[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const p = failed[head]!;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
      if (!ever[outSlots[i]!]) continue;
      const g = outGroup[i]!;
      const v = groupDependent[g]!;
      if (wave[v] !== -1 || reason[v] !== REASON_CASCADE) continue;
      if (++count[g]! === groupNeed[g]) {
        wave[v] = wave[p]! + 1;
        failed[tail++] = v;
      }
    }
  }
  for (const v of failed) {
    for (let g = graph.groupStart[v]!; g < graph.groupStart[v + 1]!; g++) count[g] = 0;
  }
  if (tail !== failedCount) throw new Error('recovery: a failure without a wave');
  return { wave, failed };
}

/**
 * The cause of each cascade failure's first failure (docs/format.md §5): the service lost at
 * hours(v) (ties: smaller wave of loss, over the providers ever unavailable, then smaller name)
 * and, among its providers unavailable then, the one whose unavailability began last (ties:
 * larger wave, then smaller id).
 */
export function causes(
  graph: Graph,
  ids: readonly string[],
  failed: Int32Array,
  reason: Uint8Array,
  wave: Int32Array,
  hours: Float64Array,
  ever: Uint8Array,
  intervalStart: Int32Array,
  downFrom: Float64Array,
  downTo: Float64Array,
) {
  const n = graph.n;
  const { groupStart, edgeStart, edgeProvider, edgeDelayHours, groupNeed, groupService } = graph;
  const service = new Int32Array(n).fill(-1);
  const trigger = new Int32Array(n).fill(-1);
  const triggerSlot = new Int32Array(n).fill(-1);
  // Start of the unavailability through slot i at hour h, or NaN when available then.
  const unavailableSince = (i: number, h: number) => {
    const p = edgeProvider[i]!;
    const d = edgeDelayHours[i]!;
    for (let k = intervalStart[p]!; k < intervalStart[p + 1]!; k++) {
      if (downFrom[k]! + d <= h && h < downTo[k]!) return downFrom[k]! + d;
    }
    return NaN;
  };
  let waveArrivals = new Int32Array(64);
  for (const v of failed) {
    if (reason[v] !== REASON_CASCADE) continue;
    const h = hours[v]!;
    let bestWave = Infinity;
    let bestGroup = -1;
    for (let g = groupStart[v]!; g < groupStart[v + 1]!; g++) {
      const from = edgeStart[g]!;
      const to = edgeStart[g + 1]!;
      if (to - from > waveArrivals.length) waveArrivals = new Int32Array(to - from);
      let unavailable = 0;
      let everCount = 0;
      for (let i = from; i < to; i++) {
        if (!ever[i]) continue;
        waveArrivals[everCount++] = wave[edgeProvider[i]!]! + 1;
        if (!Number.isNaN(unavailableSince(i, h))) unavailable++;
      }
      const need = groupNeed[g]!;
      if (unavailable < need) continue;
      const lossWave = waveArrivals.subarray(0, everCount).sort()[need - 1]!;
      // Groups are in service-name order, so a strict comparison keeps the smaller name.
      if (lossWave < bestWave) {
        bestWave = lossWave;
        bestGroup = g;
      }
    }
    if (bestGroup < 0) throw new Error('recovery: a failure without a lost service');
    service[v] = groupService[bestGroup]!;
    let best = -1;
    let bestSince = -Infinity;
    for (let i = edgeStart[bestGroup]!; i < edgeStart[bestGroup + 1]!; i++) {
      const since = unavailableSince(i, h);
      if (Number.isNaN(since)) continue;
      const p = edgeProvider[i]!;
      if (
        best < 0 ||
        since > bestSince ||
        (since === bestSince &&
          (wave[p]! > wave[best]! ||
            (wave[p] === wave[best] && compareIds(ids[p]!, ids[best]!) < 0)))
      ) {
        best = p;
        bestSince = since;
        triggerSlot[v] = i;
      }
    }
    trigger[v] = best;
  }
  return { service, trigger, triggerSlot };
}
