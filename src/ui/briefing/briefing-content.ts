/**
 * What every briefing artefact says, computed once from the app state: the finding in one
 * sentence, the headline figures (people included, docs/format.md §4), the cascade over time, failures by
 * sector and country, the failed facilities, the explanation tree, the places to name on the
 * map, the sources. Without a scenario: an overview of the inventory. The PNG, the PDF and
 * briefing mode all read this.
 */
import { countryName } from '../country-names.ts';
import { capText } from '../../core/cap-text.ts';
import { explainFailure } from '../../core/explain.ts';
import { chainTree, flattenTree } from '../../core/explain-tree.ts';
import { formatHours } from '../../core/hours.ts';
import { overview } from '../../core/overview.ts';
import { computeImpacts } from '../../core/criticality.ts';
import { rankIndices } from '../../core/ranking.ts';
import { REASON_COMPROMISED } from '../../core/cascade.ts';
import type { AppState } from '../../state/app-state.svelte.ts';
import { sectorHex, STATE_HEX } from '../../map/palette.ts';
import { hasPopulation, populationByFacility } from '../../core/people.ts';
import { facilityType } from '../../core/facility-type.ts';
import { attributionFor } from './attribution.ts';
import { seriesOf, type TimePoint } from './series.ts';

export type { TimePoint };
import {
  count,
  peopleBySector,
  peopleSentence,
  plural,
  roughly,
  sectorLoss,
  sectorTitle,
  type People,
} from './words.ts';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

export interface FailedRow {
  name: string;
  sector: string;
  country: string;
  failsAt: string;
  cause: string;
}

export interface MapLabel {
  lon: number;
  lat: number;
  name: string;
  kind: 'compromised' | 'failed' | 'critical';
  /** The facility's index: the map's own label of it is left out of the picture. */
  index?: number;
}
import { SAMPLE_CAVEAT } from './sample-credits.ts';

export interface BriefingContent {
  kind: 'scenario' | 'overview';
  title: string;
  marking: string;
  notes: string;
  /** "7 December 2026, 01:40 UTC". */
  date: string;
  /** One plain sentence: what happens (or what the inventory holds). */
  finding: string;
  /** "at least N people lose a service; ..." or null when the inventory has no population data. */
  peopleLine: string | null;
  /** The same, with the four sectors that lose most (the PNG and present mode). */
  peopleShort: string | null;
  people: People | null;
  /** The big figures of page 1. */
  headline: { label: string; value: string }[];
  scenarioLines: string[];
  /** Totals as chips (present mode, PNG). */
  totals: { label: string; value: string }[];
  bySector: Bar[];
  byCountry: Bar[];
  /** Failures by wave (`wave` to `waveTo`: waves grouped when there are many, see TIMELINE_ROWS). */
  timeline: TimelineRow[];
  /** The cascade over time, a step series starting at hour 0. */
  series: TimePoint[];
  failedRows: FailedRow[];
  failedTotal: number;
  /** The explanation chains as one tree, depth first. */
  tree: { depth: number; text: string }[];
  /** Facilities whose chains make the tree. */
  explained: number;
  labels: MapLabel[];
  /** What the summary map is framed to: [west, south, east, north], or null for the whole view. */
  frame: [number, number, number, number] | null;
  legend: { label: string; color: string; ring?: boolean }[];
  /** Overview only: cross-border dependencies by country pair, and the top single points of failure. */
  crossBorder: { label: string; value: number }[];
  pointsOfFailure: { name: string; sector: string; country: string; impact: number }[];
  pointsOfFailureNote: string;
  attribution: string;
  caveats: string[];
  technical: string[];
  timeLabel: string;
  generated: string;
}

/** How many failed facilities the PDF's table lists (the CSV export has them all). */
export const TABLE_LIMIT = 1500;

/** A row of the timeline: the waves `wave` to `waveTo`, how many fail in them, and when. */
export interface TimelineRow {
  wave: number;
  waveTo: number;
  count: number;
  hoursFrom: number;
  hoursTo: number;
}

