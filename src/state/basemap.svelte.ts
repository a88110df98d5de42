/**
 * The basemap setting: built-in offline (default), a style URL, or a local PMTiles file. The
 * settings dialog calls `use*`; MapView applies `request` with `map.setStyle()` and reports back
 * through `report()`. A refused URL leaves the map as it is; a style that fails to load falls
 * back to the built-in basemap. Only a style URL is remembered (localStorage): a local file
 * cannot be re-read without the user picking it again.
 */
import {
  basemapStyleFromSettings,
  BUNDLED_ATTRIBUTION,
  type BasemapSetting,
} from '../map/basemap/basemap.ts';
import type { PmtilesSummary } from '../map/basemap/pmtiles-style.ts';
import type { BasemapReport, BasemapRequest } from '../map/basemap/switch.ts';
import { blockedOriginsInStyle } from '../map/basemap/url.ts';

export type { BasemapReport, BasemapRequest };

export type BasemapChoice =
  | { kind: 'bundled' }
  | { kind: 'url'; url: string }
  /** `name` only: the file itself is not kept. */
  | { kind: 'pmtiles'; name: string };

export const BASEMAP_STORAGE_KEY = 'ripplemap.basemap';

/** Tile origins this build allows besides its own (RIPPLEMAP_TILE_ORIGINS, via vite.config.ts). */
export const BUILD_TILE_ORIGINS: readonly string[] =
  typeof __RIPPLEMAP_TILE_ORIGINS__ === 'undefined' ? [] : __RIPPLEMAP_TILE_ORIGINS__;

/** What localStorage held, read defensively: anything unexpected is the built-in basemap. */
export function readSavedChoice(raw: string | null): BasemapChoice {
  if (!raw) return { kind: 'bundled' };
  try {
    const value = JSON.parse(raw) as { kind?: unknown; url?: unknown; name?: unknown };
    if (value?.kind === 'url' && typeof value.url === 'string' && value.url.trim()) {
      return { kind: 'url', url: value.url.trim() };
    }
    if (value?.kind === 'pmtiles' && typeof value.name === 'string') {
      return { kind: 'pmtiles', name: value.name };
    }
  } catch {
    // fall through
  }
  return { kind: 'bundled' };
}

export interface BasemapEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  pageUrl: () => string;
  allowedOrigins: readonly string[];
  /** Turns a setting into a style; basemapStyleFromSettings unless a test needs no browser. */
  styleFor?: typeof basemapStyleFromSettings;
}

export class BasemapSettings {
  /** The basemap in use (or being loaded). */
  choice = $state<BasemapChoice>({ kind: 'bundled' });
  request = $state.raw<BasemapRequest | null>(null);
  status = $state<'ready' | 'loading'>('ready');
  /** Why the last switch was refused or failed, or a warning about the loaded style. */
  message = $state<string | null>(null);
  attribution = $state(BUNDLED_ATTRIBUTION);
  pmtiles = $state.raw<PmtilesSummary | null>(null);
  /** The name of a PMTiles file used last time, which must be picked again. */
  repick = $state<string | null>(null);

