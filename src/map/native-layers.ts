/**
 * The impact zone and the shapes (facilities drawn as lines or polygons) as maplibre's own
 * GeoJSON sources with fill and line layers, and the facility names and stack counts as symbol
 * layers. Stacking, bottom to top: zone, shapes, every deck.gl layer (arcs, arrowheads, stack
 * leaders, dots, selection ring: one group), the place names (cities, countries), stack counts,
 * facility names. Deck.gl adds its layers to the style when its props change and
 * again after a style switch, so `syncNativeLayers` is idempotent and runs after each.
 */
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { NativeData } from './native-data.ts';
import { cssColor, ZONE_FILL, ZONE_LINE } from './palette.ts';
import { BASEMAP_FONT } from './basemap/style.ts';
import { FAN_ZOOM } from './stacks.ts';

const ZONE_SOURCE = 'ripplemap-zone';
const SHAPES_SOURCE = 'ripplemap-shapes';
const LABELS_SOURCE = 'ripplemap-facility-labels';
const NAMED_SOURCE = 'ripplemap-named-labels';
const BADGES_SOURCE = 'ripplemap-stack-badges';
/** Where every facility may be named: from here the fanned-out dots leave room for names. */
export const ALL_NAMES_ZOOM = 11;
/** Layer ids, bottom to top (see `stack` for the deck.gl layers between them). */
export const NATIVE_LAYERS = {
  zoneFill: 'impact-zone-fill',
  zoneLine: 'impact-zone-line',
  shapesFill: 'facility-shapes-fill',
  shapesLine: 'facility-shapes-line',
  badges: 'stack-badges',
  /** Every facility's name, from ALL_NAMES_ZOOM. */
  allLabels: 'facility-labels-all',
  /** The compromised, failed and selected facilities' names, at every zoom. */
  labels: 'facility-labels',
} as const;
/** How the interleaved deck.gl overlay names the maplibre layers it draws its layers in. */
const DECK_GROUP = 'deck-maplibre-layer-group';

const LABEL_LAYOUT = {
  'text-field': ['get', 'name'],
  'text-font': [BASEMAP_FONT],
  'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
  'text-radial-offset': 0.8,
  'text-justify': 'auto',
  'text-max-width': 10,
  'text-padding': 2,
} satisfies maplibregl.SymbolLayerSpecification['layout'];
const LABEL_PAINT = {
  'text-halo-color': 'rgba(255, 255, 255, 0.92)',
  'text-halo-width': 1.6,
} satisfies maplibregl.SymbolLayerSpecification['paint'];

