/**
 * Reading a CSV source into raw records (docs/format.md §1.8): delimiter sniffing (comma,
 * semicolon, tab, pipe), decimal commas, latitude/longitude column aliases, the known columns
 * matched without regard to case. Each record's index is its 1-based physical line (the header is
 * line 1).
 */
import Papa from 'papaparse';
import { csvNumber } from './decimal.ts';
import type { RawRecord, ReadResult } from './formats.ts';
import type { ReportEntry } from './types.ts';

/** Latitude column names (lower case), as CSV files and spreadsheets write them. */
const LAT_COLUMNS = ['lat', 'latitude', 'y', 'lat_dd', 'lat_deg', 'breite', 'latitud'];
/** Longitude column names (lower case). */
const LON_COLUMNS = [
  'lon',
  'lng',
  'long',
  'longitude',
  'x',
  'lon_dd',
  'lon_deg',
  'laenge',
  'longitud',
];

/**
 * Columns the inventory reads, matched case-insensitively and with spaces or hyphens for
 * underscores ("ID", "Delay hours", "Depends-On"): spreadsheets title-case their headers.
 */
export const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'sector',
  'country',
  'depends_on',
  'min_providers',
  'from',
  'to',
  'source',
  'target',
  'provider',
  'dependent',
  'service',
  'delay_hours',
  'population_served',
  'capacity',
]);

/**
 * The delimiter whose field count varies least over the first rows (then the one giving more
 * fields). Papa's own guess counts empty lines, so a file ending in a newline can fool it.
 */
function guessDelimiter(text: string): string {
  let best = ',';
  let bestDelta = Infinity;
  let bestAverage = 0;
  for (const delimiter of [',', ';', '\t', '|']) {
    const rows = Papa.parse<string[]>(text, {
      delimiter,
      preview: 10,
      skipEmptyLines: 'greedy',
    }).data;
    if (rows.length === 0) continue;
    let delta = 0;
    let total = 0;
    rows.forEach((row, i) => {
      total += row.length;
      if (i > 0) delta += Math.abs(row.length - rows[i - 1]!.length);
    });
    const average = total / rows.length;
    if (average < 1.99) continue;
    if (delta < bestDelta || (delta === bestDelta && average > bestAverage)) {
      best = delimiter;
      bestDelta = delta;
      bestAverage = average;
    }
  }
  return best;
}

/**
 * Columns whose name repeats an earlier one (ignoring case for the columns the inventory
 * reads, so "ID" and "id"), and latitude or longitude columns after the first: the first is
 * read, the others are skipped, and the header line says so.
 */
function duplicateColumns(
  file: string,
  line: number,
  cells: string[],
  columns: string[],
  latCol: number,
  lonCol: number,
): { skip: Set<number>; warnings: ReportEntry[] } {
  const skip = new Set<number>();
  const warnings: ReportEntry[] = [];
  const firstAt = new Map<string, number>();
  const shown = (i: number) => `"${(cells[i] ?? '').trim().slice(0, 40)}" (column ${i + 1})`;
  const warn = (first: number, i: number, what: string) =>
    warnings.push({
      file,
      index: line,
      code: 'duplicate-column',
      message: `the header names ${what} twice: ${shown(first)} is read, ${shown(i)} is ignored`,
    });
  columns.forEach((name, i) => {
    if (name === '') return;
    const lower = name.toLowerCase();
    if (i !== latCol && LAT_COLUMNS.includes(lower) && latCol >= 0) {
      skip.add(i);
      warn(latCol, i, 'a latitude column');
      return;
    }
    if (i !== lonCol && LON_COLUMNS.includes(lower) && lonCol >= 0) {
      skip.add(i);
      warn(lonCol, i, 'a longitude column');
      return;
    }
    const key = KNOWN_COLUMNS.has(lower) ? lower : name;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, i);
    else {
      skip.add(i);
      warn(first, i, `"${key.slice(0, 40)}"`);
    }
  });
  return { skip, warnings };
}

/** The property key of a header cell: a known column in its canonical spelling ("Delay hours" -> delay_hours). */
function columnKey(header: string): string {
  const name = header.trim();
  const key = name.toLowerCase().replace(/[\s-]+/g, '_');
  return KNOWN_COLUMNS.has(key) ? key : name;
}

/**
 * Excel's `sep=;` first line (written by its "CSV (semicolon)" exports for other locales):
 * the delimiter it names, and the text after that line.
 */
