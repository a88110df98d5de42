/**
 * Country codes (docs/format.md §1.4): every accepted spelling normalizes to alpha-3, and a
 * missing country comes from the location with the bundled Natural Earth 1:50m boundaries.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { MultiPolygon, Polygon } from 'geojson';
import countries from 'i18n-iso-countries';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import type { CountryIndex } from '../../src/core/countries.ts';
import { countryName, normalizeCountry } from '../../src/core/country-codes.ts';

describe('normalizeCountry', () => {
  it.each([
    ['DE', 'DEU'],
    ['de', 'DEU'],
    ['DEU', 'DEU'],
    [' deu ', 'DEU'],
    ['Germany', 'DEU'],
    ['germany', 'DEU'],
    ['FR', 'FRA'],
    ['France', 'FRA'],
    ['United Kingdom', 'GBR'],
    ['GB', 'GBR'],
    ['UK', 'GBR'], // not ISO, but what everyone writes
    ['EL', 'GRC'], // Eurostat's code for Greece
    ['GR', 'GRC'],
    ['Greece', 'GRC'],
    ['XK', 'XKX'], // Kosovo has no ISO code; XK/XKX are the customary ones
    ['XKX', 'XKX'],
    ['Kosovo', 'XKX'],
    ['Czechia', 'CZE'],
    ['Czech Republic', 'CZE'],
    ['North Macedonia', 'MKD'],
    [276, 'DEU'], // ISO numeric
    ['040', 'AUT'],
  ] as const)('%s -> %s', (given, expected) => {
    expect(normalizeCountry(given)).toBe(expected);
  });

  it('answers null for nothing and undefined for what it does not know', () => {
    for (const empty of [null, undefined, '', '   ']) expect(normalizeCountry(empty)).toBeNull();
    for (const unknown of [
      'XX',
      'EU',
      'Deutschland',
      'Atlantis',
      '__proto__',
      'constructor',
      {},
      [],
      true,
      1.5,
    ]) {
      expect(normalizeCountry(unknown)).toBeUndefined();
    }
  });

  it('does not spend time comparing a huge text with every country name', () => {
    // No timing: the name tables are simply never asked about a text longer than any name.
    const byName = vi.spyOn(countries, 'getAlpha3Code');
    const bySimpleName = vi.spyOn(countries, 'getSimpleAlpha3Code');
    try {
      expect(normalizeCountry('x'.repeat(1 << 20))).toBeUndefined();
      expect(normalizeCountry(` ${'Germany '.repeat(20)}`)).toBeUndefined();
      expect(byName).not.toHaveBeenCalled();
      expect(bySimpleName).not.toHaveBeenCalled();
      // The spies do see a name that is looked up.
      expect(normalizeCountry('Atlantis')).toBeUndefined();
      expect(byName).toHaveBeenCalledWith('Atlantis', 'en');
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('names Kosovo, which the ISO tables do not hold', () => {
    expect(countryName('XKX')).toBe('Kosovo');
    expect(countryName('DEU')).toMatch(/Germany/);
  });
});

describe('CountryIndex', () => {
  let index: CountryIndex;
  beforeAll(async () => {
    index = await loadCountryIndex();
  });

  it.each([
    ['Berlin', 13.405, 52.52, 'DEU'],
    ['Paris', 2.352, 48.857, 'FRA'],
    ['Madrid', -3.704, 40.417, 'ESP'],
    ['Rome', 12.496, 41.903, 'ITA'],
    ['Warsaw', 21.012, 52.23, 'POL'],
    ['Athens', 23.728, 37.984, 'GRC'],
    ['Pristina', 21.166, 42.667, 'XKX'],
    ['London', -0.128, 51.507, 'GBR'],
    ['Vaduz', 9.521, 47.141, 'LIE'],
    ['Tokyo', 139.69, 35.68, 'JPN'],
    ['Canberra', 149.13, -35.28, 'AUS'],
    ['Chukotka, east of the antimeridian', -172.0, 65.5, 'RUS'],
    ['Fiji, Viti Levu', 178.44, -18.14, 'FJI'],
    ['Antarctica, inland', 100.0, -75.0, 'ATA'],
    ['Antarctica, near the pole', 45.0, -89.0, 'ATA'],
  ] as const)('%s is in %s', (_name, lon, lat, expected) => {
    expect(index.lookup(lon, lat)).toBe(expected);
  });

  it.each([
    ['the mid-Atlantic', -30, 40],
    ['the middle of the North Sea', 3, 56],
    ['the North Pole', 0, 90],
    ['the Pacific on the antimeridian', 180, 0],
  ] as const)('a point in %s is in no country', (_name, lon, lat) => {
    expect(index.lookup(lon, lat)).toBeNull();
  });

  it('gives nothing for coordinates that are not finite', () => {
    expect(index.lookup(NaN, 50)).toBeNull();
    expect(index.isNear(Infinity, 50, 'DEU')).toBe(false);
  });

  describe('coast tolerance (5 km)', () => {
    // Due west of Portugal's westernmost mainland vertex every point of the boundary is
    // east of us, so the distance to Portugal is at least the westward offset (and at most
    // that, to the vertex itself): 2 km out counts as Portugal, 10 km out is at sea.
    let west: [number, number];
    beforeAll(() => {
      const require = createRequire(import.meta.url);
      const text = readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8');
      const topology = JSON.parse(text) as Topology;
      const countries = feature(topology, topology.objects.countries as GeometryCollection);
      const portugal = countries.features.find((f) => String(f.id) === '620')!;
      const polygons = (portugal.geometry as Polygon | MultiPolygon).coordinates;
      const vertices = (polygons.flat(2) as unknown as number[][]).filter(
        ([lon, lat]) => lat! > 36.9 && lat! < 42.2 && lon! > -10, // the mainland only
      );
      west = vertices.reduce((a, b) => (b[0]! < a[0]! ? b : a)) as [number, number];
    });
    const kmWest = (km: number) => km / (111.195 * Math.cos((west[1] * Math.PI) / 180));

    it('a point 2 km off the coast belongs to the country', () => {
      expect(index.lookup(west[0] - kmWest(2), west[1])).toBe('PRT');
      expect(index.isNear(west[0] - kmWest(4.5), west[1], 'PRT')).toBe(true);
    });

    it('a point 10 km off the coast is at sea', () => {
      expect(index.lookup(west[0] - kmWest(10), west[1])).toBeNull();
      expect(index.isNear(west[0] - kmWest(5.5), west[1], 'PRT')).toBe(false);
    });
  });

  it('isNear accepts a facility on the border for either neighbour', () => {
    // Basel's border triangle: a few hundred metres from France and Germany.
    const [lon, lat] = [7.5886, 47.5895];
    expect(['CHE', 'FRA', 'DEU']).toContain(index.lookup(lon, lat));
    expect(index.isNear(lon, lat, 'CHE')).toBe(true);
    expect(index.isNear(lon, lat, 'FRA')).toBe(true);
    expect(index.isNear(lon, lat, 'DEU')).toBe(true);
    expect(index.isNear(lon, lat, 'AUT')).toBe(false);
  });

  it('knows which countries it has boundaries for', () => {
    expect(index.has('DEU')).toBe(true);
    expect(index.has('XKX')).toBe(true);
    expect(index.has('ZZZ')).toBe(false);
  });
});
