/**
 * The loading flow as the UI sees it, in runes: progress, the field-mapping question, the
 * "load from another site?" question, cancel, and a short account of the last load. It
 * replaces the app's inventory only when a load succeeds; a refused or cancelled load leaves
 * the current one untouched.
 */
import type { AppState } from './app-state.svelte.ts';
import {
  inventoryName,
  originOf,
  sampleItem,
  startLoad,
  SAMPLE_NAME,
  type FieldsAnswer,
  type Loaded,
  type LoadItem,
  type LoadTask,
  type LoadPhase,
  type Progress,
  type SourceFields,
} from './loader.ts';
import { dataParam, type DataParam } from './data-param.ts';
import type { Keeping } from './keeping.svelte.ts';

/** Keeping, loaded on first use (App.svelte), and whether anything may be kept at all. */
export interface KeepingAccess {
  keeping: () => Promise<Keeping>;
  mayHaveKept: () => boolean;
}

export interface LoadActivity extends Progress {
  title: string;
  startedAt: number;
}

export interface LastLoad {
  name: string;
  ms: number;
  /** Time in the worker by phase, for the curious (and the load figures). */
  phasesMs: Partial<Record<LoadPhase, number>>;
  /** Time in the worker until the inventory was ready to send. */
  workerMs: number;
  /** Loaded and checked at build time (the bundled sample): no worker phases. */
  prepared: boolean;
  bytes: number;
  records: number;
  added: boolean;
}

export class LoadController {
  /** The running load (null when idle). */
  activity = $state<LoadActivity | null>(null);
  /** Sources whose fields need the user's mapping (the dialog is open while non-null). */
  fields = $state<SourceFields[] | null>(null);
  /** An address on another site waiting for the user's yes or no. */
  confirm = $state<{ url: string; host: string } | null>(null);
  /** A short neutral message (a cancelled load). */
  notice = $state<string | null>(null);
  last = $state<LastLoad | null>(null);

