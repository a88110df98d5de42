/**
 * FlatGeobuf (src/core/formats/flatgeobuf.ts): the inventory of inventory.geojson written by
 * the flatgeobuf library (WGS 84, and Web Mercator) and by GDAL (ETRS89 / UTM 32N, with a
 * spatial index) loads to the same facilities, dependencies and report, reprojected within
 * 1e-6 degrees; damaged files and lying headers are refused with a plain message, at once.
 */
import * as flatbuffers from 'flatbuffers';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { deserialize } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { describe, expect, it } from 'vitest';
import { knownCrs } from '../../../src/core/crs.ts';
import { flatgeobufReader } from '../../../src/core/formats/flatgeobuf.ts';
import {
  expectSameCoordinates,
  fixture,
  inventoryOf,
  load,
  reference,
  refusalOf,
  summary,
} from './kml-fgb-helpers.ts';

/** The header of a FlatGeobuf file, as the library reads it. */
async function headerOf(bytes: Uint8Array): Promise<HeaderMeta> {
  let header: HeaderMeta | null = null;
  const read = deserialize(bytes, {
    headerMetaFn: (h) => {
      header = h;
    },
    fromFeature: () => ({}),
  });
  await read.next();
  return header!;
}

interface CrsChange {
  org?: string;
  code?: number;
  wkt?: string;
  name?: string;
}

/**
 * `bytes` with its header rewritten (its features kept, its index dropped unless
 * `indexNodeSize` keeps one): a file whose header says what the test needs it to.
 */
