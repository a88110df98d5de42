/**
 * Field mapping heuristics: header similarity, value sniffing, the proposal (each field and
 * role once, dependencies and coordinates in pairs) and applying it without losing or
 * mutating anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyFieldMapping,
  needsConfirmation,
  profileFields,
  proposeMapping,
  type FieldMapping,
} from '../../src/core/field-mapping.ts';
import { headerWords, nameScore } from '../../src/core/field-scores.ts';
import { readSource, type RawRecord } from '../../src/core/formats.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { FIXTURES } from '../helpers.ts';
import { dependencyRows } from '../../src/core/dependency-table.ts';

function read(name: string): RawRecord[] {
  const text = readFileSync(join(FIXTURES, 'e2e', name), 'utf8');
  const result = readSource({ name, text });
  if (!result.ok) throw new Error(result.message);
  return result.records;
}

/** Records from plain objects: properties as given, a point each unless `geometry: null`. */
function records(rows: Record<string, unknown>[], geometry: unknown = 'point'): RawRecord[] {
  return rows.map((row, index) => ({
    index,
    featureId: undefined,
    properties: Object.assign(Object.create(null), row),
    geometry: geometry === 'point' ? { type: 'Point', coordinates: [index, index] } : geometry,
  }));
}

function propose(rows: RawRecord[], knownIds: string[] = []): FieldMapping {
  return proposeMapping(profileFields(rows), new Set(knownIds)).mapping;
}

const SITE_IDS = ['KW-01', 'UW-07', 'WW-02', 'KH-11', 'TK-03'];

describe('headerWords and nameScore', () => {
  it('reads headers as words: camelCase, separators, accents and umlauts', () => {
    expect(headerWords('FacilityID')).toBe('facility id');
    expect(headerWords('ISO_A3')).toBe('iso a3');
    expect(headerWords('Site-Name ')).toBe('site name');
    expect(headerWords('Länge')).toBe('laenge');
    expect(headerWords('Dénomination')).toBe('denomination');
    expect(headerWords('objectID')).toBe('object id');
  });

  it('scores synonyms 1, generic words 0.7, headers containing a synonym in between', () => {
    expect(nameScore('FacilityID', 'id')).toBe(1);
    expect(nameScore('Site name', 'name')).toBe(1);
    expect(nameScore('Sektor', 'sector')).toBe(1);
    expect(nameScore('ISO', 'country')).toBe(1);
    expect(nameScore('provider_id', 'from')).toBe(1);
    expect(nameScore('Type', 'sector')).toBeCloseTo(0.7);
    const contained = nameScore('Official site name', 'name');
    expect(contained).toBeGreaterThan(0.6);
    expect(contained).toBeLessThan(1);
  });

  it('forgives a near spelling but not an unrelated word', () => {
    expect(nameScore('Sectr', 'sector')).toBeGreaterThan(0.5);
    expect(nameScore('Operator', 'sector')).toBe(0);
    expect(nameScore('Operator', 'id')).toBe(0);
    // A one-letter synonym only counts on its own.
    expect(nameScore('x', 'lon')).toBeCloseTo(0.7);
    expect(nameScore('box x', 'lon')).toBe(0);
  });
});

