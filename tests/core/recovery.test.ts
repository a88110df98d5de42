/**
 * Recovery (docs/format.md §5): named fixtures with golden answers (tests/fixtures/recovery: backup
 * that outlasts a repair, k-of-n with one provider back, a restart loop that never comes back, a
 * pulse that goes round for ever, crews queueing and a given repair order, several outages of
 * one facility, bad values), the repair schedule, the CLI's usage errors, and the recovery
 * pass agreeing with the plain cascade wherever there is no recovery data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFiles, parseArgs, UsageError } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { runCascade } from '../../src/core/cascade.ts';
import { buildGraph } from '../../src/core/graph.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { runRecovery } from '../../src/core/recovery.ts';
import { repairOrder, repairSchedule } from '../../src/core/recovery-schedule.ts';
import { impactZone, resolveScenario } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import { expectGolden, FIXTURES, source } from '../helpers.ts';

const run = async (dir: string, name: string, extra: string[] = []) => {
  const argv = readFileSync(join(dir, `${name}.args`), 'utf8')
    .trim()
    .split(/\s+/);
  const args = parseArgs([join(dir, `${name}.geojson`), ...argv, ...extra]);
  return analyzeFiles(args.files.map(source), args, await loadCountryIndex());
};
const names = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.args'))
    .map((f) => f.replace(/\.args$/, ''));

describe('recovery fixtures', () => {
  const dir = join(FIXTURES, 'recovery');
  it.each(names(dir))('%s answers as its golden file says', async (name) => {
    const outcome = await run(dir, name);
    expectGolden(join(dir, `${name}.expected.json`), {
      exitCode: outcome.exitCode,
      ...(outcome.stdout as object),
    });
  });
});

describe('without recovery data', () => {
  const dir = join(FIXTURES, 'cascade');

  it.each(names(dir))('%s: the recovery pass gives the plain cascade, field by field', (name) => {
    const argv = readFileSync(join(dir, `${name}.args`), 'utf8')
      .trim()
      .split(/\s+/);
    const args = parseArgs([join(dir, `${name}.geojson`), ...argv]);
    const loaded = loadInventory(args.files.map(source));
    if (!loaded.ok) throw new Error(loaded.message);
    const inventory = loaded.inventory;
    const graph = buildGraph(inventory);
    const ids = inventory.facilities.map((f) => f.id);
    const resolved = resolveScenario(inventory, {
      compromised: args.compromise ?? [],
      protected: args.protect,
      radiusKm: args.radiusKm,
    });
    if (!resolved.ok) throw new Error(resolved.message);
    const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
    const zone = impactZone(index, resolved.compromised, args.radiusKm);
    const input = { compromised: resolved.compromised, zone, protected: resolved.protected };
    const plain = runCascade(graph, ids, input);
    const none = new Float64Array(ids.length);
    const recovery = runRecovery(graph, ids, {
      ...input,
      repairHours: none.slice().fill(NaN),
      restartHours: none,
    });
    for (const key of ['reason', 'wave', 'hours', 'service', 'trigger', 'triggerSlot', 'order']) {
      const k = key as keyof typeof plain;
      expect(Array.from(recovery[k]), `${name}: ${key}`).toEqual(Array.from(plain[k]));
    }
    for (const v of plain.order) expect(recovery.restored[v]).toBe(Infinity);
  });

  it.each(names(dir))('%s: the CLI prints what it printed before (golden)', async (name) => {
    const outcome = await run(dir, name);
    expect(outcome.stdout).toEqual(
      (({ exitCode: _e, ...rest }) => rest)(
        JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')),
      ),
    );
  });

  it('--crews alone adds down and restored: every failure for good', async () => {
    const outcome = await run(dir, 'delays', ['--crews', '2']);
    const out = outcome.stdout as {
      failed: { down: unknown; restored: unknown; hours: number }[];
      summary: { restoredBy: unknown; timeline: unknown[] };
    };
    for (const f of out.failed) {
      expect(f.down).toEqual([[f.hours, null]]);
      expect(f.restored).toBeNull();
    }
    expect(out.summary.restoredBy).toBeNull();
    expect(out.summary.timeline).toEqual([
      { hours: 0, down: 1, people: 0 },
      { hours: 4, down: 2, people: 0 },
      { hours: 8, down: 4, people: 0 },
      { hours: 24, down: 6, people: 0 },
    ]);
  });
});

describe('repair schedule', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const hours = Float64Array.from([4, 2, NaN, 2, 6]);

  it('defaults to increasing repair hours, then id; skips what has no repair hours', () => {
    expect(Array.from(repairOrder(ids, [0, 1, 2, 3, 4], hours))).toEqual([1, 3, 0, 4]);
  });

  it('puts listed ids first, ignoring those that are not repairable initial failures', () => {
    expect(Array.from(repairOrder(ids, [0, 1, 2, 3], hours, [2, 4, 0]))).toEqual([0, 1, 3]);
  });

  it('queues repairs on crews; without crews all start at 0', () => {
    const order = repairOrder(ids, [0, 1, 3, 4], hours);
    const one = repairSchedule(order, hours, 1);
    expect(Array.from(order, (v) => [one.repairStart[v], one.repairEnd[v]])).toEqual([
      [0, 2],
      [2, 4],
      [4, 8],
      [8, 14],
    ]);
    const two = repairSchedule(order, hours, 2);
    expect(Array.from(order, (v) => two.repairEnd[v])).toEqual([2, 2, 6, 8]);
    const all = repairSchedule(order, hours, null);
    expect(Array.from(order, (v) => all.repairEnd[v])).toEqual([2, 2, 4, 6]);
    expect(all.repairEnd[2]).toBeNaN();
  });
});

describe('recovery flags', () => {
  const file = join(FIXTURES, 'recovery', 'crews-queue.geojson');
  const usage = (argv: string[]) => () => parseArgs([file, ...argv]);

  it.each([['0'], ['-1'], ['1.5'], ['two'], ['']])('--crews %j is a usage error', (value) => {
    expect(usage(['--compromise', 's1', `--crews=${value}`])).toThrow(UsageError);
  });

  it('needs a scenario', () => {
    expect(usage(['--crews', '2'])).toThrow(/add --compromise/);
    expect(usage(['--repair-order', 's1'])).toThrow(/add --compromise/);
  });

  it('refuses unknown ids in the repair order (exit 2) and names them', async () => {
    const args = parseArgs([file, '--compromise', 's1', '--repair-order', 's2,nope,zz']);
    const outcome = await analyzeFiles(args.files.map(source), args, await loadCountryIndex());
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toBe('--repair-order: unknown facility id(s): "nope", "zz"');
    expect(outcome.stdout).toBeUndefined();
  });
});
