/**
 * FlatGeobuf files (.fgb) as one GeoJSON layer, with the flatgeobuf library; coordinates in
 * another coordinate system than WGS 84 are reprojected with proj4 (crs.ts-like table below,
 * else the header's WKT). Pure (no DOM): read the same in the load worker and the CLI.
 *
 * The file's structure is checked here before the library reads it, because the library
 * trusts its header: a cut-off file, an index or feature that runs past the end, or a header
 * claiming more features than the file can hold get a plain message (and an empty file with an
 * index, which makes the library's index-size loop spin forever, is refused first).
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { CrsMeta } from 'flatgeobuf/lib/mjs/crs-meta.js';
import type { Geometry as FgbGeometry } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import { knownCrs, mapPositions } from '../crs.ts';
import { GEOMETRY_TYPES } from '../formats.ts';

const MAGIC = [0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62];
/** The magic bytes (8) and the header's length (4). */
const PREAMBLE = 12;
/** Bytes of one node of the packed R-tree index. */
const NODE_BYTES = 40;
/** GeometryCollections nested deeper than this are not read (the library recurses on them). */
const MAX_PART_DEPTH = 16;

/** Whether the first bytes are a FlatGeobuf file's ("fgb", version 3, "fgb"). */
export function isFlatGeobufHead(head: Uint8Array): boolean {
  return MAGIC.every((b, i) => head[i] === b);
}

/** FlatGeobuf files, by name (.fgb) or by their magic bytes. */
export const flatgeobufReader: BinaryReader = {
  name: 'flatgeobuf',
  accepts: (name, head) => /\.fgb$/i.test(name) || isFlatGeobufHead(head),
  read: readFlatGeobuf,
};

