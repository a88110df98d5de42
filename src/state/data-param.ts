/**
 * The `?data=ADDRESS` parameter read into what the loader may do with it: an address on the
 * app's own origin (loaded directly), on another origin (loaded only after the user agrees),
 * or unusable, with why. Pure: no fetching here.
 */

/** How `?data=` reads: an address on this site, on another one, or unusable (with why). */
export type DataParam =
  | { kind: 'none' }
  | { kind: 'same-origin'; url: string; name: string }
  | { kind: 'cross-origin'; url: string; name: string; host: string; origin: string }
  | { kind: 'invalid'; message: string };

/**
 * Reads the `?data=` parameter of a page address: relative addresses are on this site;
 * only http(s) addresses are accepted.
 * @example dataParam('?data=grid.geojson', 'https://app.example/') // same-origin
 */
export function dataParam(search: string, pageUrl: string): DataParam {
  const value = new URLSearchParams(search).get('data');
  if (value === null || value.trim() === '') return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(value.trim(), pageUrl);
  } catch {
    return { kind: 'invalid', message: `?data=${value.slice(0, 80)} is not an address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      kind: 'invalid',
      message: `?data= only loads http or https addresses, not ${url.protocol}`,
    };
  }
  const last = url.pathname.split('/').filter(Boolean).pop();
  const name = last ? safeDecode(last) : url.host;
  if (url.origin === new URL(pageUrl).origin) return { kind: 'same-origin', url: url.href, name };
  return { kind: 'cross-origin', url: url.href, name, host: url.host, origin: url.origin };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
