/**
 * Timing helpers: warm-up runs, medians, wall-clock and CPU time, and paired comparisons
 * against a baseline.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (() => void) | undefined;

export interface Timing {
  /** Median wall-clock time of the measured runs, in milliseconds. */
  medianMs: number;
  minMs: number;
  /**
   * Median CPU time of the process (user + system, all threads) over the same runs: on a
   * shared machine it leaves out the time spent waiting for a core.
   */
  cpuMs: number;
  runs: number;
}

export interface MeasureOptions {
  warmup: number;
  /** Keep warming up until this long has passed: V8 optimizes hot code after a while. */
  warmupMs?: number;
  runs: number;
  /** Repeat the function within a sample until it lasts about this long; count per call. */
  minSampleMs?: number;
  /**
   * A full GC (and a pause while its helper threads sweep, see settle()) before the warm-up
   * and before every sample: for work that allocates hundreds of megabytes. Otherwise none:
   * a forced GC and the pause after it make V8 shrink the young generation, and small
   * allocating work (a radius query) then measured 1.5x slower than in steady use.
   */
  gcEachRun?: boolean;
}

/**
 * Runs `fn` `warmup` times unmeasured, then `runs` samples measured. With `minSampleMs`, a
 * sample repeats `fn` until it lasts about that long and counts per call, so sub-millisecond
 * work is not lost in timer and scheduler noise.
 * @example const t = measure(() => JSON.parse(text), { warmup: 1, runs: 5, gcEachRun: true })
 */
export async function measure<T>(
  fn: () => T,
  options: MeasureOptions,
  keep?: (result: T) => void,
): Promise<Timing> {
  const run = (): T => {
    const result = fn();
    keep?.(result);
    return result;
  };
  if (options.gcEachRun) await settle();
  warmUp(options, run);
  const repeat = options.minSampleMs ? repeatFor(run, options.minSampleMs) : 1;
  const samples: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    if (options.gcEachRun) await settle();
    samples.push(sample(fn, repeat, keep));
  }
  return timing(samples);
}

export interface Comparison {
  a: Timing;
  b: Timing;
  /** Median over the pairs of samples of (a's CPU time / b's CPU time). */
  ratio: number;
}

/**
 * Measures `a` against its baseline `b` in alternating samples (b, a, b, a, ...), so both
 * see the same machine: on a shared machine the load changes from second to second, and the
 * ratio within each pair is steadier than the ratio of two separate medians.
 * @example compare(() => load(text), () => JSON.parse(text), { warmup: 1, runs: 5 })
 */
export async function compare<A, B>(
  a: () => A,
  b: () => B,
  options: MeasureOptions,
  keepA?: (result: A) => void,
): Promise<Comparison> {
  const runA = (): A => {
    const result = a();
    keepA?.(result);
    return result;
  };
  if (options.gcEachRun) await settle();
  warmUp(options, () => {
    runA();
    b();
  });
  const repeatA = options.minSampleMs ? repeatFor(runA, options.minSampleMs) : 1;
  const repeatB = options.minSampleMs ? repeatFor(b, options.minSampleMs) : 1;
  const samplesA: Sample[] = [];
  const samplesB: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    // The baseline first: its result is dropped before `a` runs, so the peak memory is that
    // of `a` and what it keeps (at 1M facilities, several gigabytes).
    if (options.gcEachRun) await settle();
    samplesB.push(sample(b, repeatB));
    if (options.gcEachRun) await settle();
    samplesA.push(sample(a, repeatA, keepA));
  }
  return {
    a: timing(samplesA),
    b: timing(samplesB),
    ratio: median(samplesA.map((s, i) => s.cpuMs / samplesB[i]!.cpuMs)),
  };
}

function warmUp(options: MeasureOptions, run: () => void): void {
  const start = performance.now();
  for (let i = 0; i < options.warmup; i++) run();
  while (options.warmupMs && performance.now() - start < options.warmupMs) run();
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function repeatFor(fn: () => unknown, minSampleMs: number): number {
  const start = performance.now();
  fn();
  const once = Math.max(performance.now() - start, 1e-3);
  return Math.max(1, Math.min(10_000, Math.ceil(minSampleMs / once)));
}

function sample<T>(fn: () => T, repeat: number, keep?: (result: T) => void): Sample {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let result!: T;
  for (let k = 0; k < repeat; k++) result = fn();
  const wallMs = (performance.now() - start) / repeat;
  const used = process.cpuUsage(cpuStart);
  keep?.(result);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / repeat };
}

function timing(samples: Sample[]): Timing {
  return {
    medianMs: median(samples.map((s) => s.wallMs)),
    minMs: Math.min(...samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    runs: samples.length,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A full GC, straight on: to drop the garbage of one section before the next. */
export function collectGarbage(): void {
  gc?.();
}

/**
 * A full GC, then a pause while the GC's helper threads finish sweeping: the process's CPU
 * time counts every thread, and sweeping a heap of gigabytes after the GC would otherwise
 * land in the next sample (at 1M facilities it doubled a radius query's CPU time).
 */
export async function settle(): Promise<void> {
  gc?.();
  const heapMb = getHeapStatistics().used_heap_size / 1e6;
  await new Promise((resolve) => setTimeout(resolve, Math.min(8000, 20 + heapMb)));
}

/** "100k" -> 100000, "1m" -> 1000000, "2.5m" -> 2500000. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a count: "${text}" (use e.g. 10k, 100k, 1m)`);
  const scale = { '': 1, k: 1e3, m: 1e6 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  return Math.round(Number(m[1]) * scale);
}

export function formatCount(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}
