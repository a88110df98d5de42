/**
 * Valid inventories in every accepted shape (docs/format.md §1): FeatureCollection, single Feature,
 * NDJSON, CSV facilities with the usual coordinate column names, CSV and GeoJSON dependency
 * files, depends_on in its three forms, and several files merged into one inventory.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import type { CountryIndex } from '../../src/core/countries.ts';
import { loadInventory, type InventorySource } from '../../src/core/inventory.ts';
import type { Inventory } from '../../src/core/types.ts';
import { FIXTURES, source } from '../helpers.ts';
import { dependencyRows } from '../../src/core/dependency-table.ts';

const input = (name: string) => source(join(FIXTURES, 'inputs', name));

let countries: CountryIndex;
beforeAll(async () => {
  countries = await loadCountryIndex();
});

function load(...sources: InventorySource[]): Inventory {
  const result = loadInventory(sources, { countries });
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.inventory;
}

function facility(inventory: Inventory, id: string) {
  const index = inventory.indexById.get(id);
  if (index === undefined) throw new Error(`no facility ${id}`);
  return inventory.facilities[index]!;
}

/** Dependencies as "provider -> dependent service delay" lines, sorted. */
function edges(inventory: Inventory): string[] {
  return dependencyRows(inventory.dependencies)
    .map((d) => {
      const from = inventory.facilities[d.from]!.id;
      const to = inventory.facilities[d.to]!.id;
      return `${from} -> ${to} ${d.service} ${d.delayHours}`;
    })
    .sort();
}

describe('a FeatureCollection', () => {
  it('loads every facility with ids, names, sectors and countries normalized', () => {
    const inv = load(input('collection.geojson'));
    expect(inv.errors).toEqual([]);
    expect(inv.warnings).toEqual([]);
    const summary = inv.facilities.map((f) => [f.id, f.name, f.sector, f.country]);
    expect(summary).toEqual([
      ['plant-berlin', 'Berlin CHP', 'energy', 'DEU'], // "Power", alpha-2 "DE"
      ['mast-paris', 'Paris mast', 'telecom', 'FRA'], // "ICT", alpha-3
      ['hospital-warsaw', 'Warsaw hospital', 'health', 'POL'], // "Healthcare", English name
      ['bank-vienna', 'Vienna bank', 'finance', 'AUT'], // "banking", derived from the location
      ['platform-north-sea', 'Offshore platform', 'energy', null], // "oil", at sea
      ['pipeline-1', 'Pipeline', 'energy', 'DEU'], // the Feature's own id, "Gas", "deu"
      ['reservoir-amsterdam', 'reservoir-amsterdam', 'water', 'NLD'], // name defaults to id
    ]);
    expect(inv.facilities.map((f) => f.geometry.type)).toEqual([
      'Point',
      'Point',
      'Point',
      'Point',
      'Point',
      'LineString',
      'Polygon',
    ]);
  });

  it('keeps every other property as given', () => {
    const plant = facility(load(input('collection.geojson')), 'plant-berlin');
    expect(plant.properties.capacity).toBe(420);
    expect(plant.properties.population_served).toBe(3600000);
    expect(plant.properties.sector).toBe('Power');
    expect(plant.properties.country).toBe('DE');
  });

  it('reads depends_on as an array, as objects and as a comma-separated string', () => {
    const inv = load(input('collection.geojson'));
    expect(edges(inv)).toEqual([
      'mast-paris -> bank-vienna telecom 0', // "plant-berlin, mast-paris"
      'mast-paris -> hospital-warsaw telecom 0', // {id} only: the provider's sector
      'mast-paris -> reservoir-amsterdam telecom 0', // source/target
      'plant-berlin -> bank-vienna energy 0',
      'plant-berlin -> hospital-warsaw electricity 12', // {id, service, delay_hours}
      'plant-berlin -> mast-paris energy 0', // ["plant-berlin"]
      'plant-berlin -> reservoir-amsterdam energy 6', // from/to, delay "6"
      'reservoir-amsterdam -> hospital-warsaw water 2.5', // provider/dependent
    ]);
    expect(facility(inv, 'hospital-warsaw').minProviders).toEqual({ electricity: 1 });
  });

  it('keeps a dependency route (LineString) and drops nothing else', () => {
    const inv = load(input('collection.geojson'));
    const routed = dependencyRows(inv.dependencies).filter((d) => d.geometry !== null);
    expect(routed).toHaveLength(1);
    expect(routed[0]!.geometry!.coordinates).toEqual([
      [13.4, 52.52],
      [21.01, 52.23],
    ]);
    expect(routed[0]!.source).toEqual({ file: 'collection.geojson', index: 7 });
  });
});

