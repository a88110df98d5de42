/**
 * The seeded generator of the Monte Carlo runs: counter-based SplitMix32. SplitMix (Steele,
 * Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) makes the
 * i-th number of a stream as mix(seed + i * golden gamma); its 32-bit form uses MurmurHash3's
 * fmix32 finalizer as the mix. Being counter-based, any draw can be made on its own: run r's
 * draw for facility f is uniform(runSeed(seed, r), stream, f), the same whichever worker
 * makes it and in whatever order, so results depend on the seed and the run count only.
 */

const GOLDEN = 0x9e3779b9;

/** MurmurHash3's 32-bit finalizer: a bijection on 32-bit integers with full avalanche. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The seed of one run: both 32-bit halves of the seed (a safe integer >= 0) and the run index
 * go through the mix in turn.
 * @example runSeed(42, 0) // a 32-bit integer
 */
export function runSeed(seed: number, run: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  let x = mix32(low + GOLDEN);
  x = mix32((x ^ high) + GOLDEN);
  return mix32((x ^ run) + GOLDEN);
}

/** Draw streams of a run: one per kind of draw, so adding a kind never shifts another. */
export const STREAM_DAMAGE = 1;
export const STREAM_BACKUP = 2;

/**
 * The item-th uniform number in [0, 1) of a run's stream.
 * @example uniform(runSeed(1, 5), STREAM_DAMAGE, 17) < pDamage[17]
 */
export function uniform(seedOfRun: number, stream: number, item: number): number {
  const base = mix32((seedOfRun ^ Math.imul(stream, 0x27d4eb2f)) >>> 0);
  return mix32((base + Math.imul(item + 1, GOLDEN)) >>> 0) / 4294967296;
}
