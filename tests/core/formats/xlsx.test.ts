/**
 * .xlsx workbooks through the load pipeline (src/core/formats/xlsx.ts): a planner's workbook
 * written by GDAL loads as its CSV form does, rows are reported as Excel numbers them, and bad
 * workbooks are refused with a plain message.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xlsxReader } from '../../../src/core/formats/xlsx.ts';
import { readShapefileZip } from '../../../src/core/formats/shapefile.ts';
import { where } from '../../../src/core/report.ts';
import { expectSameInventory, fixture, FORMATS, load, refusal, summary } from './load-helpers.ts';
import { writeXlsx, type XlsxSheet } from './xlsx-helpers.ts';

const csvForm = () => [
  fixture('xlsx-planner-facilities.csv'),
  fixture('xlsx-planner-dependencies.csv'),
];
const bytes = (sheets: XlsxSheet[]) => writeXlsx(sheets);

describe('.xlsx workbooks', () => {
  it('a GDAL-written workbook with a Facilities and a Dependencies sheet loads as its CSV form', async () => {
    const fromXlsx = await load([fixture('xlsx-planner.xlsx')]);
    const fromCsv = await load(csvForm());
    expectSameInventory(fromXlsx, fromCsv);
    expect(fromXlsx.files).toEqual([
      'xlsx-planner.xlsx/Facilities',
      'xlsx-planner.xlsx/Dependencies',
    ]);
    const s = summary(fromXlsx);
    expect(s.facilities.map((f) => f.id)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(s.facilities[0]).toMatchObject({
      name: 'North Substation',
      coordinates: [13.405, 52.52],
    });
    expect(s.dependencies).toHaveLength(4);
  });

  it('is taken by name or by its first zip entry, and before the Shapefile reader', () => {
    const head = readFileSync(join(FORMATS, 'xlsx-planner.xlsx')).subarray(0, 512);
    expect(xlsxReader.accepts('book.xlsx', new Uint8Array(4))).toBe(true);
    expect(xlsxReader.accepts('download', head)).toBe(true);
    expect(xlsxReader.accepts('sites.zip', new Uint8Array([0x50, 0x4b, 3, 4]))).toBe(false);
    expect(xlsxReader.accepts('sites.csv', new TextEncoder().encode('id,lat'))).toBe(false);
  });

  it('numbers rows as Excel does, past blank rows and a title row, and reports them as rows', async () => {
    const workbook = bytes([
      {
        name: 'Sites',
        rows: {
          2: ['Facility inventory 2024'],
          4: ['id', 'name', 'lat', 'lon', 'sector'],
          5: ['a', 'Plant', 52.5, 13.4, 'energy'],
          7: ['a', 'Again', 52.6, 13.5, 'energy'],
        },
      },
    ]);
    const inventory = await load([{ name: 'book.xlsx', bytes: workbook }]);
    expect(inventory.facilities.map((f) => f.id)).toEqual(['a']);
    const duplicate = inventory.errors.find((e) => e.code === 'duplicate-id')!;
    expect(duplicate).toMatchObject({ file: 'book.xlsx/Sites', index: 7 });
    expect(duplicate.message).toContain('book.xlsx/Sites, row 5');
    expect(inventory.warnings.some((w) => /row 2 was read as a title/.test(w.message))).toBe(true);
    expect(where({ file: 'book.xlsx/Sites', index: 7 })).toBe('row 7');
    expect(where({ file: 'data.parquet', index: 3 })).toBe('row 3');
    expect(where({ file: 'sites.csv', index: 3 })).toBe('line 3');
    expect(where({ file: 'sites.geojson', index: 3 })).toBe('feature 3');
  });

  it('reads the values formulas saved, dates as ISO text, and skips a notes sheet', async () => {
    const workbook = bytes([
      { name: 'Read me', rows: { 1: ['This workbook lists our sites.'], 2: ['Ask Kim.'] } },
      { name: 'Empty', rows: {} },
      {
        name: 'Sites',
        rows: {
          1: ['id', 'name', 'Breite', 'Laenge', 'sector', 'since'],
          2: [
            { formula: '"s"&1', value: 's1', type: 'str' },
            'Mill',
            { formula: '50+0.5', value: 50.5 },
            8.25,
            'water',
            { date: 45352 },
          ],
        },
      },
    ]);
    const inventory = await load([{ name: 'book.xlsx', bytes: workbook }]);
    const [mill] = inventory.facilities;
    expect(mill).toMatchObject({ id: 's1', name: 'Mill', geometry: { coordinates: [8.25, 50.5] } });
    expect(mill!.properties.since).toBe('2024-03-01');
    expect(inventory.files).toEqual(['book.xlsx/Sites']);
    expect(inventory.warnings.map((w) => w.message)).toContain(
      'the sheet "Read me" was skipped: it holds no table (a single column of cells)',
    );
  });

  it('refuses bad workbooks with a plain message', async () => {
    const good = readFileSync(join(FORMATS, 'xlsx-planner.xlsx'));
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'old.xls',
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        /^an Excel 97-2003 \.xls workbook: save it as \.xlsx or CSV$/,
      ],
      ['cut.xlsx', good.subarray(0, good.length >> 1), /damaged or truncated \.xlsx workbook/],
      ['text.xlsx', new TextEncoder().encode('id,name\na,b\n'), /does not start like one/],
      [
        'empty.xlsx',
        bytes([{ name: 'Sheet1', rows: {} }]),
        /^the workbook has no sheet with data$/,
      ],
      [
        'noheader.xlsx',
        bytes([{ name: 'Data', rows: { 1: [1, 2, 3], 2: [4, 5, 6] } }]),
        /the sheet "Data" has no header row: its first row \(row 1\) holds values/,
      ],
      [
        'letter.docx',
        zipSync({
          '[Content_Types].xml': strToU8('<Types/>'),
          'word/document.xml': strToU8('<w/>'),
        }),
        /^a Word document \(\.docx\)/,
      ],
      [
        'binary.xlsb',
        zipSync({
          '[Content_Types].xml': strToU8('<Types/>'),
          'xl/workbook.bin': new Uint8Array(4),
        }),
        /\.xlsb\): save it as \.xlsx or CSV/,
      ],
    ];
    for (const [name, data, message] of cases) {
      const result = await refusal([{ name, bytes: data }]).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(result.message, name).toMatch(message);
      expect(result.file).toContain(name);
    }
  });

  it('every prefix of a workbook is refused or read, never hangs', async () => {
    const workbook = bytes([{ name: 'S', rows: { 1: ['id', 'lat', 'lon'], 2: ['a', 1, 2] } }]);
    for (let n = 0; n < workbook.length; n += 7) {
      const result = await refusal([{ name: 'cut.xlsx', bytes: workbook.subarray(0, n) }]).catch(
        () => null,
      );
      if (result) expect(result.code).toMatch(/^(invalid-xlsx|unsupported-format|empty-file)$/);
    }
  });

  it('a workbook claiming to unpack to gigabytes is refused before anything is allocated', async () => {
    const workbook = bytes([{ name: 'S', rows: { 1: ['id', 'x'], 2: ['a', 1] } }]);
    // Claim 2 GB for the sheet in the central directory (uncompressed size at +24).
    const forged = workbook.slice();
    const view = new DataView(forged.buffer);
    for (let at = 0; at < forged.length - 4; at++) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(at + 28, true);
      const name = new TextDecoder().decode(forged.subarray(at + 46, at + 46 + nameLength));
      if (name.startsWith('xl/worksheets/')) view.setUint32(at + 24, 2_000_000_000, true);
    }
    const result = await refusal([{ name: 'bomb.xlsx', bytes: forged }]);
    expect(result.code).toBe('too-large');
    expect(result.message).toMatch(/^the workbook claims to unpack to more than 400 MB/);
  });

  it('the Shapefile reader names an Excel workbook (when no .xlsx reader comes first)', async () => {
    const workbook = bytes([{ name: 'S', rows: { 1: ['id', 'x'] } }]);
    const error = await readShapefileZip('book.zip', workbook.slice().buffer).catch((e) => e);
    expect(error.message).toBe(
      'an Excel workbook, not a zipped Shapefile: export the sheet as CSV',
    );
  });
});
