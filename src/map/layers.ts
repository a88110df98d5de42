/**
 * State -> deck.gl layers, as pure functions (testable in Node). Stable layer ids; data objects
 * are only replaced when their content changes, and colour changes go through
 * `updateTriggers` keyed by a version number, as deck.gl's performance guide asks.
 */
import { ArcLayer, GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Polygon } from 'geojson';
import type { Inventory } from '../core/types.ts';
import { BASEMAP_LAYERS } from './basemap-style.ts';
import { drawnLat } from './zone.ts';
import {
  DIMMED_ALPHA,
  sectorColor,
  stateColor,
  ZONE_FILL,
  ZONE_LINE,
  type RGBA,
} from './palette.ts';

/** Zones, arcs and shapes draw under the country labels; facility dots stay on top. */
// `beforeId` is read by the interleaved MapLibre overlay; deck's layer types don't list it.
const UNDER_LABELS = { beforeId: BASEMAP_LAYERS.labels } as unknown as Record<string, never>;

/** Facility display states, one byte per facility. */
export const FacilityState = {
  Normal: 0,
  Unaffected: 1,
  Compromised: 2,
  Radius: 3,
  Cascade: 4,
  Protected: 5,
  /** Fails later than the playback time. */
  Pending: 6,
  /** Fails without protection, holds with it. */
  Saved: 7,
} as const;

/** Dependency display states, one byte per dependency. */
export const ArcState = {
  Normal: 0,
  Dimmed: 1,
  /** Its provider has failed. */
  Lost: 2,
  /** It carried a failure: the trigger of its dependent. */
  Carried: 3,
} as const;

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
  /** Bumped whenever facilityState or arcState changes. */
  stateVersion: number;
  /** Cross-border flag per dependency. */
  crossBorder: Uint8Array;
  zone: Feature<Polygon>[];
  selected: number;
  /** Criticality heat in [0, 1] per facility, or null for sector colours. */
  heat: Float32Array | null;
}

const OUTLINE: Record<number, RGBA> = {
  [FacilityState.Compromised]: stateColor('compromised'),
  [FacilityState.Radius]: stateColor('radius'),
  [FacilityState.Cascade]: stateColor('cascade'),
  [FacilityState.Protected]: stateColor('protected'),
  [FacilityState.Saved]: stateColor('protected'),
};

function facilityFill(model: MapModel, i: number): RGBA {
  if (model.heat) return heatColor(model.heat[i]!);
  const state = model.facilityState[i]!;
  const sector = model.inventory.facilities[i]!.sector;
  if (state === FacilityState.Unaffected || state === FacilityState.Pending) {
    return sectorColor(sector, DIMMED_ALPHA);
  }
  return sectorColor(sector, 235);
}

function facilityLine(model: MapModel, i: number): RGBA {
  return OUTLINE[model.facilityState[i]!] ?? [255, 255, 255, 200];
}

function facilityRadius(model: MapModel, i: number): number {
  if (model.heat) return 3 + 9 * model.heat[i]!;
  const state = model.facilityState[i]!;
  if (state === FacilityState.Compromised) return 9;
  if (state === FacilityState.Protected) return 8;
  if (state >= FacilityState.Cascade && state !== FacilityState.Pending) return 6.5;
  if (state === FacilityState.Radius) return 6.5;
  return 4.5;
}

/** A sequential ramp, pale yellow to deep red (ColorBrewer YlOrRd, safe for colour-blind eyes). */
const HEAT_STOPS: RGBA[] = [
  [255, 237, 160, 200],
  [254, 178, 76, 220],
  [253, 141, 60, 235],
  [227, 26, 28, 245],
  [128, 0, 38, 255],
];

