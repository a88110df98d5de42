/**
 * buildLayers: what each facility and dependency is drawn with (binary attributes), that a
 * state change only replaces colour arrays, and that nothing changes identity when nothing
 * changed (deck.gl then does no work).
 */
import type { NameWindow } from '../../src/map/name-window.ts';
import { MAX_OTHER_NAMES, nativeData } from '../../src/map/native-data.ts';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { isCrossBorder } from '../../src/core/scenario.ts';
import type { Inventory } from '../../src/core/types.ts';
import type { Feature, Polygon } from 'geojson';
import { ArcState, FacilityState } from '../../src/map/display-model.ts';
import {
  buildLayers,
  dependencyData,
  dotsUnder,
  facilityData,
  heatColor,
  modelStacks,
  pickedIndex,
  type BinaryTable,
  type MapModel,
} from '../../src/map/layers.ts';
import {
  DIMMED_ALPHA,
  EXTRA_COLORS,
  sectorColor,
  sectorHex,
  stateColor,
} from '../../src/map/palette.ts';
import { dependencyRows } from '../../src/core/dependency-table.ts';

const point = (id: string, sector: string, country: string, lon: number, lat: number) => ({
  type: 'Feature',
  properties: { id, sector, country },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

/** p (energy, DE) powers a (water, DE) and b (health, FR, cross-border); e at 179.9 feeds w. */
function inventory(): Inventory {
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      point('p', 'energy', 'DE', 8, 50),
      point('a', 'water', 'DE', 9, 51),
      point('b', 'health', 'FR', 7, 48),
      point('e', 'telecom', 'RU', 179.9, 65),
      point('w', 'telecom', 'US', -179.9, 65),
      {
        type: 'Feature',
        properties: { id: 'dam', sector: 'water', country: 'DE' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [10, 50],
              [10.1, 50],
              [10.1, 50.1],
              [10, 50],
            ],
          ],
        },
      },
      { type: 'Feature', geometry: null, properties: { from: 'p', to: 'a', service: 'energy' } },
      { type: 'Feature', geometry: null, properties: { from: 'p', to: 'b', service: 'power' } },
      { type: 'Feature', geometry: null, properties: { from: 'e', to: 'w', service: 'telecom' } },
    ],
  });
  const result = loadInventory([{ name: 'small.geojson', text }]);
  if (!result.ok) throw new Error(result.message);
  return result.inventory;
}

function model(inv: Inventory, changes: Partial<MapModel> = {}): MapModel {
  const n = inv.facilities.length;
  const positions = new Float64Array(2 * n);
  inv.facilities.forEach((f, i) => {
    const c = f.geometry.type === 'Point' ? f.geometry.coordinates : [10, 50];
    positions[2 * i] = c[0]!;
    positions[2 * i + 1] = c[1]!;
  });
  const crossBorder = new Uint8Array(inv.dependencies.length);
  dependencyRows(inv.dependencies).forEach(
    (d, k) => (crossBorder[k] = isCrossBorder(inv, d.from, d.to) ? 1 : 0),
  );
  return {
    inventory: inv,
    positions,
    points: Int32Array.from([0, 1, 2, 3, 4]),
    shapes: [],
    arcs: Int32Array.from({ length: inv.dependencies.length }, (_, k) => k),
    facilityState: new Uint8Array(n),
    arcState: new Uint8Array(inv.dependencies.length),
    crossBorder,
    zone: [],
    selected: -1,
    heat: null,
    ...changes,
  };
}

const rgba = (table: BinaryTable, name: string, row: number) =>
  Array.from(table.attributes[name]!.value.subarray(4 * row, 4 * row + 4));
const one = (table: BinaryTable, name: string, row: number) => table.attributes[name]!.value[row];
const xy = (table: BinaryTable, name: string, row: number) =>
  Array.from(table.attributes[name]!.value.subarray(3 * row, 3 * row + 2));

