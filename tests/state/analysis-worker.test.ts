/**
 * The analysis worker (src/state/analysis-worker.ts) without a browser: its message handler
 * driven directly, as a page would (a base once, then runs), against the core's functions.
 * The page's side in Chromium: tests/e2e/viewer.spec.ts (criticality), worst-cases.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeImpacts } from '../../src/core/criticality.ts';
import { loadInventory } from '../../src/core/inventory.ts';
import { computePlacements } from '../../src/core/placement.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import {
  withoutGraph,
  type FromAnalysis,
  type ToAnalysis,
} from '../../src/state/analysis-protocol.ts';
import { indexInventory, type Indexed } from '../../src/state/indexed.ts';
import { monteCarloModel } from '../../src/core/monte-carlo.ts';
import { readUncertainty } from '../../src/core/uncertainty.ts';

const posted: FromAnalysis[] = [];
let handle: (message: ToAnalysis) => void;

beforeAll(async () => {
  const scope = {
    postMessage: (message: FromAnalysis) => posted.push(message),
    onmessage: null as ((event: { data: ToAnalysis }) => void) | null,
  };
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('../../src/state/analysis-worker.ts');
  handle = (data) => scope.onmessage!({ data });
});

function indexed(): Indexed {
  const file = join(import.meta.dirname, '..', 'fixtures', 'cascade', 'k-of-n.geojson');
  const loaded = loadInventory([{ name: 'k-of-n.geojson', text: readFileSync(file, 'utf8') }]);
  if (!loaded.ok) throw new Error(loaded.message);
  return indexInventory(loaded.inventory);
}

/** The reply that ends the next run. */
function done(): unknown {
  const last = posted.at(-1)!;
  if (last.type !== 'done') throw new Error(`the run ended with ${last.type}`);
  return last.result;
}

describe('the analysis worker', () => {
  it('keeps the base between runs: the graph is sent once per inventory', () => {
    const p = indexed();
    handle({ type: 'base', base: { graph: p.graph, ids: p.ids, geometries: null, index: null } });
    handle({ type: 'run', request: { kind: 'criticality' } });
    expect(done()).toEqual(computeImpacts(p.graph));
    expect(posted.some((m) => m.type === 'progress')).toBe(true);
    handle({ type: 'run', request: { kind: 'criticality' } });
    expect(done()).toEqual(computeImpacts(p.graph));
  });

  it('runs a placement only once the spatial index came with the base', () => {
    const p = indexed();
    handle({ type: 'base', base: { graph: p.graph, ids: p.ids, geometries: null, index: null } });
    expect(() => handle({ type: 'run', request: { kind: 'placement', radiusKm: 5 } })).toThrow(
      /spatial index/,
    );
    const geometries = p.inventory.facilities.map((f) => f.geometry);
    handle({
      type: 'base',
      base: { graph: p.graph, ids: p.ids, geometries, index: structuredClone(p.index.data) },
    });
    handle({ type: 'run', request: { kind: 'placement', radiusKm: 5 } });
    const expected = computePlacements(p.graph, new SpatialIndex(geometries), 5);
    expect(done()).toEqual(expected);
  });

  it('runs Monte Carlo on its own graph, the request carrying the rest of the model', () => {
    const p = indexed();
    handle({ type: 'base', base: { graph: p.graph, ids: p.ids, geometries: null, index: null } });
    const model = monteCarloModel(
      p.graph,
      { compromised: [0], zone: [], protected: [] },
      readUncertainty(p.inventory),
      7,
    );
    const request = withoutGraph(model);
    expect(Object.keys(request)).not.toContain('graph');
    expect(Object.keys(request).sort()).toEqual(
      Object.keys(model)
        .filter((k) => k !== 'graph')
        .sort(),
    );
    handle({ type: 'run', request: { kind: 'monte-carlo', model: request, runs: 50 } });
    const result = done() as { summary: { runs: number; seed: number } };
    expect(result.summary.runs).toBe(50);
    expect(result.summary.seed).toBe(7);
  });
});
