/**
 * Property test: the loader keeps the objects it parsed itself where it can (a Point geometry
 * already in the checked form, issue #7) and copies what a caller hands it. Loading the same
 * features from text, from parsed data and from records read beforehand must give the same
 * inventory and report, prototypes and key order included. Generated inputs mix good and odd
 * geometries (extra members, reordered keys, a third coordinate), ids, depends_on forms,
 * dependency features with odd ends, services and delays, and min_providers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMinProviders } from '../../src/core/min-providers.ts';
import { checkGeometry } from '../../src/core/geometry-check.ts';
import { readSource } from '../../src/core/formats.ts';
import { loadInventory, type InventorySource, type LoadResult } from '../../src/core/inventory.ts';
import type { ReportEntry } from '../../src/core/types.ts';
import { dependencyRows, dependencyTable } from '../../src/core/dependency-table.ts';

/** A value as text that shows prototypes, key order, -0 and undefined (toEqual does not). */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${show(k)}=>${show(v)}`)}}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}[${String(value)}]`;
  const proto = Object.getPrototypeOf(value);
  const kind = proto === null ? 'null' : proto === Array.prototype ? 'array' : 'object';
  const keys = Reflect.ownKeys(value).filter((k) => !(Array.isArray(value) && k === 'length'));
  const members = keys.map(
    (k) => `${String(k)}:${show((value as Record<string, unknown>)[k as string])}`,
  );
  return `${kind}${Object.isFrozen(value) ? '(frozen)' : ''}{${members.join(',')}}`;
}

function shown(result: LoadResult): string {
  return show(result);
}

const coordinate = fc.oneof(
  fc.double({ min: -180, max: 180, noNaN: true }),
  fc.constantFrom(0, -0, 181, -95, 1e-7, 5, 50),
  fc.constantFrom('5', null, 'NaN'),
);

const point = fc
  .record({
    lon: coordinate,
    lat: coordinate,
    form: fc.constantFrom('plain', 'plain', 'plain', 'bbox', 'reordered', 'third', 'case', 'none'),
  })
  .map(({ lon, lat, form }) => {
    switch (form) {
      case 'bbox':
        return { type: 'Point', coordinates: [lon, lat], bbox: [lon, lat, lon, lat] };
      case 'reordered':
        return { coordinates: [lon, lat], type: 'Point' };
      case 'third':
        return { type: 'Point', coordinates: [lon, lat, 12] };
      case 'case':
        return { type: 'point', coordinates: [lon, lat] };
      case 'none':
        return null;
      default:
        return { type: 'Point', coordinates: [lon, lat] };
    }
  });

const geometry = fc.oneof(
  { weight: 6, arbitrary: point },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      {
        type: 'LineString',
        coordinates: [
          [5, 50],
          [6, 51],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [5, 50],
            [6, 50],
            [6, 51],
          ],
        ],
      },
      { type: 'MultiPoint', coordinates: [[5, 50]] },
      { type: 'Point' },
      'somewhere',
    ),
  },
);

const ids = fc.constantFrom('a', 'b', 'c', 'd', ' e ', 1, 2, 2.5, '', null, true, {}, ['x']);
const odd = fc.constantFrom(undefined, null, '', 'x', 0, -1, 2.5, '3', '2,5', 'NaN', true, {}, []);

const facility = fc.record(
  {
    id: ids,
    name: fc.oneof(fc.string({ maxLength: 4 }), odd),
    sector: fc.oneof(fc.constantFrom('energy', 'Water', 'power', 'zzz'), odd),
    country: fc.oneof(fc.constantFrom('DE', 'fra', 'Atlantis'), odd),
    depends_on: fc.oneof(
      fc.array(fc.oneof(ids, fc.record({ id: ids, service: odd })), { maxLength: 3 }),
      ids,
      fc.constantFrom('a, b;c', '["a", 2]', '[bad'),
    ),
    min_providers: fc.oneof(
      fc.constantFrom({ energy: 2 }, { water: '1', energy: 0 }, 'energy:2', '{"energy": 3}'),
      odd,
    ),
  },
  { requiredKeys: [] },
);

const dependency = fc.record(
  {
    from: ids,
    source: ids,
    to: ids,
    dependent: ids,
    service: fc.oneof(fc.constantFrom('energy', 'water', ' telecom '), odd),
    delay_hours: fc.oneof(fc.constantFrom(0, 4, 1.5), odd),
    id: ids,
  },
  { requiredKeys: [] },
);

