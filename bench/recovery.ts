/**
 * The recovery bench (issue #20): one recovery cascade (SPEC 5) against the plain cascade
 * (SPEC 2) on the same inventory and scenario, in the same run. Recovery data is drawn here,
 * seeded: every initial failure gets repair hours (1-48 h) and one in four of the facilities
 * that supply nobody a restart time (0.5-6 h), so outages end, backups bridge some of them,
 * and restarts hold some longer. (A restart time on a facility inside a dependency cycle
 * keeps the whole cycle down for good, SPEC 5's restart loop: the generated inventory is full
 * of cycles, so restarts anywhere would make nearly every failure permanent.)
 */
import { runCascade, type CascadeInput } from '../src/core/cascade.ts';
import type { Graph } from '../src/core/graph.ts';
import { runRecovery } from '../src/core/recovery.ts';
import { compare } from './measure.ts';
import { mulberry32 } from './random.ts';
import type { Row } from './table.ts';

/** Rows for one size: recovery with repairs and restarts, and with crews, vs the plain cascade. */
export async function recoveryRows(
  size: string,
  graph: Graph,
  ids: readonly string[],
  input: CascadeInput & { compromised: number[]; zone: number[] },
  options: { seed: number; runs: number },
): Promise<Row[]> {
  const random = mulberry32(options.seed * 31 + 7);
  const repairHours = new Float64Array(graph.n).fill(NaN);
  const restartHours = new Float64Array(graph.n);
  for (const v of [...input.zone, ...input.compromised])
    repairHours[v] = 1 + Math.floor(random() * 48);
  for (let v = 0; v < graph.n; v++) {
    const suppliesNobody = graph.outStart[v] === graph.outStart[v + 1];
    if (suppliesNobody && random() < 0.25) restartHours[v] = 0.5 * (1 + Math.floor(random() * 12));
  }
  const timing = { warmup: 2, warmupMs: 500, runs: Math.max(5, options.runs), minSampleMs: 100 };
  const rows: Row[] = [];
  for (const crews of [null, 4]) {
    let result = runRecovery(graph, ids, { ...input, repairHours, restartHours, crews });
    const vsPlain = await compare(
      () => runRecovery(graph, ids, { ...input, repairHours, restartHours, crews }),
      () => runCascade(graph, ids, input),
      timing,
      (r) => (result = r),
    );
    let never = 0;
    let restoredBy = 0;
    let outages = 0;
    for (const v of result.order) {
      if (result.restored[v] === Infinity) never++;
      else restoredBy = Math.max(restoredBy, result.restored[v]!);
      outages += result.intervalStart[v + 1]! - result.intervalStart[v]!;
    }
    rows.push({
      size,
      measure: `recovery: runRecovery${crews === null ? '' : `, ${crews} crews`}`,
      time: vsPlain.a,
      baseline: { label: 'runCascade, same scenario', time: vsPlain.b },
      ratio: vsPlain.ratio,
      goal: { kind: 'ratio', max: 3, text: '<= 3x' },
      note:
        `${result.order.length} fail (${outages} outages), ${never} never back, ` +
        `the rest back by +${restoredBy} h`,
    });
  }
  return rows;
}
