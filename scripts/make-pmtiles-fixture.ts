/**
 * Writes tests/fixtures/basemap/raster-z0-2.pmtiles, a tiny PMTiles v3 archive of raster PNG
 * tiles at zooms 0-2 (21 tiles), and vector-z0.pmtiles, one vector (MVT) tile at zoom 0, for the
 * local-PMTiles tests. Deterministic: same bytes every run.
 *
 *   npx tsx scripts/make-pmtiles-fixture.ts
 *
 * Each tile is one flat colour with a darker 2-pixel frame; at zoom 2 the colours alternate as a
 * checkerboard (sand and lilac) so a screenshot shows at once that the archive is drawn, and a
 * test can find an exact colour in the map canvas. Written from the PMTiles v3 specification
 * (header, varint directory, JSON metadata) with a minimal PNG encoder; no compression inside
 * the archive, as the spec allows.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE_PATH = join(ROOT, 'tests', 'fixtures', 'basemap', 'raster-z0-2.pmtiles');

/** Tile colours the tests look for: zoom 2 alternates A and B by (x + y) parity. */
export const TILE_COLORS = {
  z0: [150, 200, 190],
  z1: [170, 190, 220],
  z2a: [232, 201, 160],
  z2b: [201, 160, 232],
} as const;

export const FIXTURE_METADATA = {
  name: 'RippleMap test tiles',
  description: 'Flat-colour raster tiles at zooms 0-2, generated for the tests',
  version: '1',
  type: 'baselayer',
  format: 'png',
  attribution: '<a href="https://example.org/">&copy; RippleMap test tiles</a>',
};

export function tileColor(z: number, x: number, y: number): readonly number[] {
  if (z === 0) return TILE_COLORS.z0;
  if (z === 1) return TILE_COLORS.z1;
  return (x + y) % 2 === 0 ? TILE_COLORS.z2a : TILE_COLORS.z2b;
}

/** The raster archive's bytes. */
export function buildRasterPmtiles(): Uint8Array {
  const tiles: { id: number; data: Uint8Array }[] = [];
  for (let z = 0; z <= 2; z++) {
    for (let x = 0; x < 1 << z; x++) {
      for (let y = 0; y < 1 << z; y++) {
        tiles.push({ id: zxyToTileId(z, x, y), data: png(256, tileColor(z, x, y)) });
      }
    }
  }
  return archive(tiles, { tileType: 2, minZoom: 0, maxZoom: 2, metadata: FIXTURE_METADATA });
}

export const VECTOR_FIXTURE_PATH = join(ROOT, 'tests', 'fixtures', 'basemap', 'vector-z0.pmtiles');

/** Protomaps-like layer names, so the generated style draws land on sea and water on land. */
export const VECTOR_METADATA = {
  name: 'RippleMap test vector tiles',
  description: 'One MVT tile at zoom 0: land, a water rectangle, a place name',
  attribution: '&copy; RippleMap vector test tiles',
  vector_layers: [
    { id: 'earth', fields: {} },
    { id: 'water', fields: {} },
    { id: 'places', fields: { name: 'String' } },
  ],
};

/** The water rectangle (lon/lat), drawn in the style's water colour. */
export const VECTOR_WATER = { west: 0, south: 40, east: 20, north: 50 };

/** A vector archive: one MVT tile at zoom 0 (uncompressed), maplibre over-zooms it. */
export function buildVectorPmtiles(): Uint8Array {
  const rect = (w: number, s: number, e: number, n: number) => {
    const [x0, y0] = mercator(w, n);
    const [x1, y1] = mercator(e, s);
    return [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ]; // clockwise with y down: an exterior ring
  };
  const { west, south, east, north } = VECTOR_WATER;
  const tile = mvt([
    { name: 'earth', features: [{ type: 3, ring: rect(-30, 30, 50, 72) }] },
    { name: 'water', features: [{ type: 3, ring: rect(west, south, east, north) }] },
    { name: 'places', features: [{ type: 1, point: mercator(10, 45), name: 'Fixture Sea' }] },
  ]);
  return archive([{ id: zxyToTileId(0, 0, 0), data: tile }], {
    tileType: 1,
    minZoom: 0,
    maxZoom: 0,
    metadata: VECTOR_METADATA,
  });
}

const EXTENT = 4096;

function mercator(lon: number, lat: number): [number, number] {
  const x = ((lon + 180) / 360) * EXTENT;
  const r = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * EXTENT;
  return [Math.round(x), Math.round(y)];
}

interface MvtFeature {
  type: 1 | 3;
  ring?: number[][];
  point?: [number, number];
  name?: string;
}

