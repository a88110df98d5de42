/**
 * N-2 pairs against the exhaustive answer: on seeded random inventories (k-of-n, several
 * services, delays, cycles) every pair is run through the slow reference cascade, and the
 * ranking of SPEC 6 built from that must equal rankPairs' (which never tries every pair).
 */
import { describe, expect, it } from 'vitest';
import { rankPairs } from '../../src/core/pairs.ts';
import { referenceCascade } from './reference-cascade.ts';
import { loadCase, randomCase } from './worst-helpers.ts';

function exhaustivePairs(c: ReturnType<typeof randomCase>) {
  const failedBy = (compromised: string[]) =>
    new Set(
      referenceCascade(c.facilities, c.deps, { compromised, radiusKm: 0, protected: [] }).map(
        (f) => f.id,
      ),
    );
  const ids = c.facilities.map((f) => f.id);
  const single = new Map(ids.map((id) => [id, failedBy([id])]));
  const out: { ids: [string, string]; impact: number; extra: number }[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i]!, ids[j]!].sort() as [string, string];
      const impact = failedBy([a, b]).size;
      const union = new Set([...single.get(a)!, ...single.get(b)!]).size;
      if (impact - union > 0) out.push({ ids: [a, b], impact, extra: impact - union });
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort(
    (x, y) =>
      y.extra - x.extra ||
      y.impact - x.impact ||
      cmp(x.ids[0], y.ids[0]) ||
      cmp(x.ids[1], y.ids[1]),
  );
}

describe('pairs', () => {
  it('equal the exhaustive ranking on 400 seeded random inventories', () => {
    let withPairs = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const c = randomCase(seed);
      const { graph, ids } = loadCase(c);
      const expected = exhaustivePairs(c);
      const actual = rankPairs(graph, ids, Infinity);
      expect(actual.pairs, `seed ${seed}`).toEqual(expected);
      expect(actual.total, `seed ${seed}`).toBe(expected.length);
      // The top N is the head of the whole ranking.
      expect(rankPairs(graph, ids, 3).pairs, `seed ${seed}`).toEqual(expected.slice(0, 3));
      if (expected.length > 0) withPairs++;
    }
    // The cases this guards are met, not only imagined.
    expect(withPairs).toBeGreaterThan(80);
  });
});
