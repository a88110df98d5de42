/**
 * Bare deck.gl: maplibre with the app's basemap and one interleaved MapLibreOverlay drawing the
 * inventory at `?data=` the simplest way: arrays of plain objects and accessor functions, one
 * ScatterplotLayer for facilities, one ArcLayer for dependencies, coloured by sector. The
 * drawing options that change the cost (pixel units, outlines, 8 arc segments) match the app's.
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { ArcLayer, ScatterplotLayer } from '@deck.gl/layers';
import type * as maplibregl from 'maplibre-gl';
import { sectorColor } from '../../src/map/palette.ts';
import { bench, createMap, fit } from './shared.ts';

interface Feature {
  id?: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: [number, number] } | null;
}
interface Point {
  position: [number, number];
  sector: string;
}
interface Arc {
  source: [number, number];
  target: [number, number];
  sector: string;
}

const url = new URLSearchParams(location.search).get('data')!;
const [{ map, loaded }, collection] = await Promise.all([
  createMap(),
  fetch(url).then((r) => r.json() as Promise<{ features: Feature[] }>),
]);

const points: Point[] = [];
const byId = new Map<string, Point>();
const arcs: Arc[] = [];
for (const f of collection.features) {
  if (f.geometry) {
    const p = { position: f.geometry.coordinates, sector: String(f.properties.sector) };
    points.push(p);
    byId.set(String(f.properties.id), p);
  }
}
for (const f of collection.features) {
  if (!f.geometry) {
    const from = byId.get(String(f.properties.from));
    const to = byId.get(String(f.properties.to));
    if (from && to) arcs.push({ source: from.position, target: to.position, sector: from.sector });
  }
}
let west = Infinity,
  south = Infinity,
  east = -Infinity,
  north = -Infinity;
for (const p of points) {
  west = Math.min(west, p.position[0]);
  east = Math.max(east, p.position[0]);
  south = Math.min(south, p.position[1]);
  north = Math.max(north, p.position[1]);
}

const overlay = new MapLibreOverlay({
  interleaved: true,
  layers: [
    new ArcLayer<Arc>({
      id: 'arcs',
      data: arcs,
      getSourcePosition: (d) => d.source,
      getTargetPosition: (d) => d.target,
      getSourceColor: (d) => sectorColor(d.sector, 25),
      getTargetColor: (d) => sectorColor(d.sector, 150),
      getWidth: 1,
      widthUnits: 'pixels',
      numSegments: 8,
      pickable: true,
    }),
    new ScatterplotLayer<Point>({
      id: 'points',
      data: points,
      getPosition: (d) => d.position,
      getFillColor: (d) => sectorColor(d.sector, 235),
      getLineColor: [255, 255, 255, 200],
      getRadius: 4.5,
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 0.75,
      pickable: true,
    }),
  ],
});
map.addControl(overlay as unknown as maplibregl.IControl);
await loaded;
fit(map, [west, south, east, north]);
bench.ready = true;
