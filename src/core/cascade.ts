/**
 * The cascade (SPEC 2): which facilities fail, at which wave and hour, and why.
 *
 * Three passes over the compact graph:
 * 1. waves: a breadth-first pass where a dependent fails when its group's count of failed
 *    providers reaches n - k + 1 (every delay = 1, so BFS order is arrival order);
 * 2. hours: the same rule in a Dijkstra-like pass in increasing time, with the real delays
 *    (zero-delay edges are handled at once, like 0-1 BFS);
 * 3. causes: for each cascade failure, the service and the trigger provider, with the SPEC's
 *    tie-breaks.
 * The failed set is the least fixed point: a cycle with no failed provider outside it stays up.
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
  /** Failed facilities in the order of SPEC 3: wave, then hours, then id. */
  order: Int32Array;
}

/**
 * Runs a scenario's cascade on a graph.
 * @param ids facility ids by index, for the id tie-breaks and the final order
 * @example runCascade(graph, ids, { compromised: [3], zone: [3, 7] })
 */
export function runCascade(
  graph: Graph,
  ids: readonly string[],
  input: CascadeInput,
): CascadeResult {
  const n = graph.n;
  const reason = new Uint8Array(n);
  const isProtected = new Uint8Array(n);
  for (const p of Array.from(input.protected ?? [])) isProtected[p] = 1;
  for (const z of Array.from(input.zone ?? [])) reason[z] = REASON_RADIUS;
  for (const c of Array.from(input.compromised)) reason[c] = REASON_COMPROMISED;

  const wave = waves(graph, reason, isProtected);
  const hours = graph.hasDelays ? timings(graph, reason, isProtected) : zeroHours(reason);
  const { service, trigger, triggerSlot } = causes(graph, ids, reason, wave, hours);

  let count = 0;
  for (let v = 0; v < n; v++) if (reason[v] !== REASON_NONE) count++;
  const order = new Int32Array(count);
  for (let v = 0, k = 0; v < n; v++) if (reason[v] !== REASON_NONE) order[k++] = v;
  order.sort(
    (a, b) => wave[a]! - wave[b]! || hours[a]! - hours[b]! || compareIds(ids[a]!, ids[b]!),
  );
  return { reason, wave, hours, service, trigger, triggerSlot, order };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pass 1: waves, and the failed set (marks cascade failures in `reason`). */
function waves(graph: Graph, reason: Uint8Array, isProtected: Uint8Array): Int32Array {
  const n = graph.n;
  const wave = new Int32Array(n).fill(-1);
  const count = new Int32Array(graph.groupNeed.length);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) {
    if (reason[v] !== REASON_NONE) {
      wave[v] = 0;
      queue[tail++] = v;
    }
  }
  for (let head = 0; head < tail; head++) {
    const p = queue[head]!;
    for (let i = graph.outStart[p]!; i < graph.outStart[p + 1]!; i++) {
      const g = graph.edgeGroup[graph.outSlots[i]!]!;
      const v = graph.groupDependent[g]!;
      const failedProviders = count[g]! + 1;
      count[g] = failedProviders;
      if (failedProviders === graph.groupNeed[g] && wave[v] === -1 && !isProtected[v]) {
        wave[v] = wave[p]! + 1;
        reason[v] = REASON_CASCADE;
        queue[tail++] = v;
      }
    }
  }
  return wave;
}

function zeroHours(reason: Uint8Array): Float64Array {
  const hours = new Float64Array(reason.length).fill(Infinity);
  for (let v = 0; v < reason.length; v++) if (reason[v] !== REASON_NONE) hours[v] = 0;
  return hours;
}

