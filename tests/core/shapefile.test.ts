/**
 * Zip archives the load pipeline (src/core/formats/shapefile.ts) refuses before shpjs sees them: a zip cut off before its
 * central directory (shpjs's unzip loops forever on it, found by the browser run of the
 * bad-input corpus) and an office document. A readable zip still lists its entries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readShapefileParts,
  readShapefileZip,
  zipEntryNames,
} from '../../src/core/formats/shapefile.ts';
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

/** Loose parts as the load pipeline hands them over (by extension). */
const looseParts = (files: Partial<Record<'shp' | 'dbf' | 'prj', Buffer>>) =>
  new Map(Object.entries(files).map(([ext, b]) => [ext, new Uint8Array(b)]));

/** No engine text in a refusal: what the red team saw from shpjs, parsedbf and proj4. */
const ENGINE_TEXT =
  /DataView|Offset is outside|Invalid .* length|State is|Could not|undefined|projName/;

describe('zipped and loose Shapefiles: the neighbours of issue #22', () => {
  const three = [...points, { lon: 12.1, lat: 50.2, fields: { id: 'c', sector: 'water' } }];

  it('a .shp of shape type 31 (MultiPatch): refused in words, not "Offset is outside the bounds"', async () => {
    const parts = writeShapefile(three);
    const shp = Buffer.from(parts.shp);
    shp.writeInt32LE(31, 32);
    const error = await refusal(
      readShapefileZip('sites.zip', buffer(writeZip({ 'sites.shp': shp, 'sites.dbf': parts.dbf }))),
    );
    expect(error.code).toBe('invalid-shapefile');
    expect(error.message).toBe(
      'sites.shp holds MultiPatch shapes (shape type 31), which RippleMap cannot read: export the layer as points, lines or polygons',
    );
  });

  it('a record claiming 2,000,000,000 bytes: refused with what is left, zipped and loose', async () => {
    const parts = writeShapefile(three);
    for (const words of [1_000_000_000, 0x7ffffff0]) {
      // 0x7ffffff0 words made shpjs's `len << 1` negative: "Invalid DataView length -36".
      const shp = Buffer.from(parts.shp);
      shp.writeInt32BE(words, 100 + 2 * 28 + 4);
      const zip = writeZip({ 'sites.shp': shp, 'sites.dbf': parts.dbf });
      const error = await refusal(readShapefileZip('sites.zip', buffer(zip)));
      expect(error.code).toBe('invalid-shapefile');
      expect(error.message).toBe(
        `sites.shp: record 3 claims ${(words * 2).toLocaleString('en-US')} bytes but the file has 20 left: the .shp is damaged or cut off; export it again`,
      );
      const loose = await refusal(readShapefileParts('sites.shp', looseParts({ shp })));
      expect(loose.message).toBe(error.message);
    }
  });

  it('a .shp cut off inside its last record: refused, not read short by one facility', async () => {
    const parts = writeShapefile(three);
    const shp = parts.shp.subarray(0, parts.shp.length - 5);
    const error = await refusal(readShapefileParts('sites.shp', looseParts({ shp })));
    expect(error.message).toMatch(/^sites\.shp: record 3 claims 20 bytes but the file has 15 left/);
    // Padding of fewer than 8 bytes after the last record is not a record: still read.
    const padded = Buffer.concat([parts.shp, Buffer.alloc(4)]);
    const layer = await readShapefileParts('sites.shp', looseParts({ shp: padded }));
    expect(layer.data.features).toHaveLength(3);
  });

  it('a record holding fewer bytes than its shape needs is refused', async () => {
    const parts = writeShapefile(three);
    const shp = Buffer.from(parts.shp);
    shp.writeInt32LE(8, 32); // a MultiPoint file: 20-byte point records are too short
    const error = await refusal(readShapefileParts('sites.shp', looseParts({ shp })));
    expect(error.message).toBe(
      'sites.shp: record 1 is 20 bytes long but its shape needs 40: the .shp is damaged; export it again',
    );
  });

  it('a .dbf whose records are shorter than its fields: refused, not read shifted', async () => {
    const parts = writeShapefile(three);
    const dbf = Buffer.from(parts.dbf);
    dbf.writeUInt16LE(3, 10); // fields: 1 (deletion flag) + 1 (id) + 6 (sector) = 8 bytes
    const zip = writeZip({ 'sites.shp': parts.shp, 'sites.dbf': dbf });
    const error = await refusal(readShapefileZip('sites.zip', buffer(zip)));
    expect(error.message).toBe(
      'sites.dbf: its records are 3 bytes long but its fields add up to 8, so every field would be read shifted: the table is damaged; export the Shapefile again',
    );
    const loose = await refusal(
      readShapefileParts('sites.shp', looseParts({ shp: parts.shp, dbf })),
    );
    expect(loose.message).toBe(error.message);
  });

  it.each([
    ['a truncated WKT', 'PROJCS["x",GEOGCS["'],
    [
      'an unknown projection',
      'PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Made_Up"],UNIT["metre",1]]',
    ],
  ])('a .prj with %s: a plain message, not proj4 internals', async (_what, wkt) => {
    const parts = writeShapefile(three);
    const prj = Buffer.from(wkt);
    const zip = writeZip({ 'sites.shp': parts.shp, 'sites.dbf': parts.dbf, 'sites.prj': prj });
    const error = await refusal(readShapefileZip('sites.zip', buffer(zip)));
    const start = wkt.length > 60 ? `${wkt.slice(0, 59)}…` : wkt;
    expect(error.message).toBe(
      `sites.prj: the coordinate system is not one this app can read (${start}); re-export the layer as WGS 84 (EPSG:4326)`,
    );
    // Loose, shpjs read such a .prj as none at all: metres taken for degrees.
    const loose = await refusal(
      readShapefileParts('sites.shp', looseParts({ shp: parts.shp, prj })),
    );
    expect(loose.message).toBe(error.message);
  });

  it('every byte of a .shp set to 0xff or 0x00: read, or refused in words', async () => {
    const parts = writeShapefile(three);
    for (let at = 0; at < parts.shp.length; at++) {
      for (const value of [0x00, 0xff]) {
        const shp = Buffer.from(parts.shp);
        shp[at] = value;
        const zip = writeZip({ 'sites.shp': shp, 'sites.dbf': parts.dbf });
        try {
          await readShapefileZip('sites.zip', buffer(zip));
        } catch (error) {
          expect((error as Refusal).code).toBe('invalid-shapefile');
          expect((error as Refusal).message).not.toMatch(ENGINE_TEXT);
        }
      }
    }
  });
});

describe('zipped Shapefiles from macOS', () => {
  it('AppleDouble files under __MACOSX named like the parts are skipped, as shpjs does', async () => {
    const parts = writeShapefile(points);
    const appleDouble = Buffer.concat([Buffer.from([0, 5, 0x16, 7]), Buffer.alloc(200)]);
    const zip = writeZip({
      'sites.shp': parts.shp,
      'sites.dbf': parts.dbf,
      'sites.prj': parts.prj,
      '__MACOSX/._sites.shp': appleDouble,
      '__MACOSX/._sites.dbf': appleDouble,
      '__MACOSX/._sites.prj': appleDouble,
    });
    const layers = await readShapefileZip('mac.zip', buffer(zip));
    expect(layers[0]!.data.features).toHaveLength(2);
  });
});
