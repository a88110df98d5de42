/**
 * GeoPackage geometry blobs (OGC 12-128r18 §2.1.3): a "GP" header (version, flags, the SRS id,
 * an optional envelope) followed by standard WKB (wkb.ts). Read by the GeoPackage reader,
 * written by its export.
 */
import type { Geometry, Position } from 'geojson';
import { decodeWkb, encodeWkb, WkbError } from '../wkb.ts';

/** Bytes of the envelope, by the flags' envelope indicator (0: none; 5-7 are invalid). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * The geometry of a GeoPackage blob, or null for an empty one (the header's empty flag).
 * @throws WkbError with a plain message when the blob is not a GeoPackage geometry or is cut off
 */
export function decodeGpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new WkbError(
      blob.length < 2
        ? `not a GeoPackage geometry: ${blob.length} byte(s)`
        : 'not a GeoPackage geometry (it does not start with "GP")',
    );
  }
  if (blob[2] !== 0) throw new WkbError(`GeoPackage geometry version ${blob[2]! + 1} is unknown`);
  const flags = blob[3]!;
  if (flags & 0x20) {
    throw new WkbError('an extended GeoPackage geometry (a vendor extension), which is not read');
  }
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 7];
  if (envelope === undefined) {
    throw new WkbError(`the geometry header's envelope indicator ${(flags >> 1) & 7} is invalid`);
  }
  if (flags & 0x10) return null;
  const start = 8 + envelope;
  if (start >= blob.length) {
    throw new WkbError(`the geometry is cut off after its ${blob.length}-byte header`);
  }
  const geometry = decodeWkb(blob, { offset: start });
  return geometry.type === 'Point' && geometry.coordinates.length === 0 ? null : geometry;
}

/** [minX, maxX, minY, maxY] of a geometry's positions; null when it has none. */
export function envelopeOf(geometry: Geometry): [number, number, number, number] | null {
  const box = [Infinity, -Infinity, Infinity, -Infinity] as [number, number, number, number];
  const add = (p: Position) => {
    if (p.length < 2) return;
    if (p[0]! < box[0]) box[0] = p[0]!;
    if (p[0]! > box[1]) box[1] = p[0]!;
    if (p[1]! < box[2]) box[2] = p[1]!;
    if (p[1]! > box[3]) box[3] = p[1]!;
  };
  const walk = (g: Geometry): void => {
    switch (g.type) {
      case 'Point':
        return add(g.coordinates);
      case 'LineString':
      case 'MultiPoint':
        return g.coordinates.forEach(add);
      case 'Polygon':
      case 'MultiLineString':
        return g.coordinates.forEach((line) => line.forEach(add));
      case 'MultiPolygon':
        return g.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(add)));
      case 'GeometryCollection':
        return g.geometries.forEach(walk);
    }
  };
  walk(geometry);
  return box[0] <= box[1] ? box : null;
}

/**
 * A GeoPackage geometry blob (little-endian header; an envelope for all but points, as GDAL
 * writes them).
 * @param srsId the layer's srs_id (4326 for WGS 84)
 */
export function encodeGpkgGeometry(geometry: Geometry, srsId: number): Uint8Array {
  const wkb = encodeWkb(geometry);
  const box = geometry.type === 'Point' ? null : envelopeOf(geometry);
  const empty = envelopeOf(geometry) === null;
  const header = 8 + (box ? 32 : 0);
  const out = new Uint8Array(header + wkb.length);
  const view = new DataView(out.buffer);
  out[0] = 0x47;
  out[1] = 0x50;
  out[2] = 0;
  out[3] = 1 | (box ? 1 << 1 : 0) | (empty ? 0x10 : 0);
  view.setInt32(4, srsId, true);
  if (box) box.forEach((v, i) => view.setFloat64(8 + 8 * i, v, true));
  out.set(wkb, header);
  return out;
}
