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
 * country came from the data (rather than from its location); `lons[i]`, `lats[i]` is its
 * representative point.
 */
export function checkLocations(
  facilities: Facility[],
  givenCountry: boolean[],
  lons: Float64Array,
  lats: Float64Array,
  countries: CountryIndex | null | undefined,
  warnings: ReportEntry[],
): void {
  const sameSite = new SameSites(facilities.length);
  for (let i = 0; i < facilities.length; i++) {
    const f = facilities[i]!;
    const lon = lons[i]!;
    const lat = lats[i]!;
    if (f.geometry.type === 'Point') sameSite.add(i, lon, lat);
    if (lon === 0 && lat === 0) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'null-island',
          'the location is [0, 0], at sea off West Africa: probably a missing location written as zeros',
        ),
      );
      continue;
    }
    const country = f.country;
    if (!countries || !givenCountry[i] || country === null || !countries.has(country)) continue;
    if (f.geometry.type !== 'Point') {
      // A line or area may cross borders: any vertex in or near the country will do.
      if (sampleVertices(f.geometry).some((v) => countries.isNear(v[0]!, v[1]!, country))) continue;
    } else if (countries.isNear(lon, lat, country)) continue;
    if (f.geometry.type === 'Point' && Math.abs(lon) <= 90 && countries.isNear(lat, lon, country)) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'swapped-coordinates',
          `the location [${lon}, ${lat}] is not in ${country}, but [${lat}, ${lon}] is: longitude and latitude look swapped (GeoJSON puts longitude first); kept as given`,
        ),
      );
      continue;
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
  }
  for (const list of sameSite.crowded(SAME_LOCATION_THRESHOLD)) {
    const first = facilities[list[0]!]!;
    const others = list.slice(1, 4).map((i) => quote(facilities[i]!.id));
    const more = list.length > 4 ? `, ... (${list.length - 4} more)` : '';
    warnings.push(
      entry(
        first.source,
        first.id,
        'same-location',
        `${list.length} facilities share exactly the location [${lons[list[0]!]}, ${lats[list[0]!]}] (this one, ${others.join(', ')}${more}): a geocoding default?`,
      ),
    );
  }
}

/**
 * Facilities grouped by exact location (0 and -0 alike, as their text is): a hash table on
 * the coordinates' bits, so no key text per facility.
 */
class SameSites {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Per facility: the first facility at its location (-1: not added); per first: the count. */
  private readonly head: Int32Array;
  private readonly count: Int32Array;
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly bits = new Float64Array(2);
  private readonly words = new Int32Array(this.bits.buffer);

  constructor(n: number) {
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.head = new Int32Array(n).fill(-1);
    this.count = new Int32Array(n);
    this.lon = new Float64Array(n);
    this.lat = new Float64Array(n);
  }

  add(i: number, lon: number, lat: number): void {
    // + 0 turns -0 into 0.
    this.bits[0] = lon + 0;
    this.bits[1] = lat + 0;
    const w = this.words;
    let h = Math.imul(w[0]! ^ Math.imul(w[1]!, 0x85ebca6b), 0x9e3779b1);
    h ^= Math.imul(w[2]! ^ Math.imul(w[3]!, 0xc2b2ae35), 0x27d4eb2f);
    h ^= h >>> 15;
    this.lon[i] = lon;
    this.lat[i] = lat;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const j = this.slots[s]!;
      if (j === -1) {
        this.slots[s] = i;
        this.head[i] = i;
        this.count[i] = 1;
        return;
      }
      if (this.lon[j] === lon && this.lat[j] === lat) {
        this.head[i] = j;
        this.count[j]!++;
        return;
      }
    }
  }

  /** Lists of facilities (in order) at each location with at least `min` of them, in order. */
  crowded(min: number): number[][] {
    const lists = new Map<number, number[]>();
    for (let i = 0; i < this.head.length; i++) {
      const h = this.head[i]!;
      if (h === -1 || this.count[h]! < min) continue;
      const list = lists.get(h);
      if (list) list.push(i);
      else lists.set(h, [i]);
    }
    return [...lists.values()];
  }
}
