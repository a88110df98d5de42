/**
 * A planner's spreadsheet pair (`Site ID, Site Name, Lat, Long, Type, Country` and
 * `from,to,service`): the CLI reads it as the viewer does, through the one load pipeline. It
 * used to report 0 dependencies and every link rejected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFiles, parseArgs } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadSources } from '../../src/core/load-pipeline.ts';
import { parseMappingFile } from '../../src/core/mapping-file.ts';
import { failedEntries, resolveScenario, runScenario } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { FIXTURES } from '../helpers.ts';

const DIR = join(FIXTURES, 'planner');
const files = ['sites.csv', 'links.csv'];
const inputs = () => files.map((name) => ({ name, bytes: readFileSync(join(DIR, name)) }));

describe('the spreadsheet pair', () => {
  it('gives the same report counts and cascade in the CLI as through the worker pipeline', async () => {
    const countries = await loadCountryIndex();
    const validate = await analyzeFiles(inputs(), parseArgs([...files, '--validate']), {
      countries,
    });
    const report = validate.stdout as { ok: boolean; facilities: number; dependencies: number };
    expect(report).toMatchObject({ ok: true, facilities: 6, dependencies: 6 });
    expect(validate.notes).toEqual([
      'columns mapped by proposal: sites.csv: id<-Site ID, name<-Site Name, sector<-Type; to choose them, save a mapping ({"columns":{"id":"Site ID","name":"Site Name","sector":"Type"}}) and give it with --mapping FILE',
    ]);
    const cascade = await analyzeFiles(inputs(), parseArgs([...files, '--compromise', 'S1']), {
      countries,
    });
    const cli = (cascade.stdout as { failed: unknown[] }).failed;

    // What the load worker runs: the same pipeline, the dialog's proposal taken as it is.
    const asked: string[] = [];
    const worker = await loadSources(inputs(), {
      countries: async () => countries,
      ask: async (asks) => {
        asked.push(...asks.map((a) => a.source));
        return {
          mappings: Object.fromEntries(asks.map((a) => [a.source, a.mapping])),
          sectorValues: Object.fromEntries(asks.map((a) => [a.source, a.sectorValues])),
        };
      },
    });
    if (!worker.ok) throw new Error(worker.message);
    expect(asked).toEqual(['sites.csv']);
    const inventory = worker.inventory;
    expect([inventory.facilities.length, inventory.dependencies.length]).toEqual([6, 6]);
    expect(inventory.errors.length).toBe(0);
    const graph = buildGraph(inventory);
    const ids = inventory.facilities.map((f) => f.id);
    const resolved = resolveScenario(inventory, {
      compromised: ['S1'],
      protected: [],
      radiusKm: 0,
    });
    if (!resolved.ok) throw new Error(resolved.message);
    const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
    const run = runScenario(graph, ids, index, { ...resolved, radiusKm: 0 });
    expect(failedEntries(inventory, graph, run)).toEqual(cli);
    expect(cli.length).toBe(6);
  });

  it('reads the columns of --mapping FILE, without a proposal line', async () => {
    const parsed = parseMappingFile(
      JSON.stringify({ columns: { id: 'Site ID', name: 'Site Name' }, sectorValues: {} }),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const outcome = await analyzeFiles(inputs(), parseArgs([...files, '--validate']), {
      countries: null,
      mapping: parsed.mapping,
    });
    expect(outcome.notes).toBeUndefined();
    const report = outcome.stdout as { dependencies: number; warnings: { code: string }[] };
    expect(report.dependencies).toBe(6);
    // "Type" was not mapped: the sector stays unknown (the values are read as the format says).
    expect(report.warnings.map((w) => w.code)).toContain('field-mapping');
  });

  it('refuses a mapping naming a column no file has (exit 2), and bad mapping files', async () => {
    const parsed = parseMappingFile('{"columns": {"id": "SiteID"}}');
    if (!parsed.ok) throw new Error(parsed.message);
    const outcome = await analyzeFiles(inputs(), parseArgs([...files, '--validate']), {
      countries: null,
      mapping: parsed.mapping,
    });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^--mapping: no file has the column\(s\) id<-"SiteID"/);
    const bad = (text: string) => {
      const r = parseMappingFile(text);
      return r.ok ? 'ok' : r.message;
    };
    expect(bad('nope')).toMatch(/^not JSON/);
    expect(bad('{"columns": {"ident": "Site ID"}}')).toMatch(/unknown role "ident"/);
    expect(bad('{"columns": {"id": 3}}')).toMatch(/must be a column name/);
    expect(bad('{"columns": {"lat": "Lat"}}')).toMatch(/lat and lon together/);
    expect(bad('{"columns": {}, "extra": 1}')).toMatch(/unknown member/);
    expect(bad('{"columns": {}, "sectorValues": {"Power": 1}}')).toMatch(/must be a sector/);
  });
});
