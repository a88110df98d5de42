/**
 * What every briefing artefact says, computed once from the app state: the title, the scenario
 * in words, totals, the timeline, the explanation chains of the most important losses, and
 * the sources. The PNG, the PDF and briefing mode all read this.
 */
import { countryName } from '../country-names.ts';
import { explainFailure } from '../../core/explain.ts';
import { formatHours } from '../../core/hours.ts';
import type { AppState } from '../../state/app-state.svelte.ts';
import { sectorHex, STATE_HEX } from '../../map/palette.ts';
import { attributionFor } from './attribution.ts';
import { SAMPLE_CAVEAT } from './sample-credits.ts';

export interface BriefingContent {
  title: string;
  marking: string;
  notes: string;
  scenarioLines: string[];
  totals: { label: string; value: string }[];
  bySector: [string, number][];
  byCountry: [string, number][];
  timeline: { wave: number; count: number; hoursFrom: number; hoursTo: number }[];
  chains: { name: string; steps: string[] }[];
  legend: { label: string; color: string; ring?: boolean }[];
  attribution: string;
  caveats: string[];
  timeLabel: string;
  generated: string;
}

export function briefingContent(app: AppState, now = new Date()): BriefingContent | null {
  const p = app.prepared;
  const run = app.run;
  const s = app.summary;
  if (!p || !run || !s) return null;
  const names = (ids: string[]) =>
    ids.map((id) => p.inventory.facilities[p.inventory.indexById.get(id)!]?.name ?? id);
  const compromised = names(app.scenario.compromised);
  const scenarioLines = [
    `Compromised: ${compromised.join(', ')}`,
    app.scenario.radiusKm > 0
      ? `Impact radius: ${app.scenario.radiusKm} km around each compromised facility`
      : 'No impact zone (radius 0 km)',
    app.scenario.protected.length > 0
      ? `Protected (independent backup): ${names(app.scenario.protected).join(', ')}`
      : 'No facility protected',
    `Inventory: ${app.inventoryName} (${p.inventory.facilities.length} facilities, ${p.inventory.dependencies.length} dependencies; hash ${app.inventoryHash})`,
  ];
  const totals = [
    { label: 'facilities fail', value: String(s.failed) },
    { label: 'by cascade', value: String(s.cascade) },
    { label: 'spillover (other countries)', value: String(s.spillover) },
    { label: 'cross-border links lost', value: String(s.crossBorderDependenciesLost) },
    { label: 'waves', value: String(s.maxWave) },
    { label: 'last failure', value: formatHours(s.maxHours) },
  ];
  if (app.baselineSummary) {
    totals.push({
      label: 'saved by protection',
      value: `${app.baselineSummary.failed - s.failed} of ${app.baselineSummary.failed}`,
    });
  }
  const r = run.result;
  const timeline: BriefingContent['timeline'] = [];
  for (const v of r.order) {
    const w = r.wave[v]!;
    const h = r.hours[v]!;
    const row = (timeline[w] ??= { wave: w, count: 0, hoursFrom: h, hoursTo: h });
    row.count++;
    row.hoursFrom = Math.min(row.hoursFrom, h);
    row.hoursTo = Math.max(row.hoursTo, h);
  }
  // The most important losses to explain: spillover first, then the latest in the cascade.
  const attacked = new Set(run.compromised.map((c) => p.inventory.facilities[c]!.country));
  const candidates = Array.from(r.order)
    .filter((v) => r.reason[v] === 3)
    .sort((a, b) => {
      const fa = p.inventory.facilities[a]!;
      const fb = p.inventory.facilities[b]!;
      const sa = fa.country !== null && !attacked.has(fa.country) ? 1 : 0;
      const sb = fb.country !== null && !attacked.has(fb.country) ? 1 : 0;
      return sb - sa || r.wave[b]! - r.wave[a]! || r.hours[b]! - r.hours[a]!;
    })
    .slice(0, 5);
  const chains = candidates.map((v) => ({
    name: p.inventory.facilities[v]!.name,
    steps: explainFailure(p.inventory, p.graph, r, v).map((step) => step.text),
  }));
  const sectorsInPlay = Object.keys(s.bySector);
  const legend: BriefingContent['legend'] = [
    ...sectorsInPlay.map((sector) => ({ label: sector, color: sectorHex(sector) })),
    { label: 'compromised', color: STATE_HEX.compromised, ring: true },
    { label: 'impact zone', color: STATE_HEX.radius, ring: true },
    { label: 'cascade', color: STATE_HEX.cascade, ring: true },
  ];
  if (app.scenario.protected.length > 0) {
    legend.push({ label: 'protected / saved', color: STATE_HEX.protected, ring: true });
  }
  const head = app.playhead;
  return {
    title:
      app.title.trim() ||
      `Scenario: ${compromised.slice(0, 2).join(', ')}${compromised.length > 2 ? ' …' : ''}`,
    marking: app.marking.trim(),
    notes: app.notes.trim(),
    scenarioLines,
    totals,
    bySector: Object.entries(s.bySector).sort((a, b) => b[1] - a[1]),
    byCountry: Object.entries(s.byCountry)
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => [c === 'null' ? 'at sea / no country' : `${countryName(c)} (${c})`, n]),
    timeline: timeline.filter(Boolean),
    chains,
    legend,
    attribution: attributionFor(app),
    caveats: [
      'Results follow the inventory as loaded: missing dependencies mean missing cascades.',
      ...(app.inventory?.files.includes('europe.geojson') ? [SAMPLE_CAVEAT] : []),
      'Times assume each provider fails completely at once and nothing is repaired.',
      'Protected facilities are assumed to have fully independent backup.',
    ],
    timeLabel: head
      ? head.unit === 'wave'
        ? `Shown at wave ${head.value}`
        : `Shown at ${formatHours(head.value)}`
      : 'Shown: end state of the cascade',
    generated: `Generated ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC by RippleMap`,
  };
}
