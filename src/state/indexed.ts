/**
 * What the viewer computes once per inventory: the graph, the spatial index, positions and
 * cross-border flags, in the compact shapes the map layers read. ("Prepared" means one thing
 * only: an inventory loaded and checked at build time, PreparedInventory in load-protocol.ts.)
 */
import type { Feature } from 'geojson';
import { buildGraph, type Graph } from '../core/graph.ts';
import { representativePoint } from '../core/representative-point.ts';
import { isCrossBorder } from '../core/scenario.ts';
import { SpatialIndex } from '../core/spatial-index.ts';
import type { Inventory } from '../core/types.ts';
import { searchKey } from './search.ts';

export interface Indexed {
  inventory: Inventory;
  graph: Graph;
  ids: string[];
  index: SpatialIndex;
  /** Representative lon/lat per facility. */
  positions: Float64Array;
  crossBorder: Uint8Array;
  /** Point and MultiPoint facilities (drawn as dots). */
  pointLike: Int32Array;
  /** Every dependency index, 0..m-1 (what the map draws when nothing is filtered). */
  allDependencies: Int32Array;
  /** Other facilities, as features carrying their index in `properties.i`. */
  shapes: Feature[];
  sectors: string[];
  countries: string[];
  /** Lower-cased "name id" per facility, for search. */
  searchText: string[];
}

export function indexInventory(inventory: Inventory): Indexed {
  const n = inventory.facilities.length;
  const positions = new Float64Array(n * 2);
  const pointLike: number[] = [];
  const shapes: Feature[] = [];
  const sectors = new Set<string>();
  const countries = new Set<string>();
  inventory.facilities.forEach((f, i) => {
    const [lon, lat] = representativePoint(f.geometry);
    positions[2 * i] = lon;
    positions[2 * i + 1] = lat;
    if (f.geometry.type === 'Point' || f.geometry.type === 'MultiPoint') pointLike.push(i);
    else shapes.push({ type: 'Feature', properties: { i }, geometry: f.geometry });
    sectors.add(f.sector);
    if (f.country) countries.add(f.country);
  });
  const crossBorder = new Uint8Array(inventory.dependencies.length);
  const { from, to } = inventory.dependencies;
  for (let k = 0; k < from.length; k++) {
    if (isCrossBorder(inventory, from[k]!, to[k]!)) crossBorder[k] = 1;
  }
  return {
    inventory,
    graph: buildGraph(inventory),
    ids: inventory.facilities.map((f) => f.id),
    index: new SpatialIndex(inventory.facilities.map((f) => f.geometry)),
    positions,
    crossBorder,
    pointLike: Int32Array.from(pointLike),
    allDependencies: Int32Array.from({ length: inventory.dependencies.length }, (_, k) => k),
    shapes,
    sectors: [...sectors].sort(),
    countries: [...countries].sort(),
    searchText: inventory.facilities.map((f) => searchKey(`${f.name} ${f.id}`)),
  };
}
