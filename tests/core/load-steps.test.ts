/**
 * The loading steps after the files are read (src/core/load-steps.ts), shared by the loading
 * worker and the build's prepared sample: when the user is asked about fields, what a mapping
 * does to the records, when the country boundaries are needed, and the merge.
 */
import { describe, expect, it, vi } from 'vitest';
import { readSource } from '../../src/core/formats.ts';
import { LOCATION_CHECK_LIMIT } from '../../src/core/load-limits.ts';
import {
  applyMappings,
  countriesUnavailable,
  countryPlan,
  mapFields,
  mergeSources,
  type Source,
} from '../../src/core/load-steps.ts';

function csv(name: string, text: string): Source {
  const read = readSource({ name, text });
  if (!read.ok) throw new Error(read.message);
  return { name, read };
}

const plain = () =>
  csv(
    'plain.csv',
    'id,name,sector,country,lat,lon\na,A,energy,DE,52.5,13.4\nb,B,water,DE,52.4,13.5\n',
  );
const own = () =>
  csv(
    'own.csv',
    'FacilityID,Site name,Sektor,ISO,lat,lon\nx1,Plant,energy,DE,52.5,13.4\nx2,Works,water,FR,48.8,2.3\n',
  );

describe('mapFields', () => {
  it('asks nothing for a file that uses the format names', async () => {
    const ask = vi.fn();
    const { mappings } = await mapFields([plain()], {}, ask);
    expect(ask).not.toHaveBeenCalled();
    expect(Object.values(mappings['plain.csv']!).filter(Boolean)).toEqual([]);
  });

  it("asks once about a planner's own column names, with a proposal, and takes the answer", async () => {
    const answer = { id: 'FacilityID', name: 'Site name', sector: 'Sektor', country: 'ISO' };
    const ask = vi.fn(async () => ({ mappings: { 'own.csv': answer }, sectorValues: {} }));
    const { mappings } = await mapFields([own()], {}, ask);
    expect(ask).toHaveBeenCalledTimes(1);
    const [asks] = ask.mock.calls[0] as unknown as [{ source: string; mapping: object }[]];
    expect(asks.map((a) => a.source)).toEqual(['own.csv']);
    expect(asks[0]!.mapping).toMatchObject({ id: 'FacilityID' });
    expect(mappings['own.csv']).toEqual(answer);
  });

  it('does not ask again about a file mapped before', async () => {
    const ask = vi.fn();
    const confirmed = { 'own.csv': { id: 'FacilityID' } };
    expect((await mapFields([own()], confirmed, ask)).mappings).toEqual(confirmed);
    expect(ask).not.toHaveBeenCalled();
  });

  it('asks about everyday sector words, with their counts and a proposal', async () => {
    const words = csv(
      'words.csv',
      'id,name,sector,lat,lon\na,A,Umspannwerk,50,4\nb,B,Umspannwerk,50,4\nc,C,ziekenhuis,50,4\nd,D,Space,50,4\n',
    );
    const ask = vi.fn(async () => ({
      mappings: { 'words.csv': {} },
      sectorValues: { 'words.csv': { Umspannwerk: 'energy', ziekenhuis: 'water', Space: 'Space' } },
    }));
    const { sectorValues } = await mapFields([words], {}, ask);
    const [asks] = ask.mock.calls[0] as unknown as [
      { sectorCandidates: Record<string, unknown>; sectorValues: object }[],
    ];
    expect(asks[0]!.sectorCandidates.sector).toEqual([
      { value: 'Umspannwerk', count: 2 },
      { value: 'Space', count: 1 },
      { value: 'ziekenhuis', count: 1 },
    ]);
    expect(asks[0]!.sectorValues).toEqual({
      Umspannwerk: 'energy',
      Space: 'Space',
      ziekenhuis: 'health',
    });
    const [mapped] = applyMappings([words], { 'words.csv': {} }, sectorValues);
    expect(mapped!.read.records.map((r) => [r.properties.sector, r.properties.type])).toEqual([
      ['energy', 'Umspannwerk'],
      ['energy', 'Umspannwerk'],
      ['water', 'ziekenhuis'],
      ['Space', undefined],
    ]);
    expect(mapped!.read.warnings[0]).toMatchObject({ code: 'sector-values' });
  });

  it("does not ask when the sector words are the format's own", async () => {
    const ask = vi.fn();
    const { sectorValues } = await mapFields([plain()], {}, ask);
    expect(ask).not.toHaveBeenCalled();
    expect(sectorValues['plain.csv']).toBeDefined();
  });
});

describe('applyMappings', () => {
  it('copies values under the format names, keeps the originals, and says so first', () => {
    const source = own();
    const [mapped] = applyMappings([source], { 'own.csv': { id: 'FacilityID', sector: 'Sektor' } });
    expect(mapped!.read.records[0]!.properties).toMatchObject({
      id: 'x1',
      sector: 'energy',
      FacilityID: 'x1',
      Sektor: 'energy',
    });
    expect(mapped!.read.warnings[0]).toMatchObject({
      file: 'own.csv',
      index: -1,
      code: 'field-mapping',
    });
    // The input is not mutated.
    expect(source.read.records[0]!.properties).not.toHaveProperty('id');
  });

  it('leaves a source without a mapping as it is', () => {
    const source = plain();
    expect(applyMappings([source], {})[0]).toBe(source);
  });
});

describe('countryPlan', () => {
  const many = (n: number, country: string) =>
    csv(
      'many.csv',
      'id,country,lat,lon\n' +
        Array.from({ length: n }, (_, i) => `f${i},${country},50,${(i % 300) / 100}`).join('\n'),
    );

  it('needs the boundaries when a facility lacks a country', () => {
    expect(countryPlan([csv('a.csv', 'id,lat,lon\na,50,5\n')])).toEqual({
      needed: true,
      skipped: null,
    });
    expect(countryPlan([csv('a.csv', 'id,country,lat,lon\na,Atlantis,50,5\n')]).needed).toBe(true);
  });

  it('needs them for a small inventory to check given countries against locations', () => {
    expect(countryPlan([plain()])).toEqual({ needed: true, skipped: null });
  });

  it('skips them, and says so, for a large inventory that names every country', () => {
    const plan = countryPlan([many(LOCATION_CHECK_LIMIT + 1, 'BE')]);
    expect(plan.needed).toBe(false);
    expect(plan.skipped).toMatchObject({
      file: 'many.csv',
      index: -1,
      code: 'location-checks-skipped',
    });
  });

  it('does not take dependency rows, which name no country, for facilities without one', () => {
    const deps = csv('deps.csv', 'from,to\nf0,f1\nf1,f2\n');
    expect(countryPlan([many(LOCATION_CHECK_LIMIT + 1, 'BE'), deps]).needed).toBe(false);
  });
});

describe('mergeSources', () => {
  it('merges, with the country note first among the warnings', () => {
    const note = countriesUnavailable([plain()], new Error('offline'));
    expect(note).toMatchObject({ file: 'plain.csv', index: -1, code: 'countries-unavailable' });
    expect(note.message).toContain('offline');
    const result = mergeSources([plain()], null, note);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inventory.facilities.map((f) => f.id)).toEqual(['a', 'b']);
    expect(result.inventory.warnings[0]).toBe(note);
  });

  it('refuses an input with no facility, as loadInventory does', () => {
    const result = mergeSources([csv('deps.csv', 'from,to\na,b\n')], null, null);
    expect(result.ok).toBe(false);
  });
});
