/**
 * Turns a world-atlas `countries-*.json` TopoJSON into the GeoJSON the basemap draws: country
 * polygons, internal borders, the coastline and one label point per country. Pure: runs in
 * Node (tests, scripts) as well as in the browser.
 */
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type {
  Feature,
  FeatureCollection,
  MultiLineString,
  MultiPolygon,
  Point,
  Polygon,
} from 'geojson';
import { splitLineAtAntimeridian, splitPolygonAtAntimeridian } from './antimeridian';
import { labelPoint } from './labels';
import type { CityProperties } from '../cities';

export interface BasemapCountryProperties {
  name: string;
  /** ISO 3166-1 numeric code as world-atlas gives it ("276"), or null (Kosovo, N. Cyprus…). */
  isoN3: string | null;
}

export interface BasemapLabelProperties extends BasemapCountryProperties {
  /** Whole country, every part, in km² (rounded). */
  areaKm2: number;
  /**
   * Lowest zoom the label shows at: 2 for large countries (a continent-wide first view names
   * them), up to 6 for the smallest.
   */
  minZoom: number;
  /** 0 for the largest country; the style places labels in this order (symbol-sort-key). */
  rank: number;
}

export interface BasemapData {
  /** Feature ids are indices (0..n-1), usable with maplibre's feature state. */
  countries: FeatureCollection<MultiPolygon, BasemapCountryProperties>;
  /** Arcs shared by two countries: `mesh(topology, countries, (a, b) => a !== b)`. */
  borders: FeatureCollection<MultiLineString>;
  /** Arcs used by one country only, i.e. the land's edge: `mesh(…, (a, b) => a === b)`. */
  coastline: FeatureCollection<MultiLineString>;
  labels: FeatureCollection<Point, BasemapLabelProperties>;
  /** Place names (cities.ts); empty when the city list is not at hand. */
  cities?: FeatureCollection<Point, CityProperties>;
}

/** Area thresholds (km²) for label zooms: a country shows from the first zoom whose bar it clears. */
const LABEL_ZOOMS: ReadonlyArray<[minAreaKm2: number, zoom: number]> = [
  [200_000, 2],
  [25_000, 3.5],
  [2_000, 5],
  [0, 6],
];

/**
 * Builds the basemap's GeoJSON from a world-atlas countries topology (objects.countries).
 * Every geometry is split at the antimeridian (see antimeridian.ts).
 * @example buildBasemapData(await (await fetch(countries50mUrl)).json())
 */
export function buildBasemapData(topology: Topology): BasemapData {
  const object = topology.objects.countries as GeometryCollection | undefined;
  if (!object) throw new Error('basemap: the TopoJSON has no "countries" object');

  const source = feature(topology, object) as FeatureCollection<
    Polygon | MultiPolygon | null,
    { name?: string } | null
  >;
  const countries: Feature<MultiPolygon, BasemapCountryProperties>[] = [];
  const labels: Feature<Point, BasemapLabelProperties>[] = [];
  for (const f of source.features) {
    if (!f.geometry) continue;
    const properties: BasemapCountryProperties = {
      name: f.properties?.name ?? '',
      isoN3: f.id === undefined ? null : String(f.id),
    };
    const geometry = splitPolygonAtAntimeridian(f.geometry);
    if (geometry.coordinates.length === 0) continue;
    const id = countries.length;
    countries.push({ type: 'Feature', id, properties, geometry });

    const label = properties.name ? labelPoint(geometry) : null;
    if (!label) continue;
    const areaKm2 = Math.round(label.areaKm2);
    const minZoom = LABEL_ZOOMS.find(([min]) => areaKm2 >= min)![1];
    labels.push({
      type: 'Feature',
      id,
      properties: { ...properties, areaKm2, minZoom, rank: 0 },
      geometry: { type: 'Point', coordinates: label.position },
    });
  }
  labels
    .slice()
    .sort((a, b) => b.properties.areaKm2 - a.properties.areaKm2)
    .forEach((label, rank) => (label.properties.rank = rank));

  const line = (
    filter: (a: unknown, b: unknown) => boolean,
  ): FeatureCollection<MultiLineString> => ({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: splitLineAtAntimeridian(mesh(topology, object, filter)),
      },
    ],
  });

  return {
    countries: { type: 'FeatureCollection', features: countries },
    borders: line((a, b) => a !== b),
    coastline: line((a, b) => a === b),
    labels: { type: 'FeatureCollection', features: labels },
  };
}
