/**
 * The dependency graph in compact arrays (built once, then only read).
 *
 * In-edges are grouped by dependent and service (a *group* is one S_s(v) of docs/format.md §2.3) in
 * CSR form; out-edges list, for each provider, the in-edge slots it feeds. Services are numbered
 * in name order, so "smaller service name" is "smaller service number".
 *
 * Built with counting sorts only (no comparisons, no per-facility allocations): at 5M
 * dependencies the build is a handful of linear passes over typed arrays. It allocates no
 * more than it returns (scratch space is borrowed from output arrays not yet filled): with a
 * heap full of inventory objects, every 64 MB of new arrays sets off a full GC.
 */
import type { Inventory } from './types.ts';

export interface Graph {
  /** Number of facilities. */
  readonly n: number;
  /** Service names by number, sorted. */
  readonly services: readonly string[];
  /** Groups of dependent v: [groupStart[v], groupStart[v + 1]). Length n + 1. */
  readonly groupStart: Int32Array;
  /** Per group: its dependent, its service number, and how many failed providers lose it. */
  readonly groupDependent: Int32Array;
  readonly groupService: Int32Array;
  /** n - k + 1: the number of provider failures after which the service is lost. */
  readonly groupNeed: Int32Array;
  /** In-edge slots of group g: [edgeStart[g], edgeStart[g + 1]). */
  readonly edgeStart: Int32Array;
  /** Per in-edge slot: provider, delay in hours, group, and the dependency's index. */
  readonly edgeProvider: Int32Array;
  readonly edgeDelayHours: Float64Array;
  readonly edgeGroup: Int32Array;
  readonly edgeDependency: Int32Array;
  /** In-edge slots fed by provider p: outSlots[outStart[p] .. outStart[p + 1]). */
  readonly outStart: Int32Array;
  readonly outSlots: Int32Array;
  /**
   * The group each out-edge feeds (outGroup[i] is edgeGroup[outSlots[i]]): the cascade's
   * and the ranking's inner loops read one array instead of two.
   */
  readonly outGroup: Int32Array;
  /** True when some delay is non-zero (otherwise every failure happens at hour 0). */
  readonly hasDelays: boolean;
}

/**
 * Builds the graph of an inventory in O(n + m + services) time, with two stable counting sorts.
 * @example const graph = buildGraph(inventory); graph.groupNeed[g]
 */
export function buildGraph(inventory: Pick<Inventory, 'facilities' | 'dependencies'>): Graph {
  const n = inventory.facilities.length;
  const deps = inventory.dependencies;
  const m = deps.length;
  const { to, from, delayHours } = deps;

  // Service numbers in name order.
  const serviceNames = [...new Set(deps.services)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const serviceId = new Map(serviceNames.map((s, i) => [s, i]));
  const services = serviceNames.length;
  // The table's service numbers (first appearance) -> numbers in name order.
  const tableService = Int32Array.from(deps.services, (s) => serviceId.get(s)!);

  const edgeDependency = new Int32Array(m);
  const edgeProvider = new Int32Array(m);
  const edgeGroup = new Int32Array(m);
  const edgeDelayHours = new Float64Array(m);
  const outSlots = new Int32Array(m);
  const outGroup = new Int32Array(m);
  // Scratch, until their turn comes: the service of each dependency, and the dependencies
  // ordered by service.
  const depService = edgeGroup;
  const byService = outSlots;

  const perService = new Int32Array(services + 1);
  const perDependent = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const s = tableService[deps.service[e]!]!;
    depService[e] = s;
    perService[s + 1]!++;
    perDependent[to[e]! + 1]!++;
  }
  for (let s = 0; s < services; s++) perService[s + 1]! += perService[s]!;
  for (let v = 0; v < n; v++) perDependent[v + 1]! += perDependent[v]!;

  // In-edges ordered by (dependent, service, dependency index): a stable counting sort by
  // service, then a stable counting sort of that by dependent.
  const order = edgeDependency;
  for (let e = 0; e < m; e++) byService[perService[depService[e]!]!++] = e;
  const fill = perDependent.slice(0, n);
  for (let k = 0; k < m; k++) {
    const e = byService[k]!;
    order[fill[to[e]!]!++] = e;
  }

  // Groups: runs of equal (dependent, service). Count them, then fill exact-size arrays.
  let groups = 0;
  for (let v = 0; v < n; v++) {
    let prev = -1;
    for (let i = perDependent[v]!; i < perDependent[v + 1]!; i++) {
      const s = depService[order[i]!]!;
      if (s !== prev) groups++;
      prev = s;
    }
  }
  const groupStart = new Int32Array(n + 1);
  const groupDependent = new Int32Array(groups);
  const groupService = new Int32Array(groups);
  const groupNeed = new Int32Array(groups);
  const edgeStart = new Int32Array(groups + 1);
  // edgeGroup doubles as depService until here: record each slot's service first.
  const slotService = outGroup;
  for (let i = 0; i < m; i++) slotService[i] = depService[order[i]!]!;
  let g = -1;
  for (let v = 0; v < n; v++) {
    groupStart[v] = g + 1;
    let prev = -1;
    for (let i = perDependent[v]!; i < perDependent[v + 1]!; i++) {
      const s = slotService[i]!;
      if (s !== prev) {
        g++;
        groupDependent[g] = v;
        groupService[g] = s;
        edgeStart[g] = i;
        prev = s;
      }
      edgeGroup[i] = g;
    }
  }
  groupStart[n] = groups;
  edgeStart[groups] = m;
  for (let k = 0; k < groups; k++) {
    const size = edgeStart[k + 1]! - edgeStart[k]!;
    const f = inventory.facilities[groupDependent[k]!]!;
    const need = f.minProviders[serviceNames[groupService[k]!]!] ?? 1;
    groupNeed[k] = size - Math.min(Math.max(1, need), size) + 1;
  }

  const outStart = new Int32Array(n + 1);
  let hasDelays = false;
  for (let i = 0; i < m; i++) {
    const e = order[i]!;
    const p = from[e]!;
    const delay = delayHours[e]!;
    edgeProvider[i] = p;
    edgeDelayHours[i] = delay;
    if (delay !== 0) hasDelays = true;
    outStart[p + 1]!++;
  }
  for (let p = 0; p < n; p++) outStart[p + 1]! += outStart[p]!;
  const outFill = outStart.slice(0, n);
  for (let i = 0; i < m; i++) {
    const at = outFill[edgeProvider[i]!]!++;
    outSlots[at] = i;
    outGroup[at] = edgeGroup[i]!;
  }

  return {
    n,
    services: serviceNames,
    groupStart,
    groupDependent,
    groupService,
    groupNeed,
    edgeStart,
    edgeProvider,
    edgeDelayHours,
    edgeGroup,
    edgeDependency,
    outStart,
    outSlots,
    outGroup,
    hasDelays,
  };
}