describe('buildLayers', () => {
  it('keeps the layer ids and order, and counts what is drawn', () => {
    const layers = buildLayers(model(inventory()));
    // The impact zone and the shapes are maplibre's own layers (nativeData, below).
    expect(layers.map((l) => l.id)).toEqual([
      'dependencies',
      'arrowheads',
      'stack-leaders',
      'facilities',
      'selection',
    ]);
    const facilities = layers.find((l) => l.id === 'facilities')!.props
      .data as unknown as BinaryTable;
    const arcs = layers[0]!.props.data as unknown as BinaryTable;
    expect(facilities.length).toBe(5);
    expect(arcs.length).toBe(3);
  });

  it('points an arrowhead at each dependent, along its arc, in its arc colour', () => {
    const layers = buildLayers(model(inventory()));
    const arrows = layers.find((l) => l.id === 'arrowheads')!.props.data as unknown as BinaryTable;
    const arcs = layers[0]!.props.data as unknown as BinaryTable;
    expect(arrows.length).toBe(3);
    // p (8, 50) -> a (9, 51): north-east, a little steeper than 45° on Mercator.
    expect(xy(arrows, 'getPosition', 0)).toEqual([9, 51]);
    const angle = one(arrows, 'getAngle', 0)!;
    expect(angle).toBeGreaterThan(45);
    expect(angle).toBeLessThan(60);
    // The tip backs off towards the provider: left and down on the screen (y grows down).
    const off = Array.from(arrows.attributes.getPixelOffset!.value.subarray(0, 2));
    expect(off[0]).toBeLessThan(0);
    expect(off[1]).toBeGreaterThan(0);
    expect(rgba(arrows, 'getColor', 1)).toEqual(rgba(arcs, 'getTargetColor', 1));
    // e (179.9) -> w (-179.9): the short way, due east.
    expect(one(arrows, 'getAngle', 2)).toBeCloseTo(0, 6);
  });

  it('draws facilities by sector, with white outlines, before any scenario', () => {
    const inv = inventory();
    const table = facilityData(model(inv));
    expect(xy(table, 'getPosition', 2)).toEqual([7, 48]);
    expect(rgba(table, 'getFillColor', 0)).toEqual(sectorColor('energy', 235));
    expect(rgba(table, 'getFillColor', 1)).toEqual(sectorColor('water', 235));
    expect(rgba(table, 'getLineColor', 0)).toEqual([255, 255, 255, 200]);
    expect(one(table, 'getRadius', 0)).toBe(4.5);
    expect(one(table, 'getLineWidth', 0)).toBe(0.75);
  });

  it('styles each facility state apart and dims the unaffected', () => {
    const inv = inventory();
    const facilityState = Uint8Array.from([
      FacilityState.Compromised,
      FacilityState.Cascade,
      FacilityState.Unaffected,
      FacilityState.Protected,
      FacilityState.Pending,
      FacilityState.Radius,
    ]);
    const table = facilityData(model(inv, { facilityState }));
    expect(rgba(table, 'getLineColor', 0)).toEqual(stateColor('compromised'));
    expect(one(table, 'getRadius', 0)).toBe(9);
    expect(one(table, 'getLineWidth', 0)).toBe(2);
    expect(rgba(table, 'getLineColor', 1)).toEqual(stateColor('cascade'));
    expect(one(table, 'getRadius', 1)).toBe(6.5);
    expect(rgba(table, 'getFillColor', 2)).toEqual(sectorColor('health', DIMMED_ALPHA));
    expect(one(table, 'getRadius', 2)).toBe(4.5);
    expect(rgba(table, 'getLineColor', 3)).toEqual(stateColor('protected'));
    expect(one(table, 'getRadius', 3)).toBe(8);
    // Fails later than the playhead: dimmed, no outline yet.
    expect(rgba(table, 'getFillColor', 4)).toEqual(sectorColor('telecom', DIMMED_ALPHA));
    expect(one(table, 'getLineWidth', 4)).toBe(0.75);
  });

  it('colours by criticality heat when asked, sized by it', () => {
    const heat = Float32Array.from([0, 0.5, 1, 0, 0, 0]);
    const table = facilityData(model(inventory(), { heat }));
    expect(rgba(table, 'getFillColor', 2)).toEqual(heatColor(1));
    expect(one(table, 'getRadius', 1)).toBe(3 + 9 * 0.5);
  });

  it('draws arcs from provider to dependent, the short way across the antimeridian', () => {
    const table = dependencyData(model(inventory()));
    expect(xy(table, 'getSourcePosition', 0)).toEqual([8, 50]);
    expect(xy(table, 'getTargetPosition', 0)).toEqual([9, 51]);
    expect(xy(table, 'getSourcePosition', 2)).toEqual([179.9, 65]);
    expect(table.attributes.getTargetPosition!.value[6]).toBeCloseTo(180.1, 9);
  });

  it('colours arcs by service (its own colour outside the sectors), faint at the provider, cross-border bolder', () => {
    const table = dependencyData(model(inventory()));
    const energy = sectorColor('energy', 255);
    expect(rgba(table, 'getSourceColor', 0)).toEqual([energy[0], energy[1], energy[2], 25]);
    expect(rgba(table, 'getTargetColor', 0)).toEqual([energy[0], energy[1], energy[2], 150]);
    // "power" is no sector: a colour of its own, no sector's; DE -> FR is cross-border.
    const power = sectorColor('power', 255);
    expect(EXTRA_COLORS).toContain(sectorHex('power'));
    expect(rgba(table, 'getTargetColor', 1)).toEqual([power[0], power[1], power[2], 235]);
    expect(one(table, 'getWidth', 1)).toBeCloseTo(2.2, 6);
    expect(one(table, 'getHeight', 1)).toBe(0.5);
    expect(one(table, 'getWidth', 0)).toBe(1);
    expect(one(table, 'getHeight', 0)).toBe(0.25);
  });

  it('highlights the arcs that carried a failure and dims the rest', () => {
    const arcState = Uint8Array.from([ArcState.Carried, ArcState.Lost, ArcState.Dimmed]);
    const table = dependencyData(model(inventory(), { arcState }));
    expect(rgba(table, 'getTargetColor', 0)).toEqual(stateColor('cascade', 255));
    expect(rgba(table, 'getSourceColor', 0)).toEqual(stateColor('cascade', 120));
    expect(one(table, 'getWidth', 0)).toBe(3);
    expect(rgba(table, 'getTargetColor', 1)).toEqual(stateColor('cascade', 110));
    expect(rgba(table, 'getTargetColor', 2)[3]).toBe(30); // cross-border, dimmed
  });

  it('draws only the rows asked for, and maps a picked row back to its facility or dependency', () => {
    const m = model(inventory(), { points: Int32Array.from([4, 2]), arcs: Int32Array.from([2]) });
    const layers = buildLayers(m);
    const facilities = layers.find((l) => l.id === 'facilities')!;
    const arcs = layers[0]!;
    expect(xy(facilities.props.data as unknown as BinaryTable, 'getPosition', 0)).toEqual([
      -179.9, 65,
    ]);
    expect(pickedIndex({ index: 1, layer: facilities })).toBe(2);
    expect(pickedIndex({ index: 0, layer: arcs })).toBe(2);
    expect(pickedIndex({ index: -1, layer: facilities })).toBe(-1);
    expect(pickedIndex({ index: 0, layer: null })).toBe(-1);
  });

  it('hands deck.gl the same data when only the selection changes', () => {
    const m = model(inventory());
    const before = buildLayers(m);
    const after = buildLayers({ ...m, selected: 1 });
    expect(after.find((l) => l.id === 'facilities')!.props.data).toBe(
      before.find((l) => l.id === 'facilities')!.props.data,
    );
    expect(after[0]!.props.data).toBe(before[0]!.props.data);
  });

  it('replaces only the colour arrays when the display states change', () => {
    const m = model(inventory());
    const before = facilityData(m);
    const arcsBefore = dependencyData(m);
    const facilityState = new Uint8Array(m.facilityState.length).fill(FacilityState.Unaffected);
    const arcState = new Uint8Array(m.arcState.length).fill(ArcState.Dimmed);
    const next = { ...m, facilityState, arcState };
    const after = facilityData(next);
    const arcsAfter = dependencyData(next);
    expect(after).not.toBe(before);
    expect(after.attributes.getPosition).toBe(before.attributes.getPosition);
    expect(after.attributes.getFillColor).not.toBe(before.attributes.getFillColor);
    expect(arcsAfter.attributes.getSourcePosition).toBe(arcsBefore.attributes.getSourcePosition);
    expect(arcsAfter.attributes.getHeight).toBe(arcsBefore.attributes.getHeight);
    expect(arcsAfter.attributes.getSourceColor).not.toBe(arcsBefore.attributes.getSourceColor);
  });

  it('pins a facility beyond the Mercator edge to 84.8°: its dot, its arc ends and its ring', () => {
    const inv = inventory();
    const polar = model(inv, { selected: 0 });
    polar.positions[1] = 89.5; // p, the provider of two arcs
    polar.positions[3] = -89.5; // a, the dependent of p's first arc
    const facilities = facilityData(polar);
    expect(xy(facilities, 'getPosition', 0)).toEqual([8, 84.8]);
    expect(xy(facilities, 'getPosition', 1)).toEqual([9, -84.8]);
    const arcs = dependencyData(polar);
    expect(xy(arcs, 'getSourcePosition', 0)).toEqual([8, 84.8]);
    expect(xy(arcs, 'getTargetPosition', 0)).toEqual([9, -84.8]);
    expect(xy(arcs, 'getSourcePosition', 1)).toEqual([8, 84.8]);
    const ring = buildLayers(polar).find((l) => l.id === 'selection')!;
    const at = (ring.props as unknown as { getPosition: (i: number) => number[] }).getPosition;
    expect(at(0)).toEqual([8, 84.8]);
  });

  it('does not mutate the model', () => {
    const m = model(inventory());
    const state = m.facilityState.slice();
    const positions = m.positions.slice();
    buildLayers({ ...m, facilityState: Uint8Array.from([2, 4, 1, 5, 6, 3]) });
    expect(m.facilityState).toEqual(state);
    expect(m.positions).toEqual(positions);
  });
});

