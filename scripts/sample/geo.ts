/**
 * Small spherical helpers for the sample build. Same sphere as the core (Turf's default
 * radius, 6371.0088 km) so distances in data/README.md match what the app measures.
 */

export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** [longitude, latitude] in degrees. */
export type LonLat = readonly [number, number];

/** Great-circle distance in kilometres between two [lon, lat] points. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point reached from `origin` after `distKm` along the initial bearing (degrees from north). */
export function destination(origin: LonLat, bearingDeg: number, distKm: number): [number, number] {
  const lat1 = origin[1] * RAD;
  const lon1 = origin[0] * RAD;
  const brg = bearingDeg * RAD;
  const d = distKm / EARTH_RADIUS_KM;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brg),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(brg) * Math.sin(d) * Math.cos(lat1),
      Math.cos(d) - Math.sin(lat1) * Math.sin(lat2),
    );
  return [((lon2 / RAD + 540) % 360) - 180, lat2 / RAD];
}

/** Initial bearing in degrees [0, 360) from `a` to `b`. */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const lat1 = a[1] * RAD;
  const lat2 = b[1] * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  return (((Math.atan2(y, x) / RAD) % 360) + 360) % 360;
}

/** Round to a fixed number of decimals; never returns -0 (it would print as "0" anyway). */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}
