/**
 * Excel workbooks (.xlsx) as tables: each sheet holding a table is one layer
 * (`inventory.xlsx/Facilities`), read like the same sheet saved as CSV (table.ts), with rows
 * numbered as Excel shows them. Formulas give the value Excel saved with them (a formula saved
 * without one, as some generators write, is an empty cell; so is an error value like #N/A). An old binary
 * .xls workbook, another office document or a damaged archive is refused with a plain message;
 * the archive's claimed and actual unpacked sizes are checked first (zip-check.ts), so a bomb
 * is refused before read-excel-file allocates for it.
 */
import { MAX_LOAD_BYTES, megabytes } from '../load-limits.ts';
import { inflateZip, zipEntries, ZipProblem } from '../zip-check.ts';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import { isZipHead, officeDocumentMessage, ownBuffer, zipEntryNames } from './shapefile.ts';
import { tableToRecords, type TableCell, type TableRow } from './table.ts';

/** The OLE2 compound file signature of Excel 97-2003 .xls (and .doc, .ppt, .msg) files. */
export function isOleHead(head: Uint8Array): boolean {
  return head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
}

const OTHER_OLE = /\.(doc|dot|ppt|pps|pot|msg|msi|vsd|pub|mpp)$/i;

/**
 * Whether a zip's first entry (in the head) is an Office Open XML part: Excel, LibreOffice and
 * GDAL write `[Content_Types].xml`, `_rels/` or `docProps/` first.
 */
function isOfficeZipHead(head: Uint8Array): boolean {
  if (!isZipHead(head) || head.byteLength < 30) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const length = Math.min(view.getUint16(26, true), head.byteLength - 30);
  const first = new TextDecoder().decode(head.subarray(30, 30 + length));
  return /^(\[Content_Types\]\.xml|_rels\/|docProps\/|xl\/)/.test(first);
}

/** Sheets whose header is taken to be their first row of two or more cells, past title rows. */
const MAX_TITLE_ROWS = 5;

/** .xlsx workbooks (by name or by their first zip entry), and .xls ones to refuse plainly. */
export const xlsxReader: BinaryReader = {
  name: 'xlsx',
  accepts: (name, head) =>
    /\.xls[xm]$/i.test(name) || isOfficeZipHead(head) || (isOleHead(head) && !OTHER_OLE.test(name)),
  read: readXlsx,
};

function refuse(file: string, code: string, message: string): never {
  throw new Refusal(file, code, message);
}

/** The layers of an .xlsx workbook, one per sheet that holds a table. */
export async function readXlsx(name: string, bytes: Uint8Array): Promise<ReaderLayer[]> {
  if (isOleHead(bytes)) {
    refuse(name, 'unsupported-format', 'an Excel 97-2003 .xls workbook: save it as .xlsx or CSV');
  }
  if (!isZipHead(bytes)) {
    refuse(
      name,
      'unsupported-format',
      'not an Excel workbook: an .xlsx file is a zip archive and this one does not start like one (a CSV or text file renamed .xlsx?): save it again as .xlsx or CSV',
    );
  }
  const buffer = ownBuffer(bytes);
  const names = zipEntryNames(buffer);
  try {
    // the table of contents and every entry inside the file (a cut-off download is not)
    zipEntries(buffer);
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    refuse(
      name,
      'invalid-xlsx',
      names?.length
        ? error.message.replace('zip archive', '.xlsx workbook')
        : 'a damaged or truncated .xlsx workbook (its table of contents at the end is missing): save or download it again',
    );
  }
  if (names === null) refuse(name, 'invalid-xlsx', 'a damaged .xlsx workbook');
  if (!names.includes('xl/workbook.xml')) {
    if (names.includes('xl/workbook.bin')) {
      refuse(
        name,
        'unsupported-format',
        'an Excel binary workbook (.xlsb): save it as .xlsx or CSV',
      );
    }
    refuse(
      name,
      'unsupported-format',
      officeDocumentMessage(names) ??
        'not an Excel workbook: the zip archive has no xl/workbook.xml: save it again as .xlsx or CSV',
    );
  }
  await checkSizes(name, buffer);

  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: TableCell[][] }[];
  try {
    sheets = (await readXlsxFile(buffer)) as { sheet: string; data: TableCell[][] }[];
  } catch (error) {
    refuse(name, 'invalid-xlsx', libraryMessage(error));
  }

  const layers: ReaderLayer[] = [];
  const skipped: string[] = [];
  for (const { sheet, data } of sheets) {
    const layer = sheetLayer(`${name}/${sheet}`, sheet, data);
    if (layer === 'empty') continue;
    if (layer === 'no-table') skipped.push(sheet);
    else layers.push(layer);
  }
  if (layers.length === 0) {
    refuse(
      name,
      'empty-file',
      skipped.length === 0
        ? 'the workbook has no sheet with data'
        : `no sheet of the workbook holds a table (a header row of column names with rows below): ${skipped.map((s) => `"${s}"`).join(', ')} hold a single column`,
    );
  }
  if (skipped.length > 0) {
    layers[0]!.notes = [
      ...(layers[0]!.notes ?? []),
      ...skipped.map(
        (s) => `the sheet "${s}" was skipped: it holds no table (a single column of cells)`,
      ),
    ];
  }
  return layers;
}

