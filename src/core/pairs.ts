/**
 * N-2 pairs (docs/format.md §6): pairs {a, b} whose joint failure brings down facilities that
 * neither brings down alone. extra({a, b}) = impact({a, b}) - |F(a) ∪ F(b)|, where F(f) is the
 * failed set when f alone is compromised (r = 0, no protection).
 *
 * Not every pair is tried. F({a, b}) is the cascade's closure of U = F(a) ∪ F(b), and since
 * F(a) and F(b) are closed, it grows past U only through a group g (a service of a dependent
 * v outside U) with at least need(g) = n - k + 1 failed providers in U but fewer in F(a) and
 * fewer in F(b): g is *partly hit* by both (need(g) >= 2: a dependent's alternatives, a
 * k-of-n group). So for each a, and each group g partly hit by F(a) with c = its count there,
 * the partners are the b that bring down at least need(g) - c of g's providers outside F(a)
 * (read off the inverse of the failure sets: who brings each provider down) and not v
 * itself. Every pair found so has extra > 0 and every such pair is found; each is then
 * measured exactly by one cascade, grown from F(a) (already marked, with its group counts) by
 * the rest of F(b), so F(a) is not walked again for each partner.
 *
 * Facilities in one strongly connected component of single-failure dependencies share one
 * failed set (see criticality.ts), so everything above runs per component and the pairs of
 * members are written out only for the buckets the top N reaches.
 */
import { compareIds } from './cascade.ts';
import { FailedSet } from './closure.ts';
import { singleFailureComponents } from './criticality.ts';
import type { Graph } from './graph.ts';
import { IntList } from './growable.ts';

export interface PairEntry {
  /** The two facility ids, smaller first. */
  ids: [string, string];
  impact: number;
  extra: number;
}

export interface PairsResult {
  /** The top pairs, ordered as docs/format.md §6 says. */
  pairs: PairEntry[];
  /** How many pairs have extra > 0 in all. */
  total: number;
  /** How many component pairs were measured by a cascade (each has extra > 0). */
  measured: number;
}

/** Failure sets per single-failure component, forward (F(c)) and inverse (who fails v). */
interface FailureSets {
  components: number;
  memberStart: Int32Array;
  members: Int32Array;
  fwdStart: Int32Array;
  fwd: Int32Array;
  /** Components whose failure brings v down: killers[killStart[v] .. killStart[v + 1]). */
  killStart: Int32Array;
  killers: Int32Array;
}

function failureSets(graph: Graph, component: Int32Array): FailureSets {
  const n = graph.n;
  let components = 0;
  for (let v = 0; v < n; v++) components = Math.max(components, component[v]! + 1);
  const memberStart = new Int32Array(components + 1);
  for (let v = 0; v < n; v++) memberStart[component[v]! + 1]!++;
  for (let c = 0; c < components; c++) memberStart[c + 1]! += memberStart[c]!;
  const members = new Int32Array(n);
  const fill = memberStart.slice(0, components);
  for (let v = 0; v < n; v++) members[fill[component[v]!]!++] = v;

  const closure = new FailedSet(graph);
  const fwdStart = new Int32Array(components + 1);
  const fwd = new IntList(Math.max(1024, n * 4));
  const killCount = new Int32Array(n + 1);
  const one = new Int32Array(1);
  for (let c = 0; c < components; c++) {
    one[0] = members[memberStart[c]!]!;
    const size = closure.run(one);
    for (let k = 0; k < size; k++) {
      const v = closure.queue[k]!;
      fwd.push(v);
      killCount[v + 1]!++;
    }
    fwdStart[c + 1] = fwd.length;
  }
  for (let v = 0; v < n; v++) killCount[v + 1]! += killCount[v]!;
  const killStart = killCount;
  const killers = new Int32Array(fwd.length);
  const at = killStart.slice(0, n);
  const list = fwd.view();
  for (let c = 0; c < components; c++) {
    for (let k = fwdStart[c]!; k < fwdStart[c + 1]!; k++) killers[at[list[k]!]!++] = c;
  }
  return {
    components,
    memberStart,
    members,
    fwdStart,
    fwd: list,
    killStart,
    killers,
  };
}

/**
 * The N-2 pairs ranking of docs/format.md §6: pairs with extra > 0, by extra descending, then
 * impact descending, then the ids (smaller first in each pair).
 * @param limit how many pairs to return (docs/format.md §3: 10 by default)
 * @param onProgress called now and then with (components done, components)
 * @example rankPairs(graph, ids, 10).pairs[0] // { ids: ['a', 'b'], impact: 9, extra: 4 }
 */