describe('proposeMapping', () => {
  it('never maps the recovery and people properties of SPEC 4-5 to a role', () => {
    const rows = records([
      { id: 'a', sector: 'energy', repair_hours: 10, restart_hours: 2, population_served: 900 },
      { id: 'b', sector: 'water', repair_hours: 4, restart_hours: 0, population_served: 30 },
    ]);
    expect(propose(rows)).toEqual({});
  });

  it("proposes a planner's facility columns (FacilityID, Site name, Sektor, ISO)", () => {
    const proposal = proposeMapping(profileFields(read('planner-sites.csv')));
    expect(proposal.mapping).toEqual({
      id: 'FacilityID',
      name: 'Site name',
      sector: 'Sektor',
      country: 'ISO',
    });
    expect(needsConfirmation(proposal)).toBe(true);
    const why = proposal.proposals.find((p) => p.role === 'country')!.reason;
    expect(why).toContain('100% are country codes or names');
    // German sector words reveal the column, and the dialog says they stay as given.
    const sector = proposal.proposals.find((p) => p.role === 'sector')!.reason;
    expect(sector).toContain('100% look like sectors (100% in another language: kept as given)');
  });

  it('recognizes provider and dependent columns by name and by their values', () => {
    expect(propose(read('planner-links.csv'), SITE_IDS)).toEqual({
      from: 'provider_id',
      to: 'dependent_id',
      service: 'Dienst',
      delay_hours: 'Autonomie (h)',
    });
    // Columns named like nothing, holding facility ids: found by their values alone.
    const rows = records(
      [
        { a: 'KW-01', b: 'UW-07' },
        { a: 'UW-07', b: 'WW-02' },
        { a: 'UW-07', b: 'KH-11' },
      ],
      null,
    );
    expect(propose(rows, SITE_IDS)).toMatchObject({ from: 'a', to: 'b' });
  });

  it('never proposes half a dependency, nor ids that name no facility', () => {
    const rows = records([
      { FacilityID: 'a', provider_id: 'x' },
      { FacilityID: 'b', provider_id: 'y' },
    ]);
    expect(propose(rows, ['a', 'b', 'x', 'y'])).toEqual({ id: 'FacilityID' });
    // "From"/"To" holding dates are not a dependency.
    const dated = records([
      { id: 'a', From: '2020-01-01', To: '2021-01-01' },
      { id: 'b', From: '2019-05-01', To: '2022-01-01' },
    ]);
    expect(propose(dated, ['a', 'b'])).toEqual({});
  });

  it('finds countries and sectors by their values when the header says nothing', () => {
    const rows = records([
      { id: 'a', col3: 'DE', col4: 'Power' },
      { id: 'b', col3: 'France', col4: 'water' },
      { id: 'c', col3: 'POL', col4: 'ICT' },
      { id: 'd', col3: 'at', col4: 'health' },
    ]);
    expect(propose(rows)).toEqual({ country: 'col3', sector: 'col4' });
  });

  it('does not take bare numbers for ISO numeric country codes', () => {
    const rows = records([1, 4, 8, 12, 20].map((n) => ({ id: `f${n}`, code2: n })));
    expect(propose(rows).country).toBeUndefined();
  });

  it('needs the values to agree with a generic header ("Type")', () => {
    const kinds = records([
      { id: 'a', Type: 'substation' },
      { id: 'b', Type: 'plant' },
    ]);
    expect(propose(kinds)).toEqual({});
    const sectors = records([
      { id: 'a', Type: 'power' },
      { id: 'b', Type: 'water' },
    ]);
    expect(propose(sectors)).toEqual({ sector: 'Type' });
  });

  it('leaves files named as the SPEC says alone', () => {
    for (const name of ['grid.geojson', 'facilities.csv', 'dependencies.csv']) {
      const proposal = proposeMapping(profileFields(read(name)), new Set(SITE_IDS));
      expect(proposal.mapping, name).toEqual({});
      expect(needsConfirmation(proposal)).toBe(false);
    }
    const satisfied = proposeMapping(profileFields(read('grid.geojson'))).satisfied;
    expect(satisfied).toEqual(expect.arrayContaining(['id', 'name', 'sector', 'country']));
  });

  it("maps SPEC names in other letter case without asking (a Shapefile's ID, NAME)", () => {
    const rows = records([
      { ID: 's1', NAME: 'North', SECTOR: 'energy', COUNTRY: 'NL' },
      { ID: 's2', NAME: 'South', SECTOR: 'water', COUNTRY: 'BE' },
    ]);
    const proposal = proposeMapping(profileFields(rows));
    expect(proposal.mapping).toEqual({
      id: 'ID',
      name: 'NAME',
      sector: 'SECTOR',
      country: 'COUNTRY',
    });
    expect(proposal.proposals.filter((p) => p.field).every((p) => p.exact)).toBe(true);
    expect(needsConfirmation(proposal)).toBe(false);
  });

  it('proposes coordinate columns only for rows without a location, and in pairs', () => {
    const rows = records(
      [
        { id: 'a', POINT_Y: '52,51', POINT_X: '13,40' },
        { id: 'b', POINT_Y: '48,85', POINT_X: '2,35' },
      ],
      null,
    );
    expect(propose(rows)).toEqual({ lat: 'POINT_Y', lon: 'POINT_X' });
    const located = records([{ id: 'a', POINT_Y: '52.5', POINT_X: '13.4' }]);
    expect(propose(located)).toEqual({});
  });

  it('uses each field for one role at most', () => {
    const rows = records([
      { Name: 'Berlin', Bezeichnung: 'Berlin CHP' },
      { Name: 'Paris', Bezeichnung: 'Paris mast' },
    ]);
    const mapping = propose(rows);
    expect(Object.values(mapping).length).toBe(new Set(Object.values(mapping)).size);
    expect(mapping.name).toBeDefined();
  });
});

describe('profileFields', () => {
  it('samples across the whole file, not only its head', () => {
    const rows = records(
      Array.from({ length: 5000 }, (_, i) =>
        i < 4000 ? { id: `f${i}` } : { id: `f${i}`, late: 'x' },
      ),
    );
    const profile = profileFields(rows);
    expect(profile.records).toBe(5000);
    expect(profile.sampled).toBeLessThanOrEqual(1000);
    expect(profile.fields.map((f) => f.name)).toContain('late');
  });
});

