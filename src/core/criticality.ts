/**
 * Criticality (docs/format.md §2.7): impact(f) = how many facilities fail when f alone is
 * compromised, with no zone and no protection, f included. Only the failed set matters here, so
 * each run is the breadth-first threshold pass alone, on scratch arrays reused through epoch stamps
 * instead of being cleared (n runs would otherwise cost n^2 to reset).
 *
 * Facilities that take each other down share one failed set: when v's service is lost with
 * its first failed provider p (the group needs all of its providers, k = n), v is in F(p),
 * and then F(v) is a subset of F(p). Along a cycle of such dependencies every member's set
 * is the same, so the facilities are grouped into the strongly connected components of those
 * single-failure edges and one cascade per component answers for all of its members.
 *
 * Chains and trees need no cascade at all: where every dependency below a component is lost
 * with its first failed provider, F(c) is what c reaches, and when its child components reach
 * disjoint sets (one child, or every component below has a single parent) impact(c) is its size
 * plus its children's impacts. Those are filled in one pass over the components, sinks first,
 * so a 100,000-facility chain costs O(n) instead of n cascades (docs/performance.md).
 */
import type { Graph } from './graph.ts';

/**
 * Per graph: the component of each facility, each component's impact once known (0 before),
 * and the BFS scratch arrays, so that computing a range at a time costs no more in total.
 */
interface Components {
  of: Int32Array;
  impact: Int32Array;
  /** Epoch (f + 1 of the run) in which each facility failed; epochs never repeat. */
  failedAt: Int32Array;
  countEpoch: Int32Array;
  count: Int32Array;
  queue: Int32Array;
}
const componentsByGraph = new WeakMap<Graph, Components>();

function componentsOf(graph: Graph): Components {
  let components = componentsByGraph.get(graph);
  if (!components) {
    const of = singleFailureComponents(graph);
    let count = 0;
    for (let v = 0; v < graph.n; v++) count = Math.max(count, of[v]! + 1);
    const groups = graph.groupNeed.length;
    components = {
      of,
      impact: treeImpacts(graph, of, count),
      failedAt: new Int32Array(graph.n),
      countEpoch: new Int32Array(groups),
      count: new Int32Array(groups),
      queue: new Int32Array(graph.n),
    };
    componentsByGraph.set(graph, components);
  }
  return components;
}

/**
 * impact(f) for the facilities `from` .. `to` - 1 (all by default), in facility order.
 * What is computed is remembered per graph (with O(n + groups) scratch), so computing a range
 * at a time costs no more in total.
 * @param onProgress called now and then with the number of facilities done
 * @example const impact = computeImpacts(graph); impact[i] // >= 1
 */
export function computeImpacts(
  graph: Graph,
  from = 0,
  to = graph.n,
  onProgress?: (done: number) => void,
): Int32Array {
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  const components = componentsOf(graph);
  const {
    of: componentOf,
    impact: componentImpact,
    failedAt,
    countEpoch,
    count,
    queue,
  } = components;
  const impact = new Int32Array(Math.max(0, to - from));
  for (let f = from; f < to; f++) {
    // Not a facility of this graph: only itself fails, as a lone node would.
    const c = componentOf[f] ?? -1;
    if (c >= 0 && componentImpact[c] === 0) {
      const epoch = f + 1;
      let tail = 0;
      queue[tail++] = f;
      failedAt[f] = epoch;
      for (let head = 0; head < tail; head++) {
        const p = queue[head]!;
        for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
          const g = outGroup[i]!;
          const v = groupDependent[g]!;
          if (failedAt[v] === epoch) continue;
          const need = groupNeed[g]!;
          if (need !== 1) {
            // Count failed providers only where it takes more than one.
            if (countEpoch[g] !== epoch) {
              countEpoch[g] = epoch;
              count[g] = 0;
            }
            const failedProviders = count[g]! + 1;
            count[g] = failedProviders;
            if (failedProviders !== need) continue;
          }
          failedAt[v] = epoch;
          queue[tail++] = v;
        }
      }
      componentImpact[c] = tail;
    }
    impact[f - from] = c >= 0 ? componentImpact[c]! : 1;
    if (onProgress && (f - from) % 1024 === 1023) onProgress(f - from + 1);
  }
  onProgress?.(to - from);
  return impact;
}

