/**
 * The three scenarios documented in data/README.md and docs/briefing.md, run through the real
 * `analyze` command: the figures below are the CLI's (copied from its output), and the docs
 * must quote them.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = 'data/europe.geojson';

interface Summary {
  people: { bySector: Record<string, number>; atLeast: number };
  restoredBy: number | null;
  failed: number;
  byCountry: Record<string, number>;
  spillover: number;
  crossBorderDependenciesLost: number;
}
interface Output {
  failed: { id: string; wave: number; hours: number; country: string }[];
  summary: Summary;
  ranking?: { id: string; impact: number }[];
}

function analyze(args: string[]): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(
      'node',
      ['--import', 'tsx', 'src/cli/analyze.ts', SAMPLE, ...args],
      { cwd: ROOT, maxBuffer: 64 << 20 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as Output)),
    );
  });
}

const runs = {
  border: ['--compromise', 'sub-bel-5554'],
  pair: ['--compromise', 'sub-prt-2074,sub-prt-2075'],
  pairFirst: ['--compromise', 'sub-prt-2074'],
  pairSecond: ['--compromise', 'sub-prt-2075'],
  radius: ['--compromise', 'port-dkcph', '--radius-km', '20'],
  rank: ['--rank', '20'],
};
type Name = keyof typeof runs;
const out = {} as Record<Name, Output>;
const docs: Record<string, string> = {};

beforeAll(async () => {
  const names = Object.keys(runs) as Name[];
  const done = await Promise.all(names.map((n) => analyze(runs[n])));
  names.forEach((n, i) => (out[n] = done[i]!));
  for (const f of ['data/README.md', 'docs/briefing.md', 'README.md'])
    docs[f] = readFileSync(join(ROOT, f), 'utf8');
}, 180_000);

const has = (o: Output, id: string): boolean => o.failed.some((f) => f.id === id);

describe('documented sample scenarios', () => {
  it('1. one substation across a border: Aubange (Belgium) takes south-west Luxembourg down', () => {
    const s = out.border.summary;
    expect(s.failed).toBe(13);
    expect(s.byCountry).toEqual({ BEL: 4, LUX: 8, FRA: 1 });
    expect(s.spillover).toBe(9);
    expect(s.crossBorderDependenciesLost).toBe(12);
    expect(s.people).toEqual({ bySector: { energy: 295864 }, atLeast: 295864 });
    expect(s.restoredBy).toBe(172);
    // The Esch-sur-Alzette gas plant trips with its grid connection.
    expect(has(out.border, 'pp-22WESCH-S0000967')).toBe(true);
  });

  it('2. an N-2 pair: Carregado and Vialonga together island Lisbon, neither alone does', () => {
    expect(out.pairFirst.summary.failed).toBe(4);
    expect(out.pairSecond.summary.failed).toBe(1);
    const s = out.pair.summary;
    expect(s.failed).toBe(33);
    expect(s.byCountry).toEqual({ PRT: 33 });
    expect(s.people).toEqual({ bySector: { energy: 1585850, water: 2168300 }, atLeast: 2168300 });
    expect(s.restoredBy).toBe(220);
    for (const id of ['air-lppt', 'port-ptlis', 'wwtp-pt7032797', 'hosp-pt-163']) {
      expect(has(out.pair, id), id).toBe(true);
      expect(has(out.pairFirst, id) || has(out.pairSecond, id), id).toBe(false);
    }
  });

  it('3. a 20 km radius over the port of Copenhagen spills into Sweden', () => {
    const s = out.radius.summary;
    expect(s.failed).toBe(39);
    expect(s.byCountry).toEqual({ DNK: 31, SWE: 8 });
    expect(s.spillover).toBe(8);
    expect(s.crossBorderDependenciesLost).toBe(20);
    expect(s.people).toEqual({ bySector: { energy: 2084875, water: 1437758 }, atLeast: 2084875 });
    expect(s.restoredBy).toBe(728);
    for (const id of ['port-sehel', 'pp-46WPU00000000040', 'sub-swe-7221'])
      expect(has(out.radius, id), id).toBe(true);
  });

  it('keeps illustrative facilities out of the story: none among the top 20 single failures', () => {
    const top = out.rank.ranking!;
    expect(top).toHaveLength(20);
    expect(top.filter((r) => /^(tel|dc|ems)-/.test(r.id))).toEqual([]);
  });

  it('is quoted with these figures in data/README.md, docs/briefing.md and README.md', () => {
    for (const [file, text] of Object.entries(docs)) {
      expect(text, file).toContain('sub-bel-5554');
      expect(text, file).toContain(`${out.border.summary.failed} facilities`);
      expect(text, file).toContain('sub-prt-2074,sub-prt-2075');
      expect(text, file).toContain(`${out.pair.summary.failed} facilities`);
      expect(text, file).toMatch(/port-dkcph\s+--radius-km 20/);
      expect(text, file).toContain(`${out.radius.summary.failed} facilities`);
      if (file === 'README.md') continue;
      for (const o of [out.border, out.pair, out.radius])
        expect(text, file).toContain(
          o.summary.people.atLeast.toLocaleString('en').replace(/,/g, ' '),
        );
    }
  });
});