/** Pass 2: the earliest hour of each failure, in increasing time. */
function timings(graph: Graph, reason: Uint8Array, isProtected: Uint8Array): Float64Array {
  const n = graph.n;
  const hours = new Float64Array(n).fill(Infinity);
  const count = new Int32Array(graph.groupNeed.length);
  const heap = new MinHeap();
  const now: number[] = [];
  for (let v = 0; v < n; v++) {
    if (reason[v] === REASON_COMPROMISED || reason[v] === REASON_RADIUS) {
      hours[v] = 0;
      now.push(v);
    }
  }
  const arrive = (g: number, t: number) => {
    const v = graph.groupDependent[g]!;
    const failedProviders = count[g]! + 1;
    count[g] = failedProviders;
    if (failedProviders === graph.groupNeed[g] && hours[v] === Infinity && !isProtected[v]) {
      hours[v] = t;
      now.push(v);
    }
  };
  for (;;) {
    // Expand everything that failed at the current time; zero delays arrive at once.
    while (now.length > 0) {
      const p = now.pop()!;
      const t = hours[p]!;
      for (let i = graph.outStart[p]!; i < graph.outStart[p + 1]!; i++) {
        const slot = graph.outSlots[i]!;
        const delay = graph.edgeDelayHours[slot]!;
        if (delay === 0) arrive(graph.edgeGroup[slot]!, t);
        else heap.push(t + delay, graph.edgeGroup[slot]!);
      }
    }
    if (heap.size === 0) break;
    const t = heap.peekKey();
    arrive(heap.pop(), t);
  }
  return hours;
}

/** Pass 3: the lost service and the trigger provider of each cascade failure (SPEC 2.5). */
function causes(
  graph: Graph,
  ids: readonly string[],
  reason: Uint8Array,
  wave: Int32Array,
  hours: Float64Array,
): { service: Int32Array; trigger: Int32Array; triggerSlot: Int32Array } {
  const n = graph.n;
  const service = new Int32Array(n).fill(-1);
  const trigger = new Int32Array(n).fill(-1);
  const triggerSlot = new Int32Array(n).fill(-1);
  const arrivals: number[] = [];
  const waveArrivals: number[] = [];
  for (let v = 0; v < n; v++) {
    if (reason[v] !== REASON_CASCADE) continue;
    let bestHours = Infinity;
    let bestWave = Infinity;
    let bestGroup = -1;
    for (let g = graph.groupStart[v]!; g < graph.groupStart[v + 1]!; g++) {
      arrivals.length = 0;
      waveArrivals.length = 0;
      for (let i = graph.edgeStart[g]!; i < graph.edgeStart[g + 1]!; i++) {
        const p = graph.edgeProvider[i]!;
        if (reason[p] === REASON_NONE) continue;
        arrivals.push(hours[p]! + graph.edgeDelayHours[i]!);
        waveArrivals.push(wave[p]! + 1);
      }
      const need = graph.groupNeed[g]!;
      if (arrivals.length < need) continue;
      const lossHours = nthSmallest(arrivals, need);
      const lossWave = nthSmallest(waveArrivals, need);
      // Groups are in service-name order, so a strict comparison keeps the smaller name.
      if (lossHours < bestHours || (lossHours === bestHours && lossWave < bestWave)) {
        bestHours = lossHours;
        bestWave = lossWave;
        bestGroup = g;
      }
    }
    if (bestGroup < 0) continue; // unreachable: a cascade failure always has a lost group
    service[v] = graph.groupService[bestGroup]!;
    let best = -1;
    let bestSlot = -1;
    for (let i = graph.edgeStart[bestGroup]!; i < graph.edgeStart[bestGroup + 1]!; i++) {
      const p = graph.edgeProvider[i]!;
      if (reason[p] === REASON_NONE || hours[p]! + graph.edgeDelayHours[i]! !== bestHours) continue;
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

/** The k-th smallest (1-based) of a short list; sorts in place. */
function nthSmallest(values: number[], k: number): number {
  if (k === values.length) {
    let max = -Infinity;
    for (const x of values) if (x > max) max = x;
    return max;
  }
  if (k === 1) {
    let min = Infinity;
    for (const x of values) if (x < min) min = x;
    return min;
  }
  values.sort((a, b) => a - b);
  return values[k - 1]!;
}
