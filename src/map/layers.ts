/**
 * State -> map layers, as pure functions (testable in Node). Stable layer ids; data objects
 * are only replaced when their content changes. Facilities and dependencies (up to hundreds of
 * thousands) are deck.gl layers fed typed arrays through `data.attributes`. The impact zone
 * and the few shapes (lines, polygons) are maplibre's own fill and line layers
 * (native-layers.ts), fed the GeoJSON `nativeData` builds: deck.gl's GeoJsonLayer would add
 * 40 kB (gzip) to the first download for them (docs/performance.md).
 */
import type { NameWindow } from './name-window.ts';
import { lastCall } from './last-call.ts';
import { ArcLayer, IconLayer, LineLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Polygon } from 'geojson';
import type { Inventory } from '../core/types.ts';
import { BASEMAP_LAYERS } from './basemap/style.ts';
import { drawnLat } from './zone.ts';
import { ArcState, FacilityState } from './display-model.ts';
import { facilityType } from '../core/facility-type.ts';
import { FAN_ZOOM, fannedPositions } from './stacks.ts';
import { findStacks, type Stacks } from '../core/sites.ts';
import {
  assignExtraColors,
  DIMMED_ALPHA,
  HEAT_STOPS,
  sectorColor,
  sectorShape,
  stateColor,
  writeColor,
  type RGBA,
} from './palette.ts';

/** Every deck.gl layer draws under the place names (city, country, facility labels). */
// `beforeId` is read by the interleaved MapLibre overlay; deck's layer types don't list it.
const UNDER_LABELS = { beforeId: BASEMAP_LAYERS.cities } as unknown as Record<string, never>;

/** Drawn over whatever deck.gl drew before, whatever its depth (also when picking). */
const DRAWN_OVER = { depthCompare: 'always' } as const;

export interface MapModel {
  inventory: Inventory;
  /** Representative lon/lat per facility. */
  positions: Float64Array;
  /** Facilities to draw (point-like ones) and shapes (lines, polygons) to draw. */
  points: Int32Array;
  shapes: Feature[];
  /** Dependencies to draw. */
  arcs: Int32Array;
  facilityState: Uint8Array;
  arcState: Uint8Array;
  /** Cross-border flag per dependency. */
  crossBorder: Uint8Array;
  zone: Feature<Polygon>[];
  selected: number;
  /** Criticality heat in [0, 1] per facility, or null for sector colours. */
  heat: Float32Array | null;
  /** The stacks of `points`, when found ahead (src/core/sites.ts); else found here. */
  stacks?: Stacks;
  /** Facilities coloured by sector (default) or by their original type word (`type`). */
  colorBy?: ColorBy;
}

export type ColorBy = 'sector' | 'type';

export const OUTLINE: Record<number, RGBA> = {
  [FacilityState.Compromised]: stateColor('compromised'),
  [FacilityState.Radius]: stateColor('radius'),
  [FacilityState.Cascade]: stateColor('cascade'),
  [FacilityState.Protected]: stateColor('protected'),
};
const PLAIN_OUTLINE: RGBA = [255, 255, 255, 200];

export function facilityFill(
  model: Pick<MapModel, 'inventory' | 'facilityState' | 'heat' | 'colorBy'>,
  i: number,
): RGBA {
  if (model.heat) return heatColor(model.heat[i]!);
  const state = model.facilityState[i]!;
  const codes = colorCodes(model.inventory, model.colorBy);
  const sector = codes.keys[codes.facility[i]!]!;
  if (state === FacilityState.Unaffected || state === FacilityState.Pending) {
    return sectorColor(sector, DIMMED_ALPHA);
  }
  return sectorColor(sector, 235);
}

/** A dot's radius in pixels: by heat when a heat style is on, else by its state. */
function dotRadius(heat: ArrayLike<number> | null | undefined, state: number, i: number): number {
  return heat ? 3 + 9 * heat[i]! : facilityRadius(state);
}

