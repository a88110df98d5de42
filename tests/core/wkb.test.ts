/**
 * WKB (src/core/wkb.ts): every geometry type in both byte orders, Z and M dropped (ISO codes
 * and PostGIS's extended flags), what encodeWkb writes read back, and damaged blobs refused
 * with a WkbError that says why, never a RangeError or a huge allocation.
 */
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { decodeWkb, encodeWkb, WkbError } from '../../src/core/wkb.ts';

/** A WKB writer for the tests, in either byte order, with any number of extra dimensions. */
class Wkb {
  readonly #bytes: number[] = [];
  constructor(
    readonly littleEndian: boolean,
    readonly extra = 0,
  ) {}
  header(type: number): this {
    this.#bytes.push(this.littleEndian ? 1 : 0);
    return this.uint32(type);
  }
  uint32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, this.littleEndian);
    this.#bytes.push(...b);
    return this;
  }
  /** A position, with `extra` further numbers (Z, M) that the reader must drop. */
  xy(x: number, y: number): this {
    for (const v of [x, y, ...Array.from({ length: this.extra }, (_, i) => 100 + i)]) {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v, this.littleEndian);
      this.#bytes.push(...b);
    }
    return this;
  }
  line(points: [number, number][]): this {
    this.uint32(points.length);
    for (const [x, y] of points) this.xy(x, y);
    return this;
  }
  get bytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

const RING: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 0],
];

/** Each type written with the given byte order, type offset (1000: Z...) and dimensions. */
function samples(le: boolean, code: (t: number) => number, extra: number) {
  const w = () => new Wkb(le, extra);
  return [
    {
      wkb: w().header(code(1)).xy(8.5, 49.1).bytes,
      geometry: { type: 'Point', coordinates: [8.5, 49.1] },
    },
    {
      wkb: w()
        .header(code(2))
        .line([
          [1, 2],
          [3, 4],
        ]).bytes,
      geometry: {
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
    },
    {
      wkb: w().header(code(3)).uint32(1).line(RING).bytes,
      geometry: { type: 'Polygon', coordinates: [RING] },
    },
    {
      wkb: w().header(code(4)).uint32(2).header(code(1)).xy(1, 2).header(code(1)).xy(3, 4).bytes,
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      },
    },
    {
      wkb: w()
        .header(code(5))
        .uint32(1)
        .header(code(2))
        .line([
          [1, 2],
          [3, 4],
        ]).bytes,
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      },
    },
    {
      wkb: w().header(code(6)).uint32(1).header(code(3)).uint32(1).line(RING).bytes,
      geometry: { type: 'MultiPolygon', coordinates: [[RING]] },
    },
    {
      wkb: w()
        .header(code(7))
        .uint32(2)
        .header(code(1))
        .xy(1, 2)
        .header(code(2))
        .line([
          [5, 6],
          [7, 8],
        ]).bytes,
      geometry: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [1, 2] },
          {
            type: 'LineString',
            coordinates: [
              [5, 6],
              [7, 8],
            ],
          },
        ],
      },
    },
  ];
}

describe('decodeWkb', () => {
  for (const [order, le] of [
    ['little-endian', true],
    ['big-endian', false],
  ] as const) {
    it(`reads every geometry type, ${order}`, () => {
      for (const { wkb, geometry } of samples(le, (t) => t, 0)) {
        expect(decodeWkb(wkb, { trailing: false })).toEqual(geometry);
      }
    });

    it(`drops Z and M (ISO 1000/2000/3000 codes), ${order}`, () => {
      for (const [offset, extra] of [
        [1000, 1],
        [2000, 1],
        [3000, 2],
      ] as const) {
        for (const { wkb, geometry } of samples(le, (t) => t + offset, extra)) {
          expect(decodeWkb(wkb, { trailing: false })).toEqual(geometry);
        }
      }
    });

    it(`drops Z and M and skips the SRID of PostGIS's extended WKB, ${order}`, () => {
      const z = 0x80000000;
      const m = 0x40000000;
      const srid = 0x20000000;
      const point = new Wkb(le, 2)
        .header((1 | z | m | srid) >>> 0)
        .uint32(4326)
        .xy(8.5, 49.1).bytes;
      expect(decodeWkb(point, { trailing: false })).toEqual({
        type: 'Point',
        coordinates: [8.5, 49.1],
      });
      for (const { wkb, geometry } of samples(le, (t) => (t | z) >>> 0, 1)) {
        expect(decodeWkb(wkb, { trailing: false })).toEqual(geometry);
      }
    });
  }

  it('reads the hex of a known point in both byte orders', () => {
    const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
    const point = { type: 'Point', coordinates: [1, 2] };
    expect(decodeWkb(hex('0101000000000000000000F03F0000000000000040'))).toEqual(point);
    expect(decodeWkb(hex('00000000013FF00000000000004000000000000000'))).toEqual(point);
  });

  it('reads an empty point (NaN coordinates) as a point without coordinates', () => {
    const empty = new Wkb(true).header(1).xy(NaN, NaN).bytes;
    expect(decodeWkb(empty)).toEqual({ type: 'Point', coordinates: [] });
  });

  it('starts at an offset, and reports trailing bytes only when asked', () => {
    const point = new Wkb(true).header(1).xy(1, 2).bytes;
    const padded = new Uint8Array(point.length + 9);
    padded.set(point, 5);
    expect(decodeWkb(padded, { offset: 5 })).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(() => decodeWkb(padded, { offset: 5, trailing: false })).toThrow(/4 byte\(s\) after/);
  });
});

