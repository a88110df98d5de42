import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { prepareInventory, preparedJson } from './src/cli/prepare-inventory.ts';
import { countryNames } from './src/core/country-codes.ts';
import { parseTileOrigins, TILE_ORIGINS_ENV } from './src/map/basemap/url.ts';
import { stripWgsl } from './scripts/strip-wgsl.ts';

/**
 * Tile hosts a deployer allows at build time (`RIPPLEMAP_TILE_ORIGINS="https://tiles.example.org"`),
 * for users' style URLs and their tiles, glyphs and sprites. Empty by default: same origin only.
 */
export const TILE_ORIGINS = parseTileOrigins(process.env[TILE_ORIGINS_ENV]);

/**
 * The built app's Content Security Policy: everything from the app's own origin, nothing
 * inline, no eval; `tileOrigins` are added to connect-src and img-src, `connectAlso` to
 * connect-src and `scriptAlso` to script-src. Added at build time only, because the dev server
 * injects inline styles. docs/security.md explains each directive.
 */
export function contentSecurityPolicyFor(
  tileOrigins: readonly string[] = [],
  connectAlso = '',
  scriptAlso = '',
): string {
  const extra = tileOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    `script-src 'self'${scriptAlso}`,
    "style-src 'self'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self' data: blob:${connectAlso}${extra}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicyFor(TILE_ORIGINS);

/**
 * The loading worker's policy: it may fetch a `?data=` address on another origin once the user
 * has confirmed that host (its code refuses any other: src/state/load-read.ts), and compile
 * WebAssembly (`'wasm-unsafe-eval'`, which allows WebAssembly and nothing else: no eval), for
 * sql.js when it reads a GeoPackage. A worker loaded from its own file is held by its own
 * response's policy, not the page's, so the page's stays without it. Every other response,
 * maplibre's worker and the ranking worker included, gets CONTENT_SECURITY_POLICY.
 */
export const LOAD_WORKER_POLICY = contentSecurityPolicyFor(
  TILE_ORIGINS,
  ' http: https:',
  " 'wasm-unsafe-eval'",
);

/** The built loading worker's file, whose response gets LOAD_WORKER_POLICY. */
const LOAD_WORKER_FILE = /\/assets\/load-worker-[\w-]+\.js$/;

function contentSecurityPolicy(): Plugin {
  return {
    name: 'ripplemap-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * The policy as a response header from `vite preview` too. A `<meta>` policy holds the page
 * only: a worker loaded from a file (maplibre's, the loading and ranking workers) is held by
 * the headers of its own response, so without them it could fetch anything. Deployers' servers
 * should send the same headers (docs/security.md).
 */
function previewSecurityHeaders(): Plugin {
  return {
    name: 'ripplemap-preview-security-headers',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const policy = LOAD_WORKER_FILE.test(path) ? LOAD_WORKER_POLICY : CONTENT_SECURITY_POLICY;
        res.setHeader('Content-Security-Policy', policy);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'same-origin');
        next();
      });
    },
  };
}

/**
 * Empties deck.gl's and luma.gl's WebGPU (WGSL) shader texts: the app only ever draws with
 * WebGL, and they were about 60 kB of the first download (scripts/strip-wgsl.ts).
 */
function withoutWgsl(): Plugin {
  return {
    name: 'ripplemap-without-wgsl',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]@(deck|luma)\.gl[\\/]/.test(id) || !code.includes('/* wgsl */'))
        return null;
      return { code: stripWgsl(code).code, map: null };
    },
  };
}

/**
 * Starts the two data files the first map needs (the basemap's country boundaries and the
 * prepared sample) with the page itself, instead of after the JavaScript has run: the app's
 * `fetch()` then finds them already on their way. Build only (the files' hashed names).
 */
function preloadFirstMapData(): Plugin {
  const wanted = [/countries-50m-[\w-]+\.json$/, /europe\.prepared-[\w-]+\.json$/];
  return {
    name: 'ripplemap-preload-first-map-data',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        Object.keys(ctx.bundle ?? {})
          .filter((file) => wanted.some((pattern) => pattern.test(file)))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', href: `./${file}`, as: 'fetch', crossorigin: 'anonymous' },
            injectTo: 'head' as const,
          })),
    },
  };
}

const COUNTRY_NAMES = 'virtual:ripplemap/country-names';

/**
 * Country names as the page shows them, as a plain table made from the ISO tables at build
 * time: the page then needs neither the tables nor their lookup code (src/ui/country-names.ts).
 */
function countryNamesTable(): Plugin {
  return {
    name: 'ripplemap-country-names',
    resolveId: (id) => (id === COUNTRY_NAMES ? `\0${COUNTRY_NAMES}` : null),
    load: (id) =>
      id === `\0${COUNTRY_NAMES}` ? `export default ${JSON.stringify(countryNames())};` : null,
  };
}

const PREPARED_SAMPLE = 'virtual:ripplemap/prepared-sample';

/**
 * The bundled sample, loaded and checked at build (and dev server) start with the same steps
 * the loading worker runs, written as JSON beside the build's other assets: the app opens on
 * it without starting the worker (src/state/loader.ts). The module exports its address.
 */
function preparedSample(): Plugin {
  const sample = resolve(import.meta.dirname, 'data/europe.geojson');
  const cache = resolve(import.meta.dirname, 'node_modules/.cache/ripplemap');
  return {
    name: 'ripplemap-prepared-sample',
    resolveId: (id) => (id === PREPARED_SAMPLE ? `\0${PREPARED_SAMPLE}` : null),
    async load(id) {
      if (id !== `\0${PREPARED_SAMPLE}`) return null;
      this.addWatchFile(sample);
      const json = preparedJson(await prepareInventory(sample));
      await mkdir(cache, { recursive: true });
      // Written aside and renamed: builds running side by side never read half a file.
      const out = resolve(cache, 'europe.prepared.json');
      const part = `${out}.${process.pid}.part`;
      await writeFile(part, json);
      await rename(part, out);
      return `export { default } from ${JSON.stringify(`${out}?url`)};`;
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    previewSecurityHeaders(),
    preparedSample(),
    preloadFirstMapData(),
    countryNamesTable(),
    withoutWgsl(),
  ],
  // Relative asset URLs so the built app works from any folder or a file share.
  base: './',
  // The app checks style URLs against the same list the CSP allows (src/map/basemap/url.ts).
  define: { __RIPPLEMAP_TILE_ORIGINS__: JSON.stringify(TILE_ORIGINS) },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30000,
  },
});
