/**
 * Plain-language explanations of a failure, following `trigger` back to the attack (docs/format.md
 * §2.5): "lost energy at +48 h: its only provider, Substation Y, failed at +0 h because ...".
 */
import { capText } from './cap-text.ts';
import { REASON_CASCADE, REASON_COMPROMISED, REASON_NONE, type CascadeResult } from './cascade.ts';
import type { Graph } from './graph.ts';
import { formatHours } from './hours.ts';
import type { Inventory } from './types.ts';

export interface ExplanationStep {
  /** Facility index. */
  facility: number;
  name: string;
  /** One sentence about this step. */
  text: string;
}

function providersPhrase(total: number, need: number, failed: number): string {
  const k = total - need + 1;
  if (total === 1) return 'its only provider';
  if (k === 1) return `the last of its ${total} providers`;
  return `${failed} of its ${total} providers are down and it needs ${k}; the deciding one`;
}

/**
 * The chain of causes from facility `v` back to an initial failure, `v` first.
 * @example explainFailure(inventory, graph, result, 42).map((s) => s.text).join(' ')
 */
export function explainFailure(
  inventory: Inventory,
  graph: Graph,
  result: CascadeResult,
  v: number,
): ExplanationStep[] {
  const steps: ExplanationStep[] = [];
  const seen = new Set<number>();
  // Following triggers can loop (the tie rule of docs/format.md §2.5 with k of n and no delays: two
  // facilities each the other's trigger). Then the chain goes on through another failed provider:
  // an unvisited one if there is one, else one of a strictly earlier wave, and from then on only
  // strictly earlier waves, which must end at a wave-0 failure (the wave formula of docs/format.md
  // §2.4).
  let descending = false;
  let at = v;
  while (descending || !seen.has(at)) {
    seen.add(at);
    const f = inventory.facilities[at]!;
    // Names and services come from the files: capped in the sentences (a 20 MB name).
    const name = capText(f.name);
    const reason = result.reason[at]!;
    if (reason === REASON_NONE) {
      steps.push({ facility: at, name: f.name, text: `${name} does not fail in this scenario.` });
      break;
    }
    if (reason !== REASON_CASCADE) {
      const how = reason === REASON_COMPROMISED ? 'is compromised' : 'lies inside the impact zone';
      steps.push({ facility: at, name: f.name, text: `${name} ${how}: it fails at +0 h.` });
      break;
    }
    const trigger = result.trigger[at]!;
    const slot = result.triggerSlot[at]!;
    const group = graph.edgeGroup[slot]!;
    const total = graph.edgeStart[group + 1]! - graph.edgeStart[group]!;
    let failedProviders = 0;
    for (let i = graph.edgeStart[group]!; i < graph.edgeStart[group + 1]!; i++) {
      if (result.reason[graph.edgeProvider[i]!] !== REASON_NONE) failedProviders++;
    }
    let next = trigger;
    if (descending || seen.has(trigger)) {
      const other = otherCause(graph, result, at, seen, descending);
      if (other.facility < 0) next = -1;
      else {
        next = other.facility;
        descending = other.descending;
      }
    }
    const service = graph.services[result.service[at]!]!;
    const provider = inventory.facilities[trigger]!;
    const delay = graph.edgeDelayHours[slot]!;
    const holdOut = delay > 0 ? `, held out ${formatHours(delay).slice(1)} on backup,` : '';
    const also =
      next === trigger || next < 0
        ? ''
        : ` (together with ${capText(inventory.facilities[next]!.name)}, down since ${formatHours(result.hours[next]!)})`;
    steps.push({
      facility: at,
      name: f.name,
      text:
        `${name} loses ${capText(service, 120)} at ${formatHours(result.hours[at]!)} (wave ${result.wave[at]})${holdOut} ` +
        `because ${providersPhrase(total, graph.groupNeed[group]!, failedProviders)}, ${capText(provider.name)}, ` +
        `failed at ${formatHours(result.hours[trigger]!)}${also}.`,
    });
    if (next < 0) break;
    at = next;
  }
  return steps;
}

/**
 * Another failed provider of `v` (any service) to explain it by when its trigger loops: the
 * unvisited one of the earliest wave, unless `descending`; else (or when every one was
 * visited) the one of the earliest wave below `v`'s, which then fixes descending mode. -1 if
 * none (not expected: a cascade failure of wave w has a failed provider of a wave below w).
 */
function otherCause(
  graph: Graph,
  result: CascadeResult,
  v: number,
  seen: ReadonlySet<number>,
  descending: boolean,
): { facility: number; descending: boolean } {
  let unvisited = -1;
  let earlier = -1;
  const wave = result.wave;
  const better = (p: number, q: number) =>
    q < 0 || wave[p]! < wave[q]! || (wave[p] === wave[q] && result.hours[p]! < result.hours[q]!);
  for (let grp = graph.groupStart[v]!; grp < graph.groupStart[v + 1]!; grp++) {
    for (let i = graph.edgeStart[grp]!; i < graph.edgeStart[grp + 1]!; i++) {
      const p = graph.edgeProvider[i]!;
      if (result.reason[p] === REASON_NONE) continue;
      if (!seen.has(p) && better(p, unvisited)) unvisited = p;
      if (wave[p]! < wave[v]! && better(p, earlier)) earlier = p;
    }
  }
  if (!descending && unvisited >= 0) return { facility: unvisited, descending: false };
  return { facility: earlier, descending: true };
}
