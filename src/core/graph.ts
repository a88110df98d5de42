/**
 * The dependency graph in compact arrays (built once, then only read).
 *
 * In-edges are grouped by dependent and service (a *group* is one S_s(v) of SPEC 2.3) in CSR
 * form; out-edges list, for each provider, the in-edge slots it feeds. Services are numbered
 * in name order, so "smaller service name" is "smaller service number".
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
  /** True when some delay is non-zero (otherwise every failure happens at hour 0). */
  readonly hasDelays: boolean;
}

/**
 * Builds the graph of an inventory in O(n + m log m) (the sort is over services only).
 * @example const graph = buildGraph(inventory); graph.groupNeed[g]
 */
export function buildGraph(inventory: Pick<Inventory, 'facilities' | 'dependencies'>): Graph {
  const n = inventory.facilities.length;
  const deps = inventory.dependencies;
  const m = deps.length;

  const serviceNames = [...new Set(deps.map((d) => d.service))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const serviceId = new Map(serviceNames.map((s, i) => [s, i]));

  // Order in-edges by (dependent, service), stable: a counting sort by dependent, then a sort
  // of each dependent's short run by service.
  const depService = new Int32Array(m);
  const perDependent = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    depService[e] = serviceId.get(deps[e]!.service)!;
    perDependent[deps[e]!.to + 1]!++;
  }
  for (let v = 0; v < n; v++) perDependent[v + 1]! += perDependent[v]!;
  const order = new Int32Array(m);
  const fill = perDependent.slice(0, n);
  for (let e = 0; e < m; e++) order[fill[deps[e]!.to]!++] = e;
  for (let v = 0; v < n; v++) {
    const a = perDependent[v]!;
    const b = perDependent[v + 1]!;
    if (b - a > 1) {
      const run = Array.from(order.subarray(a, b)).sort(
        (x, y) => depService[x]! - depService[y]! || x - y,
      );
      order.set(run, a);
    }
  }

  // Groups: runs of equal (dependent, service).
  const groupStart = new Int32Array(n + 1);
  const groupDependentList: number[] = [];
  const groupServiceList: number[] = [];
  const edgeStartList: number[] = [];
  for (let v = 0; v < n; v++) {
    groupStart[v] = groupDependentList.length;
    let prev = -1;
    for (let i = perDependent[v]!; i < perDependent[v + 1]!; i++) {
      const s = depService[order[i]!]!;
      if (s !== prev) {
        groupDependentList.push(v);
        groupServiceList.push(s);
        edgeStartList.push(i);
        prev = s;
      }
    }
  }
  groupStart[n] = groupDependentList.length;
  edgeStartList.push(m);
  const groups = groupDependentList.length;

  const groupDependent = Int32Array.from(groupDependentList);
  const groupService = Int32Array.from(groupServiceList);
  const edgeStart = Int32Array.from(edgeStartList);
  const groupNeed = new Int32Array(groups);
  const edgeGroup = new Int32Array(m);
  for (let g = 0; g < groups; g++) {
    const size = edgeStart[g + 1]! - edgeStart[g]!;
    const f = inventory.facilities[groupDependent[g]!]!;
    const k = f.minProviders[serviceNames[groupService[g]!]!] ?? 1;
    groupNeed[g] = size - Math.min(Math.max(1, k), size) + 1;
    edgeGroup.fill(g, edgeStart[g]!, edgeStart[g + 1]!);
  }

  const edgeProvider = new Int32Array(m);
  const edgeDelayHours = new Float64Array(m);
  const edgeDependency = new Int32Array(m);
  const outStart = new Int32Array(n + 1);
  let hasDelays = false;
  for (let i = 0; i < m; i++) {
    const d = deps[order[i]!]!;
    edgeProvider[i] = d.from;
    edgeDelayHours[i] = d.delayHours;
    edgeDependency[i] = order[i]!;
    if (d.delayHours !== 0) hasDelays = true;
    outStart[d.from + 1]!++;
  }
  for (let p = 0; p < n; p++) outStart[p + 1]! += outStart[p]!;
  const outSlots = new Int32Array(m);
  const outFill = outStart.slice(0, n);
  for (let i = 0; i < m; i++) outSlots[outFill[edgeProvider[i]!]!++] = i;

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
    hasDelays,
  };
}
