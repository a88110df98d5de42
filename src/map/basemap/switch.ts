/**
 * Switching the basemap under a live deck.gl overlay: knowing when a new style has loaded or
 * failed, and keeping deck's layers out of the way of styles that lack the bundled layer ids.
 * Written against small interfaces so it runs in Node with a fake map.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { isBlockedRequestError } from '../request-guard.ts';

/** A style for MapView to apply with `map.setStyle()`; `seq` tells requests apart. */
export interface BasemapRequest {
  seq: number;
  style: StyleSpecification | string;
  /** The bundled style: the app's layers may go under its labels. */
  bundled: boolean;
}

/** MapView's answers to a request. */
export type BasemapReport =
  | { seq: number; kind: 'loaded'; style: unknown }
  | { seq: number; kind: 'failed'; error: unknown }
  | { seq: number; kind: 'attribution'; text: string }
  /** A request of the style's refused because it was for another origin (request-guard.ts). */
  | { seq: number; kind: 'blocked'; origin: string };

/** The part of maplibre's Map that the wait needs. */
export interface StyleEvents {
  on(type: 'style.load' | 'error', listener: (event: { error?: unknown }) => void): unknown;
  off(type: 'style.load' | 'error', listener: (event: { error?: unknown }) => void): unknown;
}

/**
 * Resolves on the next `style.load`; rejects on the first `error` before it (the style could not
 * be fetched, was not JSON, or failed validation) or after `timeoutMs`. Call right after
 * `map.setStyle()`. Errors of requests the guard refused (request-guard.ts) do not count.
 */
export function waitForStyle(map: StyleEvents, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      map.off('style.load', onLoad);
      map.off('error', onError);
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onLoad = () => done();
    const onError = (event: { error?: unknown }) => {
      // A refused sprite or glyph request leaves that part blank; the style itself loads.
      if (isBlockedRequestError(event.error)) return;
      done(event.error ?? new Error('the style could not be loaded'));
    };
    const timer = setTimeout(
      () => done(new Error(`the style did not load within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    map.on('style.load', onLoad);
    map.on('error', onError);
  });
}

type Settle = 'styledata' | 'sourcedata' | 'idle';

/**
 * Calls `callback` once the map reports its style fully loaded (sources included). deck.gl's
 * overlay re-adds its layers on `styledata`, but only when `isStyleLoaded()`: after a
 * `setStyle()` that is false on every `styledata` until the sources have loaded, so the overlay
 * needs this nudge or the facilities vanish with the old style.
 */
export function onceStyleSettled(
  map: {
    isStyleLoaded(): boolean | void;
    on(type: Settle, listener: () => void): unknown;
    off(type: Settle, listener: () => void): unknown;
  },
  callback: () => void,
): () => void {
  const events: Settle[] = ['styledata', 'sourcedata', 'idle'];
  let done = false;
  const stop = () => {
    done = true;
    for (const type of events) map.off(type, check);
  };
  const check = () => {
    if (done || !map.isStyleLoaded()) return;
    stop();
    callback();
  };
  for (const type of events) map.on(type, check);
  check();
  return stop;
}

interface LayerWithBeforeId {
  props: { beforeId?: string };
  clone(props: Record<string, unknown>): unknown;
}

/**
 * The app's layers ask to go under the bundled style's labels (`beforeId`). On another style
 * they go under that style's first label layer (`labels`, see `labelLayerOf`) or, when it has
 * none or is still loading, on top: maplibre refuses a `beforeId` the style lacks.
 */
export function withBeforeId(layers: readonly unknown[], labels: string | null): unknown[] {
  return layers.map((layer) => {
    const l = layer as LayerWithBeforeId | null;
    return l && typeof l.clone === 'function' && l.props?.beforeId
      ? l.clone({ beforeId: labels ?? undefined })
      : layer;
  });
}

/**
 * The layer a style's labels start at: its first symbol layer (text and icons), the place the
 * app's zone, arcs and shapes go under, as on the bundled style; null when it has none.
 */
export function labelLayerOf(style: { layers?: readonly { id: string; type: string }[] }) {
  return style.layers?.find((layer) => layer.type === 'symbol')?.id ?? null;
}

/** Plain attribution of a loaded style's sources, de-duplicated, in source order. */
export function sourceAttributions(
  sources: Iterable<{ attribution?: unknown } | undefined>,
  toText: (html: string) => string,
): string {
  const seen: string[] = [];
  for (const source of sources) {
    const a = source?.attribution;
    if (typeof a !== 'string') continue;
    const text = toText(a);
    if (text && !seen.includes(text)) seen.push(text);
  }
  return seen.join('; ');
}