function facilityRadius(state: number): number {
  if (state === FacilityState.Compromised) return 9;
  if (state === FacilityState.Protected) return 8;
  if (state >= FacilityState.Cascade && state !== FacilityState.Pending) return 6.5;
  if (state === FacilityState.Radius) return 6.5;
  return 4.5;
}

export function heatColor(t: number): RGBA {
  const x = Math.max(0, Math.min(1, t)) * (HEAT_STOPS.length - 1);
  const k = Math.min(HEAT_STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const a = HEAT_STOPS[k]!;
  const b = HEAT_STOPS[k + 1]!;
  return [0, 1, 2, 3].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as RGBA;
}

/** The colour of one end of a dependency arc in a given state. */
function arcColor(base: RGBA, state: number, cross: boolean, end: 'source' | 'target'): RGBA {
  if (state === ArcState.Carried) return stateColor('cascade', end === 'source' ? 120 : 255);
  if (state === ArcState.Lost) return stateColor('cascade', end === 'source' ? 40 : 110);
  if (state === ArcState.Dimmed) return [base[0], base[1], base[2], cross ? 30 : 14];
  // Faint at the provider, strong at the dependent: the flow's direction.
  return [base[0], base[1], base[2], end === 'source' ? (cross ? 70 : 25) : cross ? 235 : 150];
}

/**
 * Per inventory, once: a small code per facility sector and per dependency's service (a core
 * sector's colour, else its own extra colour: palette.ts), so colours are looked up, not
 * re-derived.
 */
interface SectorCodes {
  sectors: string[];
  facility: Uint16Array;
  dependency: Uint16Array;
}
const sectorCodesCache = new WeakMap<Inventory, SectorCodes>();

const typeCodesCache = new WeakMap<Inventory, { keys: string[]; facility: Uint16Array }>();

/**
 * The colour key of each facility, as codes into `keys`: its sector, or (colouring by type) its
 * original type word, else its sector.
 */
function colorCodes(
  inventory: Inventory,
  colorBy: ColorBy = 'sector',
): { keys: string[]; facility: Uint16Array } {
  const bySector = sectorCodes(inventory);
  if (colorBy !== 'type') return { keys: bySector.sectors, facility: bySector.facility };
  let codes = typeCodesCache.get(inventory);
  if (codes) return codes;
  const keys: string[] = [];
  const codeOf = new Map<string, number>();
  const facility = new Uint16Array(inventory.facilities.length);
  inventory.facilities.forEach((f, i) => {
    const key = facilityType(f) ?? f.sector;
    let c = codeOf.get(key);
    if (c === undefined) codeOf.set(key, (c = keys.push(key) - 1));
    facility[i] = Math.min(c, 0xffff);
  });
  // The type words get extra colours of their own, clear of the other names' (palette.ts).
  assignExtraColors([...bySector.sectors, ...inventory.dependencies.services, ...keys]);
  codes = { keys, facility };
  typeCodesCache.set(inventory, codes);
  return codes;
}

function sectorCodes(inventory: Inventory): SectorCodes {
  let codes = sectorCodesCache.get(inventory);
  if (codes) return codes;
  const sectors: string[] = [];
  const codeOf = new Map<string, number>();
  const code = (sector: string) => {
    let c = codeOf.get(sector);
    if (c === undefined) {
      c = sectors.push(sector) - 1;
      codeOf.set(sector, c);
    }
    return c;
  };
  const facility = new Uint16Array(inventory.facilities.length);
  inventory.facilities.forEach((f, i) => (facility[i] = code(f.sector)));
  const deps = inventory.dependencies;
  assignExtraColors([...sectors, ...deps.services]);
  const serviceCode = deps.services.map((s) => code(s));
  const dependency = new Uint16Array(deps.length);
  for (let k = 0; k < deps.length; k++) dependency[k] = serviceCode[deps.service[k]!]!;
  codes = { sectors, facility, dependency };
  sectorCodesCache.set(inventory, codes);
  return codes;
}

const ARROW_BACK_PX = 6;

/** Web Mercator's y in degrees of longitude (so atan2 with a longitude difference is an angle). */
function mercatorY(lat: number): number {
  return (Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * 180) / Math.PI;
}

/** One arrowhead, pointing east with its tip at the anchor; coloured per arc (mask). */
const ARROW_ATLAS =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><path d="M2 4 L31 16 L2 28 L9 16 Z" fill="#fff"/></svg>',
  );
