/**
 * Zip archives the loading worker refuses before shpjs sees them: a zip cut off before its
 * central directory (shpjs's unzip loops forever on it, found by the browser run of the
 * bad-input corpus) and an office document. A readable zip still lists its entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShapefileZip, zipEntryNames, type Refusal } from '../../src/state/load-read.ts';
import { writeZip } from '../e2e/load-helpers.ts';
import { FIXTURES } from '../helpers.ts';

const buffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    return error as Refusal;
  }
  throw new Error('expected a refusal');
}

describe('zip archives', () => {
  it('a truncated zip (the start of a spreadsheet) is refused at once, not read forever', async () => {
    const bytes = buffer(readFileSync(join(FIXTURES, 'bad', 'binary.csv')));
    expect(zipEntryNames(bytes)).toBeNull();
    const error = await refusal(readShapefileZip('binary.csv', bytes));
    expect(error.code).toBe('invalid-zip');
    expect(error.message).toMatch(/damaged or truncated zip archive/);
  });

  it('every prefix of a small zip is refused or read, never hangs', async () => {
    const zip = writeZip({ 'readme.txt': Buffer.from('no layers here') });
    for (let n = 4; n < zip.length; n++) {
      const error = await refusal(readShapefileZip('cut.zip', buffer(zip.subarray(0, n))));
      expect(error.code).toMatch(/^invalid-(zip|shapefile)$/);
    }
  });

  it('an office document in a zip is named as such', async () => {
    const zip = writeZip({
      '[Content_Types].xml': Buffer.from('<Types/>'),
      'xl/workbook.xml': Buffer.from('<x/>'),
    });
    expect(zipEntryNames(buffer(zip))).toEqual(['[Content_Types].xml', 'xl/workbook.xml']);
    const error = await refusal(readShapefileZip('inventory.zip', buffer(zip)));
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toMatch(/export the sheet as CSV/);
  });

  it('a zip with GeoJSON inside is still read', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { id: 'a' },
          geometry: { type: 'Point', coordinates: [1, 2] },
        },
      ],
    });
    const layers = await readShapefileZip(
      'sites.zip',
      buffer(writeZip({ 'sites.json': Buffer.from(geojson) })),
    );
    expect(layers).toHaveLength(1);
    expect(layers[0]!.data.features).toHaveLength(1);
  });
});
