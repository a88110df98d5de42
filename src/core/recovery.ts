/**
 * The recovery cascade (docs/format.md §5): down intervals over time, with repairs, restarts and
 * backup that bridges outages shorter than its delay.
 *
 * One event-driven pass in increasing time (no time steps). Between two instants nothing
 * changes; at an instant t the state is the least fixed point of the rules of docs/format.md §5
 * given the history before t, found incrementally:
 * - a group's `count` is the number of its providers unavailable at t: provider down, and
 *   down since at least t - delay (the dependency is then *eligible*);
 * - events at t: an eligible dependency coming into effect (its provider went down at
 *   t - delay and stayed down: count + 1), or a facility's forced reason ending (its repair
 *   plus restart done; its restart after services returned done);
 * - over-delete, then re-derive (DRed): a facility whose forced reason ended, and then
 *   everything whose lost service drops below need through it, is tentatively up, unless it
 *   still loses a service through providers derived before it (each down facility keeps the
 *   order it was derived in, so that support cannot come round a cycle through itself); then
 *   everything forced or losing a service is down again, spreading through eligible
 *   dependencies. A cycle with no outside cause therefore comes back up, and a restart
 *   loop (A needs B, B needs A, each with a restart time) keeps itself down with no event
 *   left: the pass ends, and both never come back.
 * Work: each state change touches the facility's out-edges once (plus what the over-delete
 * re-derives); events are one per delayed out-edge per down interval, plus one per repair
 * and per restart.
 *
 * Afterwards, from the intervals: the wave of each failure (the formula of docs/format.md §2.4 over
 * the dependencies that are ever unavailable) and the cause of each first failure.
 */
import {
  failureOrder,
  REASON_CASCADE,
  REASON_COMPROMISED,
  REASON_NONE,
  REASON_RADIUS,
  type CascadeInput,
  type CascadeResult,
} from './cascade.ts';
import type { Graph } from './graph.ts';
import { byFacility, causes, everUnavailable, Intervals, waves } from './recovery-results.ts';
import { canFailSet, giveBack, loopWatch, takeScratch } from './recovery-scratch.ts';
import { repairOrder, repairSchedule } from './recovery-schedule.ts';

/** A recovery scenario's inputs, as facility indices and per-facility hours. */
export interface RecoveryInput extends CascadeInput {
  /** Hours of repair per facility; NaN (or <= 0): not repaired within the scenario. */
  repairHours: Float64Array;
  /** Hours to come back up after services return or a repair ends; 0 by default. */
  restartHours: Float64Array;
  /** Integer >= 1, or null/undefined: every repair starts at hour 0. */
  crews?: number | null;
  /** Facility indices to repair first, in this order (the rest follow in the default order). */
  repairOrder?: readonly number[];
}

/**
 * A cascade result (same fields, so every consumer of CascadeResult reads it) plus the down
 * intervals. `hours` is the start of the first down interval, `wave` the wave of docs/format.md §5.
 */
export interface RecoveryResult extends CascadeResult {
  /** Down intervals of facility v: indices [intervalStart[v], intervalStart[v + 1]). */
  intervalStart: Int32Array;
  /** Interval starts and ends in hours; an end of Infinity: never comes back. */
  downFrom: Float64Array;
  downTo: Float64Array;
  /** End of the last down interval per facility: Infinity never back, NaN never down. */
  restored: Float64Array;
  /** Repairs by facility: start and end hours (NaN where not repaired), and the crews' order. */
  repairStart: Float64Array;
  repairEnd: Float64Array;
  repairOrder: Int32Array;
}

/**
 * Runs a scenario with recovery on a graph.
 * @param ids facility ids by index (id tie-breaks, the failed order, the default repair order)
 * @example runRecovery(graph, ids, { compromised: [3], repairHours, restartHours, crews: 2 })
 */
