/**
 * The offline basemap, as the app asks for it: Natural Earth 1:50m (world-atlas) fetched from
 * the app's own origin through Vite asset URLs, converted in the browser, and a bundled Noto
 * Sans for the country labels. No tile server, no token, no CDN, no glyphs URL.
 *
 * The pure parts live beside this file: basemap-data.ts (TopoJSON -> GeoJSON),
 * basemap-antimeridian.ts, basemap-labels.ts and basemap-style.ts (the StyleSpecification).
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Topology } from 'topojson-specification';
import countries50mUrl from 'world-atlas/countries-50m.json?url';
import notoSansLatinUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import notoSansLatinExtUrl from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import { buildBasemapData, type BasemapData } from './basemap-data';
import { buildBasemapStyle, type BasemapTheme } from './basemap-style';

export { attribution, BASEMAP_FONT, BASEMAP_LAYERS, BASEMAP_SOURCES } from './basemap-style';
export type { BasemapTheme } from './basemap-style';

/** What the user picked in the settings: the bundled basemap or a style of their own. */
export type BasemapSetting =
  | { kind: 'bundled'; theme?: BasemapTheme }
  | { kind: 'url'; url: string }
  | { kind: 'pmtiles'; file: File };

/** The same-origin URL of world-atlas's countries-50m.json (hashed in a build). */
export const worldTopologyUrl: string = countries50mUrl;

let topologyPromise: Promise<Topology> | null = null;
let dataPromise: Promise<BasemapData> | null = null;

/**
 * Fetches world-atlas countries-50m from the app's origin, once per page: the country lookup
 * in src/core (CountryIndex) can share it instead of downloading the file a second time.
 */
export function loadWorldTopology(): Promise<Topology> {
  topologyPromise ??= fetch(absolute(countries50mUrl))
    .then((response) => {
      if (!response.ok) throw new Error(`basemap: ${countries50mUrl} answered ${response.status}`);
      return response.json() as Promise<Topology>;
    })
    .catch((error: unknown) => {
      topologyPromise = null; // let a later call try again
      throw error;
    });
  return topologyPromise;
}

/** The basemap's GeoJSON (countries, borders, coastline, label points), built once per page. */
export function loadBasemapData(): Promise<BasemapData> {
  dataPromise ??= loadWorldTopology()
    .then(buildBasemapData)
    .catch((error: unknown) => {
      dataPromise = null;
      throw error;
    });
  return dataPromise;
}

/**
 * The bundled basemap style. Every request it leads to stays on the app's origin: the
 * TopoJSON (here) and, when labels are drawn, the Noto Sans woff2 files (by maplibre).
 * @example map.setStyle(await createBasemapStyle())
 */
export async function createBasemapStyle(
  options: { theme?: BasemapTheme } = {},
): Promise<StyleSpecification> {
  const data = await loadBasemapData();
  return buildBasemapStyle(data, {
    theme: options.theme ?? 'light',
    fonts: { latin: absolute(notoSansLatinUrl), latinExt: absolute(notoSansLatinExtUrl) },
  });
}

/**
 * The style for the user's basemap setting: the bundled one, or a style URL they supplied,
 * returned as is for `new Map({ style })` / `map.setStyle()`. A user URL is the one way the
 * map may reach another origin, and only because the user asked for it.
 */
export async function basemapStyleFromSettings(
  setting: BasemapSetting,
): Promise<StyleSpecification | string> {
  switch (setting.kind) {
    case 'bundled':
      return createBasemapStyle({ theme: setting.theme ?? 'light' });
    case 'url': {
      const url = setting.url.trim();
      if (!url) throw new Error('basemap: the style URL is empty');
      return url;
    }
    case 'pmtiles':
      // Needs the `pmtiles` package's protocol and a style for its layers: not bundled yet.
      throw new Error(
        `basemap: local PMTiles files (${setting.file.name}) are not supported yet; use the bundled basemap or a style URL`,
      );
  }
}

/** maplibre fetches font files from its own code: hand it absolute URLs. */
function absolute(url: string): string {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  return base ? new URL(url, base).href : url;
}
