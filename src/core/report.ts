/**
 * Building the validation report (docs/format.md §1.9): entries with a position, an id where
 * known, a stable code and a plain message that quotes the offending value, shortened.
 */
import { jsonText } from './json-text.ts';
import type { ReportEntry, SourceRef } from './types.ts';

/** One report entry; `id` is left out when unknown. */
export function entry(
  ref: SourceRef,
  id: string | undefined,
  code: string,
  message: string,
): ReportEntry {
  return id === undefined || id === ''
    ? { file: ref.file, index: ref.index, code, message }
    : { file: ref.file, index: ref.index, id, code, message };
}

/**
 * A value as JSON, shortened for a message ("nothing" when absent). Never recurses: a value
 * nested 100,000 levels deep is shown by its first characters (json-text.ts).
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > 60)
    return JSON.stringify(value.slice(0, 57) + '...');
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  return jsonText(value, 60);
}

/**
 * Where an item sits, in words: "row 5" in a sheet of an .xlsx workbook (`book.xlsx/Sites`,
 * the row number Excel shows) or a Parquet file (1-based), "line 4" in a CSV file, "feature 3"
 * elsewhere.
 */
export function where(ref: SourceRef): string {
  if (/\.(xlsx|xlsm|parquet|geoparquet)(\/| \(\d+\)$|$)/i.test(ref.file)) return `row ${ref.index}`;
  return /\.(csv|tsv|txt)$/i.test(ref.file) ? `line ${ref.index}` : `feature ${ref.index}`;
}

/** An id in quotes for a message, shortened when very long. */
export function quote(id: string): string {
  return JSON.stringify(id.length > 60 ? `${id.slice(0, 57)}...` : id);
}

/**
 * Orders entries by file (in the order the files were given), then position; entries at the
 * same position keep the order they were found in.
 */
export function sortReport(entries: ReportEntry[], files: string[]): ReportEntry[] {
  const order = new Map<string, number>();
  files.forEach((f, i) => {
    if (!order.has(f)) order.set(f, i);
  });
  const rank = (e: ReportEntry) => order.get(e.file) ?? files.length;
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.e.index - b.e.index || a.i - b.i)
    .map((x) => x.e);
}
