/**
 * What maplibre draws itself (native-layers.ts), from the same map model as the deck.gl layers
 * (layers.ts): the impact zone, the coloured shapes, the facility names (those around the view,
 * name-window.ts) and the stack badges. The same state gives the same objects, so maplibre's
 * worker is sent nothing that did not change.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { Inventory } from '../core/types.ts';
import { FacilityState } from './display-model.ts';
import { lastCall } from './last-call.ts';
import {
  drawnPositions,
  facilityFill,
  modelStacks,
  NO_VIEW,
  OUTLINE,
  type ColorBy,
  type MapModel,
  type MapView,
} from './layers.ts';
import { inWindow, type NameWindow } from './name-window.ts';
import { cssColor, sectorColor } from './palette.ts';
import { stackBadges } from './stacks.ts';
import { drawnLat } from './zone.ts';

/** What maplibre draws itself (native-layers.ts): the impact zone and the coloured shapes. */
export interface NativeData {
  zone: FeatureCollection;
  /** Each shape with `id` and `properties.i` = its facility index, `fill` and `line` colours. */
  shapes: FeatureCollection;
  /** The drawn facilities' names at their drawn positions, in the view's name window. */
  labels: FeatureCollection;
  /**
   * The names always shown (compromised, failed, selected), with their `rank`: every
   * compromised and selected one; failed, saved and protected ones around the view when zoomed
   * in, else the first MAX_OTHER_NAMES.
   */
  named: FeatureCollection;
  /** One count per stack at its site. */
  badges: FeatureCollection;
}

const zoneData = lastCall((zone: Feature[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: zone,
}));

const shapeData = lastCall(
  (
    inventory: Inventory,
    shapes: Feature[],
    facilityState: Uint8Array,
    heat: Float32Array | null,
    colorBy: ColorBy,
  ): FeatureCollection => {
    const model = { inventory, facilityState, heat, colorBy };
    return {
      type: 'FeatureCollection',
      features: shapes.map((f) => {
        const i = (f.properties as { i: number }).i;
        const line = OUTLINE[facilityState[i]!] ?? sectorColor(inventory.facilities[i]!.sector);
        return {
          type: 'Feature',
          id: i,
          geometry: f.geometry,
          properties: { i, fill: cssColor(facilityFill(model, i)), line: cssColor(line) },
        };
      }),
    };
  },
);

/** Facility states whose facilities are always named. */
/** Failed, saved or protected names handed to maplibre when not zoomed in (see namedLabelData). */
export const MAX_OTHER_NAMES = 1_500;

const NAMED: Record<number, number> = {
  [FacilityState.Compromised]: 0,
  [FacilityState.Cascade]: 1,
  [FacilityState.Radius]: 1,
  [FacilityState.Protected]: 2,
};

/**
 * Every drawn facility's name, shown from ALL_NAMES_ZOOM (native-layers.ts). It depends on the
 * drawn positions only, so a click that compromises or selects does not send 8,000 names to
 * maplibre's worker again: the names a state change brings are `namedLabelData`'s.
 */
const allLabelData = lastCall(
  (
    inventory: Inventory,
    points: Int32Array,
    shapes: Feature[],
    drawn: Float64Array,
    names: NameWindow,
  ) => {
    const features: Feature[] = [];
    const add = (i: number) => {
      const lon = drawn[2 * i]!;
      const lat = drawnLat(drawn[2 * i + 1]!);
      if (!inWindow(names, lon, lat)) return;
      features.push({
        type: 'Feature',
        id: i,
        properties: { i, name: inventory.facilities[i]!.name },
        geometry: { type: 'Point', coordinates: [lon, lat] },
      });
    };
    for (const i of points) add(i);
    for (const f of shapes) add((f.properties as { i: number }).i);
    return { type: 'FeatureCollection', features } as FeatureCollection;
  },
);

/**
 * The names always shown: compromised, failed (by the playback moment: pending ones are not)
 * and selected facilities, ranked (`rank`, maplibre's symbol-sort-key: selected, compromised,
 * failed, saved or protected). Drawn above the other names, so maplibre's collision hides a
 * facility's other label under it and keeps any two from overlapping.
 */
const namedLabelData = lastCall(
  (
    inventory: Inventory,
    points: Int32Array,
    shapes: Feature[],
    drawn: Float64Array,
    facilityState: Uint8Array,
    selected: number,
    names: NameWindow,
  ): FeatureCollection => {
    const features: Feature[] = [];
    let others = 0;
    const add = (i: number) => {
      const rank = i === selected ? -1 : NAMED[facilityState[i]!];
      if (rank === undefined) return;
      // Failed, saved and protected ones: those around the view when zoomed in, else the first
      // MAX_OTHER_NAMES (maplibre places a few dozen at a time; a 100,000-long cascade handed
      // over whole kept the page busy for seconds).
      if (rank > 0 && names !== 'all') {
        const around = names !== 'none';
        if (
          around
            ? !inWindow(names, drawn[2 * i]!, drawnLat(drawn[2 * i + 1]!))
            : ++others > MAX_OTHER_NAMES
        ) {
          return;
        }
      }
      features.push({
        type: 'Feature',
        id: i,
        properties: { i, name: inventory.facilities[i]!.name, rank },
        geometry: { type: 'Point', coordinates: [drawn[2 * i]!, drawnLat(drawn[2 * i + 1]!)] },
      });
    };
    for (const i of points) add(i);
    for (const f of shapes) add((f.properties as { i: number }).i);
    return { type: 'FeatureCollection', features };
  },
);

const badgeData = lastCall(stackBadges);

/** The zone, shapes, labels and stack badges for maplibre; the same state, the same objects. */
export function nativeData(model: MapModel, view: MapView = NO_VIEW): NativeData {
  return {
    zone: zoneData(model.zone),
    shapes: shapeData(
      model.inventory,
      model.shapes,
      model.facilityState,
      model.heat,
      model.colorBy ?? 'sector',
    ),
    labels: allLabelData(
      model.inventory,
      model.points,
      model.shapes,
      drawnPositions(model, view),
      view.names ?? 'all',
    ),
    named: namedLabelData(
      model.inventory,
      model.points,
      model.shapes,
      drawnPositions(model, view),
      model.facilityState,
      model.selected,
      view.names ?? 'all',
    ),
    badges: badgeData(modelStacks(model)),
  };
}
