/**
 * A loaded inventory as one GeoParquet 1.1 file, the shape of a GeoJSON FeatureCollection
 * inventory in columns: a row per facility (with its geometry) and a row per dependency (with
 * `from` and `to`, and its route or no geometry), the union of both tables' columns
 * (inventory-tables.ts) with nulls elsewhere. The geometry is the WKB column `geometry`,
 * described by the "geo" metadata (no `crs`: OGC:CRS84 longitude/latitude). Reading the file
 * back (formats/parquet.ts) gives the same inventory.
 *
 * hyparquet-writer is imported statically: this module is itself what an export imports on
 * demand, and the function is synchronous.
 */
import type { Geometry } from 'geojson';
import { geojsonToWkb, parquetWriteBuffer } from 'hyparquet-writer';
import { inventoryTables, type Cell } from './inventory-tables.ts';
import type { Inventory } from './types.ts';

type ColumnType = 'STRING' | 'DOUBLE' | 'BOOLEAN';

const ENDPOINT_COLUMNS = new Set(['from', 'to']);

/** The column's type: numbers and booleans when every given cell is one, else text. */
function columnType(cells: readonly Cell[]): ColumnType {
  let numbers = 0;
  let booleans = 0;
  let given = 0;
  for (const c of cells) {
    if (c === null) continue;
    given++;
    if (typeof c === 'number') numbers++;
    else if (typeof c === 'boolean') booleans++;
  }
  if (given > 0 && numbers === given) return 'DOUBLE';
  if (given > 0 && booleans === given) return 'BOOLEAN';
  return 'STRING';
}

/** Extends `box` ([minX, minY, maxX, maxY]) by every position of a geometry. */
function extend(box: number[], geometry: Geometry): void {
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      box[0] = Math.min(box[0]!, x!);
      box[1] = Math.min(box[1]!, y!);
      box[2] = Math.max(box[2]!, x!);
      box[3] = Math.max(box[3]!, y!);
      return;
    }
    for (const child of c) walk(child);
  };
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) extend(box, g);
  } else walk(geometry.coordinates);
}

/**
 * The inventory as the bytes of a GeoParquet 1.1 file (Snappy-compressed).
 * @example writeFile('inventory.parquet', inventoryToGeoParquet(inventory))
 */
export function inventoryToGeoParquet(inventory: Inventory): Uint8Array {
  const { facilities, dependencies } = inventoryTables(inventory);
  const names: string[] = [];
  for (const c of [...facilities.columns, ...dependencies.columns]) {
    if (!names.includes(c)) names.push(c);
  }
  let geometryColumn = 'geometry';
  while (names.includes(geometryColumn)) geometryColumn = `_${geometryColumn}`;

  const facilityAt = facilities.columns.map((c) => names.indexOf(c));
  const dependencyAt = dependencies.columns.map((c) => names.indexOf(c));
  const cells: Cell[][] = names.map(() => []);
  const fill = (rows: Cell[][], at: number[]) => {
    for (const row of rows) {
      const out: Cell[] = names.map(() => null);
      row.forEach((value, i) => (out[at[i]!] = value));
      out.forEach((value, k) => cells[k]!.push(value));
    }
  };
  fill(facilities.rows, facilityAt);
  fill(dependencies.rows, dependencyAt);

  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const types = new Set<string>();
  const wkb: (Uint8Array | null)[] = [];
  for (const g of [...facilities.geometries, ...dependencies.geometries] as (Geometry | null)[]) {
    if (!g) {
      wkb.push(null);
      continue;
    }
    types.add(g.type);
    extend(box, g);
    wkb.push(geojsonToWkb(g as Parameters<typeof geojsonToWkb>[0]));
  }

  const geo = {
    version: '1.1.0',
    primary_column: geometryColumn,
    columns: {
      [geometryColumn]: {
        encoding: 'WKB',
        geometry_types: [...types].sort(),
        ...(Number.isFinite(box[0]) ? { bbox: box } : {}),
      },
    },
  };
  const columnData = names.map((name, k) => {
    const type = columnType(cells[k]!);
    const data =
      type === 'STRING' ? cells[k]!.map((c) => (c === null ? null : String(c))) : cells[k]!;
    // The ends of the dependencies repeat the facilities' ids: a dictionary of them is smaller
    // than the text, and a reader decodes each id once (formats/parquet.ts).
    const endpoint = type === 'STRING' && ENDPOINT_COLUMNS.has(name);
    return { name, data, type, ...(endpoint ? { encoding: 'RLE_DICTIONARY' as const } : {}) };
  });
  const buffer = parquetWriteBuffer({
    columnData: [...columnData, { name: geometryColumn, data: wkb, type: 'BYTE_ARRAY' }],
    kvMetadata: [{ key: 'geo', value: JSON.stringify(geo) }],
    createdBy: 'RippleMap',
  });
  return new Uint8Array(buffer);
}
