/**
 * The bundled basemap's maplibre style: a calm, desaturated backdrop for coloured facilities and
 * arcs. Pure: given the GeoJSON and the font file URLs, it returns a StyleSpecification with the
 * data inline, so maplibre makes no request but for the font files (same origin, lazily, only
 * for the codepoints a label uses).
 */
import type { FontFacesSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapData } from './data';
import { CITIES_ATTRIBUTION } from '../cities';

export type BasemapTheme = 'light';

/** Natural Earth is public domain; its terms ask for this credit. */
export const attribution = 'Made with Natural Earth';

/** The single font name the style's symbol layers use (drawn from the bundled font file). */
export const BASEMAP_FONT = 'Noto Sans Regular';

/** Layer ids, bottom to top, so the app can insert its own layers between them. */
export const BASEMAP_LAYERS = {
  background: 'basemap-background',
  countries: 'basemap-countries',
  borders: 'basemap-borders',
  coastline: 'basemap-coastline',
  /** City names: the first label layer, the one the app's layers go under. */
  cities: 'basemap-cities',
  labels: 'basemap-labels',
} as const;

/** Source ids. `basemap-countries` has feature ids 0..n-1 for feature state ("highlight"). */
export const BASEMAP_SOURCES = {
  countries: 'basemap-countries',
  borders: 'basemap-borders',
  coastline: 'basemap-coastline',
  labels: 'basemap-labels',
  cities: 'basemap-cities',
} as const;

interface Palette {
  sea: string;
  land: string;
  landHighlight: string;
  border: string;
  coast: string;
  label: string;
  labelHalo: string;
  city: string;
}

const PALETTES: Record<BasemapTheme, Palette> = {
  light: {
    sea: '#dfe6eb',
    land: '#f2f2f0',
    landHighlight: '#e6e3da',
    border: '#c5c8cc',
    coast: '#a4aeb6',
    label: '#6b737c',
    labelHalo: '#f7f7f5',
    city: '#3b4249',
  },
};

/** The bundled Noto Sans files, split by script as @fontsource ships them. */
export interface BasemapFontUrls {
  /** noto-sans-latin-400-normal.woff2 */
  latin: string;
  /** noto-sans-latin-ext-400-normal.woff2 */
  latinExt?: string;
}

// Ranges copied from @fontsource/noto-sans/400.css, so each file is only fetched when a label
// needs one of its codepoints.
const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT_RANGE =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

export interface BuildBasemapStyleOptions {
  theme?: BasemapTheme;
  /**
   * Same-origin URLs of the bundled font files. Without them labels are drawn with whatever
   * local font matches `Noto Sans Regular`/sans-serif, which differs between machines.
   */
  fonts?: BasemapFontUrls;
}

/**
 * Builds the style from prepared basemap data. No `glyphs` and no `sprite`: the GeoJSON is
 * inline and labels are rasterized in the browser from the `font-faces` files.
 * @example new maplibregl.Map({ container, style: buildBasemapStyle(buildBasemapData(topology)) })
 */
