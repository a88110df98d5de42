/**
 * The cascade (docs/format.md §2): which facilities fail, at which wave and hour, and why.
 *
 * Three passes over the compact graph:
 * 1. waves: a breadth-first pass where a dependent fails when its group's count of failed
 *    providers reaches n - k + 1 (every delay = 1, so BFS order is arrival order);
 * 2. hours: the same rule in a Dijkstra-like pass in increasing time, with the real delays
 *    (zero-delay edges are handled at once, like 0-1 BFS);
 * 3. causes: for each cascade failure, the service and the trigger provider, with the
 *    tie-breaks.
 * The failed set is the least fixed point: a cycle with no failed provider outside it stays up.
 *
 * Cost: the passes touch only failed facilities and their edges (pass 2 skips arrivals that
 * cannot change anything: at dependents that never fail or have already failed), plus the
 * O(n) result arrays. The final order needs the ids only to break ties; a big cascade sorts
 * by a cached rank of the ids instead of comparing strings.
 */
import type { Graph } from './graph.ts';
import { MinHeap } from './min-heap.ts';
import type { FailureReason } from './types.ts';

export const REASON_NONE = 0;
export const REASON_COMPROMISED = 1;
export const REASON_RADIUS = 2;
export const REASON_CASCADE = 3;

export const REASONS: readonly (FailureReason | null)[] = [
  null,
  'compromised',
  'radius',
  'cascade',
];

/** Initial conditions of a cascade, as facility indices. */
export interface CascadeInput {
  compromised: ArrayLike<number>;
  /** Facilities inside the impact zone (may include compromised ones). */
  zone?: ArrayLike<number>;
  protected?: ArrayLike<number>;
}

/** Per-facility results in typed arrays (transferable); -1 / Infinity where not failed. */
export interface CascadeResult {
  /** REASON_* per facility (0: did not fail). */
  reason: Uint8Array;
  wave: Int32Array;
  hours: Float64Array;
  /** Service number (into graph.services) of the lost service, for cascade failures. */
  service: Int32Array;
  /** Facility index of the trigger provider, for cascade failures. */
  trigger: Int32Array;
  /** In-edge slot (into the graph's edge arrays) through which the failure arrived. */
  triggerSlot: Int32Array;
  /** Failed facilities in the order of docs/format.md §3: wave, then hours, then id. */
  order: Int32Array;
}

/**
 * Scratch arrays reused from run to run on the same graph (runs are synchronous, so one set
 * per graph suffices). `count` and `isProtected` are all zeros between runs: each run clears
 * what it touched, which costs as much as the walk itself rather than O(n).
 */
interface Scratch {
  count: Int32Array;
  isProtected: Uint8Array;
  /** Pass 2: 1 for a cascade failure not yet timed (one byte to read per arrival). */
  untimed: Uint8Array;
  failed: Int32Array;
  now: Int32Array;
  heap: MinHeap;
}
const scratches = new WeakMap<Graph, Scratch>();

function takeScratch(graph: Graph): Scratch {
  const scratch = scratches.get(graph);
  // Taken out while in use: a run that throws never hands back dirty arrays.
  if (scratch) scratches.delete(graph);
  return (
    scratch ?? {
      count: new Int32Array(graph.groupNeed.length),
      isProtected: new Uint8Array(graph.n),
      untimed: new Uint8Array(graph.n),
      failed: new Int32Array(graph.n),
      now: new Int32Array(graph.n),
      heap: new MinHeap(),
    }
  );
}

/**
 * Runs a scenario's cascade on a graph.
 * @param ids facility ids by index, for the id tie-breaks and the final order (read-only: an
 *   id order derived from it may be cached for later runs)
 * @example runCascade(graph, ids, { compromised: [3], zone: [3, 7] })
 */