describe('other GeoJSON shapes', () => {
  it('reads a file that starts with a byte-order mark (GeoJSON and CSV alike)', () => {
    const feature = {
      type: 'Feature',
      properties: { id: 'a', sector: 'water' },
      geometry: { type: 'Point', coordinates: [6, 49.6] },
    };
    const json = load({ name: 'bom.geojson', text: '\uFEFF' + JSON.stringify(feature) });
    expect(json.facilities.map((f) => f.id)).toEqual(['a']);
    expect(json.warnings).toEqual([]);
    const csv = load({ name: 'bom.csv', text: '\uFEFFid,sector,lat,lon\nb,energy,49.6,6\n' });
    expect(csv.facilities.map((f) => [f.id, f.sector])).toEqual([['b', 'energy']]);
  });

  it('reads a single Feature', () => {
    const inv = load(input('feature.geojson'));
    expect(inv.facilities).toHaveLength(1);
    const f = inv.facilities[0]!;
    expect([f.id, f.sector, f.country, f.source.index]).toEqual([
      'substation-madrid',
      'energy',
      'ESP',
      0,
    ]);
  });

  it('reads NDJSON with CRLF and blank lines; the index counts features, not lines', () => {
    const inv = load(input('facilities.ndjson'));
    expect(inv.errors).toEqual([]);
    expect(inv.facilities.map((f) => [f.id, f.sector, f.country, f.source.index])).toEqual([
      ['pump-rome', 'water', 'ITA', 0],
      ['plant-rome', 'energy', 'ITA', 1],
      ['station-rome', 'transport', 'ITA', 2], // "rail", derived country
    ]);
    expect(edges(inv)).toEqual(['plant-rome -> station-rome energy 0']);
  });

  it('accepts an already parsed object and never changes it', () => {
    const data = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [13.4, 52.52] },
      properties: { id: 7, sector: 'Electricity' },
    };
    const before = structuredClone(data);
    const inv = load({ name: 'object.geojson', data });
    expect(inv.facilities[0]!.id).toBe('7');
    expect(inv.facilities[0]!.sector).toBe('energy');
    expect(data).toEqual(before);
  });

  it('leaves countries null without a country index', () => {
    const result = loadInventory([input('collection.geojson')]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byId = (id: string) => result.inventory.facilities[result.inventory.indexById.get(id)!]!;
    expect(byId('bank-vienna').country).toBeNull();
    expect(byId('plant-berlin').country).toBe('DEU');
  });
});

describe('CSV facilities', () => {
  it('reads Latitude/Longitude columns, title-cased headers and quoted commas', () => {
    const inv = load(input('facilities-latitude-longitude.csv'));
    expect(inv.errors).toEqual([]);
    expect(inv.facilities.map((f) => [f.id, f.name, f.sector, f.country, f.source.index])).toEqual([
      ['csv-plant', 'Prague plant', 'energy', 'CZE', 2], // the CSV line; the header is line 1
      ['csv-pump', 'Pump, Brno', 'water', 'CZE', 3],
    ]);
    const plant = facility(inv, 'csv-plant');
    expect(plant.geometry).toEqual({ type: 'Point', coordinates: [14.44, 50.08] });
    expect(plant.properties.population_served).toBe('1300000');
  });

  it('reads lat/lng and y/x (tab-separated) columns', () => {
    const inv = load(input('facilities-lat-lng.csv'), input('facilities-y-x.tsv'));
    expect(facility(inv, 'lng-hospital').geometry.coordinates).toEqual([19.04, 47.5]);
    expect(facility(inv, 'lng-hospital').country).toBe('HUN');
    const port = facility(inv, 'yx-port');
    expect(port.geometry.coordinates).toEqual([4.14, 51.95]);
    expect([port.sector, port.country]).toEqual(['transport', 'NLD']);
  });

  it('reads semicolons and decimal commas', () => {
    const text = 'id;name;lat;lon;sector\nx;Graz plant;47,07;15,44;power\n';
    const inv = load({ name: 'semicolons.csv', text });
    expect(inv.facilities[0]!.geometry.coordinates).toEqual([15.44, 47.07]);
    expect(inv.facilities[0]!.country).toBe('AUT');
  });
});