export function buildBasemapStyle(
  data: BasemapData,
  options: BuildBasemapStyleOptions = {},
): StyleSpecification {
  const palette = PALETTES[options.theme ?? 'light'];
  const style: StyleSpecification = {
    version: 8,
    name: 'RippleMap bundled basemap',
    metadata: { 'ripplemap:basemap': 'natural-earth-50m' },
    sources: {
      [BASEMAP_SOURCES.countries]: {
        type: 'geojson',
        data: data.countries,
        attribution,
        // 1:50m data has nothing more to show past zoom 6: tiles are over-zoomed from there.
        maxzoom: 6,
      },
      [BASEMAP_SOURCES.borders]: { type: 'geojson', data: data.borders, maxzoom: 6 },
      [BASEMAP_SOURCES.coastline]: { type: 'geojson', data: data.coastline, maxzoom: 6 },
      [BASEMAP_SOURCES.labels]: { type: 'geojson', data: data.labels, maxzoom: 6 },
      [BASEMAP_SOURCES.cities]: {
        type: 'geojson',
        data: data.cities ?? { type: 'FeatureCollection', features: [] },
        attribution: CITIES_ATTRIBUTION,
        maxzoom: 8,
      },
    },
    layers: [
      {
        id: BASEMAP_LAYERS.background,
        type: 'background',
        paint: { 'background-color': palette.sea },
      },
      {
        id: BASEMAP_LAYERS.countries,
        type: 'fill',
        source: BASEMAP_SOURCES.countries,
        paint: {
          'fill-color': [
            'case',
            ['boolean', ['feature-state', 'highlight'], false],
            palette.landHighlight,
            palette.land,
          ],
          // Without antialiasing, neighbouring polygons (and the two halves of Russia or Fiji at
          // ±180°) meet without a hairline seam; the coastline layer draws the smooth edge.
          'fill-antialias': false,
        },
      },
      {
        id: BASEMAP_LAYERS.borders,
        type: 'line',
        source: BASEMAP_SOURCES.borders,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': palette.border,
          'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.4, 4, 0.8, 8, 1.4],
        },
      },
      {
        id: BASEMAP_LAYERS.coastline,
        type: 'line',
        source: BASEMAP_SOURCES.coastline,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': palette.coast,
          'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.5, 4, 0.9, 8, 1.5],
        },
      },
      {
        // Under the country names (placed first), over the app's data: capitals from zoom 2
        // (a continent-wide first view), then larger cities first; collision drops what does
        // not fit.
        id: BASEMAP_LAYERS.cities,
        type: 'symbol',
        source: BASEMAP_SOURCES.cities,
        minzoom: 2,
        filter: [
          '>=',
          ['zoom'],
          ['case', ['get', 'capital'], ['min', 2, ['get', 'minZoom']], ['get', 'minZoom']],
        ],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [BASEMAP_FONT],
          'text-size': [
            'interpolate',
            ['linear'],
            ['zoom'],
            3,
            ['case', ['get', 'capital'], 10.5, 10.5],
            4,
            ['case', ['get', 'capital'], 11.5, 10.5],
            10,
            ['case', ['get', 'capital'], 15, 13],
          ],
          'text-padding': 3,
          'text-max-width': 8,
          'symbol-sort-key': ['get', 'rank'],
        },
        paint: {
          'text-color': palette.city,
          'text-halo-color': palette.labelHalo,
          'text-halo-width': 1.4,
        },
      },
      {
        id: BASEMAP_LAYERS.labels,
        type: 'symbol',
        source: BASEMAP_SOURCES.labels,
        minzoom: 2,
        // Small countries wait for higher zooms; collision then drops the rest by rank.
        filter: ['>=', ['zoom'], ['get', 'minZoom']],
        layout: {
          'text-field': ['upcase', ['get', 'name']],
          'text-font': [BASEMAP_FONT],
          'text-size': ['interpolate', ['linear'], ['zoom'], 2, 10, 6, 13],
          'text-max-width': 9,
          'text-letter-spacing': 0.12,
          'text-padding': 4,
          'symbol-sort-key': ['get', 'rank'],
        },
        paint: {
          'text-color': palette.label,
          'text-halo-color': palette.labelHalo,
          'text-halo-width': 1.6,
        },
      },
    ],
  };
  if (options.fonts) style['font-faces'] = fontFaces(options.fonts);
  return style;
}

/** The style's `font-faces` for the bundled Noto Sans, under the name BASEMAP_FONT. */
export function fontFaces(fonts: BasemapFontUrls): FontFacesSpecification {
  const faces = [{ url: fonts.latin, 'unicode-range': LATIN_RANGE.split(',') }];
  if (fonts.latinExt)
    faces.push({ url: fonts.latinExt, 'unicode-range': LATIN_EXT_RANGE.split(',') });
  return { [BASEMAP_FONT]: faces };
}