describe('nativeData', () => {
  const square = (i: number): Feature => ({
    type: 'Feature',
    properties: { i },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [10, 50],
          [11, 50],
          [11, 51],
          [10, 50],
        ],
      ],
    },
  });
  const css = ([r, g, b, a]: number[]) => `rgba(${r}, ${g}, ${b}, ${+(a! / 255).toFixed(3)})`;

  it('colours each shape as its facility: sector fill and outline, the outline in its state once reached', () => {
    const inv = inventory();
    const m = model(inv, { shapes: [square(1), square(2)] });
    const { shapes } = nativeData(m);
    expect(shapes.features.map((f) => f.id)).toEqual([1, 2]);
    expect(shapes.features[0]!.properties).toEqual({
      i: 1,
      fill: css(sectorColor('water', 235)),
      line: css(sectorColor('water')),
    });
    const failed = nativeData({
      ...m,
      facilityState: Uint8Array.from([2, 4, 1, 0, 0, 0]),
    });
    expect(failed.shapes.features[0]!.properties!.line).toBe(css(stateColor('cascade')));
    expect(failed.shapes.features[1]!.properties!.fill).toBe(
      css(sectorColor('health', DIMMED_ALPHA)),
    );
  });

  it('hands maplibre the same objects until the zone or the shapes change', () => {
    const m = model(inventory(), { shapes: [square(1)] });
    const before = nativeData(m);
    const selected = nativeData({ ...m, selected: 1 });
    expect(selected.zone).toBe(before.zone);
    expect(selected.shapes).toBe(before.shapes);
    const zone: Feature<Polygon>[] = [square(0) as Feature<Polygon>];
    const zoned = nativeData({ ...m, zone });
    expect(zoned.zone.features).toBe(zone);
    expect(zoned.shapes).toBe(before.shapes);
  });

  it('a compromise or a selection changes only the names always shown, not every name', () => {
    const m = model(inventory());
    const before = nativeData(m);
    expect(before.labels.features).toHaveLength(m.points.length);
    expect(before.named.features).toEqual([]);
    // p compromised, a failed by cascade, b selected.
    const state = Uint8Array.from([
      FacilityState.Compromised,
      FacilityState.Cascade,
      FacilityState.Unaffected,
      FacilityState.Unaffected,
      FacilityState.Unaffected,
      FacilityState.Unaffected,
    ]);
    const after = nativeData({ ...m, facilityState: state, selected: 2 });
    expect(after.labels).toBe(before.labels);
    // Only the names in the view's window go to maplibre; across the antimeridian too.
    const names = (window: NameWindow) =>
      nativeData(m, { zoom: 12, names: window }).labels.features.map((f) => f.id);
    expect(names([7.5, 49, 9.5, 52])).toEqual([0, 1]);
    expect(names([175, 60, 185, 70])).toEqual([3, 4]);
    expect(names('none')).toEqual([]);
    expect(names('all')).toEqual([0, 1, 2, 3, 4]);
    expect(after.named.features.map((f) => [f.id, f.properties!.rank])).toEqual([
      [0, 0],
      [1, 1],
      [2, -1],
    ]);
  });

  it('names every compromised facility, and failed ones around the view or the first MAX_OTHER_NAMES', () => {
    const n = MAX_OTHER_NAMES + 10;
    const positions = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) [positions[2 * i], positions[2 * i + 1]] = [i * 0.001, 50];
    const facilities = Array.from({ length: n }, (_, i) => ({ id: `f${i}`, name: `F ${i}` }));
    const inv = { ...inventory(), facilities } as unknown as Inventory;
    const state = new Uint8Array(n).fill(FacilityState.Cascade);
    state[n - 1] = FacilityState.Compromised;
    const m = model(inventory(), {
      inventory: inv,
      positions,
      points: Int32Array.from({ length: n }, (_, i) => i),
      facilityState: state,
    });
    const named = (window: NameWindow) =>
      nativeData(m, { zoom: 12, names: window }).named.features.map((f) => f.id as number);
    const out = named('none');
    expect(out).toHaveLength(MAX_OTHER_NAMES + 1);
    expect(out).toContain(n - 1);
    expect(named([0, 49, 0.0025, 51])).toEqual([0, 1, 2, n - 1]);
    expect(named('all')).toHaveLength(n);
  });
});