  #task: LoadTask | null = null;
  #fieldsAnswer: ((answer: FieldsAnswer | null) => void) | null = null;
  #confirmAnswer: ((ok: boolean) => void) | null = null;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly app: AppState,
    /** Keeps each loaded inventory in the browser (null: nothing is kept). */
    private readonly keep: KeepingAccess | null = null,
  ) {}

  /** Files dropped or picked: replace the inventory, or add them to it. */
  openFiles(files: File[], replace: boolean): Promise<Loaded | null> {
    const items: LoadItem[] = files.map((f) => ({ kind: 'blob', name: f.name, blob: f }));
    const what = files.length === 1 ? files[0]!.name : `${files.length} files`;
    return this.load(items, replace, `${replace ? 'Opening' : 'Adding'} ${what}`);
  }

  /**
   * What the app opens on: the `?data=` address (another site's only after the user agrees),
   * else the inventory kept from the last visit, else the bundled sample. When the address or
   * the kept inventory cannot be loaded, the sample opens and the message says why.
   */
  async openStart(search: string, pageUrl: string): Promise<Loaded | null> {
    const param = dataParam(search, pageUrl);
    let problem: string | null = param.kind === 'invalid' ? param.message : null;
    const kept =
      param.kind === 'none' && this.keep?.mayHaveKept()
        ? await (await this.keep.keeping()).keptInventory()
        : null;
    if (kept) {
      const items: LoadItem[] = kept.items.map((i) => ({ kind: 'blob', ...i }));
      const confirmed = { mappings: kept.mappings, sectorValues: kept.sectorValues };
      const result = await this.load(
        items,
        true,
        `Opening ${kept.name} again`,
        kept.name,
        confirmed,
      );
      if (result === null || result.ok) return result;
      if (!result.cancelled) {
        problem = `The inventory kept from your last visit (${kept.name}) did not open again: ${result.message.replace(/ Nothing was changed\.$/, '')}`;
      }
    }
    if (param.kind === 'same-origin' || param.kind === 'cross-origin') {
      const agreed = param.kind === 'same-origin' || (await this.askOrigin(param));
      if (agreed) {
        const item: LoadItem = {
          kind: 'url',
          name: param.name,
          url: param.url,
          ...(param.kind === 'cross-origin' ? { allowedOrigin: param.origin } : {}),
        };
        const from = param.kind === 'cross-origin' ? ` from ${param.host}` : '';
        const result = await this.load([item], true, `Loading ${param.name}${from}`);
        if (result === null || result.ok) return result;
        if (!result.cancelled) problem = result.message.replace(/ Nothing was changed\.$/, '');
      }
    }
    const sample = await this.load([sampleItem()], true, 'Loading the Europe sample', SAMPLE_NAME);
    if (problem && sample?.ok) this.app.loadError = `${problem} The sample opened instead.`;
    return sample;
  }

  /** Shows the "load from another site?" dialog and waits for the answer. */
  private async askOrigin(param: Extract<DataParam, { kind: 'cross-origin' }>): Promise<boolean> {
    const agreed = await new Promise<boolean>((resolve) => {
      this.#confirmAnswer = resolve;
      this.confirm = { url: param.url, host: param.host };
    });
    this.confirm = null;
    this.#confirmAnswer = null;
    return agreed;
  }

  async load(
    items: LoadItem[],
    replace: boolean,
    title: string,
    name?: string,
    confirmed?: FieldsAnswer,
  ): Promise<Loaded | null> {
    // A new load replaces one still running (and its open question, if any).
    this.#task?.cancel();
    this.fields = null;
    this.#fieldsAnswer = null;
    const base = replace ? null : this.app.inventory;
    const task = startLoad(
      items,
      base,
      name ?? inventoryName(items, base),
      {
        onProgress: (p) => {
          if (this.#task === task && this.activity) this.activity = { ...this.activity, ...p };
        },
        onFields: (sources) =>
          new Promise((resolve) => {
            this.#fieldsAnswer = resolve;
            this.fields = sources;
          }),
      },
      confirmed,
    );
    this.#task = task;
    this.notice = null;
    this.activity = {
      title,
      startedAt: performance.now(),
      phase: 'reading',
      file: items[0]?.name ?? '',
      bytesRead: 0,
      bytesTotal: items.reduce((n, i) => n + (i.kind === 'blob' ? i.blob.size : 0), 0),
      features: 0,
    };
    this.app.loading = title;
    const result = await task.result;
    if (this.#task !== task) return null; // a newer load took over
    this.#task = null;
    this.activity = null;
    this.fields = null;
    this.#fieldsAnswer = null;
    this.app.loading = null;
    if (!result.ok) {
      if (result.cancelled) this.notify(result.message);
      else this.app.loadError = result.message;
      return result;
    }
    this.app.loadError = null;
    const reset = this.app.setInventory(result.inventory, result.name, base === null);
    const origin = result.name === SAMPLE_NAME ? null : (originOf(result.inventory) ?? null);
    // Not awaited: writing the files to IndexedDB is no reason to keep the map waiting.
    // The sample with nothing kept: nothing to keep or drop, and keeping's code not fetched.
    if (this.keep && (origin || this.keep.mayHaveKept())) {
      void this.keep.keeping().then((k) => k.loaded(result.name, origin));
    }
    if (reset.length > 0)
      this.notify(`New inventory, clean start: ${reset.join(', ')} from the last one were reset.`);
    this.last = {
      name: result.name,
      ms: result.stats.totalMs,
      phasesMs: result.stats.phasesMs,
      workerMs: result.stats.workerMs,
      prepared: result.stats.prepared ?? false,
      bytes: result.stats.bytes,
      records: result.stats.records,
      added: base !== null,
    };
    return result;
  }

  cancel(): void {
    this.#fieldsAnswer?.(null);
    this.#task?.cancel();
  }

  /** The mapping dialog's answer: mappings and sector values by source, or null to cancel. */
  answerFields(answer: FieldsAnswer | null): void {
    const reply = this.#fieldsAnswer;
    this.#fieldsAnswer = null;
    this.fields = null;
    reply?.(answer);
  }

  answerConfirm(ok: boolean): void {
    this.#confirmAnswer?.(ok);
  }

  /** Shows a short neutral message for a few seconds. */
  notify(message: string): void {
    this.notice = message;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = null), 6000);
  }
}
