/** What the engine's figures are compared with: breadth-first searches over the same arrays. */
import type { Graph } from '../src/core/graph.ts';

/**
 * Every facility reachable from `initial` along dependencies, provider to dependent: the
 * least work a cascade could do if every dependency were single-provider. Allocates its
 * visited set and queue per call, as any BFS over n facilities must.
 * @returns how many facilities it reached
 */
export function bareBfs(graph: Graph, initial: ArrayLike<number>): number {
  return bfs(graph, initial, null);
}

/** The same BFS kept inside `allowed` (the cascade's failed set): only the edges it walks. */
export function failedSetBfs(
  graph: Graph,
  initial: ArrayLike<number>,
  allowed: Uint8Array,
): number {
  return bfs(graph, initial, allowed);
}

function bfs(graph: Graph, initial: ArrayLike<number>, allowed: Uint8Array | null): number {
  const seen = new Uint8Array(graph.n);
  const queue = new Int32Array(graph.n);
  let tail = 0;
  for (let k = 0; k < initial.length; k++) {
    const v = initial[k]!;
    if (!seen[v]) {
      seen[v] = 1;
      queue[tail++] = v;
    }
  }
  const { outStart, outGroup, groupDependent } = graph;
  for (let head = 0; head < tail; head++) {
    const p = queue[head]!;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
      const v = groupDependent[outGroup[i]!]!;
      if (!seen[v] && (allowed === null || allowed[v])) {
        seen[v] = 1;
        queue[tail++] = v;
      }
    }
  }
  return tail;
}

/**
 * The failed set of compromising one facility alone, by the threshold BFS the criticality
 * ranking ran once per facility before chains and trees took a shortcut (a group fails at
 * `groupNeed` failed providers), on scratch arrays reused through epoch stamps as it did.
 * @returns a search: facility -> how many facilities fail
 */
export function thresholdSearch(graph: Graph): (f: number) => number {
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  const failedAt = new Int32Array(graph.n);
  const countAt = new Int32Array(groupNeed.length);
  const count = new Int32Array(groupNeed.length);
  const queue = new Int32Array(graph.n);
  let epoch = 0;
  return (f) => {
    epoch++;
    let tail = 0;
    queue[tail++] = f;
    failedAt[f] = epoch;
    for (let head = 0; head < tail; head++) {
      const p = queue[head]!;
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        const v = groupDependent[g]!;
        if (failedAt[v] === epoch) continue;
        if (countAt[g] !== epoch) {
          countAt[g] = epoch;
          count[g] = 0;
        }
        if (++count[g]! < groupNeed[g]!) continue;
        failedAt[v] = epoch;
        queue[tail++] = v;
      }
    }
    return tail;
  };
}