const ARROW_MAPPING = {
  arrow: { x: 0, y: 0, width: 32, height: 32, anchorX: 31, anchorY: 16, mask: true },
};

/** A deck.gl binary attribute: a typed array with `size` values per object. */
export interface BinaryAttribute {
  value: Float64Array | Float32Array | Uint8ClampedArray;
  size: number;
}

/**
 * Layer data as deck.gl binary attributes (`data.attributes`): deck uploads these typed arrays
 * as they are instead of calling accessors per object. `index` maps a row back to the facility
 * or dependency it draws (for picking).
 */
export interface BinaryTable {
  length: number;
  index: Int32Array;
  attributes: Record<string, BinaryAttribute>;
}

const pointGeometry = lastCall(
  (points: Int32Array, positions: Float64Array): Record<string, BinaryAttribute> => {
    const xyz = new Float64Array(points.length * 3);
    for (let k = 0; k < points.length; k++) {
      const i = points[k]!;
      xyz[3 * k] = positions[2 * i]!;
      // Beyond the Mercator edge a facility is drawn on the edge, as its selection ring is.
      xyz[3 * k + 1] = drawnLat(positions[2 * i + 1]!);
    }
    return { getPosition: { value: xyz, size: 3 } };
  },
);

const pointStyle = lastCall(
  (
    inventory: Inventory,
    points: Int32Array,
    facilityState: Uint8Array,
    heat: Float32Array | null,
    colorBy: ColorBy,
  ): Record<string, BinaryAttribute> => {
    const n = points.length;
    const fill = new Uint8ClampedArray(n * 4);
    const line = new Uint8ClampedArray(n * 4);
    const radius = new Float32Array(n);
    const lineWidth = new Float32Array(n);
    const { keys: sectors, facility } = colorCodes(inventory, colorBy);
    const strong = sectors.map((s) => sectorColor(s, 235));
    const dimmed = sectors.map((s) => sectorColor(s, DIMMED_ALPHA));
    // Past the extra colours, a sector is told apart by its shape: a ring in its colour.
    const ring = sectors.map((s) => sectorShape(s) === 'ring');
    for (let k = 0; k < n; k++) {
      const i = points[k]!;
      const state = facilityState[i]!;
      const outline = OUTLINE[state];
      const f = heat
        ? heatColor(heat[i]!)
        : (state === FacilityState.Unaffected || state === FacilityState.Pending ? dimmed : strong)[
            facility[i]!
          ]!;
      const ringed = !heat && !outline && ring[facility[i]!]!;
      writeColor(fill, 4 * k, ringed ? [f[0], f[1], f[2], Math.round(f[3] * 0.25)] : f);
      writeColor(line, 4 * k, ringed ? f : (outline ?? PLAIN_OUTLINE));
      radius[k] = dotRadius(heat, state, i);
      lineWidth[k] = outline ? 2 : ringed ? 2 : 0.75;
    }
    return {
      getFillColor: { value: fill, size: 4 },
      getLineColor: { value: line, size: 4 },
      getRadius: { value: radius, size: 1 },
      getLineWidth: { value: lineWidth, size: 1 },
    };
  },
);

