import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { parseTileOrigins, TILE_ORIGINS_ENV } from './src/map/basemap-url.ts';

/**
 * Tile hosts a deployer allows at build time (`RIPPLEMAP_TILE_ORIGINS="https://tiles.example.org"`),
 * for users' style URLs and their tiles, glyphs and sprites. Empty by default: same origin only.
 */
export const TILE_ORIGINS = parseTileOrigins(process.env[TILE_ORIGINS_ENV]);

/**
 * The built app's Content Security Policy: everything from the app's own origin, nothing
 * inline, no eval; `tileOrigins` are added to connect-src and img-src. Added at build time
 * only, because the dev server injects inline styles. docs/security.md explains each directive.
 */
export function contentSecurityPolicyFor(tileOrigins: readonly string[] = []): string {
  const extra = tileOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self' data: blob:${extra}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicyFor(TILE_ORIGINS);

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

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy()],
  // Relative asset URLs so the built app works from any folder or a file share.
  base: './',
  // The app checks style URLs against the same list the CSP allows (src/map/basemap-url.ts).
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
