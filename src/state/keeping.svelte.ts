/**
 * Keeping the planner's work across reloads and browser restarts, as the UI sees it (the
 * storage itself is kept.ts): whether keeping is on, whether the open inventory is kept, and
 * "Forget this inventory". The open inventory is kept when it was opened from files or an
 * address (not the bundled sample, which every visit opens anyway); the work on it (scenario,
 * briefing texts, recovery, view settings) is written a moment after each change.
 */
import type { MapViewState } from '../core/scenario-file.ts';
import type { AppState } from './app-state.svelte.ts';
import {
  KEEP_SETTING,
  KEPT_HINT,
  mayHaveKept,
  RESTORING,
  untouched,
  type HintStorage,
} from './keep-hint.ts';
import {
  browserStore,
  Keeper,
  type KeptInventory,
  type KeptWork,
  type KeyValueStore,
} from './kept.ts';
import type { Origin } from './loader.ts';

/** How long after the last change the work is written. */
const SAVE_DELAY_MS = 400;

export interface KeepingOptions {
  /** Where the on/off choice is remembered (null: nowhere, keeping stays on). */
  storage: HintStorage | null;
  /** The store of the kept records (default: this origin's IndexedDB). */
  store?: () => Promise<KeyValueStore>;
}

export class Keeping {
  /** The user's choice: keep work in this browser between visits. */
  enabled = $state(true);
  /** Whether the open inventory (and the work on it) is kept in this browser now. */
  kept = $state(false);
  /** A short message about keeping (a kept inventory that could not be read again, say). */
  message = $state<string | null>(null);

  #keeper: Promise<Keeper> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The inventory whose work is being kept (null: none, e.g. after "Forget"). */
  #hash: string | null = null;
  /** Whether work on the open inventory is stored (written, or restored at this visit). */
  #workKept = false;
  /** What the open inventory was read from (null: the bundled sample, not kept). */
  #origin: Readonly<Origin> | null = null;

  constructor(
    private readonly app: AppState,
    private readonly options: KeepingOptions,
  ) {
    this.enabled = options.storage?.getItem(KEEP_SETTING) !== 'off';
    // Made when first needed (keeping is loaded on first use, App.svelte): the inventory open
    // now is then the bundled sample, whose files are not kept, or nothing.
    this.#hash = app.inventory ? app.inventoryHash : null;
  }

  private keeper(): Promise<Keeper> {
    this.#keeper ??= (this.options.store ?? browserStore)().then((s) => new Keeper(s));
    return this.#keeper;
  }

  /** The inventory kept from the last visit, to open instead of the sample; null: none. */
  async keptInventory(): Promise<KeptInventory | null> {
    // Without the hint nothing was kept: the first map does not wait for IndexedDB to open.
    if (!this.enabled || !this.hinted()) return null;
    const storage = this.options.storage;
    if (storage && storage.getItem(RESTORING) !== null) {
      this.message =
        'The inventory kept from an earlier visit did not finish opening (the tab may have run out of memory), so it is not opened by itself any more: open its file yourself (it is then kept again), or turn keeping off in Settings to delete it.';
      return null;
    }
    const read = await (await this.keeper()).inventory();
    if (read.problem) this.message = `${capitalized(read.problem)}.`;
    if (read.value) storage?.setItem(RESTORING, '1');
    return read.value;
  }

