/**
 * The transmission grid of the GridKit extract as stations and the links between them, and
 * the orientation of supply from generation (data/README.md, "The grid").
 */
import { MinHeap } from '../../src/core/min-heap.ts';
import { distanceKm } from './geo.ts';
import type { GridBus, GridEdge } from './sources.ts';

export interface Station {
  /** GridKit station_id. */
  stationId: string;
  /** ISO 3166-1 alpha-3: the bus's own country tag, else where it stands. */
  country: string;
  lon: number;
  lat: number;
  /** Highest voltage of its buses (kV). */
  voltageKv: number;
  /** GridKit symbol of its highest-voltage bus (Substation, Converter Station, Nuclear, ...). */
  symbol: string;
  /** A DC bus (an HVDC terminal) is among its buses. */
  hvdcTerminal: boolean;
}

export interface StationLink {
  /** Station indices, a < b. */
  a: number;
  b: number;
  /** Carried by an HVDC link (directly or through joints). */
  hvdc: boolean;
}

export interface GridStats {
  buses: number;
  busesUnderConstruction: number;
  stationsAll: number;
  joints: number;
  stationsOutsideScope: number;
  stationsIsolated: number;
  stations: number;
  links: number;
  hvdcLinks: number;
  crossBorderLinks: number;
}

export interface Grid {
  stations: Station[];
  links: StationLink[];
  stats: GridStats;
}

/** A station this far (km) outside its tagged country takes the country it stands in. */
export const BORDER_KM = 3;

const cmpNum = (a: string, b: string): number =>
  Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stations (buses grouped by station_id), with GridKit's synthetic `joint` stations contracted
 * away: two stations are linked when a line, HVDC link, transformer or converter joins them,
 * directly or through joints only. Keeps the stations of `scope` (alpha-3) that have a link.
 */