describe('modelStacks', () => {
  it('takes the stacks found ahead for the drawn dots, else finds them', () => {
    const m = model(inventory());
    const found = modelStacks(m);
    expect(found.members).toEqual([]);
    const ahead = { of: new Int32Array(6).fill(-1), members: [], site: new Float64Array(0) };
    expect(modelStacks({ ...m, stacks: ahead })).toBe(ahead);
    expect(modelStacks(m)).toBe(found);
  });
});

describe('dotsUnder', () => {
  // 1 px per 0.01 degree: p (8, 50) and a (9, 51) are 141 px apart.
  const project = (lon: number, lat: number) => ({ x: (lon - 8) * 100, y: (50 - lat) * 100 });

  it('returns the dot whose drawn disc holds the pixel, and nothing in empty space', () => {
    const m = model(inventory());
    expect(dotsUnder(m, { zoom: 0 }, { x: 3, y: 2 }, project)).toEqual([0]);
    // The plain dot's radius is 4.5 px, plus 1 px of slack: 6 px off is outside.
    expect(dotsUnder(m, { zoom: 0 }, { x: 6, y: 0 }, project)).toEqual([]);
  });

  it('returns every overlapping dot, nearest first; a compromised dot is larger', () => {
    const inv = inventory();
    const positions = model(inv).positions.slice();
    positions[2] = 8.07; // a moved 7 px east of p
    positions[3] = 50;
    const m = model(inv, { positions });
    expect(dotsUnder(m, { zoom: 0 }, { x: 4, y: 0 }, project)).toEqual([1, 0]);
    expect(dotsUnder(m, { zoom: 0 }, { x: 0, y: 0 }, project)).toEqual([0]);
    const state = new Uint8Array(6);
    state[1] = FacilityState.Compromised; // a 9 px dot: reaches p's centre 7 px away
    const compromised = model(inv, { positions, facilityState: state });
    expect(dotsUnder(compromised, { zoom: 0 }, { x: 0, y: 0 }, project)).toEqual([0, 1]);
  });

  it('ignores facilities that are not drawn (filtered out, or shapes)', () => {
    const m = model(inventory(), { points: Int32Array.from([1, 2]) });
    expect(dotsUnder(m, { zoom: 0 }, { x: 0, y: 0 }, project)).toEqual([]);
  });
});