describe('dependency files and merging', () => {
  const facilities = () => [
    input('facilities-latitude-longitude.csv'),
    input('facilities-lat-lng.csv'),
    input('facilities-y-x.tsv'),
  ];

  it('reads from/to, source/target and Provider;Dependent CSV dependencies', () => {
    const inv = load(
      ...facilities(),
      input('dependencies.csv'),
      input('dependencies-source-target.csv'),
      input('dependencies-provider-dependent.csv'),
    );
    expect(inv.errors).toEqual([]);
    expect(edges(inv)).toEqual([
      'csv-plant -> csv-pump energy 4',
      'csv-plant -> lng-hospital energy 0', // empty service: the provider's sector
      'csv-pump -> lng-hospital water 1.5', // "1,5"
      'yx-port -> csv-plant fuel 48', // "Delay hours"
    ]);
    const fromCsv = dependencyRows(inv.dependencies).find((d) => d.service === 'fuel')!;
    expect(fromCsv.source).toEqual({ file: 'dependencies-provider-dependent.csv', index: 2 });
  });

  it('reads a separate GeoJSON dependency file, given before or after the facilities', () => {
    const after = load(...facilities(), input('dependencies.geojson'));
    const before = load(input('dependencies.geojson'), ...facilities());
    const expected = ['csv-plant -> yx-port energy 0', 'csv-pump -> csv-plant water 24'];
    expect(edges(after)).toEqual(expected);
    expect(edges(before)).toEqual(expected);
    expect(
      dependencyRows(after.dependencies).find((d) => d.geometry !== null)?.geometry?.type,
    ).toBe('LineString');
  });

  it('merges every input fixture into one inventory without a complaint', () => {
    const names = [
      'collection.geojson',
      'feature.geojson',
      'facilities.ndjson',
      'facilities-latitude-longitude.csv',
      'facilities-lat-lng.csv',
      'facilities-y-x.tsv',
      'dependencies.csv',
      'dependencies-source-target.csv',
      'dependencies-provider-dependent.csv',
      'dependencies.geojson',
    ];
    const inv = load(...names.map(input));
    expect(inv.errors).toEqual([]);
    expect(inv.warnings).toEqual([]);
    expect(inv.facilities).toHaveLength(15);
    expect(inv.dependencies).toHaveLength(15);
    expect(inv.files).toEqual(names);
  });

  it('lists the report by file (in the order given), then position', () => {
    const a = {
      name: 'a.geojson',
      text: JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: null, properties: { id: 'p' } },
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [1, 1] },
            properties: { id: 'q' },
          },
        ],
      }),
    };
    const b = { name: 'b.csv', text: 'id,lat,lon,depends_on\nq,2,2,ghost\n' };
    const result = loadInventory([b, a]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The unknown endpoint is found last (dependencies resolve after every facility) but
    // sits on b.csv line 2, so it comes first.
    expect(result.inventory.errors.map((e) => [e.file, e.index, e.code])).toEqual([
      ['b.csv', 2, 'unknown-endpoint'],
      ['a.geojson', 0, 'missing-geometry'],
      ['a.geojson', 1, 'duplicate-id'],
    ]);
  });
});
