/**
 * The cascade over time as a step series, for the charts in Results, present mode and the PDF.
 */
import type { AppState } from '../../state/app-state.svelte.ts';
import { populationByFacility } from '../../core/people.ts';

/** One point of the cascade over time: from `hours` on, `down` facilities and `people` (docs/format.md §5 timeline). */
export interface TimePoint {
  hours: number;
  down: number;
  /** Largest one-sector sum of population_served over the facilities down (as atLeast); null without population data. */
  people: number | null;
}

/**
 * Facilities and people down over time: the recovery run's timeline (app.recovery, the core's
 * `summary.timeline` of docs/format.md §5: facilities come back up) when the scenario has
 * recovery data, else built from the failure hours (nothing comes back).
 */
export function seriesOf(app: AppState, withPeople: boolean): TimePoint[] {
  const given = app.recovery.summary?.timeline;
  if (Array.isArray(given) && given.length > 0) {
    const points = given.map((t) => ({
      hours: t.hours,
      down: t.down,
      people: withPeople ? t.people : null,
    }));
    return points[0]!.hours > 0
      ? [{ hours: 0, down: 0, people: withPeople ? 0 : null }, ...points]
      : points;
  }
  const p = app.indexed;
  const run = app.run;
  if (!p || !run) return [];
  const r = run.result;
  const order = Array.from(r.order).sort((a, b) => r.hours[a]! - r.hours[b]!);
  const served = populationByFacility(p.inventory);
  const bySector = new Map<string, number>();
  let best = 0;
  const points: TimePoint[] = [];
  for (let k = 0; k < order.length; k++) {
    const f = p.inventory.facilities[order[k]!]!;
    const sum = (bySector.get(f.sector) ?? 0) + served[order[k]!]!;
    bySector.set(f.sector, sum);
    best = Math.max(best, sum);
    const h = r.hours[order[k]!]!;
    if (k + 1 < order.length && r.hours[order[k + 1]!]! === h) continue;
    points.push({ hours: h, down: k + 1, people: withPeople ? best : null });
  }
  return points;
}
