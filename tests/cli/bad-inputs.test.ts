/**
 * The bad-input corpus (docs/format.md §1.9): every file in tests/fixtures/bad is validated as
 * `analyze FILE --validate` would, in-process, and the report (exit code, stderr, stdout) must
 * match its golden `NAME.expected.json`. Files named `NAME.1-x.ext`, `NAME.2-y.ext` are one
 * case of several files, loaded in that order. Cases too big to commit are generated here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LoadInput } from '../../src/core/load-pipeline.ts';
import { describe, expect, it } from 'vitest';
import { analyzeFiles, parseArgs, type CliOutcome } from '../../src/cli/run.ts';
import { loadCountryIndex } from '../../src/cli/node-countries.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { expectGolden, source } from '../helpers.ts';
import {
  BAD_DIR as dir,
  committedCases,
  GENERATED,
  hugeStringText,
  sameLocationText,
  type Entry,
} from '../support/bad-generated.ts';
import { dependencyRows } from '../../src/core/dependency-table.ts';

/** A file as analyze.ts reads it. */
function bytesOf(path: string): LoadInput {
  return { name: basename(path), bytes: readFileSync(path) };
}

async function validate(sources: LoadInput[], extra: string[] = []): Promise<CliOutcome> {
  const args = parseArgs([...sources.map((s) => s.name), '--validate', ...extra]);
  return analyzeFiles(sources, args, await loadCountryIndex());
}

/** What the golden file holds: how the command ends, and what it prints. */
function report(outcome: CliOutcome): Record<string, unknown> {
  return {
    exitCode: outcome.exitCode,
    ...(outcome.stderr === undefined ? {} : { stderr: outcome.stderr }),
    ...(outcome.stdout as object),
  };
}