const arcGeometry = lastCall(
  (
    inventory: Inventory,
    arcs: Int32Array,
    positions: Float64Array,
    crossBorder: Uint8Array,
  ): Record<string, BinaryAttribute> => {
    const n = arcs.length;
    const source = new Float64Array(n * 3);
    const target = new Float64Array(n * 3);
    const height = new Float32Array(n);
    // Arrowheads: at the dependent's end, pointing along the arc as seen from above.
    const angle = new Float32Array(n);
    const offset = new Float32Array(n * 2);
    const { from, to } = inventory.dependencies;
    for (let k = 0; k < n; k++) {
      const d = arcs[k]!;
      const p = from[d]!;
      const v = to[d]!;
      const fromLon = positions[2 * p]!;
      source[3 * k] = fromLon;
      source[3 * k + 1] = drawnLat(positions[2 * p + 1]!);
      // The shorter way round: an arc from 179.9 to -179.9 crosses the antimeridian.
      const [lon, lat] = nearSide([positions[2 * v]!, positions[2 * v + 1]!], fromLon);
      target[3 * k] = lon;
      target[3 * k + 1] = drawnLat(lat);
      height[k] = crossBorder[d] === 1 ? 0.5 : 0.25;
      const a = Math.atan2(
        mercatorY(target[3 * k + 1]!) - mercatorY(source[3 * k + 1]!),
        lon - fromLon,
      );
      angle[k] = (a * 180) / Math.PI;
      // Back from the dependent's centre by its dot's radius, so the tip touches the dot.
      offset[2 * k] = -Math.cos(a) * ARROW_BACK_PX;
      offset[2 * k + 1] = Math.sin(a) * ARROW_BACK_PX;
    }
    return {
      getSourcePosition: { value: source, size: 3 },
      getTargetPosition: { value: target, size: 3 },
      getHeight: { value: height, size: 1 },
      getAngle: { value: angle, size: 1 },
      getPixelOffset: { value: offset, size: 2 },
    };
  },
);

const arcStyle = lastCall(
  (
    inventory: Inventory,
    arcs: Int32Array,
    arcState: Uint8Array,
    crossBorder: Uint8Array,
  ): Record<string, BinaryAttribute> => {
    const n = arcs.length;
    const sourceColor = new Uint8ClampedArray(n * 4);
    const targetColor = new Uint8ClampedArray(n * 4);
    const width = new Float32Array(n);
    const arrowSize = new Float32Array(n);
    const { sectors, dependency } = sectorCodes(inventory);
    // Every (sector, state, cross-border) combination, computed once: the loop only copies.
    const table = sectors.map((s) => {
      const base = sectorColor(s, 255);
      return [0, 1, 2, 3].map((state) =>
        [false, true].map((cross) => [
          arcColor(base, state, cross, 'source'),
          arcColor(base, state, cross, 'target'),
        ]),
      );
    });
    for (let k = 0; k < n; k++) {
      const d = arcs[k]!;
      const state = arcState[d]!;
      const cross = crossBorder[d] === 1;
      const [s, t] = table[dependency[d]!]![state]![cross ? 1 : 0]! as [RGBA, RGBA];
      writeColor(sourceColor, 4 * k, s);
      writeColor(targetColor, 4 * k, t);
      width[k] = state === ArcState.Carried ? 3 : cross ? 2.2 : 1;
      arrowSize[k] = state === ArcState.Carried ? 13 : cross ? 10 : 8;
    }
    return {
      getSourceColor: { value: sourceColor, size: 4 },
      getTargetColor: { value: targetColor, size: 4 },
      getWidth: { value: width, size: 1 },
      getArrowSize: { value: arrowSize, size: 1 },
    };
  },
);

/** One table from a geometry and a style part; the same parts give the same table object. */
function tableOf(): (
  index: Int32Array,
  geometry: Record<string, BinaryAttribute>,
  style: Record<string, BinaryAttribute>,
) => BinaryTable {
  return lastCall((index, geometry, style) => ({
    length: index.length,
    index,
    attributes: { ...geometry, ...style },
  }));
}
const facilityTable = tableOf();
const dependencyTable = tableOf();

