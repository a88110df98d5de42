/**
 * `--monte-carlo` on every core: the run indices are split into one contiguous range per
 * worker thread and the tallies summed. Each run's draws depend on the seed and the run index
 * only (src/core/random.ts), and tallies are integer counts, so the numbers are the same with
 * any number of workers, or none.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  addTally,
  emptyTally,
  runMonteCarlo,
  type MonteCarloModel,
  type MonteCarloTally,
} from '../core/monte-carlo.ts';

/** Bundled (dist-cli/*.mjs, scripts/analyze.mjs) or run as TypeScript (tsx, the tests). */
const BUNDLED = import.meta.url.endsWith('.mjs');
const WORKER_URL = new URL(
  BUNDLED ? './monte-carlo-worker.mjs' : './monte-carlo-worker.ts',
  import.meta.url,
).href;
/**
 * As TypeScript, through tsx, whose loader a worker thread does not inherit on Node 20: a
 * small bootstrap registers it in the worker, then imports the worker module.
 */
const BOOTSTRAP = BUNDLED
  ? `import(${JSON.stringify(WORKER_URL)})`
  : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;

/** The first runs, on the main thread, tell how long the rest would take. */
const PROBE_RUNS = 200;
/** Workers are started only when the rest would take longer than this on one thread. */
const WORKER_MIN_MS = 1500;

/**
 * Runs 0 .. runs - 1 of a model, on worker threads (default: one per core) when one thread
 * would take long: starting a worker and cloning the graph to it costs a few hundred ms.
 * @param onProgress called with the number of runs done so far
 * @param options `workers`: how many threads at most; `minWorkerMs`: the least time the runs
 *   after the probe would take on one thread for workers to start
 */
export async function runMonteCarloParallel(
  model: MonteCarloModel,
  runs: number,
  onProgress?: (done: number) => void,
  { workers = availableParallelism(), minWorkerMs = WORKER_MIN_MS } = {},
): Promise<MonteCarloTally> {
  const probe = Math.min(runs, PROBE_RUNS);
  const start = performance.now();
  const tally = runMonteCarlo(model, 0, probe, onProgress);
  const perRun = (performance.now() - start) / Math.max(1, probe);
  const rest = runs - probe;
  if (rest === 0) return tally;
  if (workers <= 1 || perRun * rest < minWorkerMs) {
    const more = runMonteCarlo(model, probe, runs, (done) => onProgress?.(probe + done));
    return addTally(tally, more);
  }
  return addTally(tally, await onWorkers(model, probe, runs, workers, onProgress));
}

/** Runs from .. to - 1 split into one contiguous range per worker. */
async function onWorkers(
  model: MonteCarloModel,
  first: number,
  last: number,
  workers: number,
  onProgress?: (done: number) => void,
): Promise<MonteCarloTally> {
  const runs = last - first;
  const count = Math.max(1, Math.min(workers, runs));
  const done = new Array<number>(count).fill(0);
  const parts = Array.from({ length: count }, (_, w) => {
    const from = first + Math.floor((runs * w) / count);
    const to = first + Math.floor((runs * (w + 1)) / count);
    return new Promise<MonteCarloTally>((resolve, reject) => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { model, from, to } });
      worker.on('message', (message: { kind: string; done?: number; tally?: MonteCarloTally }) => {
        if (message.kind === 'progress') {
          done[w] = message.done!;
          onProgress?.(first + done.reduce((a, b) => a + b, 0));
        } else if (message.kind === 'done') {
          resolve(message.tally!);
          void worker.terminate();
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`a Monte Carlo worker stopped (exit ${code})`));
      });
    });
  });
  const tallies = await Promise.all(parts);
  return tallies.reduce((sum, t) => addTally(sum, t), emptyTally(model.graph.n));
}
