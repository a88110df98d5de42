/**
 * The impact zone and the shapes (facilities drawn as lines or polygons) as maplibre's own
 * GeoJSON sources with fill and line layers. Stacking, bottom to top: zone, dependency arcs
 * (deck.gl), shapes, then the country labels on the bundled style, then facility dots and the
 * selection ring (deck.gl). Deck.gl adds its layers to the style when its props change and
 * again after a style switch, so `syncNativeLayers` is idempotent and runs after each.
 */
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { NativeData } from './layers.ts';
import { cssColor, ZONE_FILL, ZONE_LINE } from './palette.ts';

const ZONE_SOURCE = 'ripplemap-zone';
const SHAPES_SOURCE = 'ripplemap-shapes';
/** Layer ids, bottom to top (see `stack` for the deck.gl layers between them). */
export const NATIVE_LAYERS = {
  zoneFill: 'impact-zone-fill',
  zoneLine: 'impact-zone-line',
  shapesFill: 'facility-shapes-fill',
  shapesLine: 'facility-shapes-line',
} as const;
/** How the interleaved deck.gl overlay names the maplibre layers it draws its layers in. */
const DECK_GROUP = 'deck-maplibre-layer-group';

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
 * (`deck-maplibre-layer-group-...`): on the bundled style the arcs' group sits under the
 * labels and the dots' group on top, so the order is zone, arcs, shapes, labels, dots. On
 * other styles every deck.gl layer is in the top group, and zone and shapes go under it.
 */
function stack(map: maplibregl.Map, labels: string | null): void {
  const order = map.getLayersOrder();
  const groups = order.filter((id) => id.startsWith(DECK_GROUP));
  const underLabels = labels
    ? groups.find((id) => order.indexOf(id) < order.indexOf(labels))
    : undefined;
  // Top down: each layer goes right under the one named after it (undefined: on top).
  const wanted: [string, string | undefined][] = [
    [NATIVE_LAYERS.shapesLine, labels ?? groups[0]],
    [NATIVE_LAYERS.shapesFill, NATIVE_LAYERS.shapesLine],
    [NATIVE_LAYERS.zoneLine, underLabels ?? NATIVE_LAYERS.shapesFill],
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
