/**
 * A maplibre style for a user's PMTiles archive, made from its header and metadata: a raster
 * layer for image tiles, or, for vector tiles (which carry no style of their own), a calm style
 * in the bundled basemap's colours that knows the OpenMapTiles and Protomaps layer names and
 * draws any other layer plainly. Pure: runs in Node.
 */
import type { FontFacesSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { BASEMAP_FONT } from './style';
import { attributionText } from './url';

/** PMTiles v3 tile types (the `pmtiles` package's TileType enum). */
export const PMTILES_TILE_TYPES = {
  0: 'unknown',
  1: 'mvt',
  2: 'png',
  3: 'jpeg',
  4: 'webp',
  5: 'avif',
  6: 'mlt',
} as const;

/** The parts of a PMTiles header the style needs (a subset of the package's `Header`). */
export interface PmtilesHeaderLike {
  tileType: number;
  minZoom: number;
  maxZoom: number;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  centerLon?: number;
  centerLat?: number;
  centerZoom?: number;
}

/** What the settings show about an archive. */
export interface PmtilesSummary {
  name: string;
  tileType: string;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  attribution: string;
  /** Plain text fields from the metadata (name, description, version…), short. */
  fields: [string, string][];
  /** Vector layer ids, for vector archives. */
  vectorLayers: string[];
}

const COLORS = {
  sea: '#dfe6eb',
  land: '#f2f2f0',
  green: '#e3ebdc',
  water: '#c9d7e1',
  road: '#ffffff',
  roadCase: '#d3d5d8',
  border: '#a9aeb4',
  building: '#e4e2dc',
  other: '#b7bcc2',
  label: '#6b737c',
  halo: '#f7f7f5',
} as const;

type Role = 'land' | 'water' | 'waterway' | 'green' | 'road' | 'border' | 'building' | 'place';

/** OpenMapTiles and Protomaps basemap layer names, by what they hold. Anything else is drawn plainly. */
const ROLES: Record<string, Role> = {
  earth: 'land',
  water: 'water',
  ocean: 'water',
  waterway: 'waterway',
  landcover: 'green',
  landuse: 'green',
  park: 'green',
  natural: 'green',
  roads: 'road',
  transportation: 'road',
  boundaries: 'border',
  boundary: 'border',
  buildings: 'building',
  building: 'building',
  places: 'place',
  place: 'place',
};
/** Labels and points of interest that would only clutter a backdrop for facilities. */
const SKIPPED = new Set([
  'pois',
  'poi',
  'housenumber',
  'water_name',
  'transportation_name',
  'aerodrome_label',
  'mountain_peak',
  'transit',
  'aeroway',
]);

/** Drawn bottom to top. */
const ROLE_ORDER: Role[] = ['land', 'green', 'water', 'waterway', 'building', 'road', 'border'];

export interface PmtilesStyleOptions {
  /** Font files for place labels (the bundled Noto Sans); without them, no labels. */
  fontFaces?: FontFacesSpecification;
}

/**
 * The style for an archive registered with the pmtiles protocol under `sourceUrl`
 * (`pmtiles://key`). Throws for tile types maplibre cannot draw.
 * @example pmtilesStyle(header, metadata, 'pmtiles://local-1', 'europe.pmtiles')
 */
export function pmtilesStyle(
  header: PmtilesHeaderLike,
  metadata: unknown,
  sourceUrl: string,
  name: string,
  options: PmtilesStyleOptions = {},
): StyleSpecification {
  const kind = PMTILES_TILE_TYPES[header.tileType as keyof typeof PMTILES_TILE_TYPES] ?? 'unknown';
  const summary = summarizePmtiles(header, metadata, name);
  const bounds = summary.bounds;
  const attribution = summary.attribution || undefined;
  const base = {
    version: 8 as const,
    name: `PMTiles: ${name}`,
    metadata: { 'ripplemap:basemap': 'pmtiles' },
  };
  if (kind === 'png' || kind === 'jpeg' || kind === 'webp' || kind === 'avif') {
    return {
      ...base,
      sources: {
        pmtiles: {
          type: 'raster',
          tiles: [`${sourceUrl}/{z}/{x}/{y}`],
          tileSize: 256,
          minzoom: header.minZoom,
          maxzoom: header.maxZoom,
          bounds,
          ...(attribution ? { attribution } : {}),
        },
      },
      layers: [
        { id: 'pmtiles-background', type: 'background', paint: { 'background-color': COLORS.sea } },
        { id: 'pmtiles-raster', type: 'raster', source: 'pmtiles' },
      ],
    };
  }
  if (kind !== 'mvt') {
    throw new Error(
      `${name}: tiles of type "${kind}" cannot be drawn; RippleMap reads raster (PNG, JPEG, WebP, AVIF) and vector (MVT) PMTiles.`,
    );
  }
  const ids = summary.vectorLayers;
  if (ids.length === 0) {
    throw new Error(
      `${name}: the archive's metadata lists no vector layers, so nothing can be drawn.`,
    );
  }
  const hasEarth = ids.includes('earth');
  const layers: LayerSpecification[] = [
    {
      id: 'pmtiles-background',
      type: 'background',
      // Protomaps draws land ("earth") on a sea background; OpenMapTiles draws water on land.
      paint: { 'background-color': hasEarth ? COLORS.sea : COLORS.land },
    },
  ];
  const byRole = (role: Role) => ids.filter((id) => ROLES[id] === role);
  for (const role of ROLE_ORDER) {
    for (const id of byRole(role)) layers.push(...roleLayers(role, id));
  }
  // Layers of no known role get plain styling, up to a cap: an archive listing 20,000 layers
  // made tens of thousands of style layers and stalled the map and the settings.
  let plain = 0;
  for (const id of ids) {
    if (ROLES[id] || SKIPPED.has(id)) continue;
    if (plain++ >= MAX_PLAIN_LAYERS) break;
    layers.push(...plainLayers(id));
  }
  if (options.fontFaces) {
    for (const id of byRole('place')) layers.push(placeLabels(id));
  }
  const style: StyleSpecification = {
    ...base,
    sources: {
      pmtiles: {
        type: 'vector',
        tiles: [`${sourceUrl}/{z}/{x}/{y}`],
        minzoom: header.minZoom,
        maxzoom: header.maxZoom,
        bounds,
        ...(attribution ? { attribution } : {}),
      },
    },
    layers,
  };
  if (options.fontFaces && byRole('place').length > 0) style['font-faces'] = options.fontFaces;
  return style;
}

/** Vector layers of no known role that get a plain style; the others are not drawn. */
export const MAX_PLAIN_LAYERS = 200;

/** Header and metadata as the settings show them (text only). */
export function summarizePmtiles(
  header: PmtilesHeaderLike,
  metadata: unknown,
  name: string,
): PmtilesSummary {
  const meta = (metadata && typeof metadata === 'object' ? metadata : {}) as Record<
    string,
    unknown
  >;
  const fields: [string, string][] = [];
  for (const key of ['name', 'description', 'version', 'type', 'format', 'generator']) {
    const value = meta[key];
    if (typeof value === 'string' && value.trim()) {
      fields.push([key, attributionText(value).slice(0, 200)]);
    }
  }
  // Each id once (a repeated id would make maplibre refuse the style's repeated layer ids).
  const vectorLayers = Array.isArray(meta.vector_layers)
    ? [
        ...new Set(
          (meta.vector_layers as { id?: unknown }[])
            .map((layer) => layer?.id)
            .filter((id): id is string => typeof id === 'string' && id.length > 0),
        ),
      ]
    : [];
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const valid = header.minLon < header.maxLon && header.minLat < header.maxLat;
  return {
    name,
    tileType: PMTILES_TILE_TYPES[header.tileType as keyof typeof PMTILES_TILE_TYPES] ?? 'unknown',
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
    bounds: valid
      ? [
          clamp(header.minLon, -180, 180),
          clamp(header.minLat, -85.051129, 85.051129),
          clamp(header.maxLon, -180, 180),
          clamp(header.maxLat, -85.051129, 85.051129),
        ]
      : [-180, -85.051129, 180, 85.051129],
    attribution: typeof meta.attribution === 'string' ? attributionText(meta.attribution) : '',
    fields,
    vectorLayers,
  };
}

const POLYGON = ['==', ['geometry-type'], 'Polygon'] as const;
const LINE = ['==', ['geometry-type'], 'LineString'] as const;
const POINT = ['==', ['geometry-type'], 'Point'] as const;

function roleLayers(role: Role, id: string): LayerSpecification[] {
  const common = { source: 'pmtiles', 'source-layer': id } as const;
  const lid = `pmtiles-${id}`;
  /** The layer's polygons filled in one colour, from `minzoom` on. */
  const polygons = (color: string, paint = {}, minzoom = 0): LayerSpecification => ({
    id: lid,
    type: 'fill',
    ...common,
    ...(minzoom > 0 ? { minzoom } : {}),
    filter: POLYGON as never,
    paint: { 'fill-color': color, ...paint },
  });
  switch (role) {
    case 'land':
      return [polygons(COLORS.land)];
    case 'water':
      return [polygons(COLORS.water)];
    case 'green':
      return [polygons(COLORS.green, { 'fill-opacity': 0.6 })];
    case 'waterway':
      return [
        {
          id: lid,
          type: 'line',
          ...common,
          minzoom: 8,
          filter: LINE as never,
          paint: { 'line-color': COLORS.water, 'line-width': 1 },
        },
      ];
    case 'building':
      return [polygons(COLORS.building, {}, 13)];
    case 'road':
      return [
        {
          id: `${lid}-case`,
          type: 'line',
          ...common,
          minzoom: 5,
          filter: LINE as never,
          layout: { 'line-join': 'round', 'line-cap': 'round' },
          paint: {
            'line-color': COLORS.roadCase,
            'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.6, 10, 2, 16, 9],
          },
        },
        {
          id: lid,
          type: 'line',
          ...common,
          minzoom: 8,
          filter: LINE as never,
          layout: { 'line-join': 'round', 'line-cap': 'round' },
          paint: {
            'line-color': COLORS.road,
            'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 10, 1, 16, 7],
          },
        },
      ];
    case 'border':
      return [
        {
          id: lid,
          type: 'line',
          ...common,
          filter: LINE as never,
          paint: {
            'line-color': COLORS.border,
            'line-dasharray': [3, 2],
            'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.5, 10, 1.5],
          },
        },
      ];
    case 'place':
      return [];
  }
}

function plainLayers(id: string): LayerSpecification[] {
  const common = { source: 'pmtiles', 'source-layer': id } as const;
  return [
    {
      id: `pmtiles-${id}-fill`,
      type: 'fill',
      ...common,
      filter: POLYGON as never,
      paint: { 'fill-color': COLORS.other, 'fill-opacity': 0.25 },
    },
    {
      id: `pmtiles-${id}-line`,
      type: 'line',
      ...common,
      filter: LINE as never,
      paint: { 'line-color': COLORS.other, 'line-width': 1 },
    },
    {
      id: `pmtiles-${id}-point`,
      type: 'circle',
      ...common,
      filter: POINT as never,
      paint: { 'circle-color': COLORS.other, 'circle-radius': 2 },
    },
  ];
}

function placeLabels(id: string): LayerSpecification {
  return {
    id: `pmtiles-${id}-labels`,
    type: 'symbol',
    source: 'pmtiles',
    'source-layer': id,
    filter: POINT as never,
    layout: {
      'text-field': ['coalesce', ['get', 'name:en'], ['get', 'name']],
      'text-font': [BASEMAP_FONT],
      'text-size': ['interpolate', ['linear'], ['zoom'], 3, 11, 10, 14],
      'text-max-width': 7,
      'text-padding': 4,
    },
    paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.halo, 'text-halo-width': 1.2 },
  };
}
