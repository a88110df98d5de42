import { describe, expect, it } from 'vitest';
import type * as maplibregl from 'maplibre-gl';
import { withoutOwnLabels } from '../../src/ui/briefing/map-capture.ts';

/** The three calls withoutOwnLabels makes of a maplibre map, on one layer's filter. */
function fakeMap(filter: unknown, hasLayer = true) {
  const state = { filter, calls: 0 };
  const map = {
    getLayer: (id: string) => (hasLayer && id === 'facility-labels' ? {} : undefined),
    getFilter: () => state.filter,
    setFilter: (_id: string, f: unknown) => {
      state.filter = f;
      state.calls++;
    },
  } as unknown as maplibregl.Map;
  return { map, state };
}

const named = [
  { lon: 5.6, lat: 50.6, name: 'Centrale de Liège', kind: 'compromised' as const, index: 3 },
  { lon: 20.5, lat: 44.8, name: 'Elektrodistribucija Београд', kind: 'failed' as const, index: 9 },
];

describe('withoutOwnLabels', () => {
  it("leaves the map's own labels of the named facilities out, then puts the filter back", () => {
    const { map, state } = fakeMap(['==', ['get', 'always'], true]);
    const restore = withoutOwnLabels(map, named);
    expect(state.filter).toEqual([
      'all',
      ['==', ['get', 'always'], true],
      ['!', ['in', ['get', 'i'], ['literal', [3, 9]]]],
    ]);
    restore();
    expect(state.filter).toEqual(['==', ['get', 'always'], true]);
  });

  it('without a filter before, sets only its own and clears it after', () => {
    const { map, state } = fakeMap(undefined);
    const restore = withoutOwnLabels(map, named);
    expect(state.filter).toEqual(['!', ['in', ['get', 'i'], ['literal', [3, 9]]]]);
    restore();
    expect(state.filter).toBeNull();
  });

  it('touches nothing when no label names a facility, or the layer is missing', () => {
    const plain = fakeMap(undefined);
    withoutOwnLabels(plain.map, [{ lon: 0, lat: 0, name: 'x', kind: 'critical' }])();
    const missing = fakeMap(undefined, false);
    withoutOwnLabels(missing.map, named)();
    expect([plain.state.calls, missing.state.calls]).toEqual([0, 0]);
  });
});