const feature = fc.oneof(
  fc.record({ properties: facility, geometry, featureId: fc.option(ids, { nil: undefined }) }),
  fc.record({
    properties: dependency,
    geometry: fc.constantFrom(
      null,
      null,
      {
        type: 'LineString',
        coordinates: [
          [5, 50],
          [6, 51],
        ],
      },
      { type: 'Point', coordinates: [5, 50] },
    ),
    featureId: fc.constant(undefined),
  }),
);

/** The features as a GeoJSON FeatureCollection object. */
function collection(features: { properties: object; geometry: unknown; featureId: unknown }[]) {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      ...(f.featureId === undefined ? {} : { id: f.featureId }),
      properties: f.properties,
      geometry: f.geometry,
    })),
  };
}

describe('loading from text, data and records', () => {
  it('gives the same inventory and report, whether the loader parsed the objects or not', () => {
    fc.assert(
      fc.property(fc.array(feature, { minLength: 1, maxLength: 25 }), (features) => {
        const text = JSON.stringify(collection(features));
        const name = 'generated.geojson';
        const load = (source: InventorySource) => shown(loadInventory([source]));
        const fromText = load({ name, text });
        expect(load({ name, data: JSON.parse(text) })).toBe(fromText);
        expect(load({ name, read: readSource({ name, text }) })).toBe(fromText);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("never keeps a caller's geometry object", () => {
    const geometry = { type: 'Point', coordinates: [5, 50] };
    const data = { type: 'Feature', properties: { id: 'a' }, geometry };
    const loaded = loadInventory([{ name: 'data.geojson', data }]);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.inventory.facilities[0]!.geometry).not.toBe(geometry);
    expect(loaded.inventory.facilities[0]!.geometry).toEqual(geometry);
  });
});

describe('checkGeometry of a geometry the caller owns', () => {
  it('returns a Point in the checked form as it is', () => {
    const g = { type: 'Point', coordinates: [5, 50] };
    const checked = checkGeometry(g, true);
    expect(checked.ok && checked.geometry).toBe(g);
  });

  it('copies any other form, exactly as when not owned', () => {
    for (const g of [
      { type: 'Point', coordinates: [5, 50], bbox: [5, 50, 5, 50] },
      { coordinates: [5, 50], type: 'Point' },
      { type: 'Point', coordinates: [5, 50, 3] },
      Object.assign(Object.create(null) as object, { type: 'Point', coordinates: [5, 50] }),
    ]) {
      const owned = checkGeometry(g, true);
      expect(owned.ok && owned.geometry).not.toBe(g);
      expect(show(owned)).toBe(show(checkGeometry(g)));
    }
  });
});

/** Facilities f0..f7 with k-of-n settings, and dependencies among them with mixed services. */
const providerNetwork = fc
  .record({
    settings: fc.array(
      fc.dictionary(
        fc.constantFrom('energy', 'water', 'telecom', 'gas'),
        fc.constantFrom(1, 2, 3, '2', 0),
        {
          maxKeys: 3,
        },
      ),
      { minLength: 8, maxLength: 8 },
    ),
    links: fc.array(
      fc.record({
        from: fc.nat(7),
        to: fc.nat(7),
        service: fc.constantFrom('energy', 'water', 'telecom', undefined),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ settings, links }) => ({
    type: 'FeatureCollection',
    features: [
      ...settings.map((minProviders, i) => ({
        type: 'Feature',
        properties: { id: `f${i}`, sector: 'energy', min_providers: minProviders },
        geometry: { type: 'Point', coordinates: [5 + i, 50] },
      })),
      ...links.map((l) => ({
        type: 'Feature',
        properties: { from: `f${l.from}`, to: `f${l.to}`, service: l.service },
        geometry: null,
      })),
    ],
  }));

describe('min_providers', () => {
  it('counts providers the same whatever the order and numbering of dependencies', () => {
    fc.assert(
      fc.property(providerNetwork, (data) => {
        const loaded = loadInventory([{ name: 'g.geojson', data }]);
        if (!loaded.ok) throw new Error(loaded.message);
        const { facilities, dependencies } = loaded.inventory;
        const raw = facilities.map((f) => f.properties.min_providers);
        const again = (list: typeof dependencies) => {
          const copies = facilities.map((f) => ({
            ...f,
            minProviders: Object.freeze(Object.create(null)) as Record<string, number>,
          }));
          const warnings: ReportEntry[] = [];
          applyMinProviders(copies, list, raw, warnings);
          return show([copies.map((f) => f.minProviders), warnings]);
        };
        // The loader's table, and one rebuilt from its rows in reverse (other numbers).
        const reversed = dependencyTable(dependencyRows(dependencies).reverse());
        expect(again(dependencies)).toBe(again(reversed));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
