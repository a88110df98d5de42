/** Scenario files and links keep the Worst cases panel's Monte Carlo runs and seed. */
import { describe, expect, it } from 'vitest';
import {
  parseScenarioFile,
  SCENARIO_FORMAT,
  scenarioFromHash,
  scenarioToHash,
  type ScenarioFile,
} from '../../src/core/scenario-file.ts';

const scenario: ScenarioFile = {
  format: SCENARIO_FORMAT,
  version: 1,
  title: 'Feeds',
  notes: '',
  marking: '',
  inventory: { name: 'worst-cases.geojson', hash: '0123456789abcdef' },
  compromised: ['s1'],
  radiusKm: 1,
  protected: [],
  view: null,
  monteCarlo: { runs: 3000, seed: 7 },
};

describe('Monte Carlo settings in scenario files', () => {
  it('round-trip through a file and a link', () => {
    expect(parseScenarioFile(JSON.stringify(scenario))).toEqual({ ok: true, scenario });
    expect(scenarioFromHash(scenarioToHash(scenario))).toEqual({ ok: true, scenario });
  });

  it('are left out when unusable or absent, the rest of the scenario still read', () => {
    for (const monteCarlo of [{ runs: 0, seed: 1 }, { runs: 10, seed: -1 }, { runs: '10' }, 5]) {
      const read = parseScenarioFile(JSON.stringify({ ...scenario, monteCarlo }));
      expect(read.ok && read.scenario.monteCarlo).toBe(undefined);
      expect(read.ok && read.scenario.compromised).toEqual(['s1']);
    }
    const older: ScenarioFile = { ...scenario };
    delete older.monteCarlo;
    expect(parseScenarioFile(JSON.stringify(older))).toEqual({ ok: true, scenario: older });
  });
});
