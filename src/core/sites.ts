/**
 * Facilities that share a site: supercluster groups the point facilities that lie within about
 * 100 m of each other (its clusters at one fixed zoom, STACK_ZOOM); each group of two or more
 * is a stack. The map fans a stack's members out (src/map/stacks.ts); the loading worker finds
 * them for every dot, so they cross to the page as a StackTable of transferred buffers.
 */
import Supercluster from 'supercluster';
import type { Feature, Point } from 'geojson';

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

/** Stacks in four flat arrays, to cross between threads as transferred buffers. */
export interface StackTable {
  of: Int32Array;
  /** Members of stack s: flat[start[s] .. start[s + 1]). */
  start: Int32Array;
  flat: Int32Array;
  site: Float64Array;
}

export function stackTable(stacks: Stacks): StackTable {
  const start = new Int32Array(stacks.members.length + 1);
  stacks.members.forEach((m, s) => (start[s + 1] = start[s]! + m.length));
  const flat = new Int32Array(start[stacks.members.length]!);
  stacks.members.forEach((m, s) => flat.set(m, start[s]!));
  return { of: stacks.of, start, flat, site: stacks.site };
}

/** The stacks of a table (members are views of its flat array). */
export function stacksFromTable(table: StackTable): Stacks {
  const members: Int32Array[] = [];
  for (let s = 0; s + 1 < table.start.length; s++) {
    members.push(table.flat.subarray(table.start[s]!, table.start[s + 1]!));
  }
  return { of: table.of, members, site: table.site };
}

function clampLat(lat: number): number {
  return Math.max(-85, Math.min(85, lat));
}
