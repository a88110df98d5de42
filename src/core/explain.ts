/**
 * Plain-language explanations of a failure, following `trigger` back to the attack (SPEC 2.5):
 * "lost energy at +48 h: its only provider, Substation Y, failed at +0 h because ...".
 */
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
  let at = v;
  while (!seen.has(at)) {
    seen.add(at);
    const f = inventory.facilities[at]!;
    const reason = result.reason[at]!;
    if (reason === REASON_NONE) {
      steps.push({ facility: at, name: f.name, text: `${f.name} does not fail in this scenario.` });
      break;
    }
    if (reason !== REASON_CASCADE) {
      const how = reason === REASON_COMPROMISED ? 'is compromised' : 'lies inside the impact zone';
      steps.push({ facility: at, name: f.name, text: `${f.name} ${how}: it fails at +0 h.` });
      break;
    }
    const trigger = result.trigger[at]!;
    const slot = result.triggerSlot[at]!;
    const group = graph.edgeGroup[slot]!;
    const total = graph.edgeStart[group + 1]! - graph.edgeStart[group]!;
    let failedProviders = 0;
    // The failed provider of the earliest wave: it failed strictly before `at` (SPEC 2.4).
    let earliest = -1;
    for (let i = graph.edgeStart[group]!; i < graph.edgeStart[group + 1]!; i++) {
      const p = graph.edgeProvider[i]!;
      if (result.reason[p] === REASON_NONE) continue;
      failedProviders++;
      if (earliest < 0 || result.wave[p]! < result.wave[earliest]!) earliest = p;
    }
    const service = graph.services[result.service[at]!]!;
    const provider = inventory.facilities[trigger]!;
    const delay = graph.edgeDelayHours[slot]!;
    const holdOut = delay > 0 ? `, held out ${formatHours(delay).slice(1)} on backup,` : '';
    // With k of n and no delays, two facilities can each be the other's trigger (SPEC 2.5's tie
    // rule): the chain then goes on through the earliest failed provider, towards the attack.
    const next = seen.has(trigger) && earliest >= 0 ? earliest : trigger;
    const also =
      next === trigger
        ? ''
        : ` (together with ${inventory.facilities[next]!.name}, down since ${formatHours(result.hours[next]!)})`;
    steps.push({
      facility: at,
      name: f.name,
      text:
        `${f.name} loses ${service} at ${formatHours(result.hours[at]!)} (wave ${result.wave[at]})${holdOut} ` +
        `because ${providersPhrase(total, graph.groupNeed[group]!, failedProviders)}, ${provider.name}, ` +
        `failed at ${formatHours(result.hours[trigger]!)}${also}.`,
    });
    at = next;
  }
  return steps;
}
