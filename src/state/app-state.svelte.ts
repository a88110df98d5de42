/**
 * The app's state, in Svelte 5 runes. The inventory is replaced, never mutated ($state.raw);
 * everything the panels and the map show is $derived from it and the scenario.
 */
import { REASON_NONE } from '../core/cascade.ts';
import { explainFailure } from '../core/explain.ts';
import { runScenario, summarize, type ScenarioRun, type Summary } from '../core/scenario.ts';
import type { Feature } from 'geojson';
import type { Inventory, ReportEntry } from '../core/types.ts';
import type { ColorBy, MapModel } from '../map/layers.ts';
import { displayStates, drawnSets } from '../map/display-model.ts';
import { zoneCircles } from '../map/zone.ts';
import { Criticality } from './criticality.svelte.ts';
import { indexInventory, type Indexed } from './indexed.ts';
import { WorstCases } from './worst-cases.svelte.ts';
import { worstHeat } from './worst-heat.ts';
import { RecoveryState } from './recovery.svelte.ts';

export type Mode = { kind: 'explore' } | { kind: 'compromise' } | { kind: 'brief'; slide: number };

export interface ScenarioState {
  compromised: string[];
  protected: string[];
  radiusKm: number;
}

export interface Playhead {
  unit: 'wave' | 'hours';
  value: number;
}

export class AppState {
  inventory = $state.raw<Inventory | null>(null);
  inventoryName = $state('');
  /** A message for the user when a load was refused (the previous inventory stays). */
  loadError = $state<string | null>(null);
  loading = $state<string | null>(null);
  /** The basemap's credit, plain text, as shown in the legend and on exports. */
  basemapAttribution = $state('Natural Earth (public domain)');

  scenario = $state<ScenarioState>({ compromised: [], protected: [], radiusKm: 0 });
  selected = $state(-1);
  mode = $state<Mode>({ kind: 'explore' });
  hiddenSectors = $state<string[]>([]);
  hiddenCountries = $state<string[]>([]);
  crossBorderOnly = $state(false);
  showArcs = $state(true);
  /** null: show the end state of the cascade. */
  playhead = $state<Playhead | null>(null);
  playUnit = $state<'wave' | 'hours'>('wave');
  playing = $state(false);

  criticality = new Criticality();
  /** docs/format.md §5: crews, repair order, and when each failure comes back. */
  recovery = new RecoveryState(this);
  /** Colour facilities by criticality instead of sector. */
  showHeat = $state(false);
  /** Colour facilities by sector or by their original type word (issue #15). */
  colorBy = $state<ColorBy>('sector');
  /** The Worst cases panel's searches (docs/format.md §6); its heat, when chosen, wins over criticality's. */
  worst = new WorstCases();

  /** Briefing texts: saved with the scenario and printed on exports. */
  title = $state('');
  notes = $state('');
  /** A marking line for exports, e.g. a classification banner. */
  marking = $state('');

  /** The inventory with its graph, spatial index and drawing arrays (indexed.ts). */
  indexed: Indexed | null = $derived(this.inventory ? indexInventory(this.inventory) : null);

  run: ScenarioRun | null = $derived.by(() => {
    const p = this.indexed;
    if (!p || this.scenario.compromised.length === 0) return null;
    const toIndex = (ids: string[]) =>
      ids.map((id) => p.inventory.indexById.get(id)).filter((i): i is number => i !== undefined);
    const compromised = toIndex(this.scenario.compromised);
    if (compromised.length === 0) return null;
    return runScenario(p.graph, p.ids, p.index, {
      compromised,
      protected: toIndex(this.scenario.protected),
      radiusKm: this.scenario.radiusKm,
    });
  });

  /** The same scenario without protection: what protection saves. */
  baseline: ScenarioRun | null = $derived.by(() => {
    const p = this.indexed;
    const run = this.run;
    if (!p || !run || run.protected.length === 0) return null;
    return runScenario(p.graph, p.ids, p.index, {
      compromised: run.compromised,
      protected: [],
      radiusKm: this.scenario.radiusKm,
    });
  });

