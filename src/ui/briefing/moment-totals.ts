/**
 * The present mode's chips at the moment the map shows (issue #15): while the cascade plays,
 * the counts are those of what has failed by the playhead's wave or hour, not the end state,
 * so the chips and the map never disagree.
 */
import { formatHours } from '../../core/hours.ts';
import { hasPopulation, populationByFacility } from '../../core/people.ts';
import type { AppState } from '../../state/app-state.svelte.ts';
import { count } from './words.ts';

/** The chips at the playhead, or null when the end state is shown (use the briefing's own). */
export function momentTotals(app: AppState): { label: string; value: string }[] | null {
  const run = app.run;
  const p = app.indexed;
  const head = app.playhead;
  if (!run || !p || !head) return null;
  const r = run.result;
  const inv = p.inventory;
  const shown = (v: number) =>
    head.unit === 'wave' ? r.wave[v]! <= head.value : r.hours[v]! <= head.value;
  const attacked = new Set(run.compromised.map((c) => inv.facilities[c]!.country));
  const served = hasPopulation(inv) ? populationByFacility(inv) : null;
  const bySector = new Map<string, number>();
  let failed = 0;
  let cascade = 0;
  let spillover = 0;
  let wave = 0;
  let hours = 0;
  const down = new Uint8Array(inv.facilities.length);
  for (const v of r.order) {
    if (!shown(v)) continue;
    down[v] = 1;
    failed++;
    if (r.reason[v] === 3) cascade++;
    const f = inv.facilities[v]!;
    if (f.country !== null && !attacked.has(f.country)) spillover++;
    wave = Math.max(wave, r.wave[v]!);
    hours = Math.max(hours, r.hours[v]!);
    if (served) bySector.set(f.sector, (bySector.get(f.sector) ?? 0) + served[v]!);
  }
  let crossBorderLost = 0;
  const { from } = inv.dependencies;
  for (let k = 0; k < from.length; k++) if (down[from[k]!] && p.crossBorder[k]) crossBorderLost++;
  const total = r.order.length;
  return [
    {
      label: 'shown',
      value: head.unit === 'wave' ? `Wave ${head.value}` : formatHours(head.value),
    },
    { label: `of ${count(total)} facilities failed so far`, value: count(failed) },
    ...(served
      ? [
          {
            label: 'people lose a service (at least)',
            value: count(Math.max(0, ...bySector.values())),
          },
        ]
      : []),
    { label: 'by cascade', value: count(cascade) },
    { label: 'spillover (other countries)', value: count(spillover) },
    { label: 'cross-border links lost', value: count(crossBorderLost) },
    { label: 'waves', value: String(wave) },
    { label: 'last failure', value: formatHours(hours) },
  ];
}
