/**
 * Coordinate systems for the readers that reproject (FlatGeobuf, GeoParquet): proj4
 * definitions of the EPSG codes inventories come in most, and a geometry with every position
 * moved. proj4 itself is imported by each reader when a file needs it.
 */
import type { Geometry, Position } from 'geojson';

const ETRS89 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const DHDN = '+ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs';

/**
 * proj4 definitions of the coordinate systems inventories come in most (as PROJ's projinfo
 * gives them, with the usual WGS 84 datum shift where PROJ would use a grid). Codes not here
 * are read from the header's WKT; without one the file is refused.
 */
const KNOWN_CRS: Record<number, string> = {
  3857: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
  3395: '+proj=merc +lon_0=0 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs',
  4258: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
  4269: '+proj=longlat +datum=NAD83 +no_defs',
  3035: `+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 ${ETRS89}`,
  2154: `+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 ${ETRS89}`,
  27700:
    '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
  31466: `+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 ${DHDN}`,
  31467: `+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 ${DHDN}`,
  31468: `+proj=tmerc +lat_0=0 +lon_0=12 +k=1 +x_0=4500000 +y_0=0 ${DHDN}`,
  31469: `+proj=tmerc +lat_0=0 +lon_0=15 +k=1 +x_0=5500000 +y_0=0 ${DHDN}`,
  4647: `+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=32500000 +y_0=0 ${ETRS89}`,
  2056: '+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=2600000 +y_0=1200000 +ellps=bessel +towgs84=674.374,15.056,405.346,0,0,0,0 +units=m +no_defs',
  3006: `+proj=utm +zone=33 ${ETRS89}`,
  3067: `+proj=utm +zone=35 ${ETRS89}`,
  2180: `+proj=tmerc +lat_0=0 +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 ${ETRS89}`,
};

/** Other names of Web Mercator (ESRI's and the older EPSG ones). */
const WEB_MERCATOR_ALIASES = new Set([900913, 3785, 102100, 102113]);

/** The proj4 definition of an EPSG code RippleMap knows, or null. */
export function knownCrs(code: number): string | null {
  if (WEB_MERCATOR_ALIASES.has(code)) return KNOWN_CRS[3857]!;
  if (KNOWN_CRS[code]) return KNOWN_CRS[code];
  const zone = code % 100;
  // WGS 84 / UTM (326zz north, 327zz south) and ETRS89 / UTM (258zz, zones 28 to 38).
  if ((code - zone === 32600 || code - zone === 32700) && zone >= 1 && zone <= 60) {
    return `+proj=utm +zone=${zone}${code >= 32700 ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
  }
  if (code - zone === 25800 && zone >= 28 && zone <= 38) return `+proj=utm +zone=${zone} ${ETRS89}`;
  return null;
}

/** A geometry with every position moved by `f` (collections nest as WKB allows, not deeper). */
export function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) };
    case 'LineString':
    case 'MultiPoint':
      return { type: g.type, coordinates: g.coordinates.map(f) } as Geometry;
    case 'Polygon':
    case 'MultiLineString':
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(f)) } as Geometry;
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map((m) => mapPositions(m, f)) };
  }
}
