/**
 * The credit line: where the inventory and the basemap come from. Shown under the legend and
 * printed on every briefing export; apart from briefing-content.ts, which loads on first use.
 */
import type { AppState } from '../../state/app-state.svelte.ts';
import { SAMPLE_CREDITS } from './sample-credits.ts';

/** Sources of the data on the map, as one line. */
export function attributionFor(app: AppState): string {
  const sample = app.inventory?.files.includes('europe.geojson');
  const data = sample
    ? SAMPLE_CREDITS
    : app.inventoryName
      ? `Inventory: ${app.inventoryName}.`
      : 'No inventory loaded yet.';
  const basemap = app.basemapAttribution.trim().replace(/\.$/, '') || 'a style without credits';
  return `${data} Basemap: ${basemap}.`;
}