export function runCascade(
  graph: Graph,
  ids: readonly string[],
  input: CascadeInput,
): CascadeResult {
  const n = graph.n;
  const scratch = takeScratch(graph);
  const { isProtected, failed } = scratch;
  const reason = new Uint8Array(n);
  const wave = new Int32Array(n).fill(-1);
  const protectedList = input.protected ?? [];
  const zone = input.zone ?? [];
  const compromised = input.compromised;
  for (let k = 0; k < protectedList.length; k++) isProtected[protectedList[k]!] = 1;
  for (let k = 0; k < zone.length; k++) reason[zone[k]!] = REASON_RADIUS;
  for (let k = 0; k < compromised.length; k++) reason[compromised[k]!] = REASON_COMPROMISED;

  // The initial failures, each once: the first entries of the failed list.
  let initial = 0;
  for (const list of [zone, compromised]) {
    for (let k = 0; k < list.length; k++) {
      const v = list[k]!;
      if (wave[v] === -1 && reason[v] !== REASON_NONE) {
        wave[v] = 0;
        failed[initial++] = v;
      }
    }
  }

  const count = waves(graph, reason, isProtected, wave, failed, initial, scratch.count);
  clearCounts(graph, failed, count, scratch.count);
  for (let k = 0; k < protectedList.length; k++) isProtected[protectedList[k]!] = 0;
  let hours: Float64Array;
  if (graph.hasDelays) {
    hours = timings(graph, failed, initial, count, scratch);
    clearCounts(graph, failed, count, scratch.count);
  } else {
    hours = new Float64Array(n).fill(Infinity);
    for (let k = 0; k < count; k++) hours[failed[k]!] = 0;
  }
  const { service, trigger, triggerSlot } = causes(graph, ids, reason, wave, hours, failed, count);
  const order = failureOrder(ids, wave, hours, failed.subarray(0, count), graph.hasDelays);
  scratches.set(graph, scratch);
  return { reason, wave, hours, service, trigger, triggerSlot, order };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pass 1: waves, and the failed set (marks cascade failures in `reason`). `failed` holds the
 * initial failures on entry and every failure in breadth-first order, so by wave, on return.
 * Only arrivals at facilities that can still fail are counted. Returns the number of failures.
 */
function waves(
  graph: Graph,
  reason: Uint8Array,
  isProtected: Uint8Array,
  wave: Int32Array,
  failed: Int32Array,
  initial: number,
  count: Int32Array,
): number {
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  let tail = initial;
  for (let head = 0; head < tail; head++) {
    const p = failed[head]!;
    const next = wave[p]! + 1;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
      const g = outGroup[i]!;
      const v = groupDependent[g]!;
      if (wave[v] !== -1 || isProtected[v]) continue;
      const failedProviders = count[g]! + 1;
      count[g] = failedProviders;
      if (failedProviders === groupNeed[g]) {
        wave[v] = next;
        reason[v] = REASON_CASCADE;
        failed[tail++] = v;
      }
    }
  }
  return tail;
}

/** Zeroes the counts of every group a failed facility feeds: all a pass can have touched. */
function clearCounts(graph: Graph, failed: Int32Array, failedCount: number, count: Int32Array) {
  const { outStart, outGroup } = graph;
  for (let k = 0; k < failedCount; k++) {
    const p = failed[k]!;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) count[outGroup[i]!] = 0;
  }
}

/**
 * Pass 2: the earliest hour of each failure, in increasing time. The failed set is known from
 * pass 1, so only arrivals at cascade failures not yet timed are counted or queued.
 */
function timings(
  graph: Graph,
  failed: Int32Array,
  initial: number,
  failedCount: number,
  scratch: Scratch,
): Float64Array {
  const { outStart, outSlots, outGroup, edgeDelayHours, groupDependent, groupNeed } = graph;
  const { count, heap, now, untimed } = scratch;
  const hours = new Float64Array(graph.n).fill(Infinity);
  heap.size = 0;
  // Every cascade failure gets its hour below, so `untimed` is all zeros again at the end.
  for (let k = initial; k < failedCount; k++) untimed[failed[k]!] = 1;
  // Failures at the current time whose out-edges are still to expand; each enters once.
  let top = 0;
  for (let k = 0; k < initial; k++) {
    hours[failed[k]!] = 0;
    now[top++] = failed[k]!;
  }
  for (;;) {
    // Expand everything that failed at the current time; zero delays arrive at once.
    while (top > 0) {
      const p = now[--top]!;
      const t = hours[p]!;
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        const v = groupDependent[g]!;
        if (!untimed[v]) continue;
        const delay = edgeDelayHours[outSlots[i]!]!;
        if (delay !== 0) {
          heap.push(t + delay, g);
          continue;
        }
        const failedProviders = count[g]! + 1;
        count[g] = failedProviders;
        if (failedProviders === groupNeed[g]) {
          hours[v] = t;
          untimed[v] = 0;
          now[top++] = v;
        }
      }
    }
    if (heap.size === 0) break;
    const t = heap.peekKey();
    const g = heap.pop();
    const v = groupDependent[g]!;
    if (!untimed[v]) continue;
    const failedProviders = count[g]! + 1;
    count[g] = failedProviders;
    if (failedProviders === groupNeed[g]) {
      hours[v] = t;
      untimed[v] = 0;
      now[top++] = v;
    }
  }
  return hours;
}

/**
 * Pass 3: the lost service and the trigger provider of each cascade failure (docs/format.md §2.5).
 */
