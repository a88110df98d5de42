/**
 * Bare maplibre with the app's basemap, fitted to the bounds given as `?bounds=w,s,e,n` (the
 * default inventory's, as the app fits them). Ready once the style has loaded and the fit is
 * applied: the same moment the app calls its map ready.
 */
import { bench, createMap, fit } from './shared.ts';

const { map, loaded } = await createMap();
await loaded;
const b = new URLSearchParams(location.search).get('bounds')?.split(',').map(Number);
if (b?.length === 4) fit(map, b as [number, number, number, number]);
bench.ready = true;