/** What the map shows that is not state: the zoom, stepped to halves by the caller. */
export interface MapView {
  zoom: number;
  /** Which facilities' names maplibre gets (name-window.ts; default: all). */
  names?: NameWindow;
}
export const NO_VIEW: MapView = { zoom: 0 };

const stacksOf = lastCall(findStacks);
const fanned = lastCall(fannedPositions);

/** The stacks (facilities sharing a site) among the model's dots. */
export function modelStacks(model: Pick<MapModel, 'points' | 'positions' | 'stacks'>): Stacks {
  return model.stacks ?? stacksOf(model.points, model.positions);
}

/** Where each facility is drawn at this view: stack members fanned out (stacks.ts). */
export function drawnPositions(model: MapModel, view: MapView = NO_VIEW): Float64Array {
  return fanned(model.positions, modelStacks(model), view.zoom);
}

/**
 * The drawn dots that cover a pixel: facility indices whose dot (its drawn radius plus one
 * pixel of slack) contains `at`, nearest first. `project` maps lon/lat to the same pixels.
 * A click that lands on two overlapping dots picks neither: the caller lets the user choose.
 * @example dotsUnder(model, { zoom: 8 }, { x: 10, y: 10 }, project) // [3, 5]
 */
export function dotsUnder(
  model: MapModel,
  view: MapView,
  at: { x: number; y: number },
  project: (lon: number, lat: number) => { x: number; y: number },
): number[] {
  const drawn = drawnPositions(model, view);
  const hits: { i: number; d2: number }[] = [];
  for (const i of model.points) {
    const p = project(drawn[2 * i]!, drawnLat(drawn[2 * i + 1]!));
    const dx = p.x - at.x;
    const dy = p.y - at.y;
    const r = 1 + dotRadius(model.heat, model.facilityState[i]!, i);
    const d2 = dx * dx + dy * dy;
    if (d2 <= r * r) hits.push({ i, d2 });
  }
  return hits.sort((a, b) => a.d2 - b.d2 || a.i - b.i).map((h) => h.i);
}

/** The facility table of the point facilities drawn (positions, colours, radii, outlines). */
export function facilityData(model: MapModel, view: MapView = NO_VIEW): BinaryTable {
  return facilityTable(
    model.points,
    pointGeometry(model.points, drawnPositions(model, view)),
    pointStyle(
      model.inventory,
      model.points,
      model.facilityState,
      model.heat,
      model.colorBy ?? 'sector',
    ),
  );
}

/** The table of the dependency arcs drawn (ends, colours, widths, heights). */
export function dependencyData(model: MapModel, view: MapView = NO_VIEW): BinaryTable {
  return dependencyTable(
    model.arcs,
    arcGeometry(model.inventory, model.arcs, drawnPositions(model, view), model.crossBorder),
    arcStyle(model.inventory, model.arcs, model.arcState, model.crossBorder),
  );
}

/** Thin leaders from each stack member's true position to where it is drawn. */
const leaderTable = lastCall((stacks: Stacks, positions: Float64Array, drawn: Float64Array) => {
  let n = 0;
  for (const list of stacks.members) n += list.length;
  const source = new Float64Array(n * 3);
  const target = new Float64Array(n * 3);
  const index = new Int32Array(n);
  let k = 0;
  for (const list of stacks.members) {
    for (const i of list) {
      index[k] = i;
      source[3 * k] = positions[2 * i]!;
      source[3 * k + 1] = drawnLat(positions[2 * i + 1]!);
      target[3 * k] = drawn[2 * i]!;
      target[3 * k + 1] = drawnLat(drawn[2 * i + 1]!);
      k++;
    }
  }
  return {
    length: n,
    index,
    attributes: {
      getSourcePosition: { value: source, size: 3 },
      getTargetPosition: { value: target, size: 3 },
    },
  } satisfies BinaryTable;
});

export function leaderData(model: MapModel, view: MapView = NO_VIEW): BinaryTable {
  return leaderTable(modelStacks(model), model.positions, drawnPositions(model, view));
}