  /** Facilities that fail in the baseline but hold with protection. */
  saved: number[] = $derived.by(() => {
    const run = this.run;
    const base = this.baseline;
    if (!run || !base) return [];
    return Array.from(base.result.order).filter((v) => run.result.reason[v] === REASON_NONE);
  });

  /**
   * Protected facilities that fail all the same, by index: protection is a backup against
   * cascades only, so a protected facility that is compromised or inside the impact zone
   * still fails (docs/format.md §2.3).
   */
  protectedFailing: Set<number> = $derived.by(() => {
    const run = this.run;
    return new Set(run ? run.protected.filter((v) => run.result.reason[v] !== REASON_NONE) : []);
  });

  baselineSummary: Summary | null = $derived(
    this.baseline && this.indexed ? summarize(this.indexed.inventory, this.baseline) : null,
  );

  /** hashInventory of the inventory (made in the loading worker, with the index). */
  inventoryHash: string = $derived(this.indexed?.hash ?? '');

  /** The distinct moments at which something fails, in the playback unit. */
  moments: number[] = $derived.by(() => {
    const r = this.run?.result;
    if (!r) return [0];
    const values = new Set<number>();
    for (const v of r.order) values.add(this.playUnit === 'wave' ? r.wave[v]! : r.hours[v]!);
    return [...values].sort((a, b) => a - b);
  });

  /** Index of the playhead in `moments` (the last one when showing the end state). */
  momentIndex: number = $derived(
    this.playhead
      ? Math.max(
          0,
          this.moments.findIndex((m) => m >= this.playhead!.value),
        )
      : this.moments.length - 1,
  );

  summary: Summary | null = $derived(
    this.run && this.indexed ? summarize(this.indexed.inventory, this.run) : null,
  );

  explanation = $derived.by(() => {
    const p = this.indexed;
    if (
      !p ||
      !this.run ||
      this.selected < 0 ||
      this.run.result.reason[this.selected] === REASON_NONE
    )
      return [];
    return explainFailure(p.inventory, p.graph, this.run.result, this.selected);
  });

