import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText, nestingDepth } from '../../src/core/json-text.ts';

/** The obvious recursive depth, for shallow values. */
function slowDepth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(slowDepth));
}

describe('jsonText', () => {
  it('equals JSON.stringify on shallow JSON values, and its cut is a prefix', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat(80), (value, cut) => {
        const full = JSON.stringify(value);
        expect(jsonText(value)).toBe(full);
        const short = jsonText(value, cut);
        if (full.length <= cut) expect(short).toBe(full);
        else {
          expect(short.endsWith('...')).toBe(true);
          expect(short.length).toBeLessThanOrEqual(Math.max(cut, 3));
          expect(full.startsWith(short.slice(0, -3))).toBe(true);
        }
      }),
      { seed: 22, numRuns: 400 },
    );
  });

  it('renders 100,000 levels without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonText(deep, 10)).toBe('[[[[[[[...');
    expect(jsonText(deep).length).toBe(200_001);
    expect(() => JSON.stringify(deep)).toThrow(RangeError); // what it replaces
  });
});

describe('nestingDepth', () => {
  it('equals the recursive depth on shallow values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(nestingDepth(value)).toBe(slowDepth(value));
        const limit = 3;
        expect(nestingDepth(value, limit)).toBe(Math.min(slowDepth(value), limit + 1));
      }),
      { seed: 22, numRuns: 400 },
    );
  });

  it('stops counting past its limit on 100,000 levels', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(nestingDepth(deep, 64)).toBe(65);
    expect(nestingDepth(deep)).toBe(100_001);
  });
});