/**
 * The arrowheads' table: the dependency table's target ends, angles and colours, under the
 * names IconLayer reads (the same typed arrays, nothing copied).
 */
export const arrowData = lastCall((arcs: BinaryTable): BinaryTable => {
  const a = arcs.attributes;
  return {
    length: arcs.length,
    index: arcs.index,
    attributes: {
      getPosition: a.getTargetPosition!,
      getAngle: a.getAngle!,
      getPixelOffset: a.getPixelOffset!,
      getColor: a.getTargetColor!,
      getSize: a.getArrowSize!,
    },
  };
});

/**
 * The facility or dependency a pick on the 'facilities' or 'dependencies' layer stands for,
 * else -1 (binary tables carry no objects: deck.gl reports the row, `index` maps it back).
 */
export function pickedIndex(info: {
  index: number;
  layer?: { props: { data?: unknown } } | null;
}): number {
  const data = info.layer?.props.data as Partial<BinaryTable> | undefined;
  return data?.index && info.index >= 0 ? (data.index[info.index] ?? -1) : -1;
}

/**
 * The deck.gl layers, bottom to top: dependency arcs, points, selection (the zone goes under
 * the arcs and the shapes over them, in maplibre: native-layers.ts).
 * Facilities and arcs are binary tables (see facilityData): a state change hands deck.gl new
 * colour arrays and the same position arrays, which it recognises and does not upload again.
 * @example overlay.setProps({ layers: buildLayers(model) })
 */
export function buildLayers(model: MapModel, view: MapView = NO_VIEW) {
  const pos = drawnPositions(model, view);
  const arcs = dependencyData(model, view);
  // Beyond the Mercator edge (±85.05°) a facility and its arcs are drawn on the edge.
  const at = (i: number): [number, number] => [pos[2 * i]!, drawnLat(pos[2 * i + 1]!)];
  return [
    new ArcLayer({
      id: 'dependencies',
      ...UNDER_LABELS,
      data: arcs as never,
      widthUnits: 'pixels',
      greatCircle: false,
      // Seen from above the arcs are near-straight: few segments keep software rendering fast.
      numSegments: 8,
      pickable: true,
    }),
    new IconLayer({
      id: 'arrowheads',
      ...UNDER_LABELS,
      data: arrowData(arcs) as never,
      iconAtlas: ARROW_ATLAS,
      iconMapping: ARROW_MAPPING,
      getIcon: () => 'arrow',
      sizeUnits: 'pixels',
      billboard: true,
      pickable: false,
    }),
    new LineLayer({
      id: 'stack-leaders',
      ...UNDER_LABELS,
      data: leaderData(model, view) as never,
      widthUnits: 'pixels',
      getWidth: 1,
      getColor: [60, 66, 72, 150],
      visible: view.zoom >= FAN_ZOOM,
    }),
    new ScatterplotLayer({
      id: 'facilities',
      ...UNDER_LABELS,
      data: facilityData(model, view) as never,
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      pickable: true,
      // A dot wins the click over the arcs leaving it: arcs rise off the ground, so with the
      // depth test a click on a provider's dot would pick its arc (and select nothing).
      parameters: DRAWN_OVER,
    }),
    new ScatterplotLayer<number>({
      id: 'selection',
      ...UNDER_LABELS,
      data: model.selected >= 0 ? [model.selected] : [],
      getPosition: at,
      getRadius: 14,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: stateColor('selected', 230),
      getLineWidth: 2.5,
      lineWidthUnits: 'pixels',
      visible: model.selected >= 0,
    }),
  ];
}

/** Shifts a position by 360 degrees of longitude when that brings it nearer to `lon`. */
export function nearSide(p: [number, number], lon: number): [number, number] {
  const dx = p[0] - lon;
  if (dx > 180) return [p[0] - 360, p[1]];
  if (dx < -180) return [p[0] + 360, p[1]];
  return p;
}
