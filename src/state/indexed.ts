/**
 * What the viewer computes once per inventory: the graph, the spatial index, positions and
 * cross-border flags, in the compact shapes the map layers read; the costly part of it
 * (BuiltIndex) in the loading worker when there is one. ("Prepared" means one thing
 * only: an inventory loaded and checked at build time, PreparedInventory in load-protocol.ts.)
 */
import type { Feature } from 'geojson';
import { buildGraph, type Graph } from '../core/graph.ts';
import { hashInventory } from '../core/inventory-hash.ts';
import { boundsOf } from './bounds.ts';
import { representativePoint } from '../core/representative-point.ts';
import { isCrossBorder } from '../core/scenario.ts';
import { SpatialIndex, type SpatialIndexData } from '../core/spatial-index.ts';
import type { Inventory } from '../core/types.ts';
import { searchKey } from './search.ts';
import {
  findStacks,
  stackTable,
  stacksFromTable,
  type Stacks,
  type StackTable,
} from '../core/sites.ts';

export interface Indexed {
  inventory: Inventory;
  graph: Graph;
  ids: string[];
  index: SpatialIndex;
  /** Representative lon/lat per facility. */
  positions: Float64Array;
  crossBorder: Uint8Array;
  /** hashInventory of the inventory. */
  hash: string;
  /** Point and MultiPoint facilities (drawn as dots), and the sites they share. */
  pointLike: Int32Array;
  stacks: Stacks;
  /** Every dependency index, 0..m-1 (what the map draws when nothing is filtered). */
  allDependencies: Int32Array;
  /** Other facilities, as features carrying their index in `properties.i`. */
  shapes: Feature[];
  sectors: string[];
  countries: string[];
  /** Lower-cased "name id" per facility, for search. */
  searchText: string[];
}

/**
 * The part of the index that costs most to build: the graph, the spatial index, positions
 * and cross-border flags, in typed arrays only. The loading worker builds it and transfers its
 * buffers (builtBuffers), so the page does not spend a second on it after a large load.
 */
export interface BuiltIndex {
  graph: Graph;
  index: SpatialIndexData;
  /** Representative lon/lat per facility. */
  positions: Float64Array;
  crossBorder: Uint8Array;
  /** Point and MultiPoint facilities (drawn as dots), and the sites they share. */
  pointLike: Int32Array;
  stacks: StackTable;
  /** The sectors and countries present, sorted. */
  sectors: string[];
  countries: string[];
  /** hashInventory of it (what scenario files and links name it by). */
  hash: string;
  /** The first view's box (bounds.ts). */
  bounds: [number, number, number, number];
  /** searchKey of each facility's "name id", when made while the facilities arrived. */
  searchText?: string[];
}

const adopted = new WeakMap<Inventory, BuiltIndex>();

/** Keeps what the loading worker built for `inventory`: indexInventory adopts it. */
export function adoptBuiltIndex(inventory: Inventory, built: BuiltIndex): void {
  adopted.set(inventory, built);
}

/** Builds the costly part of the index (in the loading worker, or here when there is none). */
export function buildIndex(inventory: Inventory): BuiltIndex {
  const n = inventory.facilities.length;
  const positions = new Float64Array(n * 2);
  inventory.facilities.forEach((f, i) => {
    const [lon, lat] = representativePoint(f.geometry);
    positions[2 * i] = lon;
    positions[2 * i + 1] = lat;
  });
  const crossBorder = new Uint8Array(inventory.dependencies.length);
  const { from, to } = inventory.dependencies;
  for (let k = 0; k < from.length; k++) {
    if (isCrossBorder(inventory, from[k]!, to[k]!)) crossBorder[k] = 1;
  }
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  const points: number[] = [];
  const sectors = new Set<string>();
  const countries = new Set<string>();
  inventory.facilities.forEach((f, i) => {
    if (f.geometry.type === 'Point' || f.geometry.type === 'MultiPoint') points.push(i);
    sectors.add(f.sector);
    if (f.country) countries.add(f.country);
  });
  const pointLike = Int32Array.from(points);
  return {
    graph: buildGraph(inventory),
    index: index.data,
    positions,
    crossBorder,
    pointLike,
    stacks: stackTable(findStacks(pointLike, positions)),
    sectors: [...sectors].sort(),
    countries: [...countries].sort(),
    hash: hashInventory(inventory),
    bounds: boundsOf(inventory),
  };
}

/** The buffers of a built index, to transfer (each once). */
export function builtBuffers(built: BuiltIndex): ArrayBuffer[] {
  const { graph, index } = built;
  const { stacks } = built;
  const arrays: ArrayBufferView[] = [
    built.positions,
    built.crossBorder,
    built.pointLike,
    ...[stacks.of, stacks.start, stacks.flat, stacks.site],
    ...[index.centres, index.capKm, index.unit, index.kind, index.entryFacility, index.wide],
    ...[graph.groupStart, graph.groupDependent, graph.groupService, graph.groupNeed],
    ...[graph.edgeStart, graph.edgeProvider, graph.edgeDelayHours, graph.edgeGroup],
    ...[graph.edgeDependency, graph.outStart, graph.outSlots, graph.outGroup],
  ];
  return [...new Set([index.kd, ...arrays.map((a) => a.buffer as ArrayBuffer)])];
}

/** Search keys of facilities, as the search compares them. */
export function searchTextOf(facilities: readonly { name: string; id: string }[]): string[] {
  return facilities.map((f) => searchKey(`${f.name} ${f.id}`));
}

/**
 * The viewer's index of an inventory.
 * @param built the costly part (default: what the loading worker built for it, else built here)
 */
export function indexInventory(
  inventory: Inventory,
  built: BuiltIndex = adopted.get(inventory) ?? buildIndex(inventory),
): Indexed {
  const { facilities } = inventory;
  const shapes: Feature[] = [];
  if (built.pointLike.length < facilities.length) {
    facilities.forEach((f, i) => {
      if (f.geometry.type !== 'Point' && f.geometry.type !== 'MultiPoint') {
        shapes.push({ type: 'Feature', properties: { i }, geometry: f.geometry });
      }
    });
  }
  const geometries = inventory.facilities.map((f) => f.geometry);
  return {
    inventory,
    graph: built.graph,
    ids: inventory.facilities.map((f) => f.id),
    index: new SpatialIndex(geometries, built.index),
    positions: built.positions,
    crossBorder: built.crossBorder,
    hash: built.hash,
    pointLike: built.pointLike,
    stacks: stacksFromTable(built.stacks),
    allDependencies: allRows(inventory.dependencies.length),
    shapes,
    sectors: built.sectors,
    countries: built.countries,
    searchText: built.searchText ?? searchTextOf(inventory.facilities),
  };
}

/** 0, 1, ..., length - 1. */
function allRows(length: number): Int32Array {
  const rows = new Int32Array(length);
  for (let k = 0; k < length; k++) rows[k] = k;
  return rows;
}
