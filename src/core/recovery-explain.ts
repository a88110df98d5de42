/**
 * What recovery buys, in words (issue #20): the facilities that backup saved (they fail when
 * every outage is for good, docs/format.md §2, but hold out with repairs, docs/format.md §5,
 * because their providers came back before their reserve ran out), each with the closest call.
 */
import { capText } from './cap-text.ts';
import type { CascadeResult } from './cascade.ts';
import type { Graph } from './graph.ts';
import { formatHours } from './hours.ts';
import type { RecoveryResult } from './recovery.ts';
import type { Inventory } from './types.ts';

export interface HeldOut {
  /** Facility index. */
  facility: number;
  /** The provider whose return came closest to the end of the reserve. */
  provider: number;
  /** When that provider came back, and how many hours of reserve were left then. */
  backAtHours: number;
  spareHours: number;
  text: string;
}

/**
 * Facilities that fail in the plain cascade but never with recovery, and why they held out.
 * @param plain the same scenario's cascade without recovery (every outage for good)
 * @example heldOut(inventory, graph, plain, recovery)[0].text
 *   // "held out: Substation 4 was back at +10 h, 38 h before its backup would have run out"
 */
export function heldOut(
  inventory: Pick<Inventory, 'facilities'>,
  graph: Graph,
  plain: CascadeResult,
  recovery: RecoveryResult,
): HeldOut[] {
  const out: HeldOut[] = [];
  const { groupStart, edgeStart, edgeProvider, edgeDelayHours } = graph;
  const { intervalStart, downFrom, downTo } = recovery;
  for (const v of plain.order) {
    if (recovery.reason[v] !== 0) continue;
    let best: Omit<HeldOut, 'text' | 'facility'> | null = null;
    for (let i = edgeStart[groupStart[v]!]!; i < edgeStart[groupStart[v + 1]!]!; i++) {
      const p = edgeProvider[i]!;
      const d = edgeDelayHours[i]!;
      for (let k = intervalStart[p]!; k < intervalStart[p + 1]!; k++) {
        const spare = downFrom[k]! + d - downTo[k]!;
        if (!(spare >= 0)) continue; // unavailable for a while: not what saved it
        if (!best || spare < best.spareHours) {
          best = { provider: p, backAtHours: downTo[k]!, spareHours: spare };
        }
      }
    }
    if (!best) continue;
    const name = capText(inventory.facilities[best.provider]!.name);
    const spare = Math.round(best.spareHours * 100) / 100;
    const text =
      spare === 0
        ? `held out: ${name} was back at ${formatHours(best.backAtHours)}, just as its backup would have run out`
        : `held out: ${name} was back at ${formatHours(best.backAtHours)}, ${spare} h before its backup would have run out`;
    out.push({ facility: v, ...best, text });
  }
  return out;
}
