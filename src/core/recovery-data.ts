/**
 * Recovery data of an inventory (docs/format.md §5): `repair_hours` (a number > 0: hours of work to
 * repair an initial failure; missing: not repaired within the scenario) and `restart_hours`
 * (a number >= 0, default 0: hours to come back up once services return or a repair ends).
 * Text holding such a number counts (CSV values are text). Unusable values are reported at
 * load (`invalid-repair-hours`: not repaired; `invalid-restart-hours`: 0 used) and the
 * facility still loads.
 */
import { MAX_DELAY_HOURS } from './dependency-resolve.ts';
import { describe, entry } from './report.ts';
import type { Facility, Inventory, ReportEntry } from './types.ts';

/**
 * The longest repair or restart taken as given, as for delays (dependencies.ts): longer ones
 * are read as this, so that sums along a crew's queue and a chain stay finite (1e308 + 1e308
 * is Infinity, which would print as "never comes back").
 */
export const MAX_RECOVERY_HOURS = MAX_DELAY_HOURS;

/** Per facility, by index: repair hours (NaN: not repaired) and restart hours (0 default). */
export interface RecoveryData {
  repairHours: Float64Array;
  restartHours: Float64Array;
  /** True when some facility gives `repair_hours` or `restart_hours` (usable or not). */
  present: boolean;
}

const given = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');

/** A number of hours from a property value: a finite number, or text holding one; else NaN. */
export function readHours(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const t = value.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(t)) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

function capWarning(f: Facility, key: string, value: unknown, warnings: ReportEntry[]): void {
  if (!(readHours(value) > MAX_RECOVERY_HOURS)) return;
  const cap = MAX_RECOVERY_HOURS.toLocaleString('en-US');
  warnings.push(
    entry(
      f.source,
      f.id,
      `${key.replace('_', '-')}-capped`,
      `${key} ${describe(value)} is more than ${cap} hours (about 114,000 years); read as ${cap} so that recovery hours stay finite`,
    ),
  );
}

/** Reports unusable `repair_hours` and `restart_hours` values (the facility still loads). */
export function checkRecoveryProperties(
  facilities: readonly Facility[],
  warnings: ReportEntry[],
): void {
  for (const f of facilities) {
    const repair = f.properties.repair_hours;
    if (given(repair) && !(readHours(repair) > 0)) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'invalid-repair-hours',
          `repair_hours must be a number of hours > 0, got ${describe(repair)}; not repaired within a scenario`,
        ),
      );
    }
    const restart = f.properties.restart_hours;
    if (given(restart) && !(readHours(restart) >= 0)) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'invalid-restart-hours',
          `restart_hours must be a number of hours >= 0, got ${describe(restart)}; using 0`,
        ),
      );
    }
    if (given(repair)) capWarning(f, 'repair_hours', repair, warnings);
    if (given(restart)) capWarning(f, 'restart_hours', restart, warnings);
  }
}

const cache = new WeakMap<readonly Facility[], RecoveryData>();

/**
 * The recovery data of an inventory, read once (an inventory is replaced, never mutated).
 * @example recoveryData(inventory).repairHours[i] // 10, or NaN when not repaired
 */
export function recoveryData(inventory: Pick<Inventory, 'facilities'>): RecoveryData {
  let data = cache.get(inventory.facilities);
  if (data) return data;
  const fs = inventory.facilities;
  const repairHours = new Float64Array(fs.length).fill(NaN);
  const restartHours = new Float64Array(fs.length);
  let present = false;
  for (let i = 0; i < fs.length; i++) {
    const p = fs[i]!.properties;
    const repair = p.repair_hours;
    const restart = p.restart_hours;
    if (repair === undefined && restart === undefined) continue;
    if (given(repair)) {
      present = true;
      const h = readHours(repair);
      if (h > 0) repairHours[i] = Math.min(h, MAX_RECOVERY_HOURS);
    }
    if (given(restart)) {
      present = true;
      const h = readHours(restart);
      if (h >= 0) restartHours[i] = Math.min(h, MAX_RECOVERY_HOURS);
    }
  }
  data = { repairHours, restartHours, present };
  cache.set(inventory.facilities, data);
  return data;
}
