/**
 * Doubtful locations, reported as warnings and kept as given: a country that the location
 * contradicts (and longitude/latitude swapped, the usual cause), [0, 0] ("Null Island", a
 * missing value written as zeros), and many facilities on one exact point (a geocoding default).
 */
import type { CountryIndex } from './countries.ts';
import { entry, quote } from './report.ts';
import type { Facility, ReportEntry } from './types.ts';

/** At most this many vertices of a line or area are tested against its country. */
const MAX_SAMPLED_VERTICES = 64;

function sampleVertices(geometry: Facility['geometry']): number[][] {
  const all: number[][] = [];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') all.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(visit);
  };
  visit(geometry.coordinates);
  if (all.length <= MAX_SAMPLED_VERTICES) return all;
  const step = all.length / MAX_SAMPLED_VERTICES;
  return Array.from({ length: MAX_SAMPLED_VERTICES }, (_, i) => all[Math.floor(i * step)]!);
}

/** This many facilities on one exact point earn a warning; a few may share a site. */
export const SAME_LOCATION_THRESHOLD = 10;

/**
 * Adds location warnings for the facilities. `givenCountry[i]` says whether facility i's
 * country came from the data (rather than from its location).
 */
export function checkLocations(
  facilities: Facility[],
  givenCountry: boolean[],
  points: [number, number][],
  countries: CountryIndex | null | undefined,
  warnings: ReportEntry[],
): void {
  const atPoint = new Map<string, number[]>();
  facilities.forEach((f, i) => {
    const [lon, lat] = points[i]!;
    if (f.geometry.type === 'Point') {
      const key = `${lon},${lat}`;
      const list = atPoint.get(key);
      if (list) list.push(i);
      else atPoint.set(key, [i]);
    }
    if (lon === 0 && lat === 0) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'null-island',
          'the location is [0, 0], at sea off West Africa: probably a missing location written as zeros',
        ),
      );
      return;
    }
    const country = f.country;
    if (!countries || !givenCountry[i] || country === null || !countries.has(country)) return;
    if (f.geometry.type !== 'Point') {
      // A line or area may cross borders: any vertex in or near the country will do.
      if (sampleVertices(f.geometry).some((v) => countries.isNear(v[0]!, v[1]!, country))) return;
    } else if (countries.isNear(lon, lat, country)) return;
    if (f.geometry.type === 'Point' && Math.abs(lon) <= 90 && countries.isNear(lat, lon, country)) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'swapped-coordinates',
          `the location [${lon}, ${lat}] is not in ${country}, but [${lat}, ${lon}] is: longitude and latitude look swapped (GeoJSON puts longitude first); kept as given`,
        ),
      );
      return;
    }
    const found = countries.lookup(lon, lat);
    if (found !== null) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'country-mismatch',
          `country ${country} is given, but the location [${lon}, ${lat}] is in ${found}; both kept as given`,
        ),
      );
    }
  });
  for (const [key, list] of atPoint) {
    if (list.length < SAME_LOCATION_THRESHOLD) continue;
    const first = facilities[list[0]!]!;
    const others = list.slice(1, 4).map((i) => quote(facilities[i]!.id));
    const more = list.length > 4 ? `, ... (${list.length - 4} more)` : '';
    warnings.push(
      entry(
        first.source,
        first.id,
        'same-location',
        `${list.length} facilities share exactly the location [${key.replace(',', ', ')}] (this one, ${others.join(', ')}${more}): a geocoding default?`,
      ),
    );
  }
}