export function rankPairs(
  graph: Graph,
  ids: readonly string[],
  limit = 10,
  onProgress?: (done: number, total: number) => void,
): PairsResult {
  const n = graph.n;
  const component = singleFailureComponents(graph);
  const sets = failureSets(graph, component);
  const { components, memberStart, members, fwdStart, fwd, killStart, killers } = sets;
  const { outStart, outGroup, groupDependent, groupNeed, edgeStart, edgeProvider } = graph;
  const groups = groupNeed.length;

  const inA = new Int32Array(n); // a + 1 where v is in F(a)
  const countA = new Int32Array(groups);
  const countStamp = new Int32Array(groups);
  const touched = new Int32Array(groups);
  const hits = new Int32Array(components);
  const hitStamp = new Int32Array(components);
  const hitList = new Int32Array(components);
  const killsV = new Int32Array(components);
  const seenWith = new Int32Array(components); // a + 1 once (a, b) is a candidate
  let stamp = 0;

  const pairA = new IntList();
  const pairB = new IntList();
  const pairImpact = new IntList();
  const pairExtra = new IntList();
  // The joint cascades: epoch-stamped failures and group counts.
  const jointAt = new Int32Array(n);
  const jointQueue = new Int32Array(n);
  const jointStamp = new Int32Array(groups);
  const jointCount = new Int32Array(groups);
  let jointEpoch = 0;

  // Tarjan numbers components downstream first, so from the last down: F(a), walked once per
  // a, tends to be the larger set and each partner's F(b), walked once per pair, the smaller.
  for (let a = components - 1; a >= 0; a--) {
    const mark = a + 1;
    const fromA = fwdStart[a]!;
    const toA = fwdStart[a + 1]!;
    for (let k = fromA; k < toA; k++) inA[fwd[k]!] = mark;
    // Groups partly hit by F(a): count its failed providers per group outside F(a).
    let touchedCount = 0;
    for (let k = fromA; k < toA; k++) {
      const p = fwd[k]!;
      for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
        const g = outGroup[i]!;
        if (groupNeed[g]! < 2 || inA[groupDependent[g]!] === mark) continue;
        if (countStamp[g] !== mark) {
          countStamp[g] = mark;
          countA[g] = 0;
          touched[touchedCount++] = g;
        }
        countA[g]!++;
      }
    }
    const candidatesFrom = pairA.length;
    for (let t = 0; t < touchedCount; t++) {
      const g = touched[t]!;
      const rest = groupNeed[g]! - countA[g]!;
      const v = groupDependent[g]!;
      stamp++;
      for (let k = killStart[v]!; k < killStart[v + 1]!; k++) killsV[killers[k]!] = stamp;
      let hitCount = 0;
      for (let i = edgeStart[g]!; i < edgeStart[g + 1]!; i++) {
        const p = edgeProvider[i]!;
        if (inA[p] === mark) continue;
        for (let k = killStart[p]!; k < killStart[p + 1]!; k++) {
          const b = killers[k]!;
          if (b >= a || killsV[b] === stamp || seenWith[b] === mark) continue;
          if (hitStamp[b] !== stamp) {
            hitStamp[b] = stamp;
            hits[b] = 0;
            hitList[hitCount++] = b;
          }
          hits[b]!++;
        }
      }
      for (let h = 0; h < hitCount; h++) {
        const b = hitList[h]!;
        if (hits[b]! >= rest && seenWith[b] !== mark) {
          seenWith[b] = mark;
          pairA.push(a);
          pairB.push(b);
        }
      }
    }
    // Measure each candidate: the joint cascade, grown from F(a) (marked, with its group
    // counts) by F(b)'s other members; whatever else fails is extra.
    for (let q = candidatesFrom; q < pairA.length; q++) {
      const b = pairB.data[q]!;
      const epoch = ++jointEpoch;
      let tail = 0;
      for (let k = fwdStart[b]!; k < fwdStart[b + 1]!; k++) {
        const v = fwd[k]!;
        if (inA[v] !== mark) {
          jointAt[v] = epoch;
          jointQueue[tail++] = v;
        }
      }
      const fromB = tail;
      for (let head = 0; head < tail; head++) {
        const p = jointQueue[head]!;
        for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
          const g = outGroup[i]!;
          const v = groupDependent[g]!;
          if (inA[v] === mark || jointAt[v] === epoch) continue;
          const need = groupNeed[g]!;
          if (need !== 1) {
            if (jointStamp[g] !== epoch) {
              jointStamp[g] = epoch;
              jointCount[g] = countStamp[g] === mark ? countA[g]! : 0;
            }
            const failedProviders = jointCount[g]! + 1;
            jointCount[g] = failedProviders;
            if (failedProviders < need) continue;
          }
          jointAt[v] = epoch;
          jointQueue[tail++] = v;
        }
      }
      pairImpact.push(toA - fromA + tail);
      pairExtra.push(tail - fromB);
    }
    if (onProgress && (a & 1023) === 0) onProgress(components - a, components);
  }
  onProgress?.(components, components);

  const measured = pairA.length;
  const order = Array.from({ length: measured }, (_, q) => q);
  const extra = pairExtra.view();
  const impacts = pairImpact.view();
  order.sort((x, y) => extra[y]! - extra[x]! || impacts[y]! - impacts[x]!);
  const size = (c: number) => memberStart[c + 1]! - memberStart[c]!;
  let total = 0;
  for (let q = 0; q < measured; q++) {
    if (extra[q]! > 0) total += size(pairA.data[q]!) * size(pairB.data[q]!);
  }

  // Buckets of equal (extra, impact), written out as facility pairs and sorted by ids.
  const pairs: PairEntry[] = [];
  const take = Math.max(0, Math.min(limit, total));
  for (let s = 0; s < measured && pairs.length < take;) {
    const q0 = order[s]!;
    if (extra[q0]! <= 0) break;
    let e = s + 1;
    while (e < measured && extra[order[e]!] === extra[q0] && impacts[order[e]!] === impacts[q0]) {
      e++;
    }
    const bucket: [string, string][] = [];
    for (let r = s; r < e; r++) {
      const q = order[r]!;
      const a = pairA.data[q]!;
      const b = pairB.data[q]!;
      for (let i = memberStart[a]!; i < memberStart[a + 1]!; i++) {
        for (let j = memberStart[b]!; j < memberStart[b + 1]!; j++) {
          const x = ids[members[i]!]!;
          const y = ids[members[j]!]!;
          bucket.push(compareIds(x, y) < 0 ? [x, y] : [y, x]);
        }
      }
    }
    bucket.sort((p, q) => compareIds(p[0], q[0]) || compareIds(p[1], q[1]));
    for (const pair of bucket) {
      if (pairs.length >= take) break;
      pairs.push({ ids: pair, impact: impacts[q0]!, extra: extra[q0]! });
    }
    s = e;
  }
  return { pairs, total, measured };
}