  /**
   * Facility and dependency display states: their own $derived, so the arrays keep their
   * identity (and the map its colour buffers) while only the selection or the zone changes.
   */
  #displayStates: { facilityState: Uint8Array; arcState: Uint8Array } | null = $derived.by(() => {
    const p = this.indexed;
    if (!p) return null;
    const { from } = p.inventory.dependencies;
    return displayStates(p.ids.length, from, p.graph.edgeDependency, this.run, this.playhead);
  });

  /** What the filters leave drawn: point facilities, shapes and dependencies. */
  #drawn: { points: Int32Array; shapes: Feature[]; arcs: Int32Array } | null = $derived.by(() => {
    const p = this.indexed;
    if (!p) return null;
    const { from, to } = p.inventory.dependencies;
    return drawnSets(
      { ...p, facilities: p.inventory.facilities, from, to },
      {
        hiddenSectors: this.hiddenSectors,
        hiddenCountries: this.hiddenCountries,
        showArcs: this.showArcs,
        crossBorderOnly: this.crossBorderOnly,
      },
    );
  });

  #worstHeat: Float32Array | null = $derived(worstHeat(this.worst, this.indexed));

  #heat: { values: Float32Array; max: number } | null = $derived(
    this.#worstHeat
      ? { values: this.#worstHeat, max: 1 }
      : this.showHeat && this.indexed
        ? heatOf(this.criticality, this.indexed)
        : null,
  );

  /** The largest impact of the ranking when the heat style is drawn (the top of its scale). */
  heatMax: number | null = $derived(this.#worstHeat ? null : (this.#heat?.max ?? null));

  /** Facility and dependency display states for the map. */
  mapModel: MapModel | null = $derived.by(() => {
    const p = this.indexed;
    const states = this.#displayStates;
    const drawn = this.#drawn;
    if (!p || !states || !drawn) return null;
    const run = this.run;
    const centres = run ? run.compromised.map((c) => p.index.centre(c)) : [];
    return {
      inventory: p.inventory,
      positions: p.positions,
      ...drawn,
      // Found in the loading worker for every dot; a filter's subset is grouped again.
      ...(drawn.points === p.pointLike ? { stacks: p.stacks } : {}),
      ...states,
      crossBorder: p.crossBorder,
      zone: zoneCircles(centres, this.scenario.radiusKm),
      heat: this.#heat?.values ?? null,
      selected: this.selected,
      colorBy: this.colorBy,
    };
  });

  get report(): { errors: ReportEntry[]; warnings: ReportEntry[] } {
    return { errors: this.inventory?.errors ?? [], warnings: this.inventory?.warnings ?? [] };
  }

  /**
   * Takes in a loaded inventory. `replaced`: it replaces the one open (not an "Add"), so the
   * scenario and the briefing texts made for that one start clean (radius, title and notes
   * too; the marking line stays: it belongs to the workplace). Returns what was reset, in
   * words, for the one-line notice (empty when nothing was set).
   */
  setInventory(inventory: Inventory, name: string, replaced = false): string[] {
    const reset: string[] = [];
    if (replaced && this.inventory) {
      if (this.title.trim()) reset.push('title');
      if (this.notes.trim()) reset.push('notes');
      if (this.scenario.radiusKm > 0) reset.push(`the ${this.scenario.radiusKm} km radius`);
      if (this.scenario.compromised.length + this.scenario.protected.length > 0)
        reset.push('compromised and protected facilities');
      if (this.recovery.crews !== null || this.recovery.repairOrder !== null)
        reset.push('crews and repair order');
    }
    const radiusKm = replaced ? 0 : this.scenario.radiusKm;
    if (replaced) {
      this.title = '';
      this.notes = '';
      this.recovery.crews = null;
      this.recovery.repairOrder = null;
    }
    this.inventory = inventory;
    this.inventoryName = name;
    this.scenario = { compromised: [], protected: [], radiusKm };
    this.selected = -1;
    this.playhead = null;
    this.hiddenSectors = [];
    this.hiddenCountries = [];
    this.criticality.reset();
    this.showHeat = false;
    this.colorBy = 'sector';
    this.worst.reset();
    return reset;
  }

  toggleCompromised(id: string): void {
    const list = this.scenario.compromised;
    this.scenario.compromised = list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
    this.scenario.protected = this.scenario.protected.filter((x) => x !== id);
    this.playhead = null;
  }

  toggleProtected(id: string): void {
    const list = this.scenario.protected;
    this.scenario.protected = list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
    this.playhead = null;
  }

  /** Moves the playhead by `delta` moments (waves or distinct hours). */
  step(delta: number): void {
    const next = Math.min(this.moments.length - 1, Math.max(0, this.momentIndex + delta));
    this.playhead = { unit: this.playUnit, value: this.moments[next]! };
  }

  /** Starts playback from the first moment (or pauses it). */
  togglePlay(): void {
    if (this.playing) {
      this.playing = false;
      return;
    }
    if (this.momentIndex >= this.moments.length - 1) {
      this.playhead = { unit: this.playUnit, value: this.moments[0]! };
    }
    this.playing = true;
  }

  /** Steps by waves or by hours; a playback under way starts over in the new unit. */
  setPlayUnit(unit: 'wave' | 'hours'): void {
    if (unit === this.playUnit) return;
    const started = this.playhead !== null;
    this.playUnit = unit;
    this.playhead = started && this.moments.length > 0 ? { unit, value: this.moments[0]! } : null;
  }

  clearScenario(): void {
    this.scenario = { compromised: [], protected: [], radiusKm: this.scenario.radiusKm };
    this.playhead = null;
  }
}

/** log(impact) / log(max impact) per facility, for the heat style, and the max impact. */
function heatOf(
  criticality: Criticality,
  p: Indexed,
): { values: Float32Array; max: number } | null {
  const impact = criticality.impact;
  if (!impact || criticality.forInventory !== p) return null;
  let max = 1;
  for (const x of impact) max = Math.max(max, x);
  const values = new Float32Array(impact.length);
  const denominator = Math.log(max) || 1;
  for (let i = 0; i < impact.length; i++) values[i] = Math.log(impact[i]!) / denominator;
  return { values, max };
}