function separatorLine(text: string): { delimiter: string; rest: string } | null {
  // Also quoted (`"sep=;"`) and padded with the delimiter (`sep=;;;;`), as tools that keep it
  // as a row of the sheet write it back.
  const m = /^("?)sep=(.)\1\2*[ \t]*(\r\n|\r|\n|$)/i.exec(text);
  if (!m) return null;
  return { delimiter: m[2]!, rest: text.slice(m[0].length) };
}

/**
 * A table's header read as readCsv reads it (CSV, sheets, Parquet tables: formats/table.ts):
 * property keys, the latitude and longitude columns, the repeated columns to skip, and the
 * header's warnings (repeated names; a latitude without a longitude or the reverse).
 * @param index where the report places the header's warnings
 */
export function headerColumns(
  file: string,
  index: number,
  names: string[],
): {
  columns: string[];
  latCol: number;
  lonCol: number;
  skip: Set<number>;
  warnings: ReportEntry[];
} {
  const columns = names.map(columnKey);
  const lower = columns.map((c) => c.toLowerCase());
  const latCol = lower.findIndex((c) => LAT_COLUMNS.includes(c));
  const lonCol = lower.findIndex((c) => LON_COLUMNS.includes(c));
  const duplicates = duplicateColumns(file, index, names, columns, latCol, lonCol);
  const warnings: ReportEntry[] = [...duplicates.warnings];
  if (latCol >= 0 !== lonCol >= 0) {
    const [has, lacks] =
      latCol >= 0
        ? [`a latitude column ("${columns[latCol]}")`, 'longitude (lon, lng, longitude, x)']
        : [`a longitude column ("${columns[lonCol]}")`, 'latitude (lat, latitude, y)'];
    warnings.push({
      file,
      index,
      code: 'csv-coordinates',
      message: `the header has ${has} but none for the ${lacks}, so no row has a location`,
    });
  }
  return { columns, latCol, lonCol, skip: duplicates.skip, warnings };
}

/** Reads CSV text (BOM already removed) into records, one per non-empty row after the header. */
export function readCsv(file: string, text: string): ReadResult {
  const rows: { line: number; cells: string[]; unclosedQuote: boolean }[] = [];
  const sep = separatorLine(text);
  const body = sep ? sep.rest : text;
  let consumed = 0;
  let line = sep ? 2 : 1;
  Papa.parse<string[]>(body, {
    skipEmptyLines: false,
    delimiter: sep?.delimiter ?? guessDelimiter(body),
    step: (result) => {
      const unclosedQuote = result.errors.some((e) => e.code === 'MissingQuotes');
      rows.push({ line, cells: result.data, unclosedQuote });
      const cursor = result.meta.cursor;
      // Lines end in \n, \r\n or (old Mac, some exports) a lone \r.
      for (let i = consumed; i < cursor; i++) {
        const c = body.charCodeAt(i);
        if (c === 10 || (c === 13 && body.charCodeAt(i + 1) !== 10)) line++;
      }
      consumed = cursor;
    },
  });
  const lastLine = line - (/(\r\n|\r|\n)$/.test(body) ? 1 : 0);
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) return { ok: false, code: 'empty-file', message: 'the CSV file has no header row' };
  const { columns, latCol, lonCol, skip, warnings } = headerColumns(
    file,
    header.line,
    header.cells,
  );
  if (columns.length < 2) {
    return {
      ok: false,
      code: 'invalid-csv',
      message: `cannot read this as CSV: the header "${header.cells.join('').slice(0, 40)}" has a single column (no comma, semicolon or tab between names)`,
    };
  }
  const errors: ReportEntry[] = [];
  const records: RawRecord[] = [];
  for (const row of nonEmpty) {
    if (row.unclosedQuote) {
      errors.push({
        file,
        index: row.line,
        code: 'csv-unclosed-quote',
        message: `a quote opened on line ${row.line} is never closed, so lines ${row.line}-${lastLine} were read as one field; the row is kept as read`,
      });
    } else if (row.cells.length !== columns.length) {
      warnings.push({
        file,
        index: row.line,
        code: 'csv-column-count',
        message: `line ${row.line} has ${row.cells.length} fields, the header has ${columns.length}`,
      });
    }
    const properties: Record<string, unknown> = Object.create(null);
    columns.forEach((name, i) => {
      if (i === latCol || i === lonCol || name === '' || skip.has(i)) return;
      const cell = row.cells[i];
      if (cell !== undefined && cell.trim() !== '') properties[name] = cell.trim();
    });
    let geometry: unknown = null;
    if (latCol >= 0 && lonCol >= 0) {
      const lat = row.cells[latCol] ?? '';
      const lon = row.cells[lonCol] ?? '';
      if (lat.trim() !== '' || lon.trim() !== '') {
        geometry = { type: 'Point', coordinates: [csvNumber(lon), csvNumber(lat)] };
      }
    }
    records.push({ index: row.line, featureId: undefined, properties, geometry });
  }
  return { ok: true, records, errors, warnings };
}
