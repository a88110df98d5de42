/**
 * What the map's pointer is over, in words and in facilities: the tooltip of a dot, a shape
 * or an arc, and the facilities a click may have meant (App.svelte asks which when several).
 */
import type { PickingInfo } from '@deck.gl/core';
import { capText } from '../core/cap-text.ts';
import { dependencyAt } from '../core/dependency-table.ts';
import { formatHours } from '../core/hours.ts';
import { dotsUnder, modelStacks, pickedIndex, type MapModel, type MapView } from '../map/layers.ts';
import { FAN_ZOOM } from '../map/stacks.ts';
import type { AppState } from '../state/app-state.svelte.ts';

/** The tooltip of what deck.gl picked, or null. */
export function tooltipText(app: AppState, info: PickingInfo): string | null {
  const p = app.indexed;
  if (!p) return null;
  if (info.layer?.id === 'dependencies') {
    const k = pickedIndex(info);
    if (k < 0 || k >= p.inventory.dependencies.length) return null;
    const d = dependencyAt(p.inventory.dependencies, k);
    const from = p.inventory.facilities[d.from]!;
    const to = p.inventory.facilities[d.to]!;
    const cross = p.crossBorder[k] ? ' (cross-border)' : '';
    const delay = d.delayHours > 0 ? `, holds out ${d.delayHours} h` : '';
    return `${capText(from.name)} → ${capText(to.name)}\n${capText(d.service, 120)}${delay}${cross}`;
  }
  const i = facilityOf(info);
  if (i < 0) return null;
  const f = p.inventory.facilities[i]!;
  let line = `${capText(f.name)}\n${capText(f.sector, 120)}${f.country ? ` · ${f.country}` : ''}`;
  const r = app.run?.result;
  if (r && r.reason[i] !== 0) line += `\nfails at ${formatHours(r.hours[i]!)} (wave ${r.wave[i]})`;
  return line;
}

/** The facility deck.gl picked (a dot or a shape), or -1. */
export function facilityOf(info: PickingInfo): number {
  if (info.layer?.id === 'facilities') return pickedIndex(info);
  if (info.layer?.id === 'facility-shapes') {
    return ((info.object as { properties?: { i?: number } })?.properties?.i ?? -1) as number;
  }
  return -1;
}

/**
 * What a click may have meant: the facility deck.gl picked (`i`, or -1), every dot drawn
 * under the pointer (also when deck.gl's picture of them is a frame behind) and, before a
 * stack fans out, all of its members; in input order. One entry: no question to ask.
 */
export function clickChoices(
  model: MapModel,
  view: MapView,
  i: number,
  at: { x: number; y: number },
  project: (lon: number, lat: number) => { x: number; y: number },
): number[] {
  const under = new Set(dotsUnder(model, view, { x: at.x, y: at.y }, project));
  if (i >= 0) under.add(i);
  if (view.zoom < FAN_ZOOM) {
    const stacks = modelStacks(model);
    for (const k of [...under]) {
      const s = stacks.of[k]!;
      if (s >= 0) for (const j of stacks.members[s]!) under.add(j);
    }
  }
  return [...under].sort((a, b) => a - b);
}
