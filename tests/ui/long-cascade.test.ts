/**
 * A cascade of thousands of waves (a chain, issue #22) briefs in a bounded report: the timeline
 * groups consecutive waves into at most TIMELINE_ROWS rows that still add up to every failure,
 * the failed table stops at TABLE_LIMIT rows while counting them all, and the explanation
 * tree at TREE_ROWS steps with a count of the rest.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { AppState } from '../../src/state/app-state.svelte.ts';
import {
  briefingContent,
  groupTimeline,
  TABLE_LIMIT,
  TIMELINE_ROWS,
  TREE_ROWS,
  type TimelineRow,
} from '../../src/ui/briefing/briefing-content.ts';

/** A chain of `n` facilities, each needing the one before it, one hour of backup each. */
function chain(n: number): AppState {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [5 + (i % 100) / 100, 50 + Math.floor(i / 100) / 100] },
    properties: {
      id: `f${i}`,
      sector: 'energy',
      country: 'BEL',
      ...(i > 0 ? { depends_on: [{ id: `f${i - 1}`, delay_hours: 1 }] } : {}),
    },
  }));
  const loaded = loadInventory([
    { name: 'chain.geojson', text: JSON.stringify({ type: 'FeatureCollection', features }) },
  ]);
  if (!loaded.ok) throw new Error(loaded.message);
  const app = new AppState();
  app.setInventory(loaded.inventory, 'chain', true);
  app.scenario = { compromised: ['f0'], protected: [], radiusKm: 0 };
  return app;
}

describe('a long cascade in the briefing', () => {
  it('groups 5,000 waves into at most 40 timeline rows that add up to every failure', () => {
    const content = briefingContent(chain(5000))!;
    expect(content.failedTotal).toBe(5000);
    expect(content.timeline.length).toBeLessThanOrEqual(TIMELINE_ROWS);
    expect(content.timeline.reduce((n, t) => n + t.count, 0)).toBe(5000);
    expect(content.timeline[0]).toMatchObject({ wave: 0, hoursFrom: 0 });
    expect(content.timeline.at(-1)).toMatchObject({ waveTo: 4999, hoursTo: 4999 });
    // Runs follow each other: no wave is left out or counted twice.
    content.timeline
      .slice(1)
      .forEach((t, k) => expect(t.wave).toBe(content.timeline[k]!.waveTo + 1));
    expect(content.failedRows).toHaveLength(TABLE_LIMIT);
    expect(content.tree).toHaveLength(TREE_ROWS + 1);
    expect(content.tree.at(-1)!.text).toMatch(/^… and 4,70\d more steps of these chains/);
  });

  it('keeps a short timeline as one row per wave', () => {
    const rows: TimelineRow[] = [0, 1, 2].map((w) => ({
      wave: w,
      waveTo: w,
      count: w + 1,
      hoursFrom: w,
      hoursTo: w + 0.5,
    }));
    expect(groupTimeline(rows)).toEqual(rows);
    expect(groupTimeline(rows, 2)).toEqual([
      { wave: 0, waveTo: 1, count: 3, hoursFrom: 0, hoursTo: 1.5 },
      { wave: 2, waveTo: 2, count: 3, hoursFrom: 2, hoursTo: 2.5 },
    ]);
  });
});