/** A minimal Mapbox Vector Tile 2.1 encoder: polygons with one ring, points, a name tag. */
function mvt(layers: { name: string; features: MvtFeature[] }[]): Uint8Array {
  const zigzag = (n: number) => (n << 1) ^ (n >> 31);
  const command = (id: number, count: number) => (count << 3) | id;
  const out: number[] = [];
  for (const layer of layers) {
    const body: number[] = [];
    field(body, 15, 0, [2]); // version 2
    bytesField(body, 1, new TextEncoder().encode(layer.name));
    const names: string[] = [];
    for (const f of layer.features) {
      const geometry: number[] = [];
      if (f.type === 1) {
        geometry.push(command(1, 1), zigzag(f.point![0]), zigzag(f.point![1]));
      } else {
        const ring = f.ring!;
        let [cx, cy] = [0, 0];
        ring.forEach(([x, y], i) => {
          if (i === 0) geometry.push(command(1, 1));
          if (i === 1) geometry.push(command(2, ring.length - 1));
          geometry.push(zigzag(x! - cx), zigzag(y! - cy));
          [cx, cy] = [x!, y!];
        });
        geometry.push(command(7, 1));
      }
      const feature: number[] = [];
      if (f.name !== undefined) {
        names.push(f.name);
        packed(feature, 2, [0, names.length - 1]); // tags: key 0 ("name"), value index
      }
      field(feature, 3, 0, [f.type]);
      packed(feature, 4, geometry);
      bytesField(body, 2, Uint8Array.from(feature));
    }
    if (names.length) bytesField(body, 3, new TextEncoder().encode('name'));
    for (const n of names) {
      const value: number[] = [];
      bytesField(value, 1, new TextEncoder().encode(n)); // string_value
      bytesField(body, 4, Uint8Array.from(value));
    }
    field(body, 5, 0, [EXTENT]);
    bytesField(out, 3, Uint8Array.from(body));
  }
  return Uint8Array.from(out);
}

function pushVarint(out: number[], n: number) {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function field(out: number[], id: number, wire: 0, values: number[]) {
  for (const v of values) {
    pushVarint(out, (id << 3) | wire);
    pushVarint(out, v);
  }
}

function bytesField(out: number[], id: number, bytes: Uint8Array) {
  pushVarint(out, (id << 3) | 2);
  pushVarint(out, bytes.length);
  out.push(...bytes);
}

function packed(out: number[], id: number, values: number[]) {
  const body: number[] = [];
  for (const v of values) pushVarint(body, v);
  bytesField(out, id, Uint8Array.from(body));
}

/** A PMTiles v3 archive: header, root directory, JSON metadata, tile data; nothing compressed. */
function archive(
  input: { id: number; data: Uint8Array }[],
  options: { tileType: number; minZoom: number; maxZoom: number; metadata: unknown },
): Uint8Array {
  const tiles = [...input].sort((a, b) => a.id - b.id);
  const entries: { tileId: number; offset: number; length: number }[] = [];
  let offset = 0;
  for (const t of tiles) {
    entries.push({ tileId: t.id, offset, length: t.data.length });
    offset += t.data.length;
  }
  const directory = serializeDirectory(entries);
  const metadata = new TextEncoder().encode(JSON.stringify(options.metadata));
  const tileData = concat(tiles.map((t) => t.data));

  const HEADER = 127;
  const rootOffset = HEADER;
  const metadataOffset = rootOffset + directory.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileDataOffset = leafOffset;

  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode('PMTiles'), 0);
  header[7] = 3; // spec version
  const u64 = [
    rootOffset,
    directory.length,
    metadataOffset,
    metadata.length,
    leafOffset,
    0, // no leaf directories
    tileDataOffset,
    tileData.length,
    tiles.length, // addressed tiles
    entries.length, // tile entries
    tiles.length, // tile contents
  ];
  u64.forEach((v, i) => view.setBigUint64(8 + 8 * i, BigInt(v), true));
  let p = 8 + 8 * u64.length; // 96
  header[p++] = 1; // clustered
  header[p++] = 1; // internal compression: none
  header[p++] = 1; // tile compression: none
  header[p++] = options.tileType; // 1 MVT, 2 PNG
  header[p++] = options.minZoom;
  header[p++] = options.maxZoom;
  for (const deg of [-180, -85.051129, 180, 85.051129]) {
    view.setInt32(p, Math.round(deg * 1e7), true);
    p += 4;
  }
  header[p++] = 0; // center zoom
  view.setInt32(p, 0, true);
  view.setInt32(p + 4, 0, true);
  return concat([header, directory, metadata, tileData]);
}

function serializeDirectory(entries: { tileId: number; offset: number; length: number }[]) {
  const out: number[] = [];
  const varint = (n: number) => {
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
  };
  varint(entries.length);
  let last = 0;
  for (const e of entries) {
    varint(e.tileId - last);
    last = e.tileId;
  }
  for (let i = 0; i < entries.length; i++) varint(1); // run lengths
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(out);
}

/** A size x size RGB PNG of one colour with a darker 2-pixel frame. */
function png(size: number, rgb: readonly number[]): Uint8Array {
  const frame = rgb.map((c) => Math.round(c * 0.7));
  const raw = new Uint8Array(size * (1 + 3 * size));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + 3 * size);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      raw.set(edge ? frame : rgb, row + 1 + 3 * x);
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, size);
  v.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return concat([
    Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(FIXTURE_PATH), { recursive: true });
  for (const [path, bytes] of [
    [FIXTURE_PATH, buildRasterPmtiles()],
    [VECTOR_FIXTURE_PATH, buildVectorPmtiles()],
  ] as const) {
    writeFileSync(path, bytes);
    console.log(`${path}: ${bytes.length} bytes`);
  }
}