export function runRecovery(
  graph: Graph,
  ids: readonly string[],
  input: RecoveryInput,
): RecoveryResult {
  const n = graph.n;
  const reason = new Uint8Array(n);
  const zone = input.zone ?? [];
  const compromised = input.compromised;
  for (let k = 0; k < zone.length; k++) reason[zone[k]!] = REASON_RADIUS;
  for (let k = 0; k < compromised.length; k++) reason[compromised[k]!] = REASON_COMPROMISED;
  const initial: number[] = [];
  for (let v = 0; v < n; v++) if (reason[v] !== REASON_NONE) initial.push(v);
  const isProtected = new Uint8Array(n);
  const protectedList = input.protected ?? [];
  for (let k = 0; k < protectedList.length; k++) isProtected[protectedList[k]!] = 1;

  const order = repairOrder(ids, initial, input.repairHours, input.repairOrder ?? []);
  const schedule = repairSchedule(order, input.repairHours, input.crews ?? null);
  const intervals = downIntervals(graph, initial, isProtected, schedule.repairEnd, input);

  const { intervalStart, downFrom, downTo } = byFacility(n, intervals);
  const hours = new Float64Array(n).fill(Infinity);
  const restored = new Float64Array(n).fill(NaN);
  const scratch = takeScratch(graph);
  const down = scratch.stack; // the failed facilities, by index
  let failedCount = 0;
  for (let v = 0; v < n; v++) {
    const a = intervalStart[v]!;
    const b = intervalStart[v + 1]!;
    if (a === b) continue;
    down[failedCount++] = v;
    hours[v] = downFrom[a]!;
    restored[v] = downTo[b - 1]!;
    if (reason[v] === REASON_NONE) reason[v] = REASON_CASCADE;
  }
  const failedList = down.subarray(0, failedCount);
  const ever = (scratch.ever ??= new Uint8Array(graph.edgeProvider.length));
  everUnavailable(graph, failedList, intervalStart, downFrom, downTo, ever);
  const { wave, failed } = waves(graph, reason, initial, ever, failedCount, scratch.count);
  const cause = causes(
    graph,
    ids,
    failed,
    reason,
    wave,
    hours,
    ever,
    intervalStart,
    downFrom,
    downTo,
  );
  for (const p of failed) {
    for (let i = graph.outStart[p]!; i < graph.outStart[p + 1]!; i++) ever[graph.outSlots[i]!] = 0;
  }
  giveBack(graph, scratch);
  return {
    reason,
    wave,
    hours,
    ...cause,
    order: failureOrder(ids, wave, hours, failed, true),
    intervalStart,
    downFrom,
    downTo,
    restored,
    repairStart: schedule.repairStart,
    repairEnd: schedule.repairEnd,
    repairOrder: schedule.order,
  };
}

