/**
 * What the app checks before the keeping code (keeping.svelte.ts, kept.ts, idb-keyval) is
 * loaded: whether anything may be kept in this browser, and whether anything was done on the
 * open inventory. A visit with nothing kept and nothing done never fetches that code nor opens
 * IndexedDB (docs/security.md, "Stored in the browser").
 */
import type { AppState } from './app-state.svelte.ts';

/** localStorage: "off" when the user turned keeping off. */
export const KEEP_SETTING = 'ripplemap.keep';
/** localStorage: "1" once anything was kept (so a visit without it skips IndexedDB). */
export const KEPT_HINT = 'ripplemap.kept';

/**
 * localStorage: "1" while a kept inventory is being opened again. Still there at the next
 * visit, that opening never finished (the tab ran out of memory, or was closed): it is not
 * tried again by itself, so a file too large for the tab cannot crash every visit.
 */
export const RESTORING = 'ripplemap.restoring';

export type HintStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Whether something may be kept: localStorage says so since it was written (without storage,
 * as in tests, always). Only "Forget" and turning keeping off clear it; a stale hint costs one
 * look into an empty store.
 */
export function mayHaveKept(storage: HintStorage | null): boolean {
  return storage?.getItem(KEPT_HINT) !== null;
}

/** Whether nothing was done on the inventory since it was opened (the map view aside). */
export function untouched(app: AppState): boolean {
  return (
    app.scenario.compromised.length === 0 &&
    app.scenario.protected.length === 0 &&
    app.scenario.radiusKm === 0 &&
    app.title === '' &&
    app.notes === '' &&
    app.marking === '' &&
    app.recovery.crews === null &&
    app.recovery.repairOrder === null &&
    app.hiddenSectors.length === 0 &&
    app.hiddenCountries.length === 0 &&
    !app.crossBorderOnly &&
    app.showArcs &&
    app.colorBy === 'sector'
  );
}
