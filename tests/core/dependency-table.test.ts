/** The dependency table (types.ts DependencyTable): rows, services, sources, its JSON form. */
import { describe, expect, it } from 'vitest';
import {
  dependencyAt,
  dependencyRows,
  dependencySource,
  dependencyTable,
  dependencyTableFromJson,
  dependencyTableToJson,
  serviceOf,
} from '../../src/core/dependency-table.ts';
import { loadInventory } from '../../src/core/inventory.ts';

const route = {
  type: 'LineString' as const,
  coordinates: [
    [6, 49],
    [7, 50],
  ],
};
const text = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { id: 'a', sector: 'energy' },
      geometry: { type: 'Point', coordinates: [6, 49] },
    },
    {
      type: 'Feature',
      properties: { id: 'b', sector: 'water', depends_on: ['a'] },
      geometry: { type: 'Point', coordinates: [7, 50] },
    },
    {
      type: 'Feature',
      properties: { id: 'c', sector: 'health' },
      geometry: { type: 'Point', coordinates: [8, 50] },
    },
    {
      type: 'Feature',
      properties: { from: 'b', to: 'c', service: 'water', delay_hours: 12, note: 'main' },
      geometry: route,
    },
    { type: 'Feature', properties: { from: 'a', to: 'c', delay_hours: 4 }, geometry: null },
  ],
});

function loaded() {
  const result = loadInventory([{ name: 'net.geojson', text }]);
  if (!result.ok) throw new Error(result.message);
  return result.inventory;
}

describe('the dependency table', () => {
  it('gives each dependency as an object: ends, service, delay, route, properties, source', () => {
    const deps = loaded().dependencies;
    expect(deps.length).toBe(3);
    expect(dependencyRows(deps).map((d) => [d.from, d.to, d.service, d.delayHours])).toEqual([
      [0, 1, 'energy', 0],
      [1, 2, 'water', 12],
      [0, 2, 'energy', 4],
    ]);
    const routed = dependencyAt(deps, 1);
    expect(routed.geometry).toEqual(route);
    expect(routed.properties.note).toBe('main');
    expect(Object.getPrototypeOf(routed.properties)).toBeNull();
    expect(routed.source).toEqual({ file: 'net.geojson', index: 3 });
    expect(dependencyAt(deps, 2).geometry).toBeNull();
    // A depends_on entry comes from its dependent's feature.
    expect(dependencySource(deps, 0)).toEqual({ file: 'net.geojson', index: 1 });
    expect(serviceOf(deps, 0)).toBe('energy');
  });

  it('is rebuilt from its rows as it was', () => {
    const deps = loaded().dependencies;
    const again = dependencyTable(dependencyRows(deps));
    expect(dependencyRows(again)).toEqual(dependencyRows(deps));
    expect(again.services).toEqual(deps.services);
    expect(again.from).toEqual(deps.from);
  });

  it('survives its JSON form, and refuses columns of different lengths', () => {
    const deps = loaded().dependencies;
    const json = JSON.parse(JSON.stringify(dependencyTableToJson(deps))) as ReturnType<
      typeof dependencyTableToJson
    >;
    const back = dependencyTableFromJson(json);
    expect(back.to).toBeInstanceOf(Int32Array);
    expect(back.delayHours).toBeInstanceOf(Float64Array);
    expect(JSON.stringify(dependencyRows(back))).toBe(JSON.stringify(dependencyRows(deps)));
    expect(() => dependencyTableFromJson({ ...json, to: json.to.slice(1) })).toThrow(
      /differ in length/,
    );
    expect(() => dependencyTableFromJson({ ...json, service: [0, 1, 7] })).toThrow(/not there/);
    expect(() => dependencyTableFromJson({ ...json, sourceFile: [0, 0, 1] })).toThrow(/not there/);
    expect(() => dependencyTableFromJson({ ...json, routes: [[3, route]] })).toThrow(/not there/);
  });
});
