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

const WORKER_URL = new URL('./monte-carlo-worker.ts', import.meta.url).href;
/**
 * The CLI runs its TypeScript through tsx, whose loader a worker thread does not inherit on
 * Node 20: a small bootstrap registers it in the worker, then imports the worker module.
 */
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;

/** Below this many runs the runs stay on the main thread (starting workers costs more). */
export const WORKER_MIN_RUNS = 2000;

/**
 * Runs 0 .. runs - 1 of a model on `workers` threads (default: the machine's cores).
 * @param onProgress called with the number of runs done so far
 */
export async function runMonteCarloParallel(
  model: MonteCarloModel,
  runs: number,
  onProgress?: (done: number) => void,
  workers = runs >= WORKER_MIN_RUNS ? availableParallelism() : 1,
): Promise<MonteCarloTally> {
  const count = Math.max(1, Math.min(workers, runs));
  if (count === 1) return runMonteCarlo(model, 0, runs, onProgress);
  const done = new Array<number>(count).fill(0);
  const parts = Array.from({ length: count }, (_, w) => {
    const from = Math.floor((runs * w) / count);
    const to = Math.floor((runs * (w + 1)) / count);
    return new Promise<MonteCarloTally>((resolve, reject) => {
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { model, from, to } });
      worker.on('message', (message: { kind: string; done?: number; tally?: MonteCarloTally }) => {
        if (message.kind === 'progress') {
          done[w] = message.done!;
          onProgress?.(done.reduce((a, b) => a + b, 0));
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