function causes(
  graph: Graph,
  ids: readonly string[],
  reason: Uint8Array,
  wave: Int32Array,
  hours: Float64Array,
  failed: Int32Array,
  failedCount: number,
): { service: Int32Array; trigger: Int32Array; triggerSlot: Int32Array } {
  const n = graph.n;
  const { groupStart, edgeStart, edgeProvider, edgeDelayHours, groupNeed, groupService } = graph;
  const service = new Int32Array(n).fill(-1);
  const trigger = new Int32Array(n).fill(-1);
  const triggerSlot = new Int32Array(n).fill(-1);
  let arrivals = new Float64Array(64);
  let waveArrivals = new Int32Array(64);
  // In facility order when many failed: the in-edge arrays and the results are then read and
  // written in order (at 1M facilities, breadth-first order made each a cache miss).
  const scan = failedCount * 32 > n;
  for (let k = 0, end = scan ? n : failedCount; k < end; k++) {
    const v = scan ? k : failed[k]!;
    if (reason[v] !== REASON_CASCADE) continue;
    let bestHours = Infinity;
    let bestWave = Infinity;
    let bestGroup = -1;
    for (let g = groupStart[v]!; g < groupStart[v + 1]!; g++) {
      const from = edgeStart[g]!;
      const to = edgeStart[g + 1]!;
      if (to - from > arrivals.length) {
        arrivals = new Float64Array(to - from);
        waveArrivals = new Int32Array(to - from);
      }
      let down = 0;
      for (let i = from; i < to; i++) {
        const p = edgeProvider[i]!;
        if (reason[p] === REASON_NONE) continue;
        arrivals[down] = hours[p]! + edgeDelayHours[i]!;
        waveArrivals[down] = wave[p]! + 1;
        down++;
      }
      const need = groupNeed[g]!;
      if (down < need) continue;
      const lossHours = nthSmallest(arrivals, down, need);
      if (lossHours > bestHours) continue;
      const lossWave = nthSmallest(waveArrivals, down, need);
      // Groups are in service-name order, so a strict comparison keeps the smaller name.
      if (lossHours < bestHours || lossWave < bestWave) {
        bestHours = lossHours;
        bestWave = lossWave;
        bestGroup = g;
      }
    }
    if (bestGroup < 0) continue; // unreachable: a cascade failure always has a lost group
    service[v] = groupService[bestGroup]!;
    let best = -1;
    let bestSlot = -1;
    for (let i = edgeStart[bestGroup]!; i < edgeStart[bestGroup + 1]!; i++) {
      const p = edgeProvider[i]!;
      if (reason[p] === REASON_NONE || hours[p]! + edgeDelayHours[i]! !== bestHours) continue;
      if (
        best < 0 ||
        wave[p]! > wave[best]! ||
        (wave[p] === wave[best] && compareIds(ids[p]!, ids[best]!) < 0)
      ) {
        best = p;
        bestSlot = i;
      }
    }
    trigger[v] = best;
    triggerSlot[v] = bestSlot;
  }
  return { service, trigger, triggerSlot };
}

/** The k-th smallest (1-based) of values[0 .. length); may reorder them. */
function nthSmallest(values: Float64Array | Int32Array, length: number, k: number): number {
  if (k === length) {
    let max = -Infinity;
    for (let i = 0; i < length; i++) if (values[i]! > max) max = values[i]!;
    return max;
  }
  if (k === 1) {
    let min = Infinity;
    for (let i = 0; i < length; i++) if (values[i]! < min) min = values[i]!;
    return min;
  }
  return values.subarray(0, length).sort()[k - 1]!;
}

/** Facility ids in sorted order, per ids array: `rank[v]` is v's position, `byRank` the inverse. */
interface IdOrder {
  rank: Int32Array;
  byRank: Int32Array;
}
const idOrders = new WeakMap<readonly string[], IdOrder>();

function idOrder(ids: readonly string[]): IdOrder {
  let order = idOrders.get(ids);
  if (!order) {
    const byRank = new Int32Array(ids.length);
    for (let v = 0; v < ids.length; v++) byRank[v] = v;
    byRank.sort((a, b) => compareIds(ids[a]!, ids[b]!));
    const rank = new Int32Array(ids.length);
    for (let r = 0; r < ids.length; r++) rank[byRank[r]!] = r;
    order = { rank, byRank };
    idOrders.set(ids, order);
  }
  return order;
}

/**
 * The failures ordered by wave, then hours, then id (docs/format.md §3). `failed` is already by
 * wave (breadth-first order); each wave's run is sorted by hours and id. Comparing id strings is
 * what costs here, so when the cascade is a large share of the inventory (or the id order is
 * already known from an earlier run) the ids' rank stands in for them.
 */
export function failureOrder(
  ids: readonly string[],
  wave: Int32Array,
  hours: Float64Array,
  failed: Int32Array,
  hasDelays: boolean,
): Int32Array {
  const order = failed.slice();
  const useRank = idOrders.has(ids) || order.length * 4 >= ids.length;
  const { rank, byRank } = useRank ? idOrder(ids) : { rank: null, byRank: null };
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && wave[order[end]!] === wave[order[start]!]) end++;
    if (end - start > 1) {
      const run = order.subarray(start, end);
      if (rank && byRank && !hasDelays) {
        // Every hour is 0: sort the ranks as plain numbers and map them back.
        for (let k = 0; k < run.length; k++) run[k] = rank[run[k]!]!;
        run.sort();
        for (let k = 0; k < run.length; k++) run[k] = byRank[run[k]!]!;
      } else if (rank) {
        run.sort((a, b) => hours[a]! - hours[b]! || rank[a]! - rank[b]!);
      } else {
        run.sort((a, b) => hours[a]! - hours[b]! || compareIds(ids[a]!, ids[b]!));
      }
    }
    start = end;
  }
  return order;
}