  /**
   * After a load: keeps the new inventory's files as read (`origin`; null for the bundled
   * sample, which every visit opens anyway), and from now on the work on it. Call restoreWork
   * after this.
   */
  async loaded(name: string, origin: Readonly<Origin> | null): Promise<void> {
    clearTimeout(this.#timer);
    // Files opened (again): the kept inventory opens by itself at the next visit again.
    if (origin) this.options.storage?.removeItem(RESTORING);
    this.#hash = this.app.inventoryHash;
    this.#origin = origin;
    this.#workKept = false;
    if (!this.enabled) return;
    const items = origin?.items.flatMap((i) => (i.kind === 'blob' ? [i] : [])) ?? [];
    if (!origin || items.length !== origin.items.length) {
      // Nothing kept before (no hint): IndexedDB is not even opened. A kept inventory that did
      // not finish opening stays (the sample opened in its place, not by the user's choice).
      const stalled = this.options.storage?.getItem(RESTORING) != null;
      if (this.hinted() && !stalled) await (await this.keeper()).dropInventory().catch(() => {});
      this.kept = false;
      return;
    }
    const keeper = await this.keeper();
    try {
      await keeper.saveInventory({
        version: 1,
        name,
        items: items.map((i) => ({ name: i.name, blob: i.blob })),
        mappings: origin.mappings,
        sectorValues: origin.sectorValues ?? {},
        hash: this.#hash,
        savedAt: new Date().toISOString(),
      });
      this.options.storage?.setItem(KEPT_HINT, '1');
      this.kept = true;
    } catch (error) {
      this.kept = false;
      this.message = `This inventory could not be kept in the browser (${String(error)}): it opens again only from its file.`;
    }
  }

  /** Applies the work kept for the open inventory, if any; returns its map view. */
  async restoreWork(): Promise<MapViewState | null> {
    if (!this.enabled || !this.hinted()) return null;
    const read = await (await this.keeper()).work();
    if (read.problem) this.message = `${capitalized(read.problem)}.`;
    const work = read.value;
    if (!work || work.scenario.inventory.hash !== this.app.inventoryHash) return null;
    await applyWork(this.app, work);
    this.#workKept = true;
    return work.scenario.view;
  }

  /** Writes the work a moment after the last change (call on every change). */
  changed(view: () => MapViewState | null): void {
    if (!this.keeping()) return;
    // Nothing done yet (a fresh load, a pan): nothing to write, and the scenario code is not
    // fetched for the first map. Work kept before is replaced when it is undone.
    const plain = untouched(this.app);
    if (plain && !this.#workKept) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void (async () => {
        if (!this.keeping()) return;
        const keeper = await this.keeper();
        if (plain) await keeper.dropWork().catch(() => {});
        else {
          await keeper.saveWork(await this.work(view())).catch(() => {});
          this.options.storage?.setItem(KEPT_HINT, '1');
        }
        this.#workKept = !plain;
      })();
    }, SAVE_DELAY_MS);
  }

  /**
   * Whether anything may be kept (localStorage says so since it was written): without it a
   * visit never opens IndexedDB, so the first map does not wait for it. Only "Forget" (and
   * turning keeping off) clears it; a stale hint costs one look into an empty store.
   */
  private hinted(): boolean {
    return mayHaveKept(this.options.storage);
  }

  /** Whether the work on the open inventory is to be kept now. */
  private keeping(): boolean {
    return this.enabled && this.#hash !== null && this.#hash === this.app.inventoryHash;
  }

  /** Deletes every byte kept in this browser; the open inventory stays open in this tab. */
  async forget(): Promise<void> {
    clearTimeout(this.#timer);
    this.#hash = null;
    this.options.storage?.removeItem(KEPT_HINT);
    await (await this.keeper()).forget();
    this.kept = false;
    this.message =
      'Removed from this browser: the inventory files, the scenario and the briefing. They stay open in this tab until you close it.';
  }

  /** Turns keeping on or off; off deletes what is kept. */
  async setEnabled(on: boolean): Promise<void> {
    this.enabled = on;
    if (on) {
      this.options.storage?.removeItem(KEEP_SETTING);
      if (this.app.inventory) await this.loaded(this.app.inventoryName, this.#origin);
    } else {
      this.options.storage?.setItem(KEEP_SETTING, 'off');
      await this.forget();
      this.message = 'Nothing is kept in this browser: a reload opens the sample.';
    }
  }

  private async work(view: MapViewState | null): Promise<KeptWork> {
    const app = this.app;
    // Scenario files load on first use (not for the first map), as the briefing panel's do.
    const { currentScenario } = await import('./scenario-io.ts');
    return {
      version: 1,
      scenario: currentScenario(app, view),
      crews: app.recovery.crews,
      repairOrder: app.recovery.repairOrder ? [...app.recovery.repairOrder] : null,
      settings: {
        hiddenSectors: [...app.hiddenSectors],
        hiddenCountries: [...app.hiddenCountries],
        crossBorderOnly: app.crossBorderOnly,
        showArcs: app.showArcs,
        colorBy: app.colorBy,
      },
    };
  }
}

async function applyWork(app: AppState, work: KeptWork): Promise<void> {
  const { applyScenario } = await import('./scenario-io.ts');
  applyScenario(app, work.scenario);
  app.recovery.crews = work.crews;
  app.recovery.repairOrder = work.repairOrder;
  app.hiddenSectors = work.settings.hiddenSectors;
  app.hiddenCountries = work.settings.hiddenCountries;
  app.crossBorderOnly = work.settings.crossBorderOnly;
  app.showArcs = work.settings.showArcs;
  app.colorBy = work.settings.colorBy;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
