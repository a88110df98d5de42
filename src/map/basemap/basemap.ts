/**
 * The offline basemap, as the app asks for it: Natural Earth 1:50m (world-atlas) fetched from
 * the app's own origin through Vite asset URLs, converted in the browser, and a bundled Noto
 * Sans for the country labels. No tile server, no token, no CDN, no glyphs URL.
 *
 * The pure parts live beside this file: data.ts (TopoJSON -> GeoJSON),
 * antimeridian.ts, labels.ts and style.ts (the StyleSpecification).
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Topology } from 'topojson-specification';
import countries50mUrl from 'world-atlas/countries-50m.json?url';
import citiesUrl from '../data/cities.json?url';
import { cityFeatures, type CityRow } from '../cities';
import notoSansLatinUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import notoSansLatinExtUrl from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import { buildBasemapData, type BasemapData } from './data';
import { buildBasemapStyle, fontFaces, type BasemapFontUrls, type BasemapTheme } from './style';
import type { PmtilesSummary } from './pmtiles-style';
import { checkStyleUrl } from './url';

export { attribution, BASEMAP_FONT, BASEMAP_LAYERS, BASEMAP_SOURCES } from './style';
export type { BasemapTheme } from './style';

/** What the user picked in the settings: the bundled basemap or a style of their own. */
export type BasemapSetting =
  | { kind: 'bundled'; theme?: BasemapTheme }
  | { kind: 'url'; url: string }
  | { kind: 'pmtiles'; file: File };

/** A style ready for `map.setStyle()`, and what the app needs to know about it. */
export interface BasemapStyle {
  style: StyleSpecification | string;
  /** The bundled style: the deck.gl layers may go under its labels (`beforeId`). */
  bundled: boolean;
  /** Plain-text credit known before loading ('' for a style URL: read from its sources). */
  attribution: string;
  /** For a PMTiles file: what its header and metadata say. */
  pmtiles?: PmtilesSummary;
}

export interface BasemapStyleOptions {
  /** The page's address, against which relative style URLs resolve. */
  pageUrl?: string;
  /** Origins besides the page's that the build allows (RIPPLEMAP_TILE_ORIGINS). */
  allowedOrigins?: readonly string[];
}

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
  dataPromise ??= Promise.all([loadWorldTopology(), loadCities()])
    .then(([topology, cities]) => ({ ...buildBasemapData(topology), cities }))
    .catch((error: unknown) => {
      dataPromise = null;
      throw error;
    });
  return dataPromise;
}

/** The bundled city list (scripts/build-cities.ts), fetched from the app's origin. */
async function loadCities() {
  const response = await fetch(absolute(citiesUrl));
  if (!response.ok) throw new Error(`basemap: ${citiesUrl} answered ${response.status}`);
  return cityFeatures((await response.json()) as CityRow[]);
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
    fonts: bundledFontUrls(),
  });
}

/**
 * The style for the user's basemap setting: the bundled one, a style URL they supplied (checked
 * against the page's origin and the allowed tile origins first: see url.ts), or a local
 * PMTiles file with a style made for it. Throws with a message for the user when refused.
 */
export async function basemapStyleFromSettings(
  setting: BasemapSetting,
  options: BasemapStyleOptions = {},
): Promise<BasemapStyle> {
  switch (setting.kind) {
    case 'bundled':
      return {
        style: await createBasemapStyle({ theme: setting.theme ?? 'light' }),
        bundled: true,
        attribution: BUNDLED_ATTRIBUTION,
      };
    case 'url': {
      const pageUrl = options.pageUrl ?? globalThis.location?.href ?? 'null:';
      const check = checkStyleUrl(setting.url, pageUrl, options.allowedOrigins ?? []);
      if (!check.ok) throw new Error(check.message);
      return { style: check.url, bundled: false, attribution: '' };
    }
    case 'pmtiles': {
      // Only now: the pmtiles package stays out of the main bundle.
      const { openPmtilesFile } = await import('./pmtiles.ts');
      const { style, summary } = await openPmtilesFile(setting.file, {
        fontFaces: fontFaces(bundledFontUrls()),
      });
      return { style, bundled: false, attribution: summary.attribution, pmtiles: summary };
    }
  }
}

/** The bundled basemap's credit as the app shows it. */
export const BUNDLED_ATTRIBUTION = 'Natural Earth (public domain)';

/** The bundled Noto Sans files as absolute same-origin URLs. */
export function bundledFontUrls(): BasemapFontUrls {
  return { latin: absolute(notoSansLatinUrl), latinExt: absolute(notoSansLatinExtUrl) };
}

/** maplibre fetches font files from its own code: hand it absolute URLs. */
function absolute(url: string): string {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  return base ? new URL(url, base).href : url;
}
