/** Exports of a scenario's failed facilities, as GeoJSON and CSV (safe to open in a spreadsheet). */
import type { FailedEntry } from './scenario.ts';
import { facilityType } from './facility-type.ts';
import type { Inventory } from './types.ts';

/** The failed facilities as a FeatureCollection: their geometry, properties and failure. */
export function failedToGeoJson(inventory: Inventory, failed: FailedEntry[]): string {
  const features = failed.map((e) => {
    const f = inventory.facilities[inventory.indexById.get(e.id)!]!;
    return {
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        ...Object.fromEntries(Object.entries(f.properties)),
        id: f.id,
        name: f.name,
        sector: f.sector,
        country: f.country,
        failure_wave: e.wave,
        failure_hours: e.hours,
        failure_reason: e.reason,
        failure_service: e.service ?? null,
        failure_trigger: e.trigger ?? null,
      },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1) + '\n';
}

/** One CSV cell: quoted when needed, and formula-looking text neutralized for spreadsheets. */
export function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** The failed facilities as CSV, in the CLI's order; `type` is the original type word. */
export function failedToCsv(inventory: Inventory, failed: FailedEntry[]): string {
  const header = [
    'id',
    'name',
    'sector',
    'country',
    'wave',
    'hours',
    'reason',
    'service',
    'trigger',
    'longitude',
    'latitude',
    'type',
  ];
  const rows = failed.map((e) => {
    const f = inventory.facilities[inventory.indexById.get(e.id)!]!;
    const point = f.geometry.type === 'Point' ? f.geometry.coordinates : [null, null];
    return [
      f.id,
      f.name,
      f.sector,
      f.country ?? '',
      e.wave,
      e.hours,
      e.reason,
      e.service ?? '',
      e.trigger ?? '',
      point[0],
      point[1],
      facilityType(f) ?? '',
    ];
  });
  return toCsv(header, rows);
}
