/**
 * Parquet and GeoParquet files through the load pipeline (src/core/formats/parquet.ts): a plain
 * table with lon/lat columns and a GeoParquet file in UTM load as their CSV form does; files
 * written by pyarrow and Apache's parquet-testing files (Zstandard, gzip, Brotli) are read;
 * damaged files are refused with a plain message, and none hangs.
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetReader } from '../../../src/core/formats/parquet.ts';
import type { RawRecord } from '../../../src/core/formats.ts';
import { fixture, load, refusal, summary } from './load-helpers.ts';

const csvForm = () => [
  fixture('xlsx-planner-facilities.csv'),
  fixture('xlsx-planner-dependencies.csv'),
];

async function records(name: string): Promise<RawRecord[]> {
  const [layer] = await parquetReader.read(name, fixture(name).bytes!);
  if (!layer?.read?.ok) throw new Error('not read');
  return layer.read.records;
}

const write = (options: Parameters<typeof parquetWriteBuffer>[0]) =>
  new Uint8Array(parquetWriteBuffer(options));

describe('Parquet files', () => {
  it('a plain table with lon/lat columns (and INT64 values) loads as its CSV form', async () => {
    const fromParquet = await load([
      fixture('parquet-planner-facilities.parquet'),
      fixture('parquet-planner-dependencies.parquet'),
    ]);
    expect(summary(fromParquet)).toEqual(summary(await load(csvForm())));
    const s1 = fromParquet.facilities[0]!;
    expect(s1.properties.Population).toBe(120000); // INT64, read as a bigint
  });

  it('a GeoParquet file in UTM (PROJJSON crs) is reprojected to longitude/latitude', async () => {
    const fromGeo = summary(
      await load([
        fixture('geoparquet-planner-utm33.parquet'),
        fixture('parquet-planner-dependencies.parquet'),
      ]),
    );
    const fromCsv = summary(await load(csvForm()));
    expect(fromGeo.dependencies).toEqual(fromCsv.dependencies);
    expect(fromGeo.facilities.map(({ coordinates: _, ...f }) => f)).toEqual(
      fromCsv.facilities.map(({ coordinates: _, ...f }) => f),
    );
    fromGeo.facilities.forEach((f, k) => {
      const [lon, lat] = f.coordinates as number[];
      const [lon0, lat0] = fromCsv.facilities[k]!.coordinates as number[];
      expect(lon).toBeCloseTo(lon0!, 6);
      expect(lat).toBeCloseTo(lat0!, 6);
    });
  });

  it('reads GeoParquet written by pyarrow: points (POINT EMPTY as no geometry), polygons', async () => {
    const points = await records('geoparquet-ogc-points.parquet');
    expect(points.map((r) => r.geometry)).toEqual([
      { type: 'Point', coordinates: [30, 10] },
      null,
      null,
      { type: 'Point', coordinates: [40, 40] },
    ]);
    expect(points.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(points[0]!.properties.col).toBe(0); // INT64
    const countries = await records('geoparquet-ogc-countries.parquet');
    expect(countries).toHaveLength(5);
    expect(countries[0]!.properties).toMatchObject({
      name: 'Fiji',
      iso_a3: 'FJI',
      gdp_md_est: 5496,
    });
    expect((countries[0]!.geometry as { type: string }).type).toBe('MultiPolygon');
  });

  it('reads Zstandard, gzip and Brotli compression (Apache parquet-testing files)', async () => {
    expect(await records('parquet-testing-zstd.parquet')).toHaveLength(300);
    const gzip = await records('parquet-testing-gzip.parquet');
    expect(gzip).toHaveLength(513);
    expect(gzip[0]!.properties.long_col).toBe(1);
    const brotli = await records('parquet-testing-brotli.parquet');
    expect(brotli.map((r) => r.properties.c1)).toEqual(['abc', 'def', 'abc', 'def']);
  });

  it('numbers rows from 1 in the report', async () => {
    const bytes = write({
      columnData: [
        { name: 'id', data: ['a', 'b', 'a'], type: 'STRING' },
        { name: 'lon', data: [1, 2, 3], type: 'DOUBLE' },
        { name: 'lat', data: [4, 5, 6], type: 'DOUBLE' },
      ],
    });
    const inventory = await load([{ name: 'sites.parquet', bytes }]);
    const duplicate = inventory.errors.find((e) => e.code === 'duplicate-id')!;
    expect(duplicate).toMatchObject({ index: 3 });
    expect(duplicate.message).toContain('sites.parquet, row 1');
  });

  it('refuses bad files with a plain message', async () => {
    const good = fixture('parquet-planner-facilities.parquet').bytes!;
    const absurd = good.slice();
    new DataView(absurd.buffer).setUint32(absurd.length - 8, 0x7fffffff, true);
    const lzo = write({
      codec: 'LZO',
      compressors: { LZO: (input: Uint8Array) => input },
      columnData: [{ name: 'id', data: ['a'], type: 'STRING' }],
    });
    const empty = write({
      columnData: [
        { name: 'id', data: [], type: 'STRING' },
        { name: 'lat', data: [], type: 'DOUBLE' },
      ],
    });
    const geo = (crs: unknown) =>
      write({
        columnData: [
          { name: 'id', data: ['a'], type: 'STRING' },
          {
            name: 'geometry',
            data: [new Uint8Array([1, 1, 0, 0, 0, ...new Array(16).fill(0)])],
            type: 'BYTE_ARRAY',
          },
        ],
        kvMetadata: [
          {
            key: 'geo',
            value: JSON.stringify({
              version: '1.1.0',
              primary_column: 'geometry',
              columns: { geometry: { encoding: 'WKB', geometry_types: ['Point'], crs } },
            }),
          },
        ],
      });
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'sites.parquet',
        new TextEncoder().encode('id,lat,lon\n'),
        /^not a Parquet file: it does not start with "PAR1"/,
      ],
      ['cut.parquet', good.subarray(0, good.length - 20), /^a truncated Parquet file: its footer/],
      [
        'absurd.parquet',
        absurd,
        /its footer claims 2,147,483,647 bytes of metadata, the whole file has/,
      ],
      ['lzo.parquet', lzo, /compressed with LZO, which cannot be read here/],
      ['empty.parquet', empty, /^the Parquet file has no rows$/],
      [
        'crs.parquet',
        geo({
          type: 'ProjectedCRS',
          name: 'Made-up grid',
          id: { authority: 'EPSG', code: 999999 },
        }),
        /coordinate system EPSG:999999 \("Made-up grid"\) cannot be converted/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const result = await refusal([{ name, bytes }]).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(result.message, name).toMatch(message);
      expect(result.file).toBe(name);
    }
  });

  it('every prefix, and bytes changed anywhere, are refused or read, never hang', async () => {
    const good = fixture('geoparquet-planner-utm33.parquet').bytes!;
    for (let n = 0; n < good.length; n += 13) {
      const result = await parquetReader.read('cut.parquet', good.subarray(0, n)).catch((e) => e);
      expect(result instanceof Error ? result.constructor.name : 'ok').toMatch(/Refusal|ok/);
    }
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 300; k++) {
      const bytes = good.slice();
      for (let j = 0; j < 3; j++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const result = await parquetReader.read('fuzz.parquet', bytes).catch((e) => e);
      expect(result instanceof Error ? result.constructor.name : 'ok').toMatch(/Refusal|ok/);
    }
  });
});
