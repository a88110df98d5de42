/**
 * The basemap's place names: a compact city list built from GeoNames (CC BY 4.0) by
 * scripts/build-cities.ts, drawn with a density that follows the zoom: capitals first, then
 * large cities, then towns (each row's `minZoom`, and `rank` for maplibre's symbol-sort-key).
 */
import type { FeatureCollection, Point } from 'geojson';

/** [name, ISO 3166-1 alpha-2 country, population, capital 1/0, longitude, latitude]. */
export type CityRow = [string, string, number, 0 | 1, number, number];

export const CITIES_ATTRIBUTION = 'Cities: GeoNames (geonames.org), CC BY 4.0';

export interface CityProperties {
  name: string;
  country: string;
  population: number;
  capital: boolean;
  /** The lowest zoom the name shows at. */
  minZoom: number;
  /** 0 first: capitals, then by population (maplibre places lower keys first). */
  rank: number;
}

/** Reads the GeoNames extract's CSV (geonameid,name,country_code,feature_code,population,lon,lat). */
export function parseCitiesCsv(csv: string): CityRow[] {
  const rows: CityRow[] = [];
  for (const line of csv.trim().split(/\r?\n/).slice(1)) {
    const cells = line.split(',');
    if (cells.length !== 7) throw new Error(`cities: expected 7 columns in "${line}"`);
    const [, name, country, code, population, lon, lat] = cells as [string, ...string[]];
    rows.push([name!, country!, Number(population), code === 'PPLC' ? 1 : 0, +lon!, +lat!]);
  }
  return rows.sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
}

/**
 * The zoom a city's name appears from: capitals at 4, cities of a million at 5, of 300,000
 * at 6, of 100,000 at 7, the rest at 8; maplibre's collision then keeps what fits.
 */
export function cityMinZoom(population: number, capital: boolean): number {
  if (capital) return 4;
  if (population >= 1_000_000) return 5;
  if (population >= 300_000) return 6;
  if (population >= 100_000) return 7;
  return 8;
}

/** The city rows as the basemap's point features. */
export function cityFeatures(rows: readonly CityRow[]): FeatureCollection<Point, CityProperties> {
  const order = rows
    .map((r, k) => ({ r, k }))
    .sort((a, b) => b.r[3] - a.r[3] || b.r[2] - a.r[2] || a.k - b.k);
  const rank = new Array<number>(rows.length);
  order.forEach(({ k }, i) => (rank[k] = i));
  return {
    type: 'FeatureCollection',
    features: rows.map(([name, country, population, capital, lon, lat], k) => ({
      type: 'Feature',
      id: k,
      properties: {
        name,
        country,
        population,
        capital: capital === 1,
        minZoom: cityMinZoom(population, capital === 1),
        rank: rank[k]!,
      },
      geometry: { type: 'Point', coordinates: [lon, lat] },
    })),
  };
}
