/**
 * The repair schedule of a scenario (docs/format.md §5): which initial failures are repaired, in
 * which order, and when each repair starts and ends, with N crews or (by default) all at once.
 */
import { compareIds } from './cascade.ts';
import { MinHeap } from './min-heap.ts';

/** When each repair runs, by facility index (NaN where there is no repair). */
export interface RepairSchedule {
  /** Repaired facilities in the order crews take them. */
  order: Int32Array;
  repairStart: Float64Array;
  repairEnd: Float64Array;
}

/**
 * The default repair order: initial failures with repair hours, by increasing repair hours,
 * then id. `listed` (facility indices) come first, in their order; listed facilities that are
 * not repairable initial failures are ignored.
 * @param initial facility indices of the initial failures (compromised or in the zone)
 * @param repairHours per facility, NaN where not repaired
 * @example repairOrder(ids, [4, 2], repairHours, [2]) // Int32Array [2, 4]
 */
export function repairOrder(
  ids: readonly string[],
  initial: ArrayLike<number>,
  repairHours: Float64Array,
  listed: readonly number[] = [],
): Int32Array {
  const repairable = new Set<number>();
  for (let k = 0; k < initial.length; k++) {
    const v = initial[k]!;
    if (repairHours[v]! > 0) repairable.add(v);
  }
  const first: number[] = [];
  for (const v of listed) {
    if (repairable.delete(v)) first.push(v);
  }
  const rest = [...repairable].sort(
    (a, b) => repairHours[a]! - repairHours[b]! || compareIds(ids[a]!, ids[b]!),
  );
  return Int32Array.from([...first, ...rest]);
}

/**
 * Start and end of each repair. Without crews every repair starts at hour 0; with N crews the
 * first N in the order start at 0 and each ending repair hands its crew to the next one.
 * @param crews integer >= 1, or null for "every repair at once"
 * @example repairSchedule(order, repairHours, 1).repairEnd[order[1]] // sum of the first two
 */
export function repairSchedule(
  order: Int32Array,
  repairHours: Float64Array,
  crews: number | null,
): RepairSchedule {
  const n = repairHours.length;
  const repairStart = new Float64Array(n).fill(NaN);
  const repairEnd = new Float64Array(n).fill(NaN);
  const free = new MinHeap();
  const teams = crews === null ? order.length : Math.min(crews, order.length);
  for (let c = 0; c < teams; c++) free.push(0, c);
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    const start = free.peekKey();
    const crew = free.pop();
    repairStart[v] = start;
    repairEnd[v] = start + repairHours[v]!;
    free.push(repairEnd[v]!, crew);
  }
  return { order, repairStart, repairEnd };
}