/** The event-driven pass: every down interval, in the order they open. */
function downIntervals(
  graph: Graph,
  initial: readonly number[],
  isProtected: Uint8Array,
  repairEnd: Float64Array,
  input: RecoveryInput,
): Intervals {
  const n = graph.n;
  const { outStart, outSlots, outGroup, edgeDelayHours, groupDependent, groupNeed } = graph;
  const { groupStart, edgeStart, edgeProvider } = graph;
  const m = outSlots.length;
  const restart = input.restartHours;
  const scratch = takeScratch(graph);
  const { count, lost, down, losingBefore, downStart, initUntil, holdUntil } = scratch;
  const { touchedAt, candidateAt, downBefore, touched, stack } = scratch;
  const { retracted, candidates, openInterval, canFail, reach, checkedAt, rank } = scratch;
  const checks = scratch.checks;
  let derived = 0;
  const reachable = canFailSet(graph, initial, isProtected, scratch);
  const intervals = new Intervals();
  const heap = scratch.heap;
  heap.size = 0;
  // Stamps go on from run to run: the stamp arrays never need clearing.
  let instant = scratch.instant;
  let t = 0;
  let touchedCount = 0;
  let candidateCount = 0;
  let seedCount = 0;
  let armCount = 0;
  let arms = new Int32Array(64);

  const touch = (v: number) => {
    if (touchedAt[v] === instant) return;
    touchedAt[v] = instant;
    downBefore[v] = down[v]!;
    touched[touchedCount++] = v;
  };
  const candidate = (v: number) => {
    if (candidateAt[v] === instant) return;
    candidateAt[v] = instant;
    candidates[candidateCount++] = v;
  };
  // Down at t whatever its providers do now: repair and restart not done, or restarting
  // after services returned (it was losing one within the last restart hours before t).
  const forced = (v: number) =>
    initUntil[v]! > t || holdUntil[v]! > t || (restart[v]! > 0 && losingBefore[v] === 1);
  const eligible = (p: number, slot: number) => {
    const d = edgeDelayHours[slot]!;
    return d === 0 || downStart[p]! + d <= t;
  };
  // Still losing a service through providers derived before v (none of them then depends on v).
  const supported = (v: number) => {
    if (isProtected[v]) return false;
    const r = rank[v]!;
    for (let g = groupStart[v]!, last = groupStart[v + 1]!; g < last; g++) {
      const need = groupNeed[g]!;
      if (count[g]! < need) continue;
      let providers = 0;
      for (let i = edgeStart[g]!, end = edgeStart[g + 1]!; i < end; i++) {
        const q = edgeProvider[i]!;
        if (down[q] && rank[q]! < r && eligible(q, i) && ++providers >= need) return true;
      }
    }
    return false;
  };

  let lastRepair = 0;
  for (const v of initial) {
    const end = repairEnd[v]! + restart[v]!;
    initUntil[v] = end > 0 ? end : Infinity; // NaN (no repair) -> for good
    if (Number.isFinite(end)) {
      heap.push(end, m + v);
      lastRepair = Math.max(lastRepair, end);
    }
    candidate(v);
  }
  // Without a repair nothing ever comes back, so nothing can pulse.
  const loops = lastRepair > 0 ? loopWatch(graph, restart, lastRepair, scratch) : null;
  let loopFrom = NaN;

  let top = 0;
  let retractedCount = 0;
  const retract = (v: number) => {
    touch(v);
    down[v] = 0;
    retracted[retractedCount++] = v;
  };
  const setDown = (u: number) => {
    touch(u);
    down[u] = 1;
    rank[u] = ++derived;
    if (!downBefore[u]) downStart[u] = t;
    stack[top++] = u;
  };

  const maxInstants = 64 * (n + m) + 1024;
  for (;;) {
    // Over-delete: a facility whose forced reason ended, and then what lost a service through
    // it, goes up unless still losing a service through providers derived before it. Checked
    // in derivation order, each once, so every provider derived earlier is settled by then.
    // (A loss through later ones may come round a cycle through the facility itself: it goes
    // up, and the re-derive brings it back down if that loss stands.)
    top = 0;
    retractedCount = 0;
    checks.size = 0;
    for (let k = 0; k < seedCount; k++) {
      const v = candidates[k]!;
      if (down[v]) checks.push(rank[v]!, v);
    }
    while (checks.size > 0) {
      const p = checks.pop();
      if (!down[p] || checkedAt[p] === instant) continue;
      checkedAt[p] = instant;
      if (forced(p) || supported(p)) continue;
      retract(p);
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        const w = groupDependent[g]!;
        if (!canFail[w] || !eligible(p, outSlots[i]!)) continue;
        touch(w);
        const before = count[g]!--;
        if (before < groupNeed[g]!) continue;
        if (before === groupNeed[g]) lost[w]!--;
        // Derived before p, w never counted on p.
        if (down[w] && rank[w]! > rank[p]!) checks.push(rank[w]!, w);
      }
    }
    // Re-derive: forced or losing facilities are down, spreading through eligible dependencies.
    for (let k = 0; k < retractedCount; k++) candidate(retracted[k]!);
    for (let k = 0; k < candidateCount; k++) {
      const v = candidates[k]!;
      if (!down[v] && (forced(v) || (!isProtected[v] && lost[v]! > 0))) setDown(v);
    }
    while (top > 0) {
      const u = stack[--top]!;
      for (let i = outStart[u]!, end = outStart[u + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        const w = groupDependent[g]!;
        if (!canFail[w] || !eligible(u, outSlots[i]!)) continue;
        touch(w);
        if (++count[g]! === groupNeed[g]) lost[w]!++;
        if (!down[w] && !isProtected[w] && lost[w]! > 0) setDown(w);
      }
    }
    // The instant's outcome: intervals open and close, restarts and delayed effects are due.
    for (let k = 0; k < touchedCount; k++) {
      const v = touched[k]!;
      const losing = isProtected[v] ? 0 : lost[v]! > 0 ? 1 : 0;
      if (loops && (losing !== losingBefore[v] || down[v] !== downBefore[v])) loops.changed(v, t);
      if (losingBefore[v] && !losing && restart[v]! > 0) {
        holdUntil[v] = t + restart[v]!;
        heap.push(holdUntil[v]!, m + v);
      }
      losingBefore[v] = losing;
      if (down[v] && !downBefore[v]) {
        openInterval[v] = intervals.open(v, t);
        for (let i = outStart[v]!, end = outStart[v + 1]!; i < end; i++) {
          const d = edgeDelayHours[outSlots[i]!]!;
          if (d !== 0 && canFail[groupDependent[outGroup[i]!]!]) heap.push(t + d, i);
        }
      } else if (!down[v] && downBefore[v]) {
        intervals.to[openInterval[v]!] = t;
      }
    }
    for (let k = 0; loops && k < touchedCount && Number.isNaN(loopFrom); k++) {
      const v = touched[k]!;
      if (down[v] && !downBefore[v]) loopFrom = loops!.opened(v, t);
    }
    if (!Number.isNaN(loopFrom)) {
      // Everything down at or after the hour the loop repeats from keeps failing: never back.
      for (let k = 0; k < intervals.length; k++) {
        if (intervals.to[k]! > loopFrom)
          intervals.to[openInterval[intervals.owner[k]!]!] = Infinity;
      }
      break;
    }

    if (heap.size === 0) break;
    if (++instant > maxInstants) throw new Error('recovery: the pass did not settle');
    t = heap.peekKey();
    touchedCount = 0;
    candidateCount = 0;
    // The events of instant t: forced reasons end (seeds of the over-delete, first in
    // `candidates`), and delayed unavailability begins (only ever adds).
    while (heap.size > 0 && heap.peekKey() === t) {
      const event = heap.pop();
      if (event >= m) {
        candidate(event - m);
        continue;
      }
      if (armCount === arms.length) {
        const grown = new Int32Array(arms.length * 2);
        grown.set(arms);
        arms = grown;
      }
      arms[armCount++] = event;
    }
    seedCount = candidateCount;
    for (let k = 0; k < armCount; k++) {
      const event = arms[k]!;
      const slot = outSlots[event]!;
      const p = graph.edgeProvider[slot]!;
      if (!down[p] || downStart[p]! + edgeDelayHours[slot]! !== t) continue; // back up since
      const g = outGroup[event]!;
      const w = groupDependent[g]!;
      touch(w);
      if (++count[g]! === groupNeed[g]) lost[w]!++;
      candidate(w);
    }
    armCount = 0;
  }
  // Hand the scratch back clean: only what could fail was ever touched.
  for (let k = 0; k < reachable; k++) {
    const v = reach[k]!;
    lost[v] = 0;
    down[v] = 0;
    losingBefore[v] = 0;
    initUntil[v] = 0;
    holdUntil[v] = 0;
    canFail[v] = 0;
    for (let g = graph.groupStart[v]!; g < graph.groupStart[v + 1]!; g++) count[g] = 0;
  }
  scratch.instant = instant + 1;
  giveBack(graph, scratch);
  return intervals;
}
