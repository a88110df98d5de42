/**
 * The real `analyze` command as a subprocess (docs/format.md §3): JSON alone on stdout, one line on
 * stderr, exit 0 / 1 / 2. Each run costs about a second, so every run starts at once in
 * beforeAll and the tests read the results.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = 'tests/fixtures/inputs';
const BAD = 'tests/fixtures/bad';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run --silent analyze -- ...`, exactly as the README says. */
const npm = (...args: string[]) => run('npm', ['run', '--silent', 'analyze', '--', ...args]);
/** The same script without npm's start-up cost. */
const analyze = (...args: string[]) =>
  run('node', ['--import', 'tsx', 'src/cli/analyze.ts', ...args]);

const runs = {
  compromise: () => npm(`${INPUTS}/ranking.geojson`, '--compromise', 'hub'),
  rankAll: () => analyze(`${INPUTS}/ranking.geojson`, '--rank'),
  rankTop: () => analyze(`${INPUTS}/ranking.geojson`, '--rank', '3'),
  validate: () => analyze(`${BAD}/dangling-self-dependencies.geojson`, '--validate'),
  unknownFlag: () => analyze(`${INPUTS}/ranking.geojson`, '--radius', '5'),
  unknownId: () => analyze(`${INPUTS}/ranking.geojson`, '--compromise', 'hub,nope'),
  missingValue: () => analyze(`${INPUTS}/ranking.geojson`, '--compromise'),
  garbage: () => analyze(`${BAD}/html-page.geojson`, '--compromise', 'hub'),
  garbageValidate: () => analyze(`${BAD}/truncated-json.geojson`),
  missingFile: () => analyze(`${INPUTS}/no-such-file.geojson`, `${INPUTS}/ranking.geojson`),
};
type Name = keyof typeof runs;
const results = {} as Record<Name, Run>;

beforeAll(async () => {
  const names = Object.keys(runs) as Name[];
  const done = await Promise.all(names.map((n) => runs[n]()));
  names.forEach((n, i) => (results[n] = done[i]!));
}, 120_000);

/** stderr is empty, or exactly one line starting with "analyze:". */
function expectOneLine(stderr: string): void {
  expect(stderr).toMatch(/^analyze: [^\n]+\n$/);
  expect(stderr).not.toMatch(/:\d+:\d+\)|Error:|node:internal/);
}

describe('analyze (subprocess)', () => {
  it('--compromise prints only JSON, failures sorted by wave, hours, id', () => {
    const r = results.compromise;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      failed: { id: string; wave: number; hours: number; reason: string; trigger?: string }[];
      summary: Record<string, unknown>;
    };
    expect(out.failed.map((f) => [f.id, f.wave, f.reason, f.trigger ?? null])).toEqual([
      ['hub', 0, 'compromised', null],
      ['a', 1, 'cascade', 'hub'],
      ['b', 1, 'cascade', 'hub'],
      ['c', 2, 'cascade', 'a'],
    ]);
    expect(out.summary).toMatchObject({
      failed: 4,
      bySector: { energy: 1, health: 2, water: 1 },
      byCountry: { DEU: 4 },
      spillover: 0,
      crossBorderDependenciesLost: 0,
    });
  });

  it('--rank orders by impact descending, then id ascending (code units)', () => {
    const all = JSON.parse(results.rankAll.stdout) as { ranking: { id: string; impact: number }[] };
    expect(results.rankAll.code).toBe(0);
    expect(all.ranking).toEqual([
      { id: 'hub', impact: 4 },
      { id: 'Z', impact: 2 },
      { id: 'a', impact: 2 },
      { id: '10', impact: 1 },
      { id: '9', impact: 1 },
      { id: 'b', impact: 1 },
      { id: 'c', impact: 1 },
      { id: 'y', impact: 1 },
    ]);
    const top = JSON.parse(results.rankTop.stdout) as { ranking: unknown[] };
    expect(results.rankTop.code).toBe(0);
    expect(Object.keys(top)).toEqual(['ranking']);
    expect(top.ranking).toEqual(all.ranking.slice(0, 3));
  });

  it('--validate prints the report and exits 0 when some items were rejected', () => {
    const r = results.validate;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      errors: Record<string, unknown>[];
    };
    expect(Object.keys(out)).toEqual(['ok', 'facilities', 'dependencies', 'errors', 'warnings']);
    expect(out).toMatchObject({ ok: false, facilities: 2, dependencies: 1 });
    for (const e of out.errors) {
      expect(Object.keys(e).filter((k) => k !== 'id')).toEqual([
        'file',
        'index',
        'code',
        'message',
      ]);
      expect(e.file).toBe('dangling-self-dependencies.geojson');
    }
  });

  it.each([
    ['unknownFlag', /unknown option --radius/],
    ['unknownId', /unknown facility id\(s\): "nope"/],
    ['missingValue', /--compromise needs a value/],
  ] as const)('%s: exit 2, nothing on stdout, one line on stderr', (name, message) => {
    const r = results[name];
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(message);
  });

  it('a file that is not GeoJSON: exit 1, nothing on stdout, the reason on stderr', () => {
    const r = results.garbage;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/html-page\.geojson: an HTML web page/);
  });

  it('without a mode flag the command validates, and still prints a refused report', () => {
    const r = results.garbageValidate;
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/line \d+, column \d+/);
    const out = JSON.parse(r.stdout) as { ok: boolean; errors: { code: string }[] };
    expect(out.ok).toBe(false);
    expect(out.errors.map((e) => e.code)).toEqual(['invalid-json']);
  });

  it('a missing file: exit 1 and says which', () => {
    const r = results.missingFile;
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/no-such-file\.geojson: cannot read it: no such file/);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      errors: [{ code: 'unreadable-file' }],
    });
  });
});