describe('applyFieldMapping', () => {
  it('copies values under SPEC names and keeps every original property', () => {
    const input = read('planner-sites.csv');
    const mapped = applyFieldMapping(input, {
      id: 'FacilityID',
      name: 'Site name',
      sector: 'Sektor',
      country: 'ISO',
    });
    expect({ ...mapped[0]!.properties }).toEqual({
      FacilityID: 'KW-01',
      'Site name': 'Kraftwerk Nord',
      Kurzname: 'KW Nord',
      Sektor: 'Energie',
      ISO: 'DE',
      Betreiber: 'Stadtwerke',
      id: 'KW-01',
      name: 'Kraftwerk Nord',
      sector: 'Energie',
      country: 'DE',
    });
    expect(Object.getPrototypeOf(mapped[0]!.properties)).toBeNull();
    expect(mapped.map((r) => r.index)).toEqual(input.map((r) => r.index));
  });

  it('never mutates its input', () => {
    const input = records([{ FacilityID: 'a', name: 'old' }], null);
    const before = JSON.stringify(input);
    Object.freeze(input[0]!.properties);
    Object.freeze(input[0]);
    const mapped = applyFieldMapping(input, { id: 'FacilityID', lat: 'y', lon: 'x' });
    expect(JSON.stringify(input)).toBe(before);
    expect(mapped[0]).not.toBe(input[0]);
    expect(mapped[0]!.properties).not.toBe(input[0]!.properties);
  });

  it('keeps a SPEC property it replaces as original_<name>', () => {
    const input = records([{ name: 'code 17', Bezeichnung: 'Wasserwerk Süd' }]);
    const mapped = applyFieldMapping(input, { name: 'Bezeichnung' });
    expect(mapped[0]!.properties.name).toBe('Wasserwerk Süd');
    expect(mapped[0]!.properties.original_name).toBe('code 17');
  });

  it('makes points from mapped coordinate columns (decimal commas read as numbers)', () => {
    const input = records([{ id: 'a', POINT_Y: '52,51', POINT_X: '13,40' }, { id: 'b' }], null);
    const mapped = applyFieldMapping(input, { lat: 'POINT_Y', lon: 'POINT_X' });
    expect(mapped[0]!.geometry).toEqual({ type: 'Point', coordinates: [13.4, 52.51] });
    expect(mapped[1]!.geometry).toBeNull();
    expect(mapped[0]!.properties.POINT_Y).toBe('52,51');
  });

  it('keeps keys such as __proto__ and constructor as plain data', () => {
    const props = Object.create(null);
    props['__proto__'] = 'evil';
    props.constructor = 'c';
    props.FacilityID = 'x';
    const input: RawRecord[] = [
      { index: 0, featureId: undefined, properties: props, geometry: null },
    ];
    const out = applyFieldMapping(input, { id: 'FacilityID' })[0]!.properties;
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'FacilityID', 'id']);
    expect(Object.getPrototypeOf(out)).toBeNull();
  });

  it('loads a mapped planner inventory: facilities, dependencies, CSV lines in the report', () => {
    const sites = read('planner-sites.csv');
    const links = read('planner-links.csv');
    const source = (name: string, rows: RawRecord[], mapping: FieldMapping) => ({
      name,
      read: {
        ok: true as const,
        records: applyFieldMapping(rows, mapping),
        errors: [],
        warnings: [],
      },
    });
    const result = loadInventory([
      source('planner-sites.csv', sites, proposeMapping(profileFields(sites)).mapping),
      source('planner-links.csv', links, propose(links, SITE_IDS)),
    ]);
    if (!result.ok) throw new Error(result.message);
    const inv = result.inventory;
    expect(inv.facilities.map((f) => [f.id, f.name, f.country])).toEqual([
      ['KW-01', 'Kraftwerk Nord', 'DEU'],
      ['UW-07', 'Umspannwerk Mitte', 'DEU'],
      ['WW-02', 'Wasserwerk Süd', 'DEU'],
      ['KH-11', 'Klinikum Ost', 'DEU'],
      ['TK-03', 'Vermittlungsstelle', 'DEU'],
    ]);
    expect(
      dependencyRows(inv.dependencies).map((d) => [d.from, d.to, d.service, d.delayHours]),
    ).toEqual([
      [0, 1, 'Strom', 0],
      [1, 2, 'Strom', 12],
      [1, 3, 'Strom', 48],
      [2, 3, 'Wasser', 6],
    ]);
    // Positions are still CSV lines: "Energie" is first reported on line 2.
    expect(inv.warnings.find((w) => w.code === 'unknown-sector')?.index).toBe(2);
  });
});