/**
 * The most rows the timeline table has: a long chain (100,000 waves) would be thousands of
 * pages, so consecutive waves are grouped into as few equal runs as keep it within this.
 */
export const TIMELINE_ROWS = 40;

/** The most steps of the explanation tree printed (a long chain has one per wave). */
export const TREE_ROWS = 300;

/** `rows` (one per wave, in order) grouped into at most `max` runs of consecutive waves. */
export function groupTimeline(rows: readonly TimelineRow[], max = TIMELINE_ROWS): TimelineRow[] {
  if (rows.length <= max) return [...rows];
  const size = Math.ceil(rows.length / max);
  const out: TimelineRow[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const run = rows.slice(i, i + size);
    out.push({
      wave: run[0]!.wave,
      waveTo: run.at(-1)!.waveTo,
      count: run.reduce((n, r) => n + r.count, 0),
      hoursFrom: run.reduce((h, r) => Math.min(h, r.hoursFrom), Infinity),
      hoursTo: run.reduce((h, r) => Math.max(h, r.hoursTo), -Infinity),
    });
  }
  return out;
}
/** How many losses the explanation tree explains. */
const EXPLAIN_LIMIT = 8;
/** Up to this many facilities, the overview ranks single points of failure itself. */
const RANK_LIMIT = 20_000;

const country = (c: string | null) => (c === null ? 'at sea / no country' : countryName(c));

