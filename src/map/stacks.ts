/**
 * Facilities that share a site. supercluster groups the drawn points that lie within about
 * 100 m of each other (its clusters at one fixed zoom, STACK_ZOOM); each group of two or more
 * is a stack. On the map a stack's members are fanned out on a small circle around the site,
 * whose radius in pixels grows with the zoom (fanRadiusPx): at low zoom a small rosette that
 * shows the sectors it holds and a count badge, closer in a ring of separate dots, each with
 * a thin leader line to the true position. Arcs and labels attach to the fanned positions, so
 * what the eye follows is what is clicked; the true position is the leader's other end.
 */
import Supercluster from 'supercluster';
import type { Feature, FeatureCollection, Point } from 'geojson';

/** supercluster's zoom whose 12 px radius (512 px tiles) is ~100 m at 50° N. */
const STACK_ZOOM = 13;
const STACK_RADIUS_PX = 12;

export interface Stacks {
  /** Stack number per facility, or -1 (alone or not drawn as a dot). */
  of: Int32Array;
  /** Members of each stack (facility indices, in input order). */
  members: Int32Array[];
  /** Site of each stack: the members' mean lon/lat. */
  site: Float64Array;
}

/**
 * Groups the point facilities `points` (indices into `positions`, lon/lat pairs) that share a
 * site. Pure; the same input gives the same stacks.
 * @example findStacks(Int32Array.from([0, 1, 2]), positions).members // [Int32Array [0, 1]]
 */
export function findStacks(points: Int32Array, positions: Float64Array): Stacks {
  const n = positions.length / 2;
  const of = new Int32Array(n).fill(-1);
  const features: Feature<Point, { i: number }>[] = Array.from(points, (i) => ({
    type: 'Feature',
    properties: { i },
    geometry: { type: 'Point', coordinates: [positions[2 * i]!, clampLat(positions[2 * i + 1]!)] },
  }));
  const index = new Supercluster<{ i: number }>({
    radius: STACK_RADIUS_PX,
    extent: 512,
    minZoom: STACK_ZOOM,
    maxZoom: STACK_ZOOM + 1,
  }).load(features);
  const members: Int32Array[] = [];
  const site: number[] = [];
  for (const c of index.getClusters([-180, -90, 180, 90], STACK_ZOOM)) {
    const props = c.properties as { cluster?: boolean; cluster_id?: number };
    if (!props.cluster) continue;
    const leaves = index.getLeaves(props.cluster_id!, Infinity);
    const list = Int32Array.from(leaves, (l) => l.properties.i).sort();
    let lon = 0;
    let lat = 0;
    for (const i of list) {
      lon += positions[2 * i]!;
      lat += positions[2 * i + 1]!;
      of[i] = members.length;
    }
    site.push(lon / list.length, lat / list.length);
    members.push(list);
  }
  return { of, members, site: Float64Array.from(site) };
}

function clampLat(lat: number): number {
  return Math.max(-85, Math.min(85, lat));
}

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
