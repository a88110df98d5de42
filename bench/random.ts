/**
 * The one seeded random number generator for benchmarks and tests: mulberry32 (small, fast,
 * good enough for test data). The same seed gives the same numbers everywhere, so a failing
 * property test or a benchmark figure reproduces. tests/bench/random.test.ts pins its output.
 * @example const r = mulberry32(42); r(); // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
