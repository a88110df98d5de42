/** How much one load may read, shared by the load worker, the page and the readers. */

/**
 * The largest input read, all files of one load together. V8 strings stop at 2^29 - 24
 * characters (about 512 MiB), and a parsed GeoJSON takes several times its text in memory:
 * past this a tab would crash instead of saying why. See docs/loading.md.
 */
export const MAX_LOAD_BYTES = 400e6;

/** Below this many facility records, country boundaries check every given country. */
export const LOCATION_CHECK_LIMIT = 25_000;

/** "12.3 MB", "140 MB" (decimal megabytes, as file managers show them). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toLocaleString('en')} MB`;
}
