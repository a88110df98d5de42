/**
 * One worker thread of `--monte-carlo`: runs a range of run indices of a model and posts the
 * tally back (transferred). Progress goes up every few hundred runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runMonteCarlo, type MonteCarloModel } from '../core/monte-carlo.ts';

const { model, from, to } = workerData as { model: MonteCarloModel; from: number; to: number };
const tally = runMonteCarlo(model, from, to, (done) => {
  parentPort!.postMessage({ kind: 'progress', done });
});
parentPort!.postMessage({ kind: 'done', tally }, [
  tally.failedRuns.buffer as ArrayBuffer,
  tally.histogram.buffer as ArrayBuffer,
]);
