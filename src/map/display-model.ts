/**
 * The map's display model: what state each facility and dependency is drawn in, and which of
 * them the filters leave drawn. Pure functions of the inventory's compact arrays, the scenario
 * run and the playback moment, without maplibre or deck.gl (AppState derives the model with
 * them; layers.ts turns it into layers). Integer indices throughout.
 */
import type { Feature } from 'geojson';
import { REASON_CASCADE, REASON_COMPROMISED, REASON_NONE, REASON_RADIUS } from '../core/cascade.ts';
import type { ScenarioRun } from '../core/scenario.ts';
import type { Facility } from '../core/types.ts';

/** Facility display states, one byte per facility. */
export const FacilityState = {
  /** No scenario: drawn in its sector's colour. */
  Normal: 0,
  /** A scenario is run and it holds: dimmed. */
  Unaffected: 1,
  Compromised: 2,
  Radius: 3,
  Cascade: 4,
  /** Protected, and holds. */
  Protected: 5,
  /** Fails later than the playback moment. */
  Pending: 6,
} as const;

/** Dependency display states, one byte per dependency. */
export const ArcState = {
  Normal: 0,
  Dimmed: 1,
  /** Its provider has failed. */
  Lost: 2,
  /** It carried a failure: the trigger of its dependent. */
  Carried: 3,
} as const;

/** The state a failure reason is drawn in, by reason (REASON_* of the cascade). */
const FAILED_STATE: Record<number, number> = {
  [REASON_COMPROMISED]: FacilityState.Compromised,
  [REASON_RADIUS]: FacilityState.Radius,
  [REASON_CASCADE]: FacilityState.Cascade,
};

/** The playback moment: end state (null), or up to a wave or an hour. */
export type Moment = { unit: 'wave' | 'hours'; value: number } | null;

/**
 * Every facility's and dependency's display state for `run` at `moment` (all Normal without a
 * run). A facility that fails after the moment is Pending; a dependency whose provider is down
 * is Lost, and Carried when it is the link that brought its dependent down.
 * @param from each dependency's provider
 * @param edgeDependency the dependency of each graph edge slot (graph.ts)
 */
export function displayStates(
  facilities: number,
  from: Int32Array,
  edgeDependency: Int32Array,
  run: ScenarioRun | null,
  moment: Moment,
): { facilityState: Uint8Array; arcState: Uint8Array } {
  const facilityState = new Uint8Array(facilities);
  const arcState = new Uint8Array(from.length);
  if (!run) return { facilityState, arcState };
  const r = run.result;
  const failedNow = (v: number) =>
    r.reason[v] !== REASON_NONE &&
    (!moment ||
      (moment.unit === 'wave' ? r.wave[v]! <= moment.value : r.hours[v]! <= moment.value));
  for (let v = 0; v < facilities; v++) {
    if (failedNow(v)) facilityState[v] = FAILED_STATE[r.reason[v]!]!;
    else
      facilityState[v] =
        r.reason[v] !== REASON_NONE ? FacilityState.Pending : FacilityState.Unaffected;
  }
  for (const v of run.protected) {
    if (r.reason[v] === REASON_NONE) facilityState[v] = FacilityState.Protected;
  }
  for (let k = 0; k < from.length; k++) {
    arcState[k] = failedNow(from[k]!) ? ArcState.Lost : ArcState.Dimmed;
  }
  for (let v = 0; v < facilities; v++) {
    const slot = r.triggerSlot[v]!;
    if (slot >= 0 && failedNow(v)) arcState[edgeDependency[slot]!] = ArcState.Carried;
  }
  return { facilityState, arcState };
}

/** What the filters hide: sectors, countries, arcs, and arcs within one country. */
export interface Filters {
  hiddenSectors: readonly string[];
  hiddenCountries: readonly string[];
  showArcs: boolean;
  crossBorderOnly: boolean;
}

/** The inventory's drawable parts (src/state/indexed.ts), as the filters read them. */
export interface Drawable {
  facilities: readonly Facility[];
  /** Point and MultiPoint facilities, drawn as dots. */
  pointLike: Int32Array;
  /** Line and polygon facilities, `properties.i` their index. */
  shapes: Feature[];
  /** 0..dependencies-1. */
  allDependencies: Int32Array;
  from: Int32Array;
  to: Int32Array;
  crossBorder: Uint8Array;
}

/**
 * What the filters leave drawn: dots, shapes and dependencies (a dependency is drawn when both
 * its ends are). Without filters, the drawable arrays themselves (same identity).
 */
export function drawnSets(
  d: Drawable,
  filters: Filters,
): { points: Int32Array; shapes: Feature[]; arcs: Int32Array } {
  const hiddenSector = new Set(filters.hiddenSectors);
  const hiddenCountry = new Set(filters.hiddenCountries);
  const shown = (i: number) => {
    const f = d.facilities[i]!;
    return !hiddenSector.has(f.sector) && !hiddenCountry.has(f.country ?? '');
  };
  const anyFilter = hiddenSector.size > 0 || hiddenCountry.size > 0;
  let arcs: Int32Array;
  if (!filters.showArcs) arcs = new Int32Array(0);
  else if (!anyFilter && !filters.crossBorderOnly) arcs = d.allDependencies;
  else {
    const kept: number[] = [];
    for (let k = 0; k < d.from.length; k++) {
      if (filters.crossBorderOnly && d.crossBorder[k] !== 1) continue;
      if (anyFilter && !(shown(d.from[k]!) && shown(d.to[k]!))) continue;
      kept.push(k);
    }
    arcs = Int32Array.from(kept);
  }
  return {
    points: anyFilter ? d.pointLike.filter(shown) : d.pointLike,
    shapes: anyFilter ? d.shapes.filter((s) => shown((s.properties as { i: number }).i)) : d.shapes,
    arcs,
  };
}
