/**
 * Every request maplibre makes (style, TileJSON, tiles, GeoJSON, glyphs, sprites, images) is
 * decided here, on the page, before it is made. maplibre's workers fetch tiles and GeoJSON
 * themselves, and a worker loaded from a file is not held by the page's `<meta>` Content
 * Security Policy (only by the headers its server sends, which a deployer may not set): so the
 * CSP alone let a same-origin style's off-origin sources reach the other server. Now:
 *
 * - an address on the app's origin (or an allowed tile origin) becomes `ripplemap-fetch://…`:
 *   maplibre's workers hand such a request to the page, which fetches it there (under the
 *   page's CSP) with `redirect: 'error'`, so a same-origin address that redirects elsewhere
 *   goes nowhere either;
 * - any other address becomes `ripplemap-blocked://…`, answered on the page with an error that
 *   reaches no network, and its origin is reported so the user is told which part stays blank.
 *
 * `data:`, `blob:` and the app's own protocols (`pmtiles://`, a local file) are left alone.
 */

/** The protocol the page fetches for maplibre. */
export const FETCH_PROTOCOL = 'ripplemap-fetch';
/** The protocol a refused address is rewritten to. */
export const BLOCKED_PROTOCOL = 'ripplemap-blocked';

/** Text at the start of every refused request's error, so listeners can tell them apart. */
export const BLOCKED_MESSAGE = 'RippleMap blocked a request to another origin';

export type GuardDecision =
  | { kind: 'keep' }
  | { kind: 'fetch'; url: string }
  | { kind: 'blocked'; url: string; origin: string };

/**
 * Decides one request of maplibre's. Pure.
 * @example guardRequest('https://a.test/t/1/0/0.pbf', 'https://app.test/', [])
 *   // { kind: 'blocked', url: 'ripplemap-blocked://https://a.test/t/1/0/0.pbf', origin: 'https://a.test' }
 */
export function guardRequest(
  raw: string,
  pageUrl: string,
  allowedOrigins: readonly string[] = [],
): GuardDecision {
  if (/^(data|blob):/i.test(raw)) return { kind: 'keep' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === FETCH_PROTOCOL || scheme === BLOCKED_PROTOCOL) return { kind: 'keep' };
  if (scheme && scheme !== 'http' && scheme !== 'https' && scheme !== 'file') {
    // The app's own registered protocols (pmtiles://): handled on the page, no network.
    return { kind: 'keep' };
  }
  let url: URL;
  let page: URL;
  try {
    page = new URL(pageUrl);
    url = new URL(raw, page);
  } catch {
    return { kind: 'blocked', url: `${BLOCKED_PROTOCOL}://${raw}`, origin: raw.slice(0, 80) };
  }
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  if (http && (url.origin === page.origin || allowedOrigins.includes(url.origin))) {
    return { kind: 'fetch', url: `${FETCH_PROTOCOL}://${url.href}` };
  }
  return {
    kind: 'blocked',
    url: `${BLOCKED_PROTOCOL}://${url.href}`,
    origin: url.origin === 'null' ? `${url.protocol}//` : url.origin,
  };
}

/** The address a `ripplemap-fetch://` or `ripplemap-blocked://` request stands for. */
export function unwrapGuarded(url: string): string {
  return url.replace(/^ripplemap-(fetch|blocked):\/\//, '');
}

/** True for the error a refused request ends with (also after a trip through a worker). */
export function isBlockedRequestError(error: unknown): boolean {
  const message =
    error && typeof error === 'object' && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  return message.includes(BLOCKED_MESSAGE);
}

/** What maplibre asks its protocol functions for. */
export interface GuardedRequest {
  url: string;
  type?: string;
  method?: string;
  headers?: unknown;
  body?: string;
  cache?: RequestCache;
}

/**
 * The page's fetch for `ripplemap-fetch://` requests: the same origin checks again (a
 * hand-made URL gets no further), no redirects, no credentials to other origins. Returns what
 * maplibre's protocol functions return.
 */
export async function guardedFetch(
  request: GuardedRequest,
  signal: AbortSignal,
  pageUrl: string,
  allowedOrigins: readonly string[] = [],
  httpError: (status: number, statusText: string, url: string) => Error = (status, text, url) =>
    new Error(`${status} ${text} for ${url}`),
): Promise<{ data: unknown; cacheControl?: string | null; expires?: string | null }> {
  const target = unwrapGuarded(request.url);
  const decision = guardRequest(target, pageUrl, allowedOrigins);
  if (decision.kind !== 'fetch') throw new Error(`${BLOCKED_MESSAGE}: ${target.slice(0, 200)}`);
  const response = await fetch(target, {
    signal,
    method: request.method ?? 'GET',
    headers: request.headers as HeadersInit | undefined,
    body: request.body,
    cache: request.cache,
    credentials: 'same-origin',
    redirect: 'error',
    referrerPolicy: 'same-origin',
  });
  if (!response.ok) throw httpError(response.status, response.statusText, target);
  const data =
    request.type === 'json'
      ? await response.json()
      : request.type === 'string'
        ? await response.text()
        : await response.arrayBuffer();
  return {
    data,
    cacheControl: response.headers.get('Cache-Control'),
    expires: response.headers.get('Expires'),
  };
}
