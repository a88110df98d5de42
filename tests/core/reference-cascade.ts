/**
 * A deliberately slow, obvious cascade, written straight from docs/format.md §2 for the property
 * test. No graph arrays, no queues: rounds, scans and full sorts over plain objects.
 */
import distance from '@turf/distance';

export interface RefFacility {
  id: string;
  lon: number;
  lat: number;
  minProviders: Record<string, number>;
}
export interface RefDependency {
  from: string;
  to: string;
  service: string;
  delay: number;
}
export interface RefScenario {
  compromised: string[];
  radiusKm: number;
  protected: string[];
}
export interface RefFailure {
  id: string;
  wave: number;
  hours: number;
  reason: 'compromised' | 'radius' | 'cascade';
  service?: string;
  trigger?: string;
}

/** For each dependent and service: its providers with delays, and the k it needs. */
function groupsOf(facilities: RefFacility[], deps: RefDependency[]) {
  const groups = new Map<string, Map<string, { provider: string; delay: number }[]>>();
  for (const d of deps) {
    const byService = groups.get(d.to) ?? new Map();
    groups.set(d.to, byService);
    const list = byService.get(d.service) ?? [];
    byService.set(d.service, list);
    list.push({ provider: d.from, delay: d.delay });
  }
  const need = (v: string, s: string) => {
    const n = groups.get(v)!.get(s)!.length;
    const f = facilities.find((x) => x.id === v)!;
    const k = Math.min(Math.max(1, f.minProviders[s] ?? 1), n);
    return n - k + 1;
  };
  return { groups, need };
}

export function referenceCascade(
  facilities: RefFacility[],
  deps: RefDependency[],
  scenario: RefScenario,
): RefFailure[] {
  const { groups, need } = groupsOf(facilities, deps);
  const reason = new Map<string, RefFailure['reason']>();
  for (const c of scenario.compromised) {
    const cf = facilities.find((f) => f.id === c)!;
    if (scenario.radiusKm > 0) {
      for (const f of facilities) {
        const km = distance([cf.lon, cf.lat], [f.lon, f.lat], { units: 'kilometers' });
        if (km <= scenario.radiusKm && !reason.has(f.id)) reason.set(f.id, 'radius');
      }
    }
  }
  for (const c of scenario.compromised) reason.set(c, 'compromised');

  // Waves: round by round, a facility fails in round w + 1 when some service has lost
  // enough providers by round w.
  const wave = new Map<string, number>();
  for (const id of reason.keys()) wave.set(id, 0);
  for (let w = 0; ; w++) {
    const newly: string[] = [];
    for (const f of facilities) {
      if (wave.has(f.id) || scenario.protected.includes(f.id) || !groups.has(f.id)) continue;
      for (const [s, providers] of groups.get(f.id)!) {
        const down = providers.filter((p) => wave.has(p.provider) && wave.get(p.provider)! <= w);
        if (down.length >= need(f.id, s)) {
          newly.push(f.id);
          break;
        }
      }
    }
    if (newly.length === 0) break;
    for (const id of newly) {
      wave.set(id, w + 1);
      reason.set(id, 'cascade');
    }
  }

  // Hours: repeatedly fail the facility that can fail earliest given the failures so far.
  const hours = new Map<string, number>();
  for (const [id, r] of reason) if (r !== 'cascade') hours.set(id, 0);
  const lossHours = (v: string, s: string) => {
    const arrivals = groups
      .get(v)!
      .get(s)!
      .map((p) => (hours.has(p.provider) ? hours.get(p.provider)! + p.delay : Infinity))
      .sort((a, b) => a - b);
    return arrivals[need(v, s) - 1]!;
  };
  for (;;) {
    let best: { id: string; t: number } | null = null;
    for (const [id, r] of reason) {
      if (r !== 'cascade' || hours.has(id)) continue;
      for (const s of groups.get(id)!.keys()) {
        const t = lossHours(id, s);
        if (t < Infinity && (!best || t < best.t)) best = { id, t };
      }
    }
    if (!best) break;
    hours.set(best.id, best.t);
  }

  const out: RefFailure[] = [];
  for (const [id, r] of reason) {
    const failure: RefFailure = { id, wave: wave.get(id)!, hours: hours.get(id)!, reason: r };
    if (r === 'cascade') {
      const options = [...groups.get(id)!.keys()].map((s) => {
        const providers = groups.get(id)!.get(s)!;
        const waveArrivals = providers
          .map((p) => (wave.has(p.provider) ? wave.get(p.provider)! + 1 : Infinity))
          .sort((a, b) => a - b);
        return { s, h: lossHours(id, s), w: waveArrivals[need(id, s) - 1]! };
      });
      options.sort((a, b) => a.h - b.h || a.w - b.w || (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
      const chosen = options[0]!;
      failure.service = chosen.s;
      const candidates = groups
        .get(id)!
        .get(chosen.s)!
        .filter((p) => hours.has(p.provider) && hours.get(p.provider)! + p.delay === chosen.h)
        .sort(
          (a, b) =>
            wave.get(b.provider)! - wave.get(a.provider)! ||
            (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0),
        );
      failure.trigger = candidates[0]!.provider;
    }
    out.push(failure);
  }
  out.sort(
    (a, b) => a.wave - b.wave || a.hours - b.hours || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out;
}