/** Plain messages: one line, no stack trace, no "undefined" or "[object Object]" leaking out. */
function expectPlain(outcome: CliOutcome): void {
  const out = outcome.stdout as { errors: Entry[]; warnings: Entry[] };
  const lines = [outcome.stderr ?? '', ...[...out.errors, ...out.warnings].map((e) => e.message)];
  for (const line of lines) {
    expect(line).not.toMatch(/\n|\bat .+:\d+:\d+|undefined|\[object |Error:/);
    expect(line.length).toBeLessThan(400);
  }
  for (const e of [...out.errors, ...out.warnings]) {
    expect(e.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(Number.isInteger(e.index)).toBe(true);
  }
}

const corpus = committedCases();

describe('bad inputs', () => {
  it('the corpus holds at least 40 cases, and no golden file without its case', () => {
    expect(corpus.size).toBeGreaterThanOrEqual(40);
    const generated = Object.keys(GENERATED);
    const goldens = readdirSync(dir)
      .filter((f) => f.endsWith('.expected.json'))
      .map((f) => f.replace(/\.expected\.json$/, ''));
    expect(goldens.filter((g) => !corpus.has(g) && !generated.includes(g))).toEqual([]);
  });

  it.each([...corpus.keys()])('%s: reported as its golden file says', async (name) => {
    // As analyze.ts reads them: bytes, the pipeline picks the reader or decodes the text.
    const outcome = await validate(corpus.get(name)!.map((f) => bytesOf(join(dir, f))));
    expect([0, 1]).toContain(outcome.exitCode);
    expectPlain(outcome);
    expectGolden(join(dir, `${name}.expected.json`), report(outcome));
  });

  it('1,000 facilities on one point: all load, one warning, a radius takes them all', async () => {
    const text = sameLocationText();
    const sources = [{ name: 'same-point.geojson', text }];
    const outcome = await validate(sources);
    expectPlain(outcome);
    expectGolden(join(dir, 'generated-same-location.expected.json'), report(outcome));
    const run = await validate(sources, ['--compromise', 'f0', '--radius-km', '0.001']);
    expect((run.stdout as { summary: { failed: number } }).summary.failed).toBe(1000);
  });

  it('a 10 MB property string is kept whole and never echoed into the report', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const text = hugeStringText(huge);
    const sources = [{ name: 'huge-string.geojson', text }];
    const outcome = await validate(sources);
    expectPlain(outcome);
    expect(JSON.stringify(outcome.stdout).length).toBeLessThan(5000);
    expectGolden(join(dir, 'generated-huge-string.expected.json'), report(outcome));
    const loaded = loadInventory(sources);
    expect(loaded.ok && loaded.inventory.facilities[0]!.properties.notes).toBe(huge);
  });

  it.each(['generated-deep-geojson', 'generated-deep-csv'] as const)(
    '%s: deep nesting is flattened or skipped per feature, never a crash',
    async (name) => {
      const { file, text } = GENERATED[name];
      const outcome = await validate([{ name: file, text: text() }]);
      expect(outcome.exitCode).toBe(0);
      expectPlain(outcome);
      expectGolden(join(dir, `${name}.expected.json`), report(outcome));
      // The loaded inventory crosses to and from a worker: it must clone.
      const loaded = loadInventory([{ name: file, text: text() }]);
      expect(loaded.ok).toBe(true);
      if (loaded.ok) expect(() => structuredClone(loaded.inventory.facilities)).not.toThrow();
    },
  );

  it('delays of 1e308 along a chain: hours stay finite numbers, never null', async () => {
    const sources = [source(join(dir, 'delay-overflow.geojson'))];
    const run = await validate(sources, ['--compromise', 'd0']);
    const failed = (run.stdout as { failed: { id: string; hours: unknown }[] }).failed;
    expect(failed.map((f) => f.hours)).toEqual([0, 1e9, 2e9, 3e9]);
    expect(JSON.stringify(run.stdout)).not.toContain('null');
  });

  it('repair and restart hours of 1e308 with one crew: capped, every hour a finite number', async () => {
    const sources = [source(join(dir, 'recovery-overflow.geojson'))];
    const run = await validate(sources, ['--compromise', 'a,b', '--crews', '1']);
    const out = run.stdout as {
      failed: { id: string; down: unknown[][]; restored: unknown }[];
      summary: { restoredBy: unknown; timeline: { hours: unknown }[] };
    };
    // Read as 1e9 each. One crew: a is repaired over [0, 1e9) and restarts until 2e9, b over
    // [1e9, 2e9); c (a cascade failure) comes back 1e9 after b: 3e9, no longer Infinity.
    for (const f of out.failed) {
      expect(Number.isFinite(f.restored)).toBe(true);
      for (const [from, to] of f.down) expect([from, to].every(Number.isFinite)).toBe(true);
    }
    expect(out.summary.restoredBy).toBe(3e9);
    expect(JSON.stringify(run.stdout)).not.toContain('null');
  });

  it("--compromise a,a --protect a,b,b: the viewer's notes on stderr, stdout as without repeats", async () => {
    const sources = [source(join(dir, 'delay-overflow.geojson'))];
    const repeated = await validate(sources, ['--compromise', 'd0,d0', '--protect', 'd0,d1,d1']);
    expect(repeated.notes).toEqual([
      '2 facility id(s) were listed more than once: each is read once.',
      '"d0" is both compromised and protected: read as compromised (protection keeps a facility up in a cascade, not when it is attacked itself).',
    ]);
    const once = await validate(sources, ['--compromise', 'd0', '--protect', 'd0,d1']);
    expect(repeated.stdout).toEqual(once.stdout);
    expect(once.notes).toHaveLength(1);
    const plain = await validate(sources, ['--compromise', 'd0', '--protect', 'd1']);
    expect(plain.notes).toBeUndefined();
  });

  it('__proto__ keys stay data: Object.prototype is unchanged after loading and running', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const sources = [source(join(dir, 'proto-keys.geojson'))];
    const loaded = loadInventory(sources, { countries: await loadCountryIndex() });
    await validate(sources, ['--compromise', 'a', '--rank']);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const a = loaded.inventory.facilities[0]!;
    expect(Object.hasOwn(a.properties, '__proto__')).toBe(true);
    expect(a.properties.__proto__).toEqual({ polluted: true });
    expect(a.sector).toBe('__proto__');
    expect(loaded.inventory.indexById.get('__proto__')).toBe(1);
    expect(dependencyRows(loaded.inventory.dependencies)[0]!.service).toBe('__proto__');
  });

  it('a parsed GeoJSON object passed in is not mutated', () => {
    const data = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 1],
                [1, 1],
                [1, 2],
              ],
            ],
          },
          properties: { id: ' a ', sector: 'Power', country: 'de' },
        },
      ],
    };
    const copy = structuredClone(data);
    const loaded = loadInventory([{ name: 'object.geojson', data }]);
    expect(loaded.ok).toBe(true);
    expect(data).toEqual(copy);
  });
});
