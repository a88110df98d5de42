/** Scenario files and links, failed-facility exports, and plain-language explanations. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../src/core/explain.ts';
import { csvCell, failedToCsv, failedToGeoJson } from '../../src/core/export.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { failedEntries, runScenario } from '../../src/core/scenario.ts';
import { hashInventory } from '../../src/core/inventory-hash.ts';
import {
  parseScenarioFile,
  scenarioFromHash,
  scenarioToHash,
  SCENARIO_FORMAT,
  type ScenarioFile,
} from '../../src/core/scenario-file.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { FIXTURES } from '../helpers.ts';

function load(name: string) {
  const text = readFileSync(join(FIXTURES, 'cascade', `${name}.geojson`), 'utf8');
  const loaded = loadInventory([{ name: `${name}.geojson`, text }]);
  if (!loaded.ok) throw new Error(loaded.message);
  const inventory = loaded.inventory;
  const graph = buildGraph(inventory);
  const ids = inventory.facilities.map((f) => f.id);
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  return { inventory, graph, ids, index, text };
}

const scenario = (hash: string): ScenarioFile => ({
  format: SCENARIO_FORMAT,
  version: 1,
  title: 'Grid loss — Ümlaut & "quotes"',
  notes: 'exercise',
  marking: 'RESTRICTED — exercise only',
  inventory: { name: 'delays.geojson', hash },
  compromised: ['g'],
  radiusKm: 12.5,
  protected: ['t'],
  view: { center: [2.1, 48], zoom: 7 },
});

describe('scenario files and links', () => {
  it('hashes content, not file names or property order', () => {
    const a = load('delays');
    const renamed = loadInventory([{ name: 'other-name.json', text: a.text }]);
    expect(renamed.ok && hashInventory(renamed.inventory)).toBe(hashInventory(a.inventory));
    const b = load('chain');
    expect(hashInventory(b.inventory)).not.toBe(hashInventory(a.inventory));
    expect(hashInventory(a.inventory)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('round-trips through a file and through a link, unicode included', () => {
    const s = scenario('0123456789abcdef');
    expect(parseScenarioFile(JSON.stringify(s))).toEqual({ ok: true, scenario: s });
    const hash = scenarioToHash(s);
    expect(hash).toMatch(/^#scenario=[A-Za-z0-9_-]+$/);
    expect(scenarioFromHash(hash)).toEqual({ ok: true, scenario: s });
  });

  it('reads a file saved before the marking line without one (the current marking stays)', () => {
    const older: Partial<ScenarioFile> = scenario('0123456789abcdef');
    delete older.marking;
    const read = parseScenarioFile(JSON.stringify(older));
    expect(read.ok && 'marking' in read.scenario).toBe(false);
  });

  it('refuses what is not a scenario, with a plain message', () => {
    expect(parseScenarioFile('{"format":"x"}').ok).toBe(false);
    expect(parseScenarioFile('not json').ok).toBe(false);
    const bad = { ...scenario('h'), radiusKm: -1 };
    expect(parseScenarioFile(JSON.stringify(bad))).toMatchObject({ ok: false });
    expect(scenarioFromHash('#scenario=@@@')).toBeNull();
    expect(scenarioFromHash('#scenario=bm90IGpzb24')).toMatchObject({ ok: false });
    expect(scenarioFromHash('#other')).toBeNull();
  });
});

describe('exports and explanations', () => {
  const { inventory, graph, ids, index } = load('delays');
  const run = runScenario(graph, ids, index, { compromised: [0], protected: [], radiusKm: 0 });
  const failed = failedEntries(inventory, graph, run);

  it('exports failed facilities as GeoJSON with their failure', () => {
    const fc = JSON.parse(failedToGeoJson(inventory, failed));
    expect(fc.features).toHaveLength(failed.length);
    expect(fc.features[1].properties).toMatchObject({
      id: 'e',
      failure_wave: 1,
      failure_hours: 4,
      failure_trigger: 'g',
    });
  });

  it('exports CSV in the CLI order, with formula-looking cells neutralized', () => {
    const lines = failedToCsv(inventory, failed).trim().split('\n');
    expect(lines[0]).toBe(
      'id,name,sector,country,wave,hours,reason,service,trigger,longitude,latitude,type',
    );
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(failed.map((f) => f.id));
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('explains a failure back to the attack, in words', () => {
    const h = inventory.indexById.get('h')!;
    const steps = explainFailure(inventory, graph, run.result, h);
    expect(steps.map((s) => s.name)).toEqual(['h', 't', 'g']);
    expect(steps[0]!.text).toContain('loses telecom at +8 h');
    expect(steps[1]!.text).toContain('held out 8 h on backup');
    expect(steps.at(-1)!.text).toBe('g is compromised: it fails at +0 h.');
  });

  it("leads back to the attack when two facilities are each the other's trigger", () => {
    // v and w each need 2 of {X, the other}: both fail at wave 1, and by the tie rule of
    // docs/format.md §2.5 (larger wave) each one's trigger is the other.
    const point = (id: string, lon: number, min?: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, 40] },
      properties: { id, ...(min ? { min_providers: { s: min } } : {}) },
    });
    const dep = (from: string, to: string) => ({
      type: 'Feature',
      geometry: null,
      properties: { from, to, service: 's', delay_hours: 0 },
    });
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        point('X', 10),
        point('v', 10.1, 2),
        point('w', 10.2, 2),
        dep('X', 'v'),
        dep('w', 'v'),
        dep('X', 'w'),
        dep('v', 'w'),
      ],
    });
    const loaded = loadInventory([{ name: 'cycle.geojson', text }]);
    if (!loaded.ok) throw new Error(loaded.message);
    const inv = loaded.inventory;
    const g = buildGraph(inv);
    const ids = inv.facilities.map((f) => f.id);
    const index = new SpatialIndex(inv.facilities.map((f) => f.geometry));
    const X = inv.indexById.get('X')!;
    const v = inv.indexById.get('v')!;
    const r = runScenario(g, ids, index, { compromised: [X], protected: [], radiusKm: 0 });
    expect(ids[r.result.trigger[v]!]).toBe('w');
    expect(ids[r.result.trigger[inv.indexById.get('w')!]!]).toBe('v');
    const steps = explainFailure(inv, g, r.result, v);
    expect(steps.map((s) => s.name)).toEqual(['v', 'w', 'X']);
    expect(steps[1]!.text).toContain('together with X, down since +0 h');
    expect(steps.at(-1)!.text).toBe('X is compromised: it fails at +0 h.');
  });
});