export function buildGrid(
  buses: readonly GridBus[],
  edges: readonly GridEdge[],
  alpha3: (iso2: string) => string | null,
  locate: (lon: number, lat: number) => string | null,
  scope: ReadonlySet<string>,
  insideKm: (alpha3: string, lon: number, lat: number) => number,
): Grid {
  const live = buses.filter((b) => !b.underConstruction && Number.isFinite(b.lon));
  const byStation = new Map<string, GridBus[]>();
  for (const b of live) {
    const list = byStation.get(b.stationId) ?? [];
    list.push(b);
    byStation.set(b.stationId, list);
  }
  const stationIds = [...byStation.keys()].sort(cmpNum);
  const stationOfBus = new Map<string, string>(live.map((b) => [b.busId, b.stationId]));
  const isJoint = new Map<string, boolean>();
  for (const id of stationIds)
    isJoint.set(
      id,
      byStation.get(id)!.every((b) => b.symbol === 'joint'),
    );

  // Joints joined to joints form one junction; each real station touching it links to the rest.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const pairs: { s0: string; s1: string; hvdc: boolean }[] = [];
  for (const e of edges) {
    const s0 = stationOfBus.get(e.bus0);
    const s1 = stationOfBus.get(e.bus1);
    if (s0 === undefined || s1 === undefined || s0 === s1) continue;
    pairs.push({ s0, s1, hvdc: e.kind === 'link' });
    if (isJoint.get(s0) && isJoint.get(s1)) {
      const r0 = find(s0);
      const r1 = find(s1);
      if (r0 !== r1) parent.set(cmpNum(r0, r1) < 0 ? r1 : r0, cmpNum(r0, r1) < 0 ? r0 : r1);
    }
  }
  const realPairs = new Map<string, { s0: string; s1: string; hvdc: boolean }>();
  const addPair = (x: string, y: string, hvdc: boolean): void => {
    const [s0, s1] = cmpNum(x, y) < 0 ? [x, y] : [y, x];
    if (s0 === s1) return;
    const key = `${s0} ${s1}`;
    const had = realPairs.get(key);
    realPairs.set(key, { s0, s1, hvdc: hvdc || (had?.hvdc ?? false) });
  };
  const junctions = new Map<string, Map<string, boolean>>();
  for (const { s0, s1, hvdc } of pairs) {
    const j0 = isJoint.get(s0)!;
    const j1 = isJoint.get(s1)!;
    if (!j0 && !j1) addPair(s0, s1, hvdc);
    else if (j0 !== j1) {
      const [joint, real] = j0 ? [s0, s1] : [s1, s0];
      const root = find(joint);
      const touching = junctions.get(root) ?? new Map<string, boolean>();
      touching.set(real, hvdc || (touching.get(real) ?? false));
      junctions.set(root, touching);
    }
  }
  for (const touching of junctions.values()) {
    const list = [...touching.keys()].sort(cmpNum);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        addPair(list[i]!, list[j]!, touching.get(list[i]!)! || touching.get(list[j]!)!);
      }
    }
  }

  // Real stations in scope.
  const stations: Station[] = [];
  const index = new Map<string, number>();
  let outside = 0;
  const candidates: Station[] = [];
  for (const id of stationIds) {
    if (isJoint.get(id)) continue;
    const list = [...byStation.get(id)!].sort(
      (x, y) => y.voltage - x.voltage || cmpNum(x.busId, y.busId),
    );
    const top = list[0]!;
    const tagged = list.find((b) => b.iso2 !== null)?.iso2 ?? null;
    // The tag, unless the station stands well inside another covered country (GridKit tags
    // Kosovo's stations RS); untagged stations take where they stand.
    const at = locate(top.lon, top.lat);
    const fromTag = tagged !== null ? alpha3(tagged) : null;
    const country =
      fromTag !== null &&
      at !== null &&
      at !== fromTag &&
      insideKm(fromTag, top.lon, top.lat) > BORDER_KM
        ? at
        : (fromTag ?? at);
    if (country === null || !scope.has(country)) {
      outside++;
      continue;
    }
    candidates.push({
      stationId: id,
      country,
      lon: top.lon,
      lat: top.lat,
      voltageKv: top.voltage,
      symbol: top.symbol,
      hvdcTerminal: list.some((b) => b.dc),
    });
  }
  const candidateIds = new Set(candidates.map((s) => s.stationId));
  const linked = new Set<string>();
  for (const p of realPairs.values()) {
    if (candidateIds.has(p.s0) && candidateIds.has(p.s1)) {
      linked.add(p.s0);
      linked.add(p.s1);
    }
  }
  for (const s of candidates) {
    if (!linked.has(s.stationId)) continue;
    index.set(s.stationId, stations.length);
    stations.push(s);
  }
  const links: StationLink[] = [];
  for (const p of [...realPairs.values()].sort(
    (x, y) => cmpNum(x.s0, y.s0) || cmpNum(x.s1, y.s1),
  )) {
    const a = index.get(p.s0);
    const b = index.get(p.s1);
    if (a === undefined || b === undefined) continue;
    links.push({ a: Math.min(a, b), b: Math.max(a, b), hvdc: p.hvdc });
  }
  return {
    stations,
    links,
    stats: {
      buses: buses.length,
      busesUnderConstruction: buses.length - live.length,
      stationsAll: stationIds.length,
      joints: stationIds.filter((id) => isJoint.get(id)).length,
      stationsOutsideScope: outside,
      stationsIsolated: candidates.length - stations.length,
      stations: stations.length,
      links: links.length,
      hvdcLinks: links.filter((l) => l.hvdc).length,
      crossBorderLinks: links.filter((l) => stations[l.a]!.country !== stations[l.b]!.country)
        .length,
    },
  };
}

/**
 * Distance along the grid (km, summed straight-line station spacing) from each station to the
 * nearest station with generation attached; Infinity where no path reaches one.
 */
export function distanceToGeneration(grid: Grid, generation: ReadonlySet<number>): Float64Array {
  const n = grid.stations.length;
  const adj: { to: number; km: number }[][] = Array.from({ length: n }, () => []);
  for (const l of grid.links) {
    const sa = grid.stations[l.a]!;
    const sb = grid.stations[l.b]!;
    const km = distanceKm([sa.lon, sa.lat], [sb.lon, sb.lat]);
    adj[l.a]!.push({ to: l.b, km });
    adj[l.b]!.push({ to: l.a, km });
  }
  const dist = new Float64Array(n).fill(Infinity);
  const heap = new MinHeap(n);
  for (const g of [...generation].sort((x, y) => x - y)) {
    dist[g] = 0;
    heap.push(0, g);
  }
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (d > dist[u]!) continue;
    for (const { to, km } of adj[u]!) {
      if (d + km < dist[to]!) {
        dist[to] = d + km;
        heap.push(d + km, to);
      }
    }
  }
  return dist;
}
