/**
 * Worst placement and best protection against exhaustive answers from the slow reference
 * cascade, on seeded random inventories (k-of-n, several services, delays, cycles).
 */
import { describe, expect, it } from 'vitest';
import { rankByImpact } from '../../src/core/ranking.ts';
import { computePlacements } from '../../src/core/placement.ts';
import { bestProtection } from '../../src/core/protection.ts';
import { impactZone } from '../../src/core/scenario.ts';
import { mulberry32 } from '../../bench/random.ts';
import { referenceCascade } from './reference-cascade.ts';
import { loadCase, randomCase } from './worst-helpers.ts';

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

describe('worst placement', () => {
  it('equals every facility run as the centre of the event, on 300 random inventories', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed);
      const { graph, ids, index } = loadCase(c);
      const radiusKm = [0.5, 2, 10, 40][seed % 4]!;
      const expected = c.facilities
        .map((f) => ({
          id: f.id,
          impact: referenceCascade(c.facilities, c.deps, {
            compromised: [f.id],
            radiusKm,
            protected: [],
          }).length,
        }))
        .sort((a, b) => b.impact - a.impact || cmp(a.id, b.id));
      const placement = computePlacements(graph, index, radiusKm);
      expect(rankByImpact(ids, placement), `seed ${seed}`).toEqual(expected);
    }
  });

  it('refuses a radius of 0', () => {
    const { graph, index } = loadCase(randomCase(1));
    expect(() => computePlacements(graph, index, 0)).toThrow(/radius > 0/);
  });
});

describe('best protection', () => {
  it('K = 1 is the exact best single facility; K > 1 gives what the cascade gives', () => {
    let helped = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCase(seed);
      const { graph, ids, index } = loadCase(c);
      const r = mulberry32(seed * 31 + 7);
      const pick = () => Math.floor(r() * ids.length);
      const compromised = [...new Set([pick(), pick()].slice(0, 1 + Math.floor(r() * 2)))];
      const radiusKm = [0, 0, 1, 10][Math.floor(r() * 4)]!;
      const own = r() < 0.3 ? [pick()] : [];
      const zone = impactZone(index, compromised, radiusKm);
      const initial = [...new Set([...compromised, ...zone])];
      const failedWith = (extra: number[]) =>
        referenceCascade(c.facilities, c.deps, {
          compromised: compromised.map((v) => ids[v]!),
          radiusKm,
          protected: [...own, ...extra].map((v) => ids[v]!),
        }).length;
      const baseline = failedWith([]);
      // Exhaustive K = 1: every facility of the inventory, smallest count, then smaller id.
      let best = -1;
      let bestCount = baseline;
      for (let x = 0; x < ids.length; x++) {
        const count = failedWith([x]);
        if (
          count < bestCount ||
          (count === bestCount && best >= 0 && cmp(ids[x]!, ids[best]!) < 0)
        ) {
          best = x;
          bestCount = count;
        }
      }
      const one = bestProtection(graph, ids, initial, own, 1);
      expect(one, `seed ${seed}`).toEqual({
        protect: best >= 0 ? [best] : [],
        failed: bestCount,
        baseline,
      });
      if (best >= 0) helped++;
      for (const budget of [2, 3]) {
        const more = bestProtection(graph, ids, initial, own, budget);
        expect(more.protect.length, `seed ${seed}`).toBeLessThanOrEqual(budget);
        expect(more.failed, `seed ${seed}`).toBe(failedWith(more.protect));
        expect(more.failed, `seed ${seed}`).toBeLessThanOrEqual(one.failed);
        expect(more.baseline).toBe(baseline);
      }
    }
    expect(helped).toBeGreaterThan(50);
  });

  it('refuses a budget of 0', () => {
    const { graph, ids } = loadCase(randomCase(1));
    expect(() => bestProtection(graph, ids, [0], [], 0)).toThrow(/budget/);
  });
});
