/**
 * A loaded inventory as two flat tables, the shape columnar and database exports take
 * (GeoParquet, GeoPackage): one row per facility with its geometry, one per dependency with
 * its route. Reading either export back gives the same inventory (docs/format.md §1): ids,
 * names, sectors and countries as the load normalized them, every other property as given,
 * `min_providers` and other objects as JSON text (a cell holds one value), and the dependencies
 * as rows rather than as `depends_on` lists, so none is listed twice.
 */
import type { LineString } from 'geojson';
import type { FacilityGeometry, Inventory } from './types.ts';

/** One cell: what every columnar format holds without nesting. */
export type Cell = string | number | boolean | null;

export interface Table<G> {
  /** Column names, in order; the geometry is not one of them. */
  columns: string[];
  rows: Cell[][];
  /** Row k's geometry (null: none). */
  geometries: (G | null)[];
}

export interface InventoryTables {
  facilities: Table<FacilityGeometry>;
  dependencies: Table<LineString>;
}

const FACILITY_COLUMNS = ['id', 'name', 'sector', 'country'];
const DEPENDENCY_COLUMNS = ['from', 'to', 'service', 'delay_hours'];
/** Properties the tables write from the inventory's own fields (or as rows, for depends_on). */
const FACILITY_OWN = new Set([...FACILITY_COLUMNS, 'depends_on']);
const DEPENDENCY_OWN = new Set([
  ...DEPENDENCY_COLUMNS,
  'source',
  'target',
  'provider',
  'dependent',
  'delay',
]);

/** A property value as one cell: objects and arrays as their JSON text. */
export function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return String(value);
  }
}

/** Every key of `rows`' property objects not in `own`, in first-seen order. */
function extraColumns(rows: readonly Record<string, unknown>[], own: Set<string>): string[] {
  const seen = new Set<string>();
  for (const properties of rows) {
    for (const key of Object.keys(properties)) if (!own.has(key)) seen.add(key);
  }
  return [...seen];
}

/** The inventory's facilities and dependencies as tables. */
export function inventoryTables(inventory: Inventory): InventoryTables {
  const { facilities, dependencies: deps } = inventory;
  const facilityExtra = extraColumns(
    facilities.map((f) => f.properties),
    FACILITY_OWN,
  );
  const facilityTable: Table<FacilityGeometry> = {
    columns: [...FACILITY_COLUMNS, ...facilityExtra],
    rows: facilities.map((f) => [
      f.id,
      f.name,
      f.sector,
      f.country,
      ...facilityExtra.map((key) => cellOf(f.properties[key])),
    ]),
    geometries: facilities.map((f) => f.geometry),
  };
  const dependencyExtra = extraColumns(deps.properties, DEPENDENCY_OWN);
  const dependencyRows: Cell[][] = [];
  const routes: (LineString | null)[] = [];
  for (let k = 0; k < deps.length; k++) {
    const properties = deps.properties[k]!;
    dependencyRows.push([
      facilities[deps.from[k]!]!.id,
      facilities[deps.to[k]!]!.id,
      deps.services[deps.service[k]!]!,
      deps.delayHours[k]!,
      ...dependencyExtra.map((key) => cellOf(properties[key])),
    ]);
    routes.push(deps.routes.get(k) ?? null);
  }
  return {
    facilities: facilityTable,
    dependencies: {
      columns: [...DEPENDENCY_COLUMNS, ...dependencyExtra],
      rows: dependencyRows,
      geometries: routes,
    },
  };
}