/**
 * The central directory's claimed sizes (read-excel-file allocates what they claim) and the
 * bytes the entries really inflate to, both within MAX_LOAD_BYTES.
 */
async function checkSizes(name: string, buffer: ArrayBuffer): Promise<void> {
  const tooLarge = (what: string) =>
    refuse(
      name,
      'too-large',
      `the workbook ${what} more than ${megabytes(MAX_LOAD_BYTES)}, over what a browser tab can load safely (a zip bomb, or save the sheets as CSV files)`,
    );
  try {
    if (claimedSize(buffer) > MAX_LOAD_BYTES) tooLarge('claims to unpack to');
    await inflateZip(buffer, MAX_LOAD_BYTES);
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    if (error.code === 'too-large') tooLarge('unpacks to');
    refuse(name, 'invalid-xlsx', error.message.replace('zip archive', '.xlsx workbook'));
  }
}

/**
 * The sum of the uncompressed sizes the central directory claims (zipEntries checked its
 * layout); Infinity for a Zip64 archive, whose sizes are elsewhere.
 */
function claimedSize(buffer: ArrayBuffer): number {
  const view = new DataView(buffer);
  let end = -1;
  for (let i = buffer.byteLength - 22; i >= Math.max(0, buffer.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end >= 20 && view.getUint32(end - 20, true) === 0x07064b50) return Infinity;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  for (let k = 0; k < count; k++) {
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return Infinity;
    total += size;
    const nameLength = view.getUint16(at + 28, true);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** read-excel-file's errors in plain words. */
function libraryMessage(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  const code = (error as { code?: unknown })?.code;
  if (code === 'INVALID_ZIP' || code === 'FILE_NOT_SUPPORTED' || code === 'NO_DATA') {
    return 'a damaged or truncated .xlsx workbook (its zip archive cannot be unpacked): save or download it again';
  }
  const cell = /<c\/> at row (\d+), col (\d+): (\w+)/.exec(text);
  if (cell) {
    const [, row, column, why = ''] = cell;
    return why === 'VALUE_MISSING'
      ? `the cell at row ${row}, column ${column} has a formula but no saved result (the program that wrote the file did not calculate it): open and save the workbook in Excel or LibreOffice, or export the sheet as CSV`
      : `the cell at row ${row}, column ${column} cannot be read (${why.toLowerCase().replace('_', ' ')}): the workbook is damaged; save it again as .xlsx or CSV`;
  }
  return `cannot read this .xlsx workbook (${text.slice(0, 200)}): save it again as .xlsx or CSV`;
}

function filled(cell: TableCell): boolean {
  return cell !== null && cell !== undefined && (typeof cell !== 'string' || cell.trim() !== '');
}

/**
 * One sheet as a layer; 'empty' for a sheet without data, 'no-table' for one whose cells are a
 * single column (notes, a cover page). Rows are numbered as Excel shows them: read-excel-file
 * keeps the empty rows above the first one with data.
 */
function sheetLayer(
  file: string,
  sheet: string,
  data: TableCell[][],
): ReaderLayer | 'empty' | 'no-table' {
  const rows: TableRow[] = [];
  data.forEach((cells, i) => {
    if (cells.some(filled)) rows.push({ index: i + 1, cells });
  });
  if (rows.length === 0) return 'empty';
  const width = (row: TableRow) => row.cells.filter(filled).length;
  let at = rows.findIndex((row) => width(row) >= 2);
  if (at < 0) return 'no-table';
  const notes: string[] = [];
  if (at > MAX_TITLE_ROWS) at = 0;
  else if (at > 0) {
    notes.push(
      `${at === 1 ? `row ${rows[0]!.index} was` : `rows ${rows[0]!.index}-${rows[at - 1]!.index} were`} read as a title above the table; its header is row ${rows[at]!.index}`,
    );
  }
  const header = rows[at]!;
  if (!header.cells.some((c) => typeof c === 'string' && c.trim() !== '')) {
    throw new Refusal(
      file,
      'invalid-xlsx',
      `the sheet "${sheet}" has no header row: its first row (row ${header.index}) holds values, not column names; add a row of column names (id, name, lat, lon...) above the data`,
    );
  }
  const read = tableToRecords(file, header, rows.slice(at + 1), 'sheet');
  if (!read.ok) throw new Refusal(file, read.code, read.message);
  return { name: file, read, notes, code: 'xlsx' };
}
