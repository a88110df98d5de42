/**
 * A table (a header row and rows of cells, as a spreadsheet or a Parquet file holds them) read
 * into raw records the way csv.ts reads a CSV file: the same latitude/longitude columns become a
 * Point, the same column names become the same property keys (columnKey), the same duplicate
 * columns are skipped with a warning, and empty cells are left out. Cells keep their type
 * (numbers stay numbers), dates become ISO text.
 */
import { headerColumns } from '../csv.ts';
import { csvNumber } from '../decimal.ts';
import type { RawRecord, ReadResult } from '../formats.ts';

/** One cell as a reader hands it over (undefined: a missing cell at the end of a short row). */
export type TableCell = string | number | boolean | Date | null | undefined;

/** A row and its position: `index` is what the report shows (a spreadsheet's row number). */
export interface TableRow {
  index: number;
  cells: readonly TableCell[];
}

/** A date as ISO text: the day alone when it has no time of day ("2024-03-01"). */
export function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A cell as a property value; undefined when the cell is empty. */
function cellValue(cell: TableCell): string | number | boolean | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return isoDate(cell) || undefined;
  if (typeof cell === 'string') {
    const t = cell.trim();
    return t === '' ? undefined : t;
  }
  return cell;
}

/** A header cell as a column name. */
function headerText(cell: TableCell): string {
  const value = cellValue(cell);
  return value === undefined ? '' : String(value);
}

/** A coordinate cell: numbers as they are, text as csvNumber reads it ("52,51" included). */
function coordinate(cell: TableCell): number | string | undefined {
  const value = cellValue(cell);
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : csvNumber(String(value));
}

/**
 * Records from a table, as readCsv makes them from the same table written as CSV.
 * @param file the layer's name, for the report
 * @param header the header row (its `index` is where the report places header warnings)
 * @param rows the rows after the header; rows whose cells are all empty are skipped
 * @param what how the report names the table in messages ("sheet", "table")
 * @example tableToRecords('sites.xlsx/Sites', { index: 1, cells: ['id', 'lat', 'lon'] }, rows)
 */
export function tableToRecords(
  file: string,
  header: TableRow,
  rows: Iterable<TableRow>,
  what = 'table',
): ReadResult {
  const names = header.cells.map(headerText);
  if (names.every((n) => n === '')) {
    return { ok: false, code: 'empty-file', message: `the ${what} has no header row` };
  }
  const { columns, latCol, lonCol, skip, warnings } = headerColumns(file, header.index, names);
  const records: RawRecord[] = [];
  for (const row of rows) {
    // As in a CSV file, a row with a value only past the header's columns is still a row.
    if (row.cells.every((cell) => cellValue(cell) === undefined)) continue;
    const properties: Record<string, unknown> = Object.create(null);
    columns.forEach((name, i) => {
      if (i === latCol || i === lonCol || name === '' || skip.has(i)) return;
      const value = cellValue(row.cells[i]);
      if (value !== undefined) properties[name] = value;
    });
    let geometry: unknown = null;
    if (latCol >= 0 && lonCol >= 0) {
      const lat = coordinate(row.cells[latCol]);
      const lon = coordinate(row.cells[lonCol]);
      if (lat !== undefined || lon !== undefined) {
        geometry = { type: 'Point', coordinates: [lon ?? '', lat ?? ''] };
      }
    }
    records.push({ index: row.index, featureId: undefined, properties, geometry });
  }
  return { ok: true, records, errors: [], warnings };
}
