/**
 * Well-Known Binary (OGC Simple Features, ISO 13249) to and from GeoJSON geometries, for the
 * binary formats that store geometries so (GeoPackage, GeoParquet). Reads both byte orders, the
 * ISO type codes (1001 for a Point Z, 2001 M, 3001 ZM) and the PostGIS "extended" flags (Z, M,
 * SRID); Z and M are dropped, since the inventory is two-dimensional (docs/format.md §1.2).
 * Writes 2D little-endian ISO WKB. A blob that is cut off, claims more parts than it has bytes
 * for, or nests too deep is a WkbError with a plain message, never a RangeError or a huge array.
 *
 * hyparquet ships a WKB decoder (hyparquet/src/wkb.js), but it keeps Z and M as extra
 * coordinates, reads an M as if it were a Z, knows no EWKB flags and fails on a cut-off blob
 * with DataView's "Offset is outside the bounds": hence this one.
 */
import type { Geometry, Position } from 'geojson';

/** Why a WKB blob cannot be read. */
export class WkbError extends Error {}

const TYPE_NAMES = [
  '',
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
] as const;

/** Names of the ISO types this module does not read (curves, surfaces), for messages. */
const OTHER_TYPES: Record<number, string> = {
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  13: 'Curve',
  14: 'Surface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};

/** GeometryCollections inside GeometryCollections deeper than this are refused. */
const MAX_DEPTH = 32;

/** Options of decodeWkb. */
export interface DecodeWkbOptions {
  /** Where the geometry starts in `bytes` (default 0). */
  offset?: number;
  /** Whether bytes may follow the geometry (default true); false: they are a WkbError. */
  trailing?: boolean;
}

/**
 * The GeoJSON geometry of a WKB blob, in 2D. An empty Point (NaN coordinates, as ISO writes it)
 * has `coordinates: []`.
 * @example decodeWkb(bytes) // { type: 'Point', coordinates: [8.4, 49.0] }
 * @throws WkbError when the blob is cut off, malformed or of a type GeoJSON has no word for
 */
export function decodeWkb(bytes: Uint8Array, options: DecodeWkbOptions = {}): Geometry {
  const reader = new Reader(bytes, options.offset ?? 0);
  const geometry = reader.geometry(0);
  if (options.trailing === false && reader.at !== bytes.length) {
    throw new WkbError(
      `${bytes.length - reader.at} byte(s) after the end of the ${geometry.type} (at byte ${reader.at})`,
    );
  }
  return geometry;
}

interface Header {
  type: number;
  littleEndian: boolean;
  /** Numbers per position: 2, 3 (Z or M) or 4. */
  dims: number;
}

class Reader {
  readonly #view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #need(n: number, what: string): void {
    if (this.at + n > this.bytes.length) {
      throw new WkbError(
        `the geometry is cut off: ${what} needs ${n} byte(s) at byte ${this.at}, the blob has ${this.bytes.length}`,
      );
    }
  }

  #uint32(littleEndian: boolean, what: string): number {
    this.#need(4, what);
    const value = this.#view.getUint32(this.at, littleEndian);
    this.at += 4;
    return value;
  }

  /** A count of parts, each at least `minBytes` long: no more than the bytes left can hold. */
  #count(h: Header, minBytes: number, what: string): number {
    const count = this.#uint32(h.littleEndian, `the number of ${what}`);
    const left = this.bytes.length - this.at;
    if (count * minBytes > left) {
      throw new WkbError(
        `the geometry claims ${count.toLocaleString('en-US')} ${what} but has bytes for at most ${Math.floor(left / minBytes).toLocaleString('en-US')}`,
      );
    }
    return count;
  }

  #header(): Header {
    this.#need(5, 'a geometry header');
    const order = this.bytes[this.at]!;
    if (order > 1) {
      throw new WkbError(
        `not WKB: byte ${this.at} should be 0 or 1 (the byte order), it is ${order}`,
      );
    }
    const littleEndian = order === 1;
    this.at += 1;
    const raw = this.#view.getUint32(this.at, littleEndian);
    this.at += 4;
    // PostGIS's extended WKB: flags in the high bits, an SRID after the type when flagged.
    let z = (raw & 0x80000000) !== 0;
    let m = (raw & 0x40000000) !== 0;
    if ((raw & 0x20000000) !== 0) this.#uint32(littleEndian, 'an SRID');
    const code = raw & 0x0fffffff;
    const type = code % 1000;
    const iso = Math.floor(code / 1000);
    if (iso > 3) throw new WkbError(`unknown WKB geometry type code ${code}`);
    if (iso === 1 || iso === 3) z = true;
    if (iso === 2 || iso === 3) m = true;
    if (type < 1 || type > 7) {
      const name = OTHER_TYPES[type];
      throw new WkbError(
        name
          ? `a ${name}, which GeoJSON cannot hold (convert curves to lines and polygons first)`
          : `unknown WKB geometry type code ${code}`,
      );
    }
    return { type, littleEndian, dims: 2 + (z ? 1 : 0) + (m ? 1 : 0) };
  }

  #position(h: Header): Position {
    this.#need(8 * h.dims, 'a position');
    const x = this.#view.getFloat64(this.at, h.littleEndian);
    const y = this.#view.getFloat64(this.at + 8, h.littleEndian);
    this.at += 8 * h.dims;
    return [x, y];
  }

  #positions(h: Header): Position[] {
    const count = this.#count(h, 8 * h.dims, 'positions');
    const out = new Array<Position>(count);
    for (let i = 0; i < count; i++) out[i] = this.#position(h);
    return out;
  }

  #rings(h: Header): Position[][] {
    const count = this.#count(h, 4, 'rings');
    const out = new Array<Position[]>(count);
    for (let i = 0; i < count; i++) out[i] = this.#positions(h);
    return out;
  }

  /** A member of a Multi* geometry: a header of the expected type, then its body. */
  #member(type: number, parent: Header): Header {
    const h = this.#header();
    if (h.type !== type) {
      throw new WkbError(
        `a ${TYPE_NAMES[parent.type]} holds a ${TYPE_NAMES[h.type]}, expected a ${TYPE_NAMES[type]}`,
      );
    }
    return h;
  }

  geometry(depth: number): Geometry {
    const h = this.#header();
    switch (h.type) {
      case 1: {
        const p = this.#position(h);
        return { type: 'Point', coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
      }
      case 2:
        return { type: 'LineString', coordinates: this.#positions(h) };
      case 3:
        return { type: 'Polygon', coordinates: this.#rings(h) };
      case 4: {
        const count = this.#count(h, 5 + 16, 'points');
        const points: Position[] = [];
        for (let i = 0; i < count; i++) {
          const p = this.#position(this.#member(1, h));
          if (!(Number.isNaN(p[0]) && Number.isNaN(p[1]))) points.push(p);
        }
        return { type: 'MultiPoint', coordinates: points };
      }
      case 5: {
        const count = this.#count(h, 9, 'lines');
        const lines = new Array<Position[]>(count);
        for (let i = 0; i < count; i++) lines[i] = this.#positions(this.#member(2, h));
        return { type: 'MultiLineString', coordinates: lines };
      }
      case 6: {
        const count = this.#count(h, 9, 'polygons');
        const polygons = new Array<Position[][]>(count);
        for (let i = 0; i < count; i++) polygons[i] = this.#rings(this.#member(3, h));
        return { type: 'MultiPolygon', coordinates: polygons };
      }
      default: {
        if (depth >= MAX_DEPTH) {
          throw new WkbError(`GeometryCollections nested more than ${MAX_DEPTH} deep`);
        }
        const count = this.#count(h, 9, 'geometries');
        const geometries = new Array<Geometry>(count);
        for (let i = 0; i < count; i++) geometries[i] = this.geometry(depth + 1);
        return { type: 'GeometryCollection', geometries };
      }
    }
  }
}

const TYPE_CODES: Record<Geometry['type'], number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
};

/** Bytes of a geometry's 2D little-endian WKB. */
function wkbSize(g: Geometry): number {
  switch (g.type) {
    case 'Point':
      return 21;
    case 'LineString':
      return 9 + 16 * g.coordinates.length;
    case 'Polygon':
      return 9 + g.coordinates.reduce((n, ring) => n + 4 + 16 * ring.length, 0);
    case 'MultiPoint':
      return 9 + 21 * g.coordinates.length;
    case 'MultiLineString':
      return 9 + g.coordinates.reduce((n, line) => n + 9 + 16 * line.length, 0);
    case 'MultiPolygon':
      return (
        9 +
        g.coordinates.reduce(
          (n, polygon) => n + 9 + polygon.reduce((k, ring) => k + 4 + 16 * ring.length, 0),
          0,
        )
      );
    case 'GeometryCollection':
      return 9 + g.geometries.reduce((n, member) => n + wkbSize(member), 0);
  }
}

/**
 * A geometry as 2D little-endian ISO WKB (a third coordinate, if any, is dropped). An empty
 * Point is written with NaN coordinates, as ISO says.
 * @example encodeWkb({ type: 'Point', coordinates: [8.4, 49.0] }).length // 21
 */
export function encodeWkb(geometry: Geometry): Uint8Array {
  const out = new Uint8Array(wkbSize(geometry));
  const view = new DataView(out.buffer);
  let at = 0;
  const uint32 = (n: number) => {
    view.setUint32(at, n, true);
    at += 4;
  };
  const header = (type: Geometry['type']) => {
    out[at++] = 1;
    uint32(TYPE_CODES[type]);
  };
  const position = (p: Position) => {
    view.setFloat64(at, p.length >= 2 ? p[0]! : NaN, true);
    view.setFloat64(at + 8, p.length >= 2 ? p[1]! : NaN, true);
    at += 16;
  };
  const positions = (list: Position[]) => {
    uint32(list.length);
    for (const p of list) position(p);
  };
  const rings = (list: Position[][]) => {
    uint32(list.length);
    for (const ring of list) positions(ring);
  };
  const write = (g: Geometry): void => {
    header(g.type);
    switch (g.type) {
      case 'Point':
        return position(g.coordinates);
      case 'LineString':
        return positions(g.coordinates);
      case 'Polygon':
        return rings(g.coordinates);
      case 'MultiPoint':
        uint32(g.coordinates.length);
        for (const p of g.coordinates) {
          header('Point');
          position(p);
        }
        return;
      case 'MultiLineString':
        uint32(g.coordinates.length);
        for (const line of g.coordinates) {
          header('LineString');
          positions(line);
        }
        return;
      case 'MultiPolygon':
        uint32(g.coordinates.length);
        for (const polygon of g.coordinates) {
          header('Polygon');
          rings(polygon);
        }
        return;
      case 'GeometryCollection':
        uint32(g.geometries.length);
        for (const member of g.geometries) write(member);
    }
  };
  write(geometry);
  return out;
}
