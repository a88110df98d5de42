/**
 * What both fixture pages share with the app: the same basemap style and the same map options
 * and initial view (src/map/map-options.ts), so a comparison measures only what differs.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './page.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { createBasemapStyle } from '../../src/map/basemap/basemap.ts';
import { createMapView } from '../../src/map/map-options.ts';

maplibregl.setWorkerUrl(workerUrl);

export interface BenchWindow {
  __bench: { ready: boolean; map?: maplibregl.Map };
}

export const bench: BenchWindow['__bench'] = { ready: false };
(window as unknown as BenchWindow).__bench = bench;

/** The map, and a promise for its `load` event (taken at once, so it cannot be missed). */
export async function createMap(): Promise<{ map: maplibregl.Map; loaded: Promise<void> }> {
  const style = await createBasemapStyle();
  const map = createMapView('map', style);
  bench.map = map;
  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  return { map, loaded };
}

/** The app's fit (MapView.svelte): same padding and zoom cap. */
export function fit(map: maplibregl.Map, bounds: [number, number, number, number]): void {
  map.fitBounds(bounds, { padding: 40, animate: false, maxZoom: 9 });
}