/** One FlatGeobuf file as one layer, in WGS 84. Throws a Refusal. */
export async function readFlatGeobuf(name: string, bytes: Uint8Array): Promise<ReaderLayer[]> {
  const refuse = (code: string, message: string) => new Refusal(name, code, message);
  const damaged = (why: string) =>
    refuse('invalid-flatgeobuf', `a damaged FlatGeobuf file (${why}): download or export it again`);
  if (!(bytes[0] === 0x66 && bytes[1] === 0x67 && bytes[2] === 0x62)) {
    throw refuse(
      'invalid-flatgeobuf',
      'not a FlatGeobuf file: it does not start with the FlatGeobuf signature ("fgb")',
    );
  }
  if (bytes.byteLength < PREAMBLE) throw damaged('it is cut off before its header');
  if (bytes[3] !== 3) {
    throw refuse(
      'invalid-flatgeobuf',
      `a FlatGeobuf file of version ${bytes[3]}, where RippleMap reads version 3 (what GDAL 3.1 and later write): export it again`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const featuresStart = PREAMBLE + headerLength;
  if (featuresStart > bytes.byteLength) {
    throw damaged('it is cut off in its header');
  }

  const [{ deserialize }, { fromGeometry }, { parseProperties }] = await Promise.all([
    import('flatgeobuf/lib/mjs/generic/featurecollection.js'),
    import('flatgeobuf/lib/mjs/geojson/geometry.js'),
    import('flatgeobuf/lib/mjs/generic/feature.js'),
  ]);
  let crs: CrsChoice = { kind: 'wgs84' };
  const features: Feature<Geometry | null>[] = [];
  let unreadable = 0;
  /** Called by the library once it has read the header, before the first feature. */
  const checkHeader = (meta: HeaderMeta) => {
    crs = crsOf(meta.crs);
    // Refused before any feature is read.
    if (crs.kind === 'unknown') throw refuse('unsupported-crs', cannotConvert(crs.label, name));
    const { featuresCount, indexNodeSize } = meta;
    if (!Number.isFinite(featuresCount) || featuresCount < 0)
      throw damaged('its header is unreadable');
    let at = featuresStart;
    if (indexNodeSize > 0) {
      // An index over no features: the library's tree-size loop would never end.
      if (featuresCount === 0) throw refuse('no-features', 'a FlatGeobuf file with no features');
      const treeBytes = indexBytes(featuresCount, indexNodeSize);
      if (at + treeBytes > bytes.byteLength) {
        throw damaged(
          `its header says it holds ${featuresCount.toLocaleString('en-US')} features, more than a file of ${bytes.byteLength.toLocaleString('en-US')} bytes can`,
        );
      }
      at += treeBytes;
    }
    // Every feature is a length and that many bytes: walked here, so none runs past the end.
    let count = 0;
    while (at < bytes.byteLength) {
      if (at + 4 > bytes.byteLength) throw damaged(`it is cut off in feature ${count + 1}`);
      const length = view.getUint32(at, true);
      if (at + 4 + length > bytes.byteLength)
        throw damaged(`it is cut off in feature ${count + 1}`);
      at += 4 + length;
      count++;
    }
    if (featuresCount > 0 && count !== featuresCount) {
      throw damaged(
        `its header says it holds ${featuresCount.toLocaleString('en-US')} features, and it has ${count.toLocaleString('en-US')}`,
      );
    }
    if (count === 0) throw refuse('no-features', 'a FlatGeobuf file with no features');
  };
  try {
    const read = deserialize(bytes, {
      headerMetaFn: checkHeader,
      fromFeature: (_id, feature, meta) => {
        const geometry = feature.geometry();
        let geo: Geometry | null = null;
        if (geometry) {
          try {
            if (partDepth(geometry, meta.geometryType) > MAX_PART_DEPTH) throw new Error('nested');
            geo = fromGeometry(geometry, meta.geometryType);
            // Curves (CircularString...) come out with no coordinates.
            if (!GEOMETRY_TYPES.has(geo.type)) throw new Error('kind');
          } catch {
            unreadable++;
            geo = null;
          }
        }
        features.push({
          type: 'Feature',
          geometry: geo,
          properties: parseProperties(feature, meta.columns) as Feature['properties'],
        });
        return {};
      },
    });
    // The features are collected by fromFeature.
    while (!(await read.next()).done);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw damaged('its header or one of its features does not decode');
  }

  const notes: string[] = [];
  if (unreadable > 0) {
    notes.push(
      `${unreadable === 1 ? 'one feature has a geometry' : `${unreadable} features have geometries`} that could not be read (curves, or damaged): read without a location`,
    );
  }
  // Assigned by checkHeader (TypeScript does not follow the assignment into the callback).
  const choice = crs as CrsChoice;
  if (choice.kind === 'projected') {
    const { default: proj4 } = await import('proj4');
    let forward: (p: number[]) => number[];
    try {
      const from = new proj4.Proj(choice.definition);
      // FlatGeobuf stores x (easting, longitude) first whatever the WKT's axis order says.
      from.axis = 'enu';
      const converter = proj4(from, proj4.WGS84);
      forward = (p) => converter.forward(p);
    } catch {
      throw refuse('unsupported-crs', cannotConvert(choice.label, name));
    }
    const move = (p: Position): Position => {
      const [x, y] = forward([p[0]!, p[1]!]);
      return p.length > 2 ? [x!, y!, ...p.slice(2)] : [x!, y!];
    };
    for (const f of features) if (f.geometry) f.geometry = mapPositions(f.geometry, move);
    notes.push(`reprojected from ${choice.label} to WGS 84 longitude/latitude`);
  }
  return [
    {
      name,
      data: { type: 'FeatureCollection', features },
      notes,
      code: 'flatgeobuf',
    },
  ];
}

function cannotConvert(label: string, name: string): string {
  return `the coordinates are in ${label}, which RippleMap cannot convert: export the file as EPSG:4326 (WGS 84 longitude/latitude), e.g. ogr2ogr -t_srs EPSG:4326 out.fgb ${name}`;
}

/** The bytes of a packed R-tree over `items` features, as the library computes them. */
function indexBytes(items: number, nodeSize: number): number {
  const size = Math.min(Math.max(nodeSize, 2), 65535);
  let n = items;
  let nodes = n;
  do {
    n = Math.ceil(n / size);
    nodes += n;
  } while (n > 1);
  return nodes * NODE_BYTES;
}

/** How deep GeometryCollections nest in a geometry (1: none), walked without recursion. */
function partDepth(geometry: FgbGeometry, headerType: number): number {
  const GEOMETRY_COLLECTION = 7;
  const type = headerType === 0 ? geometry.type() : headerType;
  if (type !== GEOMETRY_COLLECTION) return 1;
  let deepest = 1;
  const stack: [FgbGeometry, number][] = [[geometry, 1]];
  while (stack.length > 0) {
    const [g, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_PART_DEPTH) return deepest;
    for (let i = 0; i < g.partsLength(); i++) {
      const part = g.parts(i);
      if (part && part.type() === GEOMETRY_COLLECTION) stack.push([part, depth + 1]);
    }
  }
  return deepest;
}

type CrsChoice =
  | { kind: 'wgs84' }
  | { kind: 'projected'; definition: string; label: string }
  | { kind: 'unknown'; label: string };

/** What to do with a header's coordinate system. */
function crsOf(crs: CrsMeta | null): CrsChoice {
  if (!crs) return { kind: 'wgs84' };
  const org = (crs.org ?? 'EPSG').toUpperCase();
  const code = crs.code ?? 0;
  if (
    /^CRS:?84$/i.test(crs.code_string ?? '') ||
    (org === 'OGC' && /84/.test(crs.code_string ?? ''))
  ) {
    return { kind: 'wgs84' };
  }
  const label =
    (code > 0 ? `${org}:${code}` : (crs.code_string ?? 'a coordinate system without a code')) +
    (crs.name ? ` (${crs.name})` : '');
  if ((org === 'EPSG' || org === 'ESRI') && code === 4326) return { kind: 'wgs84' };
  if (code === 0 && !crs.wkt) return { kind: 'wgs84' };
  const known = org === 'EPSG' || org === 'ESRI' ? knownCrs(code) : null;
  if (known) return { kind: 'projected', definition: known, label };
  if (crs.wkt && /^\s*GEOG(CS|CRS)\s*\[\s*"WGS ?84"/i.test(crs.wkt)) return { kind: 'wgs84' };
  if (crs.wkt && crs.wkt.trim() !== '') {
    // proj4 reads WKT 1 and most of WKT 2; what it cannot read is refused when it is used.
    return { kind: 'projected', definition: crs.wkt, label };
  }
  return { kind: 'unknown', label };
}
