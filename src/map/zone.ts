/**
 * Drawing near the poles and across the antimeridian on a Web Mercator map. Mercator cannot
 * show latitudes beyond ±85.0511° (maplibre's world ends there), so what lies beyond is drawn
 * on a line just inside that edge (±84.8°, where a dot is not cut in half by it) at its own
 * longitude: facilities and arc ends are pinned to it, and an impact zone is clipped at it. Membership is never decided here (core/spatial-index.ts does that on
 * the sphere); this only draws. See docs/spec-notes.md, "Near the poles".
 */
import circle from '@turf/circle';
import type { Feature, Polygon } from 'geojson';
import { EARTH_RADIUS_KM } from '../core/geodesy.ts';

/** The latitude where Web Mercator (and maplibre's world) ends. */
export const MERCATOR_MAX_LAT = 85.051129;

/**
 * Where things beyond the edge are drawn: about 12 px inside it at zoom 2.5, so a 9 px dot
 * shows whole. No land lies between 83.7° and the edge, so nothing real is crowded there.
 */
export const DRAWN_MAX_LAT = 84.8;

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

/** The latitude a point is drawn at: beyond ±84.8°, on that line by the map's edge. */
export function drawnLat(lat: number): number {
  return Math.max(-DRAWN_MAX_LAT, Math.min(DRAWN_MAX_LAT, lat));
}

/** Whether a latitude is drawn elsewhere than it is (at or beyond the map's edge). */
export function beyondMapEdge(lat: number): boolean {
  return Math.abs(lat) > DRAWN_MAX_LAT;
}

/**
 * The impact zone drawn as geodesic circles (Turf's circle: fine for drawing, never used for
 * membership). A circle across the antimeridian gets longitudes continuous around its centre,
 * so it is one shape rather than a band around the world. A circle holding a pole becomes a
 * polar cap: its edge from -180° to 180°, closed along the map's top (or bottom) edge. Every
 * latitude is clipped to ±84.8° (see DRAWN_MAX_LAT).
 * @example zoneCircles([[0, 89.5]], 120) // one cap, flat on the map's top edge
 */
export function zoneCircles(centres: [number, number][], radiusKm: number): Feature<Polygon>[] {
  if (!(radiusKm > 0)) return [];
  return centres.map(([lon, lat]) => {
    const c = circle([lon, lat], radiusKm, { steps: 96, units: 'kilometers' });
    const ring = c.geometry.coordinates[0]!.map(([x, y]) => [x!, y!] as [number, number]);
    const north = (90 - lat) * KM_PER_DEGREE < radiusKm;
    const south = !north && (90 + lat) * KM_PER_DEGREE < radiusKm;
    const coordinates = north || south ? polarCap(ring, north) : aroundCentre(ring, lon);
    return {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [coordinates.map(([x, y]) => [x, drawnLat(y)])] },
    };
  });
}

/** Longitudes made continuous around `lon` (a circle across the antimeridian stays whole). */
function aroundCentre(ring: [number, number][], lon: number): [number, number][] {
  return ring.map(([x, y]) => {
    let dx = x - lon;
    if (dx > 180) dx -= 360;
    if (dx < -180) dx += 360;
    return [lon + dx, y];
  });
}

/**
 * A circle around a pole: each meridian crosses its edge once, so the edge is its vertices
 * sorted by longitude, from -180° to 180° (the latitude there interpolated), closed over the
 * pole along the map's edge.
 */
function polarCap(ring: [number, number][], north: boolean): [number, number][] {
  const edge = ring
    .slice(0, -1)
    .map(([x, y]): [number, number] => [((((x + 180) % 360) + 360) % 360) - 180, y])
    .sort((a, b) => a[0] - b[0]);
  const first = edge[0]!;
  const last = edge[edge.length - 1]!;
  const gap = first[0] + 360 - last[0];
  const t = gap > 0 ? (180 - last[0]) / gap : 0;
  const yAtAntimeridian = last[1] + (first[1] - last[1]) * t;
  const pole = north ? 90 : -90;
  return [
    [-180, yAtAntimeridian],
    ...edge,
    [180, yAtAntimeridian],
    [180, pole],
    [-180, pole],
    [-180, yAtAntimeridian],
  ];
}