async function withHeader(
  bytes: Uint8Array,
  change: { featuresCount?: number; indexNodeSize?: number; crs?: CrsChange | null },
  features?: Uint8Array,
): Promise<Uint8Array> {
  const meta = await headerOf(bytes);
  const start = 12 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const body = features ?? bytes.subarray(start + (meta.indexNodeSize > 0 ? tree(meta) : 0));
  const builder = new flatbuffers.Builder();
  const columns = Header.createColumnsVector(
    builder,
    (meta.columns ?? []).map((c) => {
      const name = builder.createString(c.name);
      Column.startColumn(builder);
      Column.addName(builder, name);
      Column.addType(builder, c.type);
      return Column.endColumn(builder);
    }),
  );
  const crs = change.crs === undefined ? meta.crs : change.crs;
  let crsOffset = 0;
  if (crs) {
    const org = crs.org ? builder.createString(crs.org) : 0;
    const wkt = crs.wkt ? builder.createString(crs.wkt) : 0;
    const name = crs.name ? builder.createString(crs.name) : 0;
    Crs.startCrs(builder);
    if (org) Crs.addOrg(builder, org);
    if (crs.code) Crs.addCode(builder, crs.code);
    if (wkt) Crs.addWkt(builder, wkt);
    if (name) Crs.addName(builder, name);
    crsOffset = Crs.endCrs(builder);
  }
  Header.startHeader(builder);
  Header.addGeometryType(builder, meta.geometryType);
  Header.addColumns(builder, columns);
  Header.addFeaturesCount(builder, BigInt(change.featuresCount ?? meta.featuresCount));
  Header.addIndexNodeSize(builder, change.indexNodeSize ?? 0);
  if (crsOffset) Header.addCrs(builder, crsOffset);
  builder.finishSizePrefixed(Header.endHeader(builder));
  const header = builder.asUint8Array();
  const out = new Uint8Array(8 + header.length + body.length);
  out.set([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);
  out.set(header, 8);
  out.set(body, 8 + header.length);
  return out;
}

function tree(meta: HeaderMeta): number {
  let n = meta.featuresCount;
  let nodes = n;
  do {
    n = Math.ceil(n / meta.indexNodeSize);
    nodes += n;
  } while (n !== 1);
  return nodes * 40;
}

describe('FlatGeobuf reads like its GeoJSON', () => {
  it('the reference has something to compare in its report', async () => {
    const expected = summary(await reference());
    expect(expected.errors).toEqual({ 'unknown-endpoint': 1 });
    expect(expected.warnings).toEqual({ 'unknown-sector': 1 });
  });

  it.each([
    ['inventory.fgb', null],
    ['inventory-3857.fgb', 'reprojected from EPSG:3857 to WGS 84 longitude/latitude'],
    [
      'gdal-25832.fgb',
      'reprojected from EPSG:25832 (ETRS89 / UTM zone 32N) to WGS 84 longitude/latitude',
    ],
  ])('%s', async (file, note) => {
    const expected = await reference();
    const actual = await inventoryOf(file, fixture(file));
    expect(summary(actual)).toEqual(summary(expected));
    expectSameCoordinates(actual, expected, 1e-6);
    const notes = actual.warnings.filter((w) => w.code === 'flatgeobuf').map((w) => w.message);
    expect(notes).toEqual(note ? [note] : []);
    // FlatGeobuf has no feature without geometry: every dependency kept its route.
    expect(actual.dependencies.routes.size).toBe(3);
  });

  it('reprojects from the WKT when the code is not one it knows', async () => {
    const gdal = fixture('gdal-25832.fgb');
    const { crs } = await headerOf(gdal);
    const bytes = await withHeader(gdal, { crs: { code: 0, wkt: crs!.wkt! } });
    const actual = await inventoryOf('wkt.fgb', bytes);
    expectSameCoordinates(actual, await reference(), 1e-6);
    expect(actual.warnings.find((w) => w.code === 'flatgeobuf')?.message).toBe(
      'reprojected from a coordinate system without a code to WGS 84 longitude/latitude',
    );
  });

  it('knows the usual codes, UTM zones included', () => {
    expect(knownCrs(25833)).toContain('+zone=33');
    expect(knownCrs(32733)).toContain('+south');
    expect(knownCrs(102100)).toBe(knownCrs(3857));
    expect(knownCrs(27700)).toContain('+towgs84=');
    expect(knownCrs(99999)).toBeNull();
  });

  it('reads a curve (which no facility can have) without a location, with a note', async () => {
    const result = await load('gdal-curve.fgb', fixture('gdal-curve.fgb'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inventory.facilities.map((f) => f.id)).toEqual(['a']);
    expect(result.inventory.errors.map((e) => e.id)).toEqual(['b']);
    expect(result.inventory.warnings.filter((w) => w.code === 'flatgeobuf')).toMatchObject([
      {
        message:
          'one feature has a geometry that could not be read (curves, or damaged): read without a location',
      },
    ]);
  });

  it('takes .fgb by name and by magic bytes', () => {
    const head = fixture('inventory.fgb').subarray(0, 512);
    expect(flatgeobufReader.accepts('x.bin', head)).toBe(true);
    expect(flatgeobufReader.accepts('x.FGB', new Uint8Array(4))).toBe(true);
    expect(flatgeobufReader.accepts('x.csv', new TextEncoder().encode('id,name'))).toBe(false);
  });
});

describe('bad FlatGeobuf files are refused with a plain message', () => {
  const refused = async (name: string, bytes: Uint8Array, message: string) => {
    const refusal = await refusalOf(name, bytes);
    expect(refusal.message).toBe(message);
  };

  it('wrong magic bytes', async () => {
    await refused(
      'sites.fgb',
      new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'),
      'not a FlatGeobuf file: it does not start with the FlatGeobuf signature ("fgb")',
    );
    const v2 = fixture('inventory.fgb').slice();
    v2[3] = 2;
    await refused(
      'old.fgb',
      v2,
      'a FlatGeobuf file of version 2, where RippleMap reads version 3 (what GDAL 3.1 and later write): export it again',
    );
  });

  it('a truncated file, cut anywhere', async () => {
    const bytes = fixture('gdal-25832.fgb');
    await refused(
      'cut.fgb',
      bytes.subarray(0, 200),
      'a damaged FlatGeobuf file (it is cut off in its header): download or export it again',
    );
    await refused(
      'cut.fgb',
      bytes.subarray(0, bytes.length - 10),
      'a damaged FlatGeobuf file (it is cut off in feature 10): download or export it again',
    );
    for (const file of ['inventory.fgb', 'gdal-25832.fgb']) {
      const whole = fixture(file);
      for (let n = 0; n < whole.length; n += 5) {
        const refusal = await refusalOf(file, whole.subarray(0, n));
        expect(refusal.code, `${file} cut at ${n}`).toMatch(/^(invalid-flatgeobuf|no-features)$/);
      }
    }
  });

  it('a header claiming absurd numbers of features', async () => {
    const bytes = fixture('inventory.fgb');
    const huge = await withHeader(bytes, { featuresCount: 1e15, indexNodeSize: 16 });
    await refused(
      'huge.fgb',
      huge,
      `a damaged FlatGeobuf file (its header says it holds 1,000,000,000,000,000 features, more than a file of ${huge.length.toLocaleString('en-US')} bytes can): download or export it again`,
    );
    await refused(
      'lying.fgb',
      await withHeader(bytes, { featuresCount: 2 ** 40 }),
      'a damaged FlatGeobuf file (its header says it holds 1,099,511,627,776 features, and it has 10): download or export it again',
    );
  });

  it('a file with no features (with an index: the library would loop forever)', async () => {
    const bytes = fixture('inventory.fgb');
    const empty = new Uint8Array(0);
    const started = Date.now();
    await refused(
      'empty.fgb',
      await withHeader(bytes, { featuresCount: 0, indexNodeSize: 16 }, empty),
      'a FlatGeobuf file with no features',
    );
    await refused(
      'empty.fgb',
      await withHeader(bytes, { featuresCount: 0 }, empty),
      'a FlatGeobuf file with no features',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a coordinate system it cannot convert', async () => {
    const bytes = fixture('inventory.fgb');
    const advice =
      'which RippleMap cannot convert: export the file as EPSG:4326 (WGS 84 longitude/latitude), e.g. ogr2ogr -t_srs EPSG:4326 out.fgb odd.fgb';
    await refused(
      'odd.fgb',
      await withHeader(bytes, { crs: { org: 'EPSG', code: 99999, name: 'Mars grid' } }),
      `the coordinates are in EPSG:99999 (Mars grid), ${advice}`,
    );
    await refused(
      'odd.fgb',
      await withHeader(bytes, { crs: { org: 'EPSG', code: 99998, wkt: 'LOCAL_CS["site grid"]' } }),
      `the coordinates are in EPSG:99998, ${advice}`,
    );
  });
});
