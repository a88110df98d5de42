/**
 * Facilities that share a site. supercluster groups the drawn points that lie within about
 * 100 m of each other (its clusters at one fixed zoom, STACK_ZOOM); each group of two or more
 * is a stack. On the map a stack's members are fanned out on a small circle around the site,
 * whose radius in pixels grows with the zoom (fanRadiusPx): at low zoom a small rosette that
 * shows the sectors it holds and a count badge, closer in a ring of separate dots, each with
 * a thin leader line to the true position. Arcs and labels attach to the fanned positions, so
 * what the eye follows is what is clicked; the true position is the leader's other end.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Stacks } from '../core/sites.ts';

/** From this zoom a stack's members stand apart, with leaders; below it, a rosette. */
export const FAN_ZOOM = 10;

/** The radius of the circle a stack's members sit on, in pixels, at a zoom. */
export function fanRadiusPx(zoom: number): number {
  if (zoom < 5) return 0;
  if (zoom < FAN_ZOOM) return 3.5;
  // Wide enough that five members stand about 40 px apart, room for their names between them.
  return 34;
}

/**
 * Where each facility is drawn at a zoom: its own position, or for a stack member a point on
 * a circle of fanRadiusPx around the stack's site (first member at 12 o'clock, clockwise).
 * `zoom` should be stepped (the app rounds it to halves) so the table is rebuilt rarely.
 */
export function fannedPositions(positions: Float64Array, stacks: Stacks, zoom: number) {
  const out = Float64Array.from(positions);
  const r = fanRadiusPx(zoom);
  if (r === 0) return out;
  // Degrees per pixel of longitude (512 px tiles); latitude scaled by Mercator's cos(lat).
  const degPerPx = 360 / (512 * 2 ** zoom);
  stacks.members.forEach((list, s) => {
    const lon = stacks.site[2 * s]!;
    const lat = stacks.site[2 * s + 1]!;
    const k = Math.cos((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
    // A larger stack gets a wider circle, so its dots do not touch.
    const radius = r * Math.max(1, list.length / 6);
    list.forEach((i, m) => {
      const a = (2 * Math.PI * m) / list.length;
      out[2 * i] = lon + Math.sin(a) * radius * degPerPx;
      out[2 * i + 1] = lat + Math.cos(a) * radius * degPerPx * k;
    });
  });
  return out;
}

/** Count badges: one point per stack at its site, with `count`, for maplibre's symbols. */
export function stackBadges(stacks: Stacks): FeatureCollection<Point, { count: number }> {
  return {
    type: 'FeatureCollection',
    features: stacks.members.map((list, s) => ({
      type: 'Feature',
      id: s,
      properties: { count: list.length },
      geometry: { type: 'Point', coordinates: [stacks.site[2 * s]!, stacks.site[2 * s + 1]!] },
    })),
  };
}