export function briefingContent(app: AppState, now = new Date()): BriefingContent | null {
  const p = app.indexed;
  if (!p) return null;
  const inv = p.inventory;
  const withPeople = hasPopulation(inv);
  const served = populationByFacility(inv);
  const run = app.run;
  const s = app.summary;
  const date = `${now.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}, ${now.toISOString().slice(11, 16)} UTC`;
  const at = (v: number): [number, number] => [p.positions[2 * v]!, p.positions[2 * v + 1]!];
  const base = {
    marking: app.marking.trim(),
    notes: app.notes.trim(),
    date,
    attribution: attributionFor(app),
    generated: `Generated ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC by RippleMap`,
    technical: [
      `Inventory: ${capText(app.inventoryName)}`,
      `${plural(inv.facilities.length, 'facility', 'facilities')}, ${plural(inv.dependencies.length, 'dependency', 'dependencies')}`,
      `Inventory hash: ${app.inventoryHash} (identifies the data a saved scenario was made for)`,
      'Rules: docs/format.md, sections 2 and 4',
    ],
  };
  const bar = (
    entries: [string, number][],
    label: (k: string) => string,
    color: (k: string) => string,
  ): Bar[] => entries.map(([key, value]) => ({ key, label: label(key), value, color: color(key) }));
  const sectorBars = (e: [string, number][]) => bar(e, sectorTitle, sectorHex);
  const countryBars = (e: [string, number][]) =>
    bar(
      e,
      (k) => country(k === 'null' ? null : k),
      () => '#5d6873',
    );

  if (!run || !s) {
    const o = overview(inv);
    const countries = o.byCountry.filter(([c]) => c !== 'null').length;
    const spof = pointsOfFailure(app);
    const title = app.title.trim() || `Inventory overview: ${capText(app.inventoryName)}`;
    return {
      ...base,
      kind: 'overview',
      title,
      finding:
        `The inventory holds ${plural(o.facilities, 'facility', 'facilities')} in ${plural(o.bySector.length, 'sector', 'sectors')} ` +
        `and ${plural(countries, 'country', 'countries')}, linked by ${plural(o.dependencies, 'dependency', 'dependencies')}, ` +
        `${count(o.crossBorderTotal)} of them across a border. No facility is compromised in this briefing.`,
      peopleLine: withPeople
        ? `The facilities serve ${roughly(served.reduce((n, x) => n + x, 0))} people in all (population_served, summed)`
        : null,
      peopleShort: null,
      people: null,
      headline: [
        { label: 'facilities', value: count(o.facilities) },
        { label: 'dependencies', value: count(o.dependencies) },
        { label: 'cross-border dependencies', value: count(o.crossBorderTotal) },
        { label: 'countries', value: count(countries) },
      ],
      scenarioLines: ['No scenario: nothing is compromised.'],
      totals: [
        { label: 'facilities', value: count(o.facilities) },
        { label: 'dependencies', value: count(o.dependencies) },
        { label: 'cross-border', value: count(o.crossBorderTotal) },
      ],
      bySector: sectorBars(o.bySector),
      byCountry: countryBars(o.byCountry),
      timeline: [],
      series: [],
      failedRows: [],
      failedTotal: 0,
      tree: [],
      explained: 0,
      labels: spof.top.slice(0, 6).map((e) => {
        const [lon, lat] = at(e.index);
        return { lon, lat, name: e.name, kind: 'critical' as const };
      }),
      frame: frameOf(
        p.positions,
        inv.facilities.map((_, i) => i),
      ),
      legend: Object.keys(Object.fromEntries(o.bySector)).map((sector) => ({
        label: sectorTitle(sector),
        color: sectorHex(sector),
      })),
      crossBorder: o.crossBorder.slice(0, 20).map((c) => ({
        label: `${country(c.from)} → ${country(c.to)}`,
        value: c.count,
      })),
      pointsOfFailure: spof.top,
      pointsOfFailureNote: spof.note,
      caveats: [
        'Results follow the inventory as loaded: missing dependencies mean missing cascades.',
        'A single point of failure is ranked by how many facilities fail when it alone is lost (no impact zone, nothing protected).',
      ],
      timeLabel: 'Shown: the whole inventory',
    };
  }

  const r = run.result;
  const fac = (v: number) => inv.facilities[v]!;
  const names = (ids: string[]) =>
    ids.map((id) => capText(inv.facilities[inv.indexById.get(id)!]?.name ?? id));
  const compromised = names(app.scenario.compromised);
  const people = withPeople ? s.people : null;
  const countries = Object.keys(s.byCountry).filter((c) => c !== 'null').length;
  const what =
    compromised.length <= 2
      ? compromised.join(' and ')
      : `${compromised.slice(0, 2).join(', ')} and ${compromised.length - 2} more`;
  const zone =
    app.scenario.radiusKm > 0 ? ` and everything within ${app.scenario.radiusKm} km` : '';
  const within = s.maxHours > 0 ? `within ${formatHours(s.maxHours).slice(1)}` : 'at once';
  const topPeople = people ? peopleBySector(people)[0] : undefined;
  const finding =
    `Loss of ${what}${zone} brings down ${plural(s.failed, 'facility', 'facilities')} in ${plural(Math.max(1, countries), 'country', 'countries')} ${within}` +
    (topPeople
      ? `; at least ${roughly(topPeople[1])} people lose ${sectorLoss(topPeople[0])}.`
      : '.');

  const headline = [
    { label: 'facilities fail', value: count(s.failed) },
    ...(people
      ? [{ label: 'people lose a service (at least)', value: count(people.atLeast) }]
      : []),
    { label: countries === 1 ? 'country affected' : 'countries affected', value: count(countries) },
    { label: 'last failure after', value: formatHours(s.maxHours).slice(1) },
    { label: 'fail in other countries (spillover)', value: count(s.spillover) },
  ];
  const scenarioLines = [
    `Compromised: ${compromised.join(', ')}`,
    app.scenario.radiusKm > 0
      ? `Impact radius: ${app.scenario.radiusKm} km around each compromised facility`
      : 'No impact zone (radius 0 km)',
    app.scenario.protected.length > 0
      ? `Protected (independent backup): ${names(app.scenario.protected).join(', ')}`
      : 'No facility protected',
  ];
  const totals = [
    { label: 'facilities fail', value: count(s.failed) },
    ...(people
      ? [{ label: 'people lose a service (at least)', value: count(people.atLeast) }]
      : []),
    { label: 'by cascade', value: count(s.cascade) },
    { label: 'spillover (other countries)', value: count(s.spillover) },
    { label: 'cross-border links lost', value: count(s.crossBorderDependenciesLost) },
    { label: 'waves', value: String(s.maxWave) },
    { label: 'last failure', value: formatHours(s.maxHours) },
  ];
  if (app.baselineSummary) {
    totals.push({
      label: 'saved by protection',
      value: `${app.baselineSummary.failed - s.failed} of ${app.baselineSummary.failed}`,
    });
  }
  const timeline: BriefingContent['timeline'] = [];
  for (const v of r.order) {
    const w = r.wave[v]!;
    const h = r.hours[v]!;
    const row = (timeline[w] ??= { wave: w, waveTo: w, count: 0, hoursFrom: h, hoursTo: h });
    row.count++;
    row.hoursFrom = Math.min(row.hoursFrom, h);
    row.hoursTo = Math.max(row.hoursTo, h);
  }

  // The most important losses: the most people served, then spillover, then the latest.
  const attacked = new Set(run.compromised.map((c) => fac(c).country));
  const pop = (v: number) => served[v]!;
  const spill = (v: number) => (fac(v).country !== null && !attacked.has(fac(v).country) ? 1 : 0);
  const important = Array.from(r.order)
    .filter((v) => r.reason[v] === 3)
    .sort(
      (a, b) =>
        pop(b) - pop(a) ||
        spill(b) - spill(a) ||
        r.wave[b]! - r.wave[a]! ||
        r.hours[b]! - r.hours[a]!,
    );
  const explainedSet = important.slice(0, EXPLAIN_LIMIT);
  const steps = flattenTree(
    chainTree(explainedSet.map((v) => explainFailure(inv, p.graph, r, v))),
  ).map(({ depth, node }) => ({ depth, text: node.text }));
  // A chain of thousands of steps would be a hundred pages: the first ones, then a count.
  const tree =
    steps.length <= TREE_ROWS
      ? steps
      : [
          ...steps.slice(0, TREE_ROWS),
          {
            depth: 0,
            text: `… and ${(steps.length - TREE_ROWS).toLocaleString('en')} more steps of these chains, left out here: the failed-facilities CSV gives every failure with what triggered it.`,
          },
        ];

  const failedRows: FailedRow[] = Array.from(r.order.subarray(0, TABLE_LIMIT), (i) => {
    const f = fac(i);
    const t = r.trigger[i]!;
    return {
      name: capText(f.name),
      sector: facilityType(f)
        ? `${sectorTitle(f.sector)} (${capText(facilityType(f)!, 120)})`
        : sectorTitle(f.sector),
      country: country(f.country),
      failsAt: formatHours(r.hours[i]!),
      cause:
        t >= 0
          ? `loses ${capText(app.indexed!.graph.services[r.service[i]!]!, 120)}: ${capText(fac(t).name)}`
          : r.reason[i] === REASON_COMPROMISED
            ? 'compromised'
            : 'in the impact zone',
    };
  });

  const labels: MapLabel[] = [
    ...run.compromised.slice(0, 4).map((v) => ({ v, kind: 'compromised' as const })),
    ...important.slice(0, 6 - Math.min(4, run.compromised.length)).map((v) => ({
      v,
      kind: 'failed' as const,
    })),
  ].map(({ v, kind }) => {
    const [lon, lat] = at(v);
    return { lon, lat, name: capText(fac(v).name), kind, index: v };
  });
  const frame = frameOf(p.positions, r.order);

  const legend: BriefingContent['legend'] = [
    ...Object.keys(s.bySector).map((sector) => ({
      label: sectorTitle(sector),
      color: sectorHex(sector),
    })),
    { label: 'compromised', color: STATE_HEX.compromised, ring: true },
    ...(app.scenario.radiusKm > 0
      ? [{ label: 'impact zone', color: STATE_HEX.radius, ring: true }]
      : []),
    { label: 'fails by cascade', color: STATE_HEX.cascade, ring: true },
  ];
  if (app.scenario.protected.length > 0) {
    legend.push({ label: 'protected / saved', color: STATE_HEX.protected, ring: true });
  }
  const head = app.playhead;
  return {
    ...base,
    kind: 'scenario',
    title:
      app.title.trim() ||
      `Loss of ${compromised.slice(0, 2).join(', ')}${compromised.length > 2 ? ' …' : ''}`,
    finding,
    peopleLine: people ? peopleSentence(people) : null,
    peopleShort: people ? peopleSentence(people, 4) : null,
    people,
    headline,
    scenarioLines,
    totals,
    bySector: sectorBars(Object.entries(s.bySector).sort((a, b) => b[1] - a[1])),
    byCountry: countryBars(Object.entries(s.byCountry).sort((a, b) => b[1] - a[1])),
    timeline: groupTimeline(timeline.filter(Boolean)),
    series: seriesOf(app, withPeople),
    failedRows,
    failedTotal: r.order.length,
    tree,
    explained: explainedSet.length,
    labels,
    frame,
    legend,
    crossBorder: [],
    pointsOfFailure: [],
    pointsOfFailureNote: '',
    caveats: [
      'Results follow the inventory as loaded: missing dependencies mean missing cascades.',
      ...(people
        ? [
            'People: a lower bound. Each facility counts the population_served the inventory gives; the same people may depend on several facilities, so the largest sector total is the figure that is sure.',
          ]
        : []),
      ...(app.inventory?.files.includes('europe.geojson') ? [SAMPLE_CAVEAT] : []),
      'Times assume each provider fails completely at once; without recovery data nothing is repaired.',
      'Protected facilities are assumed to have fully independent backup.',
    ],
    timeLabel: head
      ? head.unit === 'wave'
        ? `Shown at wave ${head.value}`
        : `Shown at ${formatHours(head.value)}`
      : 'Shown: end state of the cascade',
  };
}

