/**
 * Maplibre alone drawing the inventory at `?data=` with its own layers: one GeoJSON source of
 * points (a circle layer coloured by sector, white outline) and one of straight provider ->
 * dependent lines (a line layer). Shows what the inventory costs a first map without deck.gl.
 */
import type * as maplibregl from 'maplibre-gl';
import { sectorColor } from '../../src/map/palette.ts';
import { bench, createMap, fit } from './shared.ts';

interface Feature {
  id?: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: [number, number] } | null;
}

const url = new URLSearchParams(location.search).get('data')!;
const [{ map, loaded }, collection] = await Promise.all([
  createMap(),
  fetch(url).then((r) => r.json() as Promise<{ features: Feature[] }>),
]);
const css = (sector: string, alpha: number) => {
  const [r, g, b] = sectorColor(sector, 255);
  return `rgba(${r},${g},${b},${alpha / 255})`;
};
const points: GeoJSON.Feature[] = [];
const byId = new Map<string, { at: [number, number]; sector: string }>();
const lines: GeoJSON.Feature[] = [];
let west = Infinity,
  south = Infinity,
  east = -Infinity,
  north = -Infinity;
for (const f of collection.features) {
  if (!f.geometry) continue;
  const sector = String(f.properties.sector);
  const at = f.geometry.coordinates;
  byId.set(String(f.properties.id), { at, sector });
  points.push({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: { c: css(sector, 235) },
  });
  west = Math.min(west, at[0]);
  east = Math.max(east, at[0]);
  south = Math.min(south, at[1]);
  north = Math.max(north, at[1]);
}
for (const f of collection.features) {
  if (f.geometry) continue;
  const from = byId.get(String(f.properties.from));
  const to = byId.get(String(f.properties.to));
  if (from && to)
    lines.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [from.at, to.at] },
      properties: { c: css(from.sector, 120) },
    });
}
await loaded;
map.addSource('lines', { type: 'geojson', data: { type: 'FeatureCollection', features: lines } });
map.addSource('points', { type: 'geojson', data: { type: 'FeatureCollection', features: points } });
map.addLayer({
  id: 'lines',
  type: 'line',
  source: 'lines',
  paint: { 'line-color': ['get', 'c'], 'line-width': 1 },
} as maplibregl.LayerSpecification);
map.addLayer({
  id: 'points',
  type: 'circle',
  source: 'points',
  paint: {
    'circle-color': ['get', 'c'],
    'circle-radius': 4.5,
    'circle-stroke-color': 'rgba(255,255,255,0.8)',
    'circle-stroke-width': 0.75,
  },
} as maplibregl.LayerSpecification);
fit(map, [west, south, east, north]);
await new Promise<void>((resolve) => map.once('idle', () => resolve()));
bench.ready = true;
