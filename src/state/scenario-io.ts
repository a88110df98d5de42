/** Between the app state and scenario files or links (src/core/scenario-file.ts). */
import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type MapViewState,
  type ScenarioFile,
} from '../core/scenario-file.ts';
import { capText } from '../core/cap-text.ts';
import { scenarioIdNotes } from '../core/scenario-notes.ts';
import type { AppState } from './app-state.svelte.ts';

export function currentScenario(app: AppState, view: MapViewState | null): ScenarioFile {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    title: app.title,
    notes: app.notes,
    marking: app.marking,
    inventory: { name: app.inventoryName, hash: app.inventoryHash },
    compromised: [...app.scenario.compromised],
    radiusKm: app.scenario.radiusKm,
    protected: [...app.scenario.protected],
    view,
    monteCarlo: { runs: app.worst.runs, seed: app.worst.seed },
  };
}

/**
 * Applies a scenario to the loaded inventory when it was made for it. Returns a message for
 * the user when it was not applied, or applied with ids that no longer exist left out.
 */
export function applyScenario(
  app: AppState,
  scenario: ScenarioFile,
): { applied: boolean; message: string | null } {
  if (!app.inventory) return { applied: false, message: 'Load an inventory first.' };
  if (scenario.inventory.hash !== app.inventoryHash) {
    return {
      applied: false,
      message: `This scenario was made for another inventory ("${capText(scenario.inventory.name, 80)}", ${capText(scenario.inventory.hash, 80)}); the one loaded is ${app.inventoryHash}. Load that inventory, then open the scenario again.`,
    };
  }
  const known = (ids: string[]) => ids.filter((id) => app.inventory!.indexById.has(id));
  // Each id once (a hand-edited file may list one twice); compromised wins over protected:
  // a protected facility still fails when it is compromised (docs/format.md §2.3).
  const compromised = [...new Set(known(scenario.compromised))];
  const both = new Set(compromised);
  const protectedKnown = [...new Set(known(scenario.protected))];
  const protectedIds = protectedKnown.filter((id) => !both.has(id));
  app.scenario = { compromised, protected: protectedIds, radiusKm: scenario.radiusKm };
  app.title = scenario.title;
  app.notes = scenario.notes;
  if (scenario.marking !== undefined) app.marking = scenario.marking;
  if (scenario.monteCarlo) {
    app.worst.runs = scenario.monteCarlo.runs;
    app.worst.seed = scenario.monteCarlo.seed;
  }
  app.playhead = null;
  const missing =
    scenario.compromised.filter((id) => !app.inventory!.indexById.has(id)).length +
    scenario.protected.filter((id) => !app.inventory!.indexById.has(id)).length;
  const repeated =
    known(scenario.compromised).length -
    compromised.length +
    (known(scenario.protected).length - protectedKnown.length);
  const overlap = protectedKnown.filter((id) => both.has(id));
  const notes: string[] = [];
  if (missing > 0) {
    notes.push(
      `${missing} facility id(s) in the scenario are not in this inventory and were left out.`,
    );
  }
  notes.push(...scenarioIdNotes(repeated, overlap, true));
  return { applied: true, message: notes.length > 0 ? notes.join(' ') : null };
}
