/**
 * Bench fixture pages (bare maplibre, bare deck.gl), built apart from the app so nothing here
 * reaches the app's build or its initial JavaScript:
 *
 *   npx vite build --config bench/pages/vite.config.ts
 *
 * Output goes to /tmp/ripplemap-bench-pages unless BENCH_PAGES_OUT says otherwise.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: process.env.BENCH_PAGES_OUT ?? '/tmp/ripplemap-bench-pages',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: {
        maplibre: resolve(root, 'maplibre.html'),
        deck: resolve(root, 'deck.html'),
        native: resolve(root, 'native.html'),
      },
    },
  },
});
