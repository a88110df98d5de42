/**
 * A deliberately slow, obvious recovery cascade, written straight from docs/format.md §5 for the
 * property test: every facility's down set is a list of intervals, and the rules are applied
 * to all of them at once, over and over, from "everything up" until nothing changes (the least
 * fixed point). A down interval that keeps growing past any time the inputs could explain is
 * a loop that never comes back: it is taken as never ending.
 */
import distance from '@turf/distance';

export interface RecFacility {
  id: string;
  lon: number;
  lat: number;
  sector: string;
  population: number;
  minProviders: Record<string, number>;
  /** undefined: not repaired. */
  repair?: number;
  restart: number;
}
export interface RecDependency {
  from: string;
  to: string;
  service: string;
  delay: number;
}
export interface RecScenario {
  compromised: string[];
  radiusKm: number;
  protected: string[];
  crews: number | null;
  repairOrder: string[];
}
export interface RecFailure {
  id: string;
  wave: number;
  hours: number;
  reason: 'compromised' | 'radius' | 'cascade';
  service?: string;
  trigger?: string;
  down: [number, number | null][];
  restored: number | null;
}
export interface RecOutcome {
  /**
   * True when some facility keeps failing again past any time the inputs explain (a pulse
   * going round a cycle for ever): docs/format.md §5 gives it endless intervals, the core's
   * convention for it is tested on named fixtures, not here.
   */
  pulse: boolean;
  failed: RecFailure[];
  restoredBy: number | null;
  timeline: { hours: number; down: number; people: number }[];
}

/** Half-open [a, b); b may be Infinity. */
type Interval = [number, number];

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted, disjoint, maximal: [a, b) and [b, c) become [a, c); empty ones go. */
function normalize(list: Interval[]): Interval[] {
  const sorted = list.filter(([a, b]) => a < b).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const contains = (list: Interval[], t: number) => list.some(([a, b]) => a <= t && t < b);

/** The times at which at least `need` of the sets hold. */
function atLeast(sets: Interval[][], need: number): Interval[] {
  const points = [...new Set(sets.flat(2))].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const out: Interval[] = [];
  for (let i = 0; i < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1] ?? Infinity;
    if (sets.filter((s) => contains(s, from)).length >= need) out.push([from, to]);
  }
  return normalize(out);
}

/** When each repair ends, as docs/format.md §5 says crews take them. */
function repairEnds(facilities: RecFacility[], initial: string[], scenario: RecScenario) {
  const repairOf = (id: string) => facilities.find((f) => f.id === id)!.repair;
  const repairable = initial.filter((id) => repairOf(id) !== undefined);
  const listed = [...new Set(scenario.repairOrder)].filter((id) => repairable.includes(id));
  const rest = repairable
    .filter((id) => !listed.includes(id))
    .sort((a, b) => repairOf(a)! - repairOf(b)! || byText(a, b));
  const ends = new Map<string, number>();
  const crews = Array.from({ length: scenario.crews ?? repairable.length }, () => 0);
  for (const id of [...listed, ...rest]) {
    const crew = crews.indexOf(Math.min(...crews));
    const end = crews[crew]! + repairOf(id)!;
    crews[crew] = end;
    ends.set(id, end);
  }
  return ends;
}

