/** Between the app state and scenario files or links (src/core/scenario-file.ts). */
import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type MapViewState,
  type ScenarioFile,
} from '../core/scenario-file.ts';
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
      message: `This scenario was made for another inventory ("${scenario.inventory.name}", ${scenario.inventory.hash}); the one loaded is ${app.inventoryHash}. Load that inventory, then open the scenario again.`,
    };
  }
  const known = (ids: string[]) => ids.filter((id) => app.inventory!.indexById.has(id));
  const compromised = known(scenario.compromised);
  const protectedIds = known(scenario.protected);
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
    scenario.compromised.length +
    scenario.protected.length -
    compromised.length -
    protectedIds.length;
  return {
    applied: true,
    message:
      missing > 0
        ? `${missing} facility id(s) in the scenario are not in this inventory and were left out.`
        : null,
  };
}
