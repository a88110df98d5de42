/**
 * What a pair of facilities brings down together and not apart (docs/format.md §6), in facility
 * indices, with a one-line explanation for planners: which shared redundancy the pair takes
 * out ("Together, A and B take out 2 of the 2 energy providers of City waterworks ...").
 */
import { capText } from './cap-text.ts';
import { FailedSet } from './closure.ts';
import type { Graph } from './graph.ts';
import type { Inventory } from './types.ts';

export interface PairFailures {
  /** Facilities that fail only when both fail, in cascade order. */
  extra: number[];
  /** impact({a, b}). */
  impact: number;
  text: string;
}

/**
 * @example explainPair(inventory, graph, 0, 1).text
 *   // "Together, North feed and South feed take out 2 of the 2 energy providers of City
 *   //  waterworks (it needs 1); 1 more fails in turn."
 */
export function explainPair(
  inventory: Inventory,
  graph: Graph,
  a: number,
  b: number,
): PairFailures {
  const closure = new FailedSet(graph);
  const union = new Uint8Array(graph.n);
  for (const f of [a, b]) {
    const size = closure.run([f]);
    for (let k = 0; k < size; k++) union[closure.queue[k]!] = 1;
  }
  const impact = closure.run([a, b]);
  const extra: number[] = [];
  for (let k = 0; k < impact; k++) {
    const v = closure.queue[k]!;
    if (!union[v]) extra.push(v);
  }
  const name = (i: number) => capText(inventory.facilities[i]!.name);
  const pair = `${name(a)} and ${name(b)}`;
  if (extra.length === 0) {
    return { extra, impact, text: `${pair} bring down nothing together that they do not apart.` };
  }
  // The first extra failure that the union takes down directly: the shared redundancy.
  const { groupStart, edgeStart, edgeProvider, groupNeed, groupService, services } = graph;
  for (const v of extra) {
    for (let g = groupStart[v]!; g < groupStart[v + 1]!; g++) {
      let down = 0;
      for (let i = edgeStart[g]!; i < edgeStart[g + 1]!; i++) if (union[edgeProvider[i]!]) down++;
      if (down < groupNeed[g]!) continue;
      const providers = edgeStart[g + 1]! - edgeStart[g]!;
      const needs = providers - groupNeed[g]! + 1;
      const more = extra.length - 1;
      const rest = more === 0 ? '' : `; ${more} more ${more === 1 ? 'fails' : 'fail'} in turn`;
      return {
        extra,
        impact,
        text:
          `Together, ${pair} take out ${down} of the ${providers} ${services[groupService[g]!]} ` +
          `providers of ${name(v)} (it needs ${needs})${rest}.`,
      };
    }
  }
  return { extra, impact, text: `${pair} together bring down ${extra.length} more.` };
}