export function heatColor(t: number): RGBA {
  const x = Math.max(0, Math.min(1, t)) * (HEAT_STOPS.length - 1);
  const k = Math.min(HEAT_STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const a = HEAT_STOPS[k]!;
  const b = HEAT_STOPS[k + 1]!;
  return [0, 1, 2, 3].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as RGBA;
}

function arcColor(model: MapModel, d: number, end: 'source' | 'target'): RGBA {
  const state = model.arcState[d]!;
  if (state === ArcState.Carried) return stateColor('cascade', end === 'source' ? 120 : 255);
  if (state === ArcState.Lost) return stateColor('cascade', end === 'source' ? 40 : 110);
  const base = sectorColor(serviceSector(model.inventory, d), 255);
  const cross = model.crossBorder[d] === 1;
  if (state === ArcState.Dimmed) return [base[0], base[1], base[2], cross ? 30 : 14];
  // Faint at the provider, strong at the dependent: the flow's direction.
  return [base[0], base[1], base[2], end === 'source' ? (cross ? 70 : 25) : cross ? 235 : 150];
}

/** The sector whose colour a service takes: its own name if it is a sector, else the provider's. */
function serviceSector(inventory: Inventory, d: number): string {
  const dep = inventory.dependencies[d]!;
  return dep.service in SERVICE_IS_SECTOR ? dep.service : inventory.facilities[dep.from]!.sector;
}

const SERVICE_IS_SECTOR: Record<string, true> = Object.assign(Object.create(null), {
  energy: true,
  water: true,
  telecom: true,
  transport: true,
  finance: true,
  health: true,
  emergency: true,
  government: true,
  food: true,
  chemical: true,
  other: true,
});

/**
 * The app's layers, bottom to top: impact zone, dependency arcs, shapes, points, selection.
 * @example overlay.setProps({ layers: buildLayers(model) })
 */
export function buildLayers(model: MapModel) {
  const pos = model.positions;
  // Beyond the Mercator edge (±85.05°) a facility and its arcs are drawn on the edge.
  const at = (i: number): [number, number] => [pos[2 * i]!, drawnLat(pos[2 * i + 1]!)];
  const triggers = { version: model.stateVersion };
  return [
    new GeoJsonLayer({
      id: 'impact-zone',
      ...UNDER_LABELS,
      data: { type: 'FeatureCollection', features: model.zone } as never,
      filled: true,
      stroked: true,
      getFillColor: ZONE_FILL,
      getLineColor: ZONE_LINE,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      visible: model.zone.length > 0,
    }),
    new ArcLayer<number>({
      id: 'dependencies',
      ...UNDER_LABELS,
      data: model.arcs,
      getSourcePosition: (d) => at(model.inventory.dependencies[d]!.from),
      // The shorter way round: an arc from 179.9 to -179.9 crosses the antimeridian.
      getTargetPosition: (d) => {
        const dep = model.inventory.dependencies[d]!;
        return nearSide(at(dep.to), pos[2 * dep.from]!);
      },
      getSourceColor: (d) => arcColor(model, d, 'source'),
      getTargetColor: (d) => arcColor(model, d, 'target'),
      getWidth: (d) =>
        model.arcState[d] === ArcState.Carried ? 3 : model.crossBorder[d] === 1 ? 2.2 : 1,
      getHeight: (d) => (model.crossBorder[d] === 1 ? 0.5 : 0.25),
      widthUnits: 'pixels',
      greatCircle: false,
      // Seen from above the arcs are near-straight: few segments keep software rendering fast.
      numSegments: 8,
      pickable: true,
      updateTriggers: { getSourceColor: triggers, getTargetColor: triggers, getWidth: triggers },
    }),
    new GeoJsonLayer({
      id: 'facility-shapes',
      ...UNDER_LABELS,
      data: { type: 'FeatureCollection', features: model.shapes } as never,
      filled: true,
      stroked: true,
      getFillColor: (f: Feature) => facilityFill(model, (f.properties as { i: number }).i),
      getLineColor: (f: Feature) => {
        const i = (f.properties as { i: number }).i;
        return (
          OUTLINE[model.facilityState[i]!] ?? sectorColor(model.inventory.facilities[i]!.sector)
        );
      },
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
      visible: model.shapes.length > 0,
      updateTriggers: { getFillColor: triggers, getLineColor: triggers },
    }),
    new ScatterplotLayer<number>({
      id: 'facilities',
      data: model.points,
      getPosition: at,
      getFillColor: (i) => facilityFill(model, i),
      getLineColor: (i) => facilityLine(model, i),
      getRadius: (i) => facilityRadius(model, i),
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (i) => (OUTLINE[model.facilityState[i]!] ? 2 : 0.75),
      pickable: true,
      updateTriggers: {
        getFillColor: triggers,
        getLineColor: triggers,
        getRadius: triggers,
        getLineWidth: triggers,
      },
    }),
    new ScatterplotLayer<number>({
      id: 'selection',
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