/** [west, south, east, north] of the facilities `indices` (lon/lat pairs in `positions`). */
function frameOf(
  positions: Float64Array,
  indices: ArrayLike<number>,
): [number, number, number, number] | null {
  let frame: [number, number, number, number] | null = null;
  for (let k = 0; k < indices.length; k++) {
    const lon = positions[2 * indices[k]!]!;
    const lat = positions[2 * indices[k]! + 1]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    frame = frame
      ? [
          Math.min(frame[0], lon),
          Math.min(frame[1], lat),
          Math.max(frame[2], lon),
          Math.max(frame[3], lat),
        ]
      : [lon, lat, lon, lat];
  }
  return frame;
}

/** The top single points of failure (docs/format.md §2.7): the ranking when it is at hand or cheap. */
function pointsOfFailure(app: AppState): {
  top: { index: number; name: string; sector: string; country: string; impact: number }[];
  note: string;
} {
  const p = app.indexed!;
  let ranked = app.criticality.top(p, 10);
  const note = 'Impact: how many facilities fail when this one alone is lost.';
  if (ranked.length === 0) {
    if (p.ids.length <= RANK_LIMIT) ranked = rankIndices(p.ids, computeImpacts(p.graph), 10);
    else
      return {
        top: [],
        note: `Not ranked for this report (${count(p.ids.length)} facilities): run the ranking in the Criticality tab first, then export again.`,
      };
  }
  return {
    note,
    top: ranked
      .filter((e) => e.impact > 1)
      .map(({ index, impact }) => {
        const f = p.inventory.facilities[index]!;
        return {
          index,
          name: capText(f.name),
          sector: sectorTitle(f.sector),
          country: country(f.country),
          impact,
        };
      }),
  };
}