describe('damaged WKB', () => {
  it('every cut-off prefix of a blob is a WkbError that says it is cut off', () => {
    for (const { wkb } of samples(true, (t) => t, 0)) {
      for (let n = 0; n < wkb.length; n++) {
        let error: unknown;
        try {
          decodeWkb(wkb.subarray(0, n));
        } catch (e) {
          error = e;
        }
        expect(error, `prefix ${n}`).toBeInstanceOf(WkbError);
        expect((error as Error).message).toMatch(/cut off|claims/);
      }
    }
  });

  it('a count larger than the blob could hold is refused before anything is allocated', () => {
    const line = new Wkb(true).header(2).uint32(0xffffffff).xy(1, 2).bytes;
    expect(() => decodeWkb(line)).toThrow(
      /claims 4,294,967,295 positions but has bytes for at most 1/,
    );
    const collection = new Wkb(false).header(7).uint32(0x7fffffff).bytes;
    expect(() => decodeWkb(collection)).toThrow(WkbError);
  });

  it('names curves, unknown codes and a bad byte-order byte', () => {
    expect(() => decodeWkb(new Wkb(true).header(8).uint32(0).bytes)).toThrow(/CircularString/);
    expect(() => decodeWkb(new Wkb(true).header(4001).bytes)).toThrow(/unknown WKB geometry type/);
    expect(() => decodeWkb(Uint8Array.from([7, 1, 0, 0, 0]))).toThrow(/byte order/);
  });

  it('a Multi* holding another type is refused', () => {
    const wkb = new Wkb(true)
      .header(4)
      .uint32(1)
      .header(2)
      .line([
        [1, 2],
        [3, 4],
      ]).bytes;
    expect(() => decodeWkb(wkb)).toThrow(/MultiPoint holds a LineString, expected a Point/);
  });

  it('collections nested deeper than 32 levels are refused, not recursed into', () => {
    const w = new Wkb(true);
    for (let i = 0; i < 40; i++) w.header(7).uint32(1);
    w.header(1).xy(1, 2);
    expect(() => decodeWkb(w.bytes)).toThrow(/nested more than 32/);
  });
});

describe('encodeWkb', () => {
  it('writes what decodeWkb reads back, for every type, a third coordinate dropped', () => {
    const geometries: Geometry[] = [
      ...samples(true, (t) => t, 0).map((s) => s.geometry as Geometry),
      { type: 'Point', coordinates: [8.5, 49.1, 120] },
      { type: 'MultiPolygon', coordinates: [[RING], [RING, RING]] },
      { type: 'GeometryCollection', geometries: [] },
    ];
    for (const geometry of geometries) {
      const back = decodeWkb(encodeWkb(geometry), { trailing: false });
      expect(back).toEqual(
        geometry.type === 'Point' ? { ...geometry, coordinates: [8.5, 49.1] } : geometry,
      );
    }
  });

  it('writes little-endian ISO WKB', () => {
    const bytes = encodeWkb({ type: 'Point', coordinates: [1, 2] });
    expect(Buffer.from(bytes).toString('hex').toUpperCase()).toBe(
      '0101000000000000000000F03F0000000000000040',
    );
  });
});