  #seq = 0;
  /** Origins the current style asked for and was refused (request-guard.ts). */
  #blocked: string[] = [];
  #pending: {
    choice: BasemapChoice;
    attribution: string;
    pmtiles: PmtilesSummary | null;
    /** A fallback the app made, not the user: the saved choice stays as it was. */
    fallback: boolean;
    /** Applied from the saved choice when the page opened. */
    restored: boolean;
  } | null = null;
  #env: BasemapEnvironment;

  constructor(env: BasemapEnvironment) {
    this.#env = env;
  }

  /** The saved choice, applied once the map is up (it always starts on the built-in basemap). */
  async restore(): Promise<void> {
    const saved = readSavedChoice(this.#read());
    if (saved.kind === 'url') await this.#apply(saved, saved, { restored: true });
    else if (saved.kind === 'pmtiles') this.repick = saved.name;
  }

  async useBundled(message: string | null = null): Promise<void> {
    await this.#apply({ kind: 'bundled' }, { kind: 'bundled' });
    this.message = message;
  }

  /** Back to the built-in basemap after a failure, keeping the saved choice for next time. */
  async #fallBack(message: string): Promise<void> {
    await this.#apply({ kind: 'bundled' }, { kind: 'bundled' }, { fallback: true });
    this.message = message;
  }

  /** Checks the address first: a refused one changes nothing but the message. */
  async useUrl(input: string): Promise<void> {
    await this.#apply({ kind: 'url', url: input }, { kind: 'url', url: input.trim() });
  }

  async usePmtiles(file: File): Promise<void> {
    this.repick = null;
    await this.#apply({ kind: 'pmtiles', file }, { kind: 'pmtiles', name: file.name });
  }

  /** MapView's answers; stale ones (an older `seq`) are ignored. */
  report(event: BasemapReport): void {
    if (event.seq !== this.#seq) return;
    if (event.kind === 'blocked') {
      if (this.#blocked.includes(event.origin)) return;
      this.#blocked.push(event.origin);
      if (this.choice.kind === 'url' || this.#pending?.choice.kind === 'url') {
        this.message = blockedMessage(this.#blocked);
      }
      return;
    }
    if (event.kind === 'attribution') {
      // Only a style URL's credit comes from its sources; the others are known beforehand.
      if (event.text && this.choice.kind === 'url') this.attribution = event.text;
      return;
    }
    const pending = this.#pending;
    this.#pending = null;
    if (event.kind === 'failed') {
      this.status = 'ready';
      // Never retry the built-in basemap itself: that could loop.
      if (!pending || pending.choice.kind === 'bundled') {
        this.message = `The built-in basemap failed to load: ${errorText(event.error)}`;
        return;
      }
      // A saved style whose server is down for now is tried again next time, not forgotten.
      const next = pending.restored
        ? ' It stays chosen and is tried again when RippleMap next opens (Settings changes it).'
        : '';
      void this.#fallBack(
        `${describe(pending.choice)} could not be loaded (${errorText(event.error)}). Showing the built-in basemap instead.${next}`,
      );
      return;
    }
    if (!pending) return;
    this.status = 'ready';
    this.choice = pending.choice;
    this.attribution =
      pending.attribution || (pending.choice.kind === 'bundled' ? BUNDLED_ATTRIBUTION : '');
    this.pmtiles = pending.pmtiles;
    if (!pending.fallback) this.#save(pending.choice);
    if (pending.choice.kind === 'url') {
      const blocked = blockedOriginsInStyle(
        event.style,
        this.#env.pageUrl(),
        this.#env.allowedOrigins,
      );
      for (const origin of blocked) if (!this.#blocked.includes(origin)) this.#blocked.push(origin);
      this.message = this.#blocked.length ? blockedMessage(this.#blocked) : null;
    }
    // The built-in basemap keeps the message that explained a fallback to it.
  }

  async #apply(
    setting: BasemapSetting,
    choice: BasemapChoice,
    how: { fallback?: boolean; restored?: boolean } = {},
  ): Promise<void> {
    const seq = ++this.#seq;
    this.#blocked = [];
    this.status = 'loading';
    this.message = null;
    let result;
    try {
      result = await (this.#env.styleFor ?? basemapStyleFromSettings)(setting, {
        pageUrl: this.#env.pageUrl(),
        allowedOrigins: this.#env.allowedOrigins,
      });
    } catch (error) {
      if (seq !== this.#seq) return;
      this.status = 'ready';
      this.message = errorText(error);
      return;
    }
    if (seq !== this.#seq) return; // a later pick won
    this.#pending = {
      choice,
      attribution: result.attribution,
      pmtiles: result.pmtiles ?? null,
      fallback: how.fallback ?? false,
      restored: how.restored ?? false,
    };
    this.request = { seq, style: result.style, bundled: result.bundled };
  }

  #read(): string | null {
    try {
      return this.#env.storage?.getItem(BASEMAP_STORAGE_KEY) ?? null;
    } catch {
      return null; // storage disabled
    }
  }

  #save(choice: BasemapChoice): void {
    try {
      if (choice.kind === 'bundled') this.#env.storage?.removeItem(BASEMAP_STORAGE_KEY);
      else this.#env.storage?.setItem(BASEMAP_STORAGE_KEY, JSON.stringify(choice));
    } catch {
      // storage full or disabled: the choice holds for this page only
    }
  }
}

function blockedMessage(origins: readonly string[]): string {
  const shown = origins.slice(0, 5).join(', ');
  const more = origins.length > 5 ? ` and ${origins.length - 5} more` : '';
  return (
    `This style also asks for ${shown}${more}: RippleMap blocked every request there (it only ` +
    `loads from its own origin, and this build's Content Security Policy allows nothing else), ` +
    `so those parts of the map stay blank. See docs/basemap.md.`
  );
}

function describe(choice: BasemapChoice): string {
  if (choice.kind === 'url') return `The style at ${choice.url}`;
  if (choice.kind === 'pmtiles') return `The PMTiles file ${choice.name}`;
  return 'The built-in basemap';
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}
