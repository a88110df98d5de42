/** Tile origins allowed at build time (RIPPLEMAP_TILE_ORIGINS), injected by vite.config.ts. */
declare const __RIPPLEMAP_TILE_ORIGINS__: string[];

/** The bundled sample, loaded and checked at build time (vite.config.ts, preparedSample). */
declare module 'virtual:ripplemap/prepared-sample' {
  /** Address of the PreparedInventory JSON, relative to the page. */
  const url: string;
  export default url;
}

/** alpha-3 code -> English country name, made at build time (vite.config.ts, countryNamesTable). */
declare module 'virtual:ripplemap/country-names' {
  const names: Record<string, string>;
  export default names;
}
