import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import {
  pointInRing,
  ringArea,
  splitLineAtAntimeridian,
  splitPolygonAtAntimeridian,
  unwrapRing,
} from '../../src/map/basemap/antimeridian';
import { buildBasemapData, type BasemapData } from '../../src/map/basemap/data';
import { labelPoint, polygonAreaKm2 } from '../../src/map/basemap/labels';
import {
  attribution,
  BASEMAP_FONT,
  BASEMAP_LAYERS,
  buildBasemapStyle,
} from '../../src/map/basemap/style';

// Each call reads a fresh copy of the topology: nothing mutable is shared between tests.
function loadTopology(): Topology {
  const path = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Topology;
}

let frozenData: BasemapData | undefined;

/**
 * The basemap data, built once (about a third of a second) and deep-frozen: sharing it between
 * tests is safe, and any code under test that mutated it would throw.
 */
function basemapData(): BasemapData {
  frozenData ??= deepFreeze(buildBasemapData(loadTopology()));
  return frozenData;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function rawCountry(topology: Topology, name: string): Feature<Polygon | MultiPolygon> {
  const collection = feature(
    topology,
    topology.objects.countries as GeometryCollection<{ name: string }>,
  );
  const found = collection.features.find((f) => f.properties.name === name);
  if (!found) throw new Error(`no ${name} in world-atlas`);
  return found as Feature<Polygon | MultiPolygon>;
}

function countryGeometry(data: BasemapData, name: string): MultiPolygon {
  const found = data.countries.features.find((f) => f.properties.name === name);
  if (!found) throw new Error(`no ${name} in the basemap data`);
  return found.geometry;
}

function polygons(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Even-odd over exterior and holes, polygon by polygon. */
function contains(geometry: Polygon | MultiPolygon, [x, y]: [number, number]): boolean {
  return polygons(geometry).some(
    ([outer, ...holes]) => pointInRing(x, y, outer!) && !holes.some((h) => pointInRing(x, y, h)),
  );
}

function planarArea(geometry: Polygon | MultiPolygon): number {
  let area = 0;
  for (const [outer, ...holes] of polygons(geometry)) {
    area += Math.abs(ringArea(outer!));
    for (const hole of holes) area -= Math.abs(ringArea(hole));
  }
  return area;
}

function maxLongitudeStep(lines: Position[][]): number {
  let max = 0;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      max = Math.max(max, Math.abs(line[i]![0]! - line[i - 1]![0]!));
    }
  }
  return max;
}

function allLongitudes(lines: Position[][]): number[] {
  return lines.flatMap((line) => line.map((p) => p[0]!));
}

describe('splitPolygonAtAntimeridian', () => {
  test('splits a square across the antimeridian into two halves of equal area', () => {
    const square: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [170, 0],
          [-170, 0],
          [-170, 10],
          [170, 10],
          [170, 0],
        ],
      ],
    };
    const split = splitPolygonAtAntimeridian(square);
    expect(split.coordinates).toHaveLength(2);
    const ranges = split.coordinates.map(([outer]) => {
      const xs = outer!.map((p) => p[0]!);
      return [Math.min(...xs), Math.max(...xs)];
    });
    expect(ranges).toContainEqual([170, 180]);
    expect(ranges).toContainEqual([-180, -170]);
    for (const [outer] of split.coordinates) {
      expect(Math.abs(ringArea(outer!))).toBeCloseTo(100, 9);
      expect(ringArea(outer!)).toBeGreaterThan(0); // RFC 7946: exterior counter-clockwise
    }
    expect(contains(split, [175, 5])).toBe(true);
    expect(contains(split, [-175, 5])).toBe(true);
    expect(contains(split, [0, 5])).toBe(false);
  });

  test('closes a ring that circles the south pole over the pole', () => {
    const cap: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, -70],
          [90, -70],
          [180, -70],
          [-90, -70],
          [0, -70],
        ],
      ],
    };
    const split = splitPolygonAtAntimeridian(cap);
    expect(planarArea(split)).toBeCloseTo(360 * 20, 6);
    expect(contains(split, [45, -80])).toBe(true);
    expect(contains(split, [-135, -80])).toBe(true);
    expect(contains(split, [0, -60])).toBe(false);
    expect(maxLongitudeStep(split.coordinates.flat())).toBeLessThanOrEqual(180);
  });

  test('leaves a polygon that does not cross untouched but for the winding', () => {
    const triangle: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 10],
          [10, 0],
          [0, 0],
        ],
      ],
    };
    const split = splitPolygonAtAntimeridian(triangle);
    expect(split.coordinates).toHaveLength(1);
    expect(split.coordinates[0]![0]).toEqual([...triangle.coordinates[0]!].reverse());
  });

  test('does not mutate its input', () => {
    const russia = rawCountry(loadTopology(), 'Russia').geometry;
    const before = structuredClone(russia);
    splitPolygonAtAntimeridian(russia);
    expect(russia).toEqual(before);
  });
});

