/** Tile origins allowed at build time (RIPPLEMAP_TILE_ORIGINS), injected by vite.config.ts. */
declare const __RIPPLEMAP_TILE_ORIGINS__: string[];
