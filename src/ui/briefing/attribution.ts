/**
 * The credit line: where the inventory and the basemap come from. Shown under the legend and
 * printed on every briefing export; apart from briefing-content.ts, which loads on first use.
 */
import type { AppState } from '../../state/app-state.svelte.ts';

/** Sources of the data on the map, as one line. */
export function attributionFor(app: AppState): string {
  const sample = app.inventory?.files.includes('europe.geojson');
  const data = sample
    ? 'Power plants: JRC Open Power Plants Database (JRC-PPDB-OPEN) v1.0, European Commission JRC, CC BY 4.0. Cities: GeoNames, CC BY 4.0. Facilities marked "illustrative" are invented near real cities.'
    : app.inventoryName
      ? `Inventory: ${app.inventoryName}.`
      : 'No inventory loaded yet.';
  const basemap = app.basemapAttribution.trim().replace(/\.$/, '') || 'a style without credits';
  return `${data} Basemap: ${basemap}.`;
}