describe('splitLineAtAntimeridian', () => {
  test('cuts a line where it crosses, with the crossing point on both sides', () => {
    const split = splitLineAtAntimeridian({
      type: 'LineString',
      coordinates: [
        [170, 0],
        [-170, 10],
      ],
    });
    expect(split.coordinates).toEqual([
      [
        [170, 0],
        [180, 5],
      ],
      [
        [-180, 5],
        [-170, 10],
      ],
    ]);
  });

  test('drops edges that run along the antimeridian (cuts in the source data)', () => {
    const split = splitLineAtAntimeridian({
      type: 'LineString',
      coordinates: [
        [179, -16],
        [180, -16],
        [180, -17],
        [179, -17],
      ],
    });
    expect(split.coordinates).toEqual([
      [
        [179, -16],
        [180, -16],
      ],
      [
        [180, -17],
        [179, -17],
      ],
    ]);
  });

  test('does not cut a line that stays on one side', () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [10, 0],
        [20, 5],
        [30, 0],
      ],
    };
    expect(splitLineAtAntimeridian(line).coordinates).toEqual([line.coordinates]);
  });
});

describe('world-atlas 50m through buildBasemapData', () => {
  test('the raw data has the streaks this module exists to fix', () => {
    const russia = rawCountry(loadTopology(), 'Russia').geometry;
    expect(maxLongitudeStep(polygons(russia).flat())).toBeGreaterThan(180);
    // Drawn as planar rings, the streak across the map puts Nunavut in Russia.
    expect(contains(russia, [-100, 67])).toBe(true);
  });

  test('no ring or line segment spans more than 180° of longitude after processing', () => {
    const data = basemapData();
    const rings = data.countries.features.flatMap((f) => f.geometry.coordinates.flat());
    const lines = [...data.borders.features, ...data.coastline.features].flatMap(
      (f) => f.geometry.coordinates,
    );
    const alongAntimeridian = lines.some((line) =>
      line.some((p, i) => i > 0 && Math.abs(p[0]!) === 180 && p[0] === line[i - 1]![0]),
    );
    expect(alongAntimeridian).toBe(false);
    for (const set of [rings, lines]) {
      expect(maxLongitudeStep(set)).toBeLessThanOrEqual(180);
      const lons = allLongitudes(set);
      expect(Math.min(...lons)).toBeGreaterThanOrEqual(-180);
      expect(Math.max(...lons)).toBeLessThanOrEqual(180);
    }
  });

  test('Russia, Fiji and Antarctica keep their land on both sides of the antimeridian', () => {
    const topology = loadTopology();
    const data = basemapData();
    const russia = countryGeometry(data, 'Russia');
    expect(contains(russia, [37.6, 55.75])).toBe(true); // Moscow
    expect(contains(russia, [-176, 67])).toBe(true); // Chukotka, east of 180°
    expect(contains(russia, [-179, 68])).toBe(true);
    expect(contains(russia, [-100, 67])).toBe(false); // no streak through Canada

    // Splitting moves area between world copies but neither adds nor loses any.
    const unwrappedArea = polygons(rawCountry(topology, 'Russia').geometry).reduce(
      (sum, [outer]) => sum + Math.abs(ringArea(unwrapRing(outer!))),
      0,
    );
    expect(planarArea(russia)).toBeCloseTo(unwrappedArea, 6);

    const fiji = countryGeometry(data, 'Fiji');
    expect(contains(fiji, [178, -17.8])).toBe(true); // Viti Levu
    expect(contains(fiji, [-179.96, -16.49])).toBe(true); // Vanua Levu's tip past 180°
    expect(contains(fiji, [0, -16.5])).toBe(false);

    const antarctica = countryGeometry(data, 'Antarctica');
    for (const point of [
      [0, -80],
      [179.9, -85],
      [-179.9, -85],
    ] as [number, number][]) {
      expect(contains(antarctica, point)).toBe(true);
    }
    expect(contains(antarctica, [0, -60])).toBe(false);
  });

  test('a country away from the antimeridian keeps its area and containment', () => {
    const topology = loadTopology();
    const raw = rawCountry(topology, 'Germany').geometry;
    const germany = countryGeometry(basemapData(), 'Germany');
    expect(germany.coordinates).toHaveLength(polygons(raw).length);
    expect(planarArea(germany)).toBeCloseTo(planarArea(raw), 9);
    expect(contains(germany, [13.4, 52.52])).toBe(true); // Berlin
    expect(contains(germany, [11.58, 48.14])).toBe(true); // Munich
    expect(contains(germany, [2.35, 48.86])).toBe(false); // Paris
    // Natural Earth's Germany is about 357,000 km².
    const km2 = germany.coordinates.reduce((sum, p) => sum + polygonAreaKm2(p), 0);
    expect(km2).toBeGreaterThan(340_000);
    expect(km2).toBeLessThan(370_000);
  });

  test('one label per country, inside it, on its main part', () => {
    const data = basemapData();
    expect(data.labels.features).toHaveLength(data.countries.features.length);
    const names = data.labels.features.map((f) => f.properties.name);
    expect(new Set(names).size).toBe(names.length);
    for (const label of data.labels.features) {
      const country = data.countries.features[label.id as number]!;
      expect(country.properties.name).toBe(label.properties.name);
      expect(contains(country.geometry, label.geometry.coordinates as [number, number])).toBe(true);
    }
    const at = (name: string) =>
      data.labels.features.find((f) => f.properties.name === name)!.geometry.coordinates;
    const [franceLon, franceLat] = at('France');
    expect(franceLon).toBeGreaterThan(-2); // metropolitan France, not French Guiana
    expect(franceLon).toBeLessThan(7);
    expect(franceLat).toBeGreaterThan(44);
    expect(franceLat).toBeLessThan(49.5);
    const [usLon, usLat] = at('United States of America');
    expect(usLon).toBeGreaterThan(-110); // the lower 48, not Alaska
    expect(usLon).toBeLessThan(-85);
    expect(usLat).toBeGreaterThan(33);
    expect(usLat).toBeLessThan(45);
  });

  test('large countries label from zoom 3, small ones later, largest first', () => {
    const data = basemapData();
    const props = (name: string) =>
      data.labels.features.find((f) => f.properties.name === name)!.properties;
    expect(props('Germany').minZoom).toBe(2);
    expect(props('Croatia').minZoom).toBe(3.5);
    expect(props('Luxembourg').minZoom).toBe(5);
    expect(props('Vatican').minZoom).toBe(6);
    expect(props('Russia').rank).toBe(0);
  });

  test('labelPoint returns null for an empty geometry', () => {
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });
});

