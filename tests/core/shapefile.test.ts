/**
 * Zip archives the load pipeline (src/core/formats/shapefile.ts) refuses before shpjs sees them: a zip cut off before its
 * central directory (shpjs's unzip loops forever on it, found by the browser run of the
 * bad-input corpus) and an office document. A readable zip still lists its entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShapefileZip, zipEntryNames } from '../../src/core/formats/shapefile.ts';
import type { Refusal } from '../../src/core/readers.ts';
import { deflateRawSync } from 'node:zlib';
import { writeShapefile, writeZip } from '../e2e/load-helpers.ts';
import { inflateZip } from '../../src/core/zip-check.ts';
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

/** `writeZip`'s archive with its entries deflated (method 8), sizes as given. */
function deflatedZip(entries: Record<string, { data: Buffer; inflated?: number }>): Buffer {
  const stored = writeZip(Object.fromEntries(Object.entries(entries).map(([n, e]) => [n, e.data])));
  // Mark each entry deflated in its local header and its central directory entry.
  const out = Buffer.from(stored);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt16LE(8, i + 8);
    if (sig === 0x02014b50) out.writeUInt16LE(8, i + 10);
  }
  return out;
}

const points = [
  { lon: 13.4, lat: 52.5, fields: { id: 'a', sector: 'energy' } },
  { lon: 11.6, lat: 48.1, fields: { id: 'b', sector: 'water' } },
];

describe('zipped Shapefiles from real tools and red teams', () => {
  it('a zip bomb is refused by what it inflates to, not by its compressed size', async () => {
    const zeros = deflateRawSync(Buffer.alloc(20e6));
    expect(zeros.length).toBeLessThan(100e3);
    const bomb = buffer(deflatedZip({ 'a.shp': { data: zeros } }));
    const error = await refusal(inflateZip(bomb, 10e6));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/inflates to more than 10 MB/);
    // Under the cap it inflates and counts every byte.
    expect((await inflateZip(bomb, 30e6)).inflatedBytes).toBe(20e6);
  });

  it('garbage deflate data: a plain message, not "Failed to fetch"', async () => {
    const garbage = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256));
    const zip = buffer(deflatedZip({ 'sites.shp': { data: garbage } }));
    const error = await refusal(readShapefileZip('garbage.zip', zip));
    expect(error.code).toBe('invalid-zip');
    expect(error.message).toMatch(/"sites.shp" does not inflate: its data is corrupt/);
  });

  it('a central directory pointing past the end: a plain message, not a DataView error', async () => {
    const zip = writeZip({ 'a.shp': Buffer.from('x'), 'a.dbf': Buffer.from('y') });
    const end = zip.length - 22;
    zip.writeUInt32LE(zip.length + 1000, end + 16);
    const error = await refusal(readShapefileZip('past.zip', buffer(zip)));
    expect(error.code).toBe('invalid-zip');
    expect(error.message).toMatch(/table of contents points past the end/);
    // An entry whose local header lies past the end.
    const other = writeZip({ 'a.shp': Buffer.from('x') });
    const central = other.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    other.writeUInt32LE(other.length * 4, central + 42);
    const second = await refusal(readShapefileZip('entry.zip', buffer(other)));
    expect(second.message).toMatch(/the entry "a.shp" points past the end/);
  });

  it('a .dbf claiming more records than it holds is refused at once', async () => {
    const parts = writeShapefile(points);
    const dbf = Buffer.from(parts.dbf);
    dbf.writeUInt32LE(5_000_000, 4);
    const zip = writeZip({ 'sites.shp': parts.shp, 'sites.shx': parts.shx, 'sites.dbf': dbf });
    const error = await refusal(readShapefileZip('claims.zip', buffer(zip)));
    expect(error.code).toBe('invalid-shapefile');
    expect(error.message).toMatch(/says it holds 5,000,000 records but has room for 2/);
  });

  it('a .prj that is no coordinate system is refused with a plain message', async () => {
    const parts = writeShapefile(points);
    const zip = writeZip({
      'sites.shp': parts.shp,
      'sites.dbf': parts.dbf,
      'sites.prj': Buffer.from('<html>not found</html>'),
    });
    const error = await refusal(readShapefileZip('prj.zip', buffer(zip)));
    expect(error.code).toBe('invalid-shapefile');
    expect(error.message).toMatch(/"sites.prj" is not a coordinate system description/);
    // The real thing still reads.
    const good = writeZip({
      'sites.shp': parts.shp,
      'sites.dbf': parts.dbf,
      'sites.prj': parts.prj,
    });
    const layers = await readShapefileZip('good.zip', buffer(good));
    expect(layers[0]!.data.features).toHaveLength(2);
  });
});