export function referenceRecovery(
  facilities: RecFacility[],
  deps: RecDependency[],
  scenario: RecScenario,
): RecOutcome {
  const fac = (id: string) => facilities.find((f) => f.id === id)!;
  const reason = new Map<string, RecFailure['reason']>();
  for (const c of scenario.compromised) {
    const cf = fac(c);
    if (scenario.radiusKm <= 0) continue;
    for (const f of facilities) {
      const km = distance([cf.lon, cf.lat], [f.lon, f.lat], { units: 'kilometers' });
      if (km <= scenario.radiusKm && !reason.has(f.id)) reason.set(f.id, 'radius');
    }
  }
  for (const c of scenario.compromised) reason.set(c, 'compromised');
  const initial = [...reason.keys()];
  const ends = repairEnds(facilities, initial, scenario);

  // Providers per dependent and service, and the number of them that loses the service.
  const groups = new Map<string, Map<string, RecDependency[]>>();
  for (const d of deps) {
    const byService = groups.get(d.to) ?? new Map<string, RecDependency[]>();
    groups.set(d.to, byService);
    byService.set(d.service, [...(byService.get(d.service) ?? []), d]);
  }
  const need = (v: string, s: string) => {
    const n = groups.get(v)!.get(s)!.length;
    return n - Math.min(Math.max(1, fac(v).minProviders[s] ?? 1), n) + 1;
  };
  const unavailable = (down: Map<string, Interval[]>, d: RecDependency): Interval[] =>
    down.get(d.from)!.flatMap(([a, b]): Interval[] => (a + d.delay < b ? [[a + d.delay, b]] : []));

  // Past this, only a loop keeps a facility down: every finite end is a repair end plus
  // restarts along a chain, and chains here are short.
  let bound = 0;
  for (const e of ends.values()) bound = Math.max(bound, e);
  bound += facilities.reduce((sum, f) => sum + f.restart, 0) * 50 + 100;

  let down = new Map<string, Interval[]>(facilities.map((f) => [f.id, []]));
  for (let round = 0; ; round++) {
    if (round > 100_000) throw new Error('reference did not settle');
    const next = new Map<string, Interval[]>();
    for (const f of facilities) {
      const parts: Interval[] = [];
      if (reason.has(f.id)) {
        const end = ends.get(f.id);
        parts.push([0, end === undefined ? Infinity : end + f.restart]);
      }
      if (!scenario.protected.includes(f.id) && groups.has(f.id)) {
        const losing = normalize(
          [...groups.get(f.id)!].flatMap(([s, list]) =>
            atLeast(
              list.map((d) => unavailable(down, d)),
              need(f.id, s),
            ),
          ),
        );
        for (const [a, b] of losing) parts.push([a, b + f.restart]);
      }
      next.set(
        f.id,
        normalize(parts).map(([a, b]): Interval => [a, b > bound ? Infinity : b]),
      );
    }
    const same = facilities.every(
      (f) => JSON.stringify(next.get(f.id)) === JSON.stringify(down.get(f.id)),
    );
    down = next;
    if (same) break;
    if (facilities.some((f) => next.get(f.id)!.some(([a]) => a > bound))) {
      return { pulse: true, failed: [], restoredBy: null, timeline: [] };
    }
  }

  const failedIds = facilities.filter((f) => down.get(f.id)!.length > 0).map((f) => f.id);
  for (const id of failedIds) if (!reason.has(id)) reason.set(id, 'cascade');
  const ever = (d: RecDependency) => unavailable(down, d).length > 0;

  // Waves: round by round over the dependencies that are ever unavailable.
  const wave = new Map<string, number>(initial.map((id) => [id, 0]));
  for (let w = 0; ; w++) {
    const newly = failedIds.filter(
      (id) =>
        !wave.has(id) &&
        [...(groups.get(id) ?? [])].some(
          ([s, list]) =>
            list.filter((d) => ever(d) && wave.has(d.from) && wave.get(d.from)! <= w).length >=
            need(id, s),
        ),
    );
    if (newly.length === 0) break;
    for (const id of newly) wave.set(id, w + 1);
  }

  const failed = failedIds.map((id): RecFailure => {
    const intervals = down.get(id)!;
    const hours = intervals[0]![0];
    const failure: RecFailure = {
      id,
      wave: wave.get(id)!,
      hours,
      reason: reason.get(id)!,
      down: [],
      restored: null,
    };
    if (failure.reason === 'cascade') {
      const options = [...groups.get(id)!]
        .map(([s, list]) => {
          const now = list.filter((d) => contains(unavailable(down, d), hours));
          const waves = list
            .filter(ever)
            .map((d) => wave.get(d.from)! + 1)
            .sort((a, b) => a - b);
          return { s, now, w: waves[need(id, s) - 1] ?? Infinity, lost: now.length >= need(id, s) };
        })
        .filter((o) => o.lost)
        .sort((a, b) => a.w - b.w || byText(a.s, b.s));
      const chosen = options[0]!;
      failure.service = chosen.s;
      const since = (d: RecDependency) =>
        unavailable(down, d).find(([a, b]) => a <= hours && hours < b)![0];
      const best = [...chosen.now].sort(
        (a, b) =>
          since(b) - since(a) || wave.get(b.from)! - wave.get(a.from)! || byText(a.from, b.from),
      )[0]!;
      failure.trigger = best.from;
    }
    failure.down = intervals.map(([a, b]) => [a, Number.isFinite(b) ? b : null]);
    const last = intervals.at(-1)![1];
    failure.restored = Number.isFinite(last) ? last : null;
    return failure;
  });
  failed.sort((a, b) => a.wave - b.wave || a.hours - b.hours || byText(a.id, b.id));

  const times = [...new Set(failedIds.flatMap((id) => down.get(id)!.flat()))]
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const timeline = times.map((t) => {
    const now = failedIds.filter((id) => contains(down.get(id)!, t));
    const sums = new Map<string, number>();
    for (const id of now)
      sums.set(fac(id).sector, (sums.get(fac(id).sector) ?? 0) + fac(id).population);
    return { hours: t, down: now.length, people: Math.max(0, ...sums.values()) };
  });
  const restoredBy = failed.some((f) => f.restored === null)
    ? null
    : Math.max(...failed.map((f) => f.restored!));
  return { pulse: false, failed, restoredBy, timeline };
}
