/**
 * Which style URLs the map may load. The built app's Content Security Policy lets it connect to
 * its own origin only (`connect-src 'self'`), plus any tile hosts a deployer lists at build time
 * in RIPPLEMAP_TILE_ORIGINS. A URL elsewhere is refused here, with the reason, before maplibre
 * makes a request that the CSP would block anyway. Pure: runs in Node and in vite.config.ts.
 */

/** The build-time variable a deployer sets to let the app reach their own tile servers. */
export const TILE_ORIGINS_ENV = 'RIPPLEMAP_TILE_ORIGINS';

/**
 * Parses RIPPLEMAP_TILE_ORIGINS: origins separated by spaces or commas, each `http(s)://host[:port]`
 * with no path. Throws on anything else so a typo fails the build rather than the map.
 * @example parseTileOrigins('https://tiles.example.org, http://10.0.0.5:8080')
 *   // ['https://tiles.example.org', 'http://10.0.0.5:8080']
 */
export function parseTileOrigins(value: string | undefined): string[] {
  const out: string[] = [];
  for (const item of (value ?? '').split(/[\s,]+/)) {
    if (!item) continue;
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Error(
        `${TILE_ORIGINS_ENV}: "${item}" is not an origin like https://tiles.example.org`,
      );
    }
    const bare = item.replace(/\/$/, '');
    // No wildcards, quotes or semicolons: the value goes into the CSP as it is.
    if (!/^https?:$/.test(url.protocol) || url.origin !== bare || /[*'";]/.test(item)) {
      throw new Error(
        `${TILE_ORIGINS_ENV}: "${item}" must be a bare origin (https://host or http://host:port, no path, no wildcard)`,
      );
    }
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

export type StyleUrlCheck =
  | { ok: true; url: string; sameOrigin: boolean }
  | { ok: false; code: 'empty' | 'invalid' | 'scheme' | 'off-origin'; message: string };

/**
 * Checks a style URL typed by the user against the page's origin and the allowed tile hosts.
 * Relative URLs resolve against the page, so `styles/dark.json` next to the app works.
 * @example checkStyleUrl('styles/plain.json', 'https://maps.lan/ripplemap/')
 *   // { ok: true, url: 'https://maps.lan/ripplemap/styles/plain.json', sameOrigin: true }
 */
export function checkStyleUrl(
  input: string,
  pageUrl: string,
  allowedOrigins: readonly string[] = [],
): StyleUrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, code: 'empty', message: 'Enter the address of a style JSON.' };
  let url: URL;
  let page: URL;
  try {
    page = new URL(pageUrl);
    url = new URL(text, page);
  } catch {
    return { ok: false, code: 'invalid', message: `"${text}" is not a valid address.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== page.protocol) {
    return {
      ok: false,
      code: 'scheme',
      message: `Style addresses must start with http:// or https:// (or be relative to this page), not ${url.protocol}`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      code: 'invalid',
      message: 'Style addresses cannot carry a user name or password.',
    };
  }
  const sameOrigin = url.origin === page.origin && url.protocol === page.protocol;
  if (sameOrigin || allowedOrigins.includes(url.origin)) {
    return { ok: true, url: url.href, sameOrigin };
  }
  return { ok: false, code: 'off-origin', message: offOriginMessage(url.origin, page.origin) };
}

function offOriginMessage(origin: string, own: string): string {
  const here = own === 'null' ? 'this page' : own;
  return (
    `${origin} is another server. RippleMap only loads from its own origin (${here}): its ` +
    `Content Security Policy (connect-src 'self') blocks anything else, because every tile ` +
    `request would tell ${origin} which part of the map you are looking at, off this machine. ` +
    `Host the style and its tiles beside RippleMap (a relative address such as ` +
    `styles/my-style.json), or ask whoever deploys RippleMap to build it with ` +
    `${TILE_ORIGINS_ENV}=${origin} (see docs/basemap.md).`
  );
}

/**
 * Origins a loaded style reaches besides the allowed ones: source URLs and tile templates, glyphs,
 * sprites. The CSP blocks them, so those parts of the style stay blank; the user is told why.
 */
export function blockedOriginsInStyle(
  style: unknown,
  pageUrl: string,
  allowedOrigins: readonly string[] = [],
): string[] {
  const urls: string[] = [];
  const s = (style ?? {}) as {
    sources?: Record<string, { url?: unknown; tiles?: unknown; data?: unknown }>;
    glyphs?: unknown;
    sprite?: unknown;
  };
  for (const source of Object.values(s.sources ?? {})) {
    if (typeof source.url === 'string') urls.push(source.url);
    if (typeof source.data === 'string') urls.push(source.data);
    if (Array.isArray(source.tiles))
      urls.push(...source.tiles.filter((t) => typeof t === 'string'));
  }
  if (typeof s.glyphs === 'string') urls.push(s.glyphs);
  if (typeof s.sprite === 'string') urls.push(s.sprite);
  if (Array.isArray(s.sprite)) {
    for (const sprite of s.sprite as { url?: unknown }[]) {
      if (typeof sprite?.url === 'string') urls.push(sprite.url);
    }
  }
  const page = new URL(pageUrl);
  const blocked: string[] = [];
  for (const raw of urls) {
    let url: URL;
    try {
      // Templates such as {z} and {fontstack} parse fine as URL text.
      url = new URL(raw, page);
    } catch {
      continue;
    }
    if (!/^https?:$/.test(url.protocol)) continue; // pmtiles://, data:, blob: stay local
    if (url.origin === page.origin || allowedOrigins.includes(url.origin)) continue;
    if (!blocked.includes(url.origin)) blocked.push(url.origin);
  }
  return blocked;
}

/**
 * Attribution as plain text: styles and PMTiles metadata often carry HTML links
 * (`<a href="…">© OpenStreetMap</a>`). The app never renders HTML from data, so tags go and the
 * common entities are decoded.
 * @example attributionText('<a href="https://osm.org">&copy; OpenStreetMap</a>') // '© OpenStreetMap'
 */
export function attributionText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(
      /&(copy|amp|lt|gt|quot|apos|nbsp|#39|#169);/g,
      (_, name: string) => ENTITIES[name] ?? '',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = {
  copy: '©',
  '#169': '©',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  nbsp: ' ',
};
