/**
 * The modes of docs/format.md §6 on the hand-worked fixture tests/fixtures/e2e/worst-cases.geojson (see the README there): the
 * answers in-process, and through the real command for exit codes, one-line messages, and
 * Monte Carlo on worker threads giving the very numbers of a single thread.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { runMonteCarloParallel } from '../../src/cli/monte-carlo-workers.ts';
import { analyzeWorstFiles } from '../../src/cli/worst-modes.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { monteCarloModel, runMonteCarlo, summarizeMonteCarlo } from '../../src/core/monte-carlo.ts';
import { impactZone } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { readUncertainty } from '../../src/core/uncertainty.ts';
import { FIXTURES, source } from '../helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FILE = join(FIXTURES, 'e2e', 'worst-cases.geojson');

async function answer(...argv: string[]) {
  const args = parseArgs([FILE, ...argv]);
  return analyzeWorstFiles(args.files.map(source), args, await loadCountryIndex());
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const analyze = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(
      'node',
      ['--import', 'tsx', 'src/cli/analyze.ts', ...args],
      { cwd: ROOT },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

describe('SPEC 6 modes on the fixture', () => {
  it('--pairs lists the pairs with extra > 0: extra, impact, then ids', async () => {
    const out = await answer('--pairs');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toEqual({
      pairs: [
        { ids: ['s1', 's2'], impact: 4, extra: 2 },
        { ids: ['gen', 't2'], impact: 4, extra: 1 },
        { ids: ['gen', 't3'], impact: 4, extra: 1 },
        { ids: ['t1', 't2'], impact: 3, extra: 1 },
        { ids: ['t1', 't3'], impact: 3, extra: 1 },
        { ids: ['t2', 't3'], impact: 3, extra: 1 },
      ],
    });
    expect(((await answer('--pairs', '2')).stdout as { pairs: unknown[] }).pairs).toHaveLength(2);
  });

  it('--worst-radius ranks every facility as the centre of the event', async () => {
    const out = await answer('--worst-radius', '1', '--top', '4');
    expect(out.stdout).toEqual({
      placements: [
        { id: 's1', impact: 4 },
        { id: 's2', impact: 4 },
        { id: 'city', impact: 2 },
        { id: 'gen', impact: 2 },
      ],
    });
    const all = (await answer('--worst-radius=1')).stdout as { placements: unknown[] };
    expect(all.placements).toHaveLength(9);
  });

  it('--protect-budget picks the best single facility, then stops when nothing helps', async () => {
    const base = ['--compromise', 's1', '--radius-km', '1'];
    expect((await answer(...base, '--protect-budget', '1')).stdout).toEqual({
      protect: ['city'],
      failed: 2,
      baseline: 4,
    });
    expect((await answer(...base, '--protect-budget', '3')).stdout).toEqual({
      protect: ['city'],
      failed: 2,
      baseline: 4,
    });
    expect((await answer('--compromise', 'gen,t2', '--protect-budget', '1')).stdout).toEqual({
      protect: ['t1'],
      failed: 2,
      baseline: 4,
    });
  });

  it('--monte-carlo estimates p_damage 0.5 of the second feed, and warns of bad values', async () => {
    const out = await answer('--compromise', 's1', '--radius-km', '1', '--monte-carlo', '4000');
    const mc = out.stdout as ReturnType<typeof summarizeMonteCarlo>;
    expect(mc.runs).toBe(4000);
    expect(mc.seed).toBe(1);
    expect(Object.keys(mc.probability)).toEqual(['city', 'hospital', 's1', 's2']);
    expect(mc.probability.s1).toBe(1);
    // 0.5 within 4.5 standard errors of 4000 runs.
    expect(Math.abs(mc.probability.s2! - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / 4000));
    expect(mc.probability.city).toBe(mc.probability.s2);
    expect(mc.exceedance).toEqual([
      [1, 1],
      [4, mc.probability.s2],
    ]);
    expect(mc.failedCount.p90).toBe(4);
    expect(mc.failedCount.mean).toBeCloseTo(1 + 3 * mc.probability.s2!, 10);
    expect(out.stderr).toMatch(/2 p_damage\/backup_reliability value\(s\) unusable/);
  });

  it('refuses bad flags with a one-line usage error', () => {
    const bad: [string[], RegExp][] = [
      [['--pairs', '0'], /--pairs takes a whole number >= 1/],
      [['--pairs', '1.5'], /--pairs takes a whole number >= 1/],
      [['--worst-radius', '0'], /radius in kilometres > 0/],
      [['--worst-radius', '-3'], /radius in kilometres > 0/],
      [['--compromise', 's1', '--protect-budget', '0'], /--protect-budget takes a whole/],
      [['--compromise', 's1', '--monte-carlo', '0'], /from 1 to 1000000/],
      [['--compromise', 's1', '--monte-carlo', '1000001'], /from 1 to 1000000/],
      [['--compromise', 's1', '--monte-carlo', '10', '--seed', '-1'], /--seed takes/],
      [['--pairs', '--worst-radius', '5'], /one mode per run/],
      [['--pairs', '--validate'], /one mode per run/],
      [['--monte-carlo', '10'], /needs a scenario/],
      [['--top', '3'], /--top goes with --worst-radius/],
      [['--compromise', 's1', '--pairs'], /leave out --compromise/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseArgs([FILE, ...argv]), argv.join(' ')).toThrow(UsageError);
      expect(() => parseArgs([FILE, ...argv]), argv.join(' ')).toThrow(message);
    }
  });
});

describe('SPEC 6 modes (subprocess)', () => {
  const runs: Record<string, Run> = {};
  beforeAll(async () => {
    const base = [FILE, '--compromise', 's1', '--radius-km', '1'];
    [runs.workers, runs.budget, runs.validate] = await Promise.all([
      analyze(...base, '--monte-carlo', '30000', '--seed', '77'),
      analyze(FILE, '--pairs', '-1'),
      analyze(FILE, '--validate'),
    ]);
  }, 120_000);

  it('gives the numbers of one thread on worker threads (forced) and through the CLI', async () => {
    expect(runs.workers!.code).toBe(0);
    const loaded = loadInventory([source(FILE)]);
    if (!loaded.ok) throw new Error(loaded.message);
    const inventory = loaded.inventory;
    const graph = buildGraph(inventory);
    const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
    const s1 = inventory.indexById.get('s1')!;
    const zone = impactZone(index, [s1], 1);
    const model = monteCarloModel(
      graph,
      { compromised: [s1], zone, protected: [] },
      readUncertainty(inventory),
      77,
    );
    const ids = inventory.facilities.map((f) => f.id);
    const single = runMonteCarlo(model, 0, 30_000);
    const summary = summarizeMonteCarlo(ids, single, 77);
    expect(JSON.parse(runs.workers!.stdout)).toEqual(JSON.parse(JSON.stringify(summary)));
    let progress = 0;
    const threads = await runMonteCarloParallel(model, 30_000, (done) => (progress = done), {
      workers: 3,
      minWorkerMs: 0,
    });
    expect(threads).toEqual(single);
    expect(progress).toBe(30_000);
  });

  it('exits 2 with one line on stderr for a bad N', () => {
    expect(runs.budget!.code).toBe(2);
    expect(runs.budget!.stdout).toBe('');
    expect(runs.budget!.stderr).toMatch(/^analyze: --pairs takes a whole number >= 1, got "-1"\n$/);
  });

  it('--validate names the facilities with unusable p_damage and backup_reliability', () => {
    const out = JSON.parse(runs.validate!.stdout) as { warnings: { code: string; id: string }[] };
    expect(out.warnings.filter((w) => w.code.startsWith('invalid-'))).toMatchObject([
      { code: 'invalid-p-damage', id: 'hospital' },
      { code: 'invalid-backup-reliability', id: 'bank' },
    ]);
  });
});
