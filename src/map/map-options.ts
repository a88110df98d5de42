/**
 * How the map is made: options, first view and controls. The app (MapView.svelte) and the
 * bench's bare pages (bench/pages) both call this, so a comparison measures only what differs.
 */
import * as maplibregl from 'maplibre-gl';
import {
  BLOCKED_MESSAGE,
  BLOCKED_PROTOCOL,
  FETCH_PROTOCOL,
  guardedFetch,
  guardRequest,
  unwrapGuarded,
} from './request-guard.ts';

/** Tile origins this build allows besides its own (RIPPLEMAP_TILE_ORIGINS, via vite.config.ts). */
const ALLOWED_ORIGINS: readonly string[] =
  typeof __RIPPLEMAP_TILE_ORIGINS__ === 'undefined' ? [] : __RIPPLEMAP_TILE_ORIGINS__;

const pageUrl = () => globalThis.location?.href ?? 'null:';

let guardInstalled = false;

/**
 * The page answers both guarded protocols (request-guard.ts): maplibre's workers send such
 * requests to the page rather than fetching them themselves.
 */
function installRequestGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  maplibregl.addProtocol(
    FETCH_PROTOCOL,
    (request, abort) =>
      guardedFetch(
        request,
        abort.signal,
        pageUrl(),
        ALLOWED_ORIGINS,
        (status, text, url) => new maplibregl.AJAXError(status, text, url, new Blob()),
      ) as never,
  );
  maplibregl.addProtocol(BLOCKED_PROTOCOL, (request) =>
    Promise.reject(new Error(`${BLOCKED_MESSAGE}: ${unwrapGuarded(request.url).slice(0, 200)}`)),
  );
}

export interface MapViewOptions {
  /** Called with the origin of every request refused because it is not the app's. */
  onBlocked?: (origin: string) => void;
}

/** A maplibre map on `container` with RippleMap's options and controls. */
export function createMapView(
  container: HTMLElement | string,
  style: maplibregl.StyleSpecification | string,
  options: MapViewOptions = {},
): maplibregl.Map {
  installRequestGuard();
  const map = new maplibregl.Map({
    container,
    style,
    center: [12, 50],
    zoom: 3.3,
    attributionControl: false,
    // preserveDrawingBuffer: PNG and PDF exports read the canvas after the frame.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
    dragRotate: false,
    pitchWithRotate: false,
    // No request leaves the origin, from the page or maplibre's workers (request-guard.ts).
    transformRequest: (url) => {
      const decision = guardRequest(url, pageUrl(), ALLOWED_ORIGINS);
      if (decision.kind === 'keep') return undefined;
      if (decision.kind === 'blocked') options.onBlocked?.(decision.origin);
      return { url: decision.url };
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  return map;
}
