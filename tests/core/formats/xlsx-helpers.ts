/**
 * Tiny .xlsx workbooks written by hand (SpreadsheetML in a zip, with fflate), for the cases a
 * spreadsheet program writes but GDAL does not: blank rows above the header, formulas with
 * their saved values, dates, inline strings, an empty sheet.
 */
import { zipSync, strToU8 } from 'fflate';

/** One cell as SpreadsheetML writes it inside `<c r="B2" ...>`: attributes and content. */
export type XlsxCell =
  | string
  | number
  | boolean
  | null
  | { formula: string; value?: string | number; type?: 'str' | 'n' | 'e' }
  | { date: number };

/** A sheet: rows by their Excel row number (1-based), each a list of cells from column A. */
export interface XlsxSheet {
  name: string;
  rows: Record<number, XlsxCell[]>;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function column(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  }
  return s;
}

function cellXml(ref: string, cell: XlsxCell, strings: string[]): string {
  if (cell === null) return '';
  if (typeof cell === 'string') {
    let k = strings.indexOf(cell);
    if (k < 0) k = strings.push(cell) - 1;
    return `<c r="${ref}" t="s"><v>${k}</v></c>`;
  }
  if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  if ('date' in cell) return `<c r="${ref}" s="1"><v>${cell.date}</v></c>`;
  const type = cell.type && cell.type !== 'n' ? ` t="${cell.type}"` : '';
  const value = cell.value === undefined ? '' : `<v>${escape(String(cell.value))}</v>`;
  return `<c r="${ref}"${type}><f>${escape(cell.formula)}</f>${value}</c>`;
}

/** The bytes of a workbook with these sheets. */
export function writeXlsx(sheets: XlsxSheet[]): Uint8Array {
  const strings: string[] = [];
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((sheet, k) => {
    const rows = Object.entries(sheet.rows)
      .map(([r, cells]) => {
        const xml = cells.map((c, i) => cellXml(`${column(i)}${r}`, c, strings)).join('');
        return `<row r="${r}">${xml}</row>`;
      })
      .join('');
    files[`xl/worksheets/sheet${k + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
    );
  });
  const sheetList = sheets
    .map((s, k) => `<sheet name="${escape(s.name)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`)
    .join('');
  const rels = sheets
    .map(
      (_, k) =>
        `<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`,
    )
    .join('');
  const n = sheets.length;
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetList}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${escape(s)}</t></si>`).join('')}</sst>`,
  );
  files['xl/styles.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  return zipSync(files);
}