const LAYERS: maplibregl.LayerSpecification[] = [
  {
    id: NATIVE_LAYERS.zoneFill,
    type: 'fill',
    source: ZONE_SOURCE,
    paint: { 'fill-color': cssColor(ZONE_FILL) },
  },
  {
    id: NATIVE_LAYERS.zoneLine,
    type: 'line',
    source: ZONE_SOURCE,
    paint: { 'line-color': cssColor(ZONE_LINE), 'line-width': 1.5 },
  },
  {
    id: NATIVE_LAYERS.shapesFill,
    type: 'fill',
    source: SHAPES_SOURCE,
    paint: { 'fill-color': ['to-color', ['get', 'fill']] },
  },
  {
    id: NATIVE_LAYERS.shapesLine,
    type: 'line',
    source: SHAPES_SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': ['to-color', ['get', 'line']], 'line-width': 2 },
  },
  {
    // How many facilities share a site, by the site's rosette (until they fan out).
    id: NATIVE_LAYERS.badges,
    type: 'symbol',
    source: BADGES_SOURCE,
    minzoom: 7,
    maxzoom: FAN_ZOOM,
    layout: {
      'text-field': ['to-string', ['get', 'count']],
      'text-font': [BASEMAP_FONT],
      'text-size': 10,
      'text-offset': [0.9, -0.9],
      'text-padding': 0,
      'symbol-sort-key': ['-', ['get', 'count']],
    },
    paint: { 'text-color': '#20262c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  },
  {
    // Over the place names, so facility names are placed before them; never over each other.
    id: NATIVE_LAYERS.allLabels,
    type: 'symbol',
    source: LABELS_SOURCE,
    minzoom: ALL_NAMES_ZOOM,
    layout: { ...LABEL_LAYOUT, 'text-size': 11 },
    paint: { ...LABEL_PAINT, 'text-color': '#39424a' },
  },
  {
    // On top of every label: placed first, and a facility's name in the layer under it
    // collides with this one and is hidden (never printed twice).
    id: NATIVE_LAYERS.labels,
    type: 'symbol',
    source: NAMED_SOURCE,
    layout: { ...LABEL_LAYOUT, 'text-size': 12, 'symbol-sort-key': ['get', 'rank'] },
    paint: { ...LABEL_PAINT, 'text-color': '#14181c' },
  },
];

/** What each map was last given, so unchanged data is not sent to maplibre's worker again. */
const given = new WeakMap<maplibregl.Map, Map<string, FeatureCollection>>();

/**
 * Adds the sources and layers when the style lacks them (first call, or after a style
 * switch), updates their data when it changed, and puts the layers in their places.
 * `labels`: the bundled style's label layer the zone, arcs and shapes go under (null on other
 * styles: then above everything but the dots).
 */
/** The newest data not yet sent, by map (see syncNativeLayers). */
const pending = new WeakMap<maplibregl.Map, { data: NativeData; labels: string | null }>();

export function syncNativeLayers(
  map: maplibregl.Map,
  data: NativeData,
  labels: string | null,
): void {
  if (!map.isStyleLoaded()) {
    // Also false while a source is still taking the previous data in (a zone resized by the
    // keyboard, a step at a time): the newest data must not be dropped, so it is sent once
    // the map has settled (or on the next call, whichever comes first).
    const waiting = pending.has(map);
    pending.set(map, { data, labels });
    if (!waiting) {
      map.once('idle', () => {
        const next = pending.get(map);
        pending.delete(map);
        if (next) syncNativeLayers(map, next.data, next.labels);
      });
    }
    return;
  }
  pending.delete(map);
  let sent = given.get(map);
  if (!sent) given.set(map, (sent = new Map()));
  for (const [id, collection] of [
    [ZONE_SOURCE, data.zone],
    [SHAPES_SOURCE, data.shapes],
    [LABELS_SOURCE, data.labels],
    [NAMED_SOURCE, data.named],
    [BADGES_SOURCE, data.badges],
  ] as const) {
    const source = map.getSource(id) as maplibregl.GeoJSONSource | undefined;
    if (!source) {
      map.addSource(id, { type: 'geojson', data: collection });
      sent.set(id, collection);
    } else if (sent.get(id) !== collection) {
      source.setData(collection);
      sent.set(id, collection);
    }
  }
  for (const layer of LAYERS) if (!map.getLayer(layer.id)) map.addLayer(layer);
  stack(map, labels && map.getLayer(labels) ? labels : null);
}

/**
 * Moves the native layers into place, touching the style only when something is out of it.
 * deck.gl's interleaved overlay draws its layers as groups, one maplibre layer per `beforeId`
 * (`deck-maplibre-layer-group-...`): on the bundled style the one group sits under the city
 * names, so the order is zone, shapes, deck.gl, place names, counts, facility names. On other
 * styles the group sits under the style's first label layer (or on top).
 */
function stack(map: maplibregl.Map, labels: string | null): void {
  const order = map.getLayersOrder();
  const groups = order.filter((id) => id.startsWith(DECK_GROUP));
  const underLabels = labels
    ? groups.find((id) => order.indexOf(id) < order.indexOf(labels))
    : undefined;
  // Top down: each layer goes right under the one named after it (undefined: on top).
  const wanted: [string, string | undefined][] = [
    [NATIVE_LAYERS.labels, undefined],
    [NATIVE_LAYERS.allLabels, NATIVE_LAYERS.labels],
    [NATIVE_LAYERS.badges, NATIVE_LAYERS.allLabels],
    [NATIVE_LAYERS.shapesLine, underLabels ?? labels ?? groups[0]],
    [NATIVE_LAYERS.shapesFill, NATIVE_LAYERS.shapesLine],
    [NATIVE_LAYERS.zoneLine, NATIVE_LAYERS.shapesFill],
    [NATIVE_LAYERS.zoneFill, NATIVE_LAYERS.zoneLine],
  ];
  for (const [id, before] of wanted) {
    const now = map.getLayersOrder();
    const at = now.indexOf(id);
    const inPlace = before === undefined ? at === now.length - 1 : now[at + 1] === before;
    if (!inPlace) map.moveLayer(id, before);
  }
}

/** The facility index of the shape drawn at `point` (pixels in the map), or -1. */
export function shapeAt(map: maplibregl.Map, point: [number, number]): number {
  if (!map.getLayer(NATIVE_LAYERS.shapesFill)) return -1;
  const hits = map.queryRenderedFeatures(point, {
    layers: [NATIVE_LAYERS.shapesLine, NATIVE_LAYERS.shapesFill],
  });
  const i = hits[0]?.properties?.i;
  return typeof i === 'number' ? i : -1;
}