describe('buildBasemapStyle', () => {
  const fonts = {
    latin: 'http://localhost:5173/assets/noto-sans-latin-400-normal.woff2',
    latinExt: 'http://localhost:5173/assets/noto-sans-latin-ext-400-normal.woff2',
  };

  test('references nothing but inline data and the font files it was given', () => {
    const style = buildBasemapStyle(basemapData(), { fonts });
    expect(style.version).toBe(8);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson');
      expect(typeof (source as { data: unknown }).data).toBe('object');
    }
    const urls = JSON.stringify(style).match(/[a-z][a-z0-9+.-]*:\/\/[^"]+/gi) ?? [];
    expect(new Set(urls)).toEqual(new Set(Object.values(fonts)));
    expect(Object.keys(style['font-faces'] ?? {})).toEqual([BASEMAP_FONT]);
  });

  test('has the layers the app can build on, labels drawn with the bundled font', () => {
    const style = buildBasemapStyle(basemapData(), { fonts });
    expect(style.layers.map((l) => l.id)).toEqual(Object.values(BASEMAP_LAYERS));
    const labels = style.layers.find((l) => l.id === BASEMAP_LAYERS.labels);
    expect(labels?.type).toBe('symbol');
    expect(labels?.minzoom).toBe(2);
    expect((labels?.layout as Record<string, unknown>)['text-font']).toEqual([BASEMAP_FONT]);
    expect(JSON.stringify(style.sources)).toContain(attribution);
  });

  test('without font files, falls back to local fonts and declares no font faces', () => {
    const style = buildBasemapStyle(basemapData());
    expect(style['font-faces']).toBeUndefined();
  });
});