/**
 * impact(c) for the components whose failed set is plain reachability over disjoint subtrees
 * (see the top of this file), 0 for the others (a cascade finds theirs). Tarjan numbers the
 * components sinks first, so children come before their parents.
 */
function treeImpacts(graph: Graph, of: Int32Array, count: number): Int32Array {
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  const n = graph.n;
  // Members of each component, by a counting sort.
  const memberStart = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) memberStart[of[v]! + 1]!++;
  for (let c = 0; c < count; c++) memberStart[c + 1]! += memberStart[c]!;
  const members = new Int32Array(n);
  const fill = memberStart.slice(0, count);
  for (let v = 0; v < n; v++) members[fill[of[v]!]!++] = v;
  // Distinct child components of each one, through single-failure edges; parents counted.
  const pure = new Uint8Array(count).fill(1);
  const parents = new Int32Array(count);
  const seen = new Int32Array(count).fill(-1);
  const childStart = new Int32Array(count + 1);
  const children: number[] = [];
  for (let c = 0; c < count; c++) {
    for (let k = memberStart[c]!; k < memberStart[c + 1]!; k++) {
      const p = members[k]!;
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        if (groupNeed[g] !== 1) {
          pure[c] = 0;
          continue;
        }
        const d = of[groupDependent[g]!]!;
        if (d === c || seen[d] === c) continue;
        seen[d] = c;
        parents[d]!++;
        children.push(d);
      }
    }
    childStart[c + 1] = children.length;
  }
  const impact = new Int32Array(count);
  const pureBelow = new Uint8Array(count); // every component c reaches is pure
  const treeBelow = new Uint8Array(count); // and every one below c has a single parent
  for (let c = 0; c < count; c++) {
    let allPure = pure[c] === 1;
    let tree = true;
    let known = true; // every child's impact is already filled in
    let sum = memberStart[c + 1]! - memberStart[c]!;
    for (let k = childStart[c]!; k < childStart[c + 1]!; k++) {
      const d = children[k]!;
      if (!pureBelow[d]) allPure = false;
      if (!treeBelow[d] || parents[d] !== 1) tree = false;
      if (impact[d] === 0) known = false;
      sum += impact[d]!;
    }
    pureBelow[c] = allPure ? 1 : 0;
    treeBelow[c] = allPure && tree ? 1 : 0;
    const single = childStart[c + 1]! - childStart[c]! <= 1;
    if (allPure && known && (tree || single)) impact[c] = sum;
  }
  return impact;
}

/**
 * Strongly connected components of the single-failure edges (p -> v where v's group for that
 * service is lost at its first failed provider), by an iterative Tarjan: O(n + m).
 */
export function singleFailureComponents(graph: Graph): Int32Array {
  const n = graph.n;
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n); // Tarjan's stack: visited, component not yet known
  const path = new Int32Array(n); // the depth-first path
  const next = new Int32Array(n); // the next out-edge to look at, per facility on the path
  let counter = 0;
  let components = 0;
  let sp = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    path[depth++] = root;
    next[root] = outStart[root]!;
    while (depth > 0) {
      const v = path[depth - 1]!;
      const i = next[v]!;
      if (i < outStart[v + 1]!) {
        next[v] = i + 1;
        const g = outGroup[i]!;
        if (groupNeed[g] !== 1) continue;
        const w = groupDependent[g]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          path[depth++] = w;
          next[w] = outStart[w]!;
        } else if (component[w] === -1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      depth--;
      if (depth > 0) {
        const u = path[depth - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          component[w] = components;
        } while (w !== v);
        components++;
      }
    }
  }
  return component;
}
