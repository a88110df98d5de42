/**
 * Text from files is capped where the viewer shows it (issue #22): a 20 MB facility name, sector
 * or service never reaches the briefing, the PDF's rows or an explanation whole.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';
import { briefingContent } from '../../src/ui/briefing/briefing-content.ts';
import { sectorLoss, sectorTitle } from '../../src/ui/briefing/words.ts';

// 2 MB stands for 20: the same code paths, a tenth of the test's time.
const HUGE = 'N'.repeat(2 * 1024 * 1024);

function hugeApp(): AppState {
  const point = (lon: number) => ({ type: 'Point', coordinates: [lon, 50] });
  const feature = (id: string, lon: number, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry: point(lon),
    properties: { id, name: HUGE, ...properties },
  });
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feature('plant', 10, { sector: HUGE, population_served: 10 }),
      feature('pump', 10.1, { sector: 'water', depends_on: [{ id: 'plant', service: HUGE }] }),
      feature('clinic', 10.2, { sector: 'health', depends_on: 'pump', population_served: 5 }),
    ],
  });
  const loaded = loadInventory([{ name: 'huge.geojson', text }], { countries: null });
  if (!loaded.ok) throw new Error(loaded.message);
  const app = new AppState();
  app.setInventory(loaded.inventory, 'huge', true);
  return app;
}

describe('a 20 MB facility name', () => {
  it('is capped in the briefing: rows, labels, scenario lines, explanations', () => {
    const app = hugeApp();
    const overview = briefingContent(app);
    // Texts over 1,000 characters, by path (a bar's `key` identifies it and is never shown).
    const long = (o: unknown, path = ''): string[] =>
      typeof o === 'string'
        ? o.length > 1000 && !path.endsWith('.key')
          ? [path]
          : []
        : o && typeof o === 'object'
          ? Object.entries(o).flatMap(([k, v]) => long(v, `${path}.${k}`))
          : [];
    expect(long(overview)).toEqual([]);
    app.scenario = { compromised: ['plant'], protected: ['clinic'], radiusKm: 0 };
    const content = briefingContent(app)!;
    expect(content.failedRows).toHaveLength(2);
    expect(content.failedRows[1]!.name.length).toBeLessThanOrEqual(200);
    expect(content.tree.length).toBeGreaterThan(0);
    expect(long(content)).toEqual([]);
  });

  it('an unknown sector of 20 MB is capped as a title and as a loss', () => {
    expect(sectorTitle(HUGE).length).toBeLessThanOrEqual(120);
    expect(sectorLoss(HUGE).length).toBeLessThanOrEqual(120);
    expect(sectorTitle('energy')).toBe(sectorTitle('energy'));
  });
});
