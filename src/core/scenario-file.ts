/**
 * Scenario files and share links: what a planner saves, sends and reopens. A scenario names
 * the inventory it was made for by a content hash, so it is never silently applied to another.
 */
import { capText } from './cap-text.ts';

export const SCENARIO_FORMAT = 'ripplemap-scenario';
export const SCENARIO_VERSION = 1;

export interface MapViewState {
  /** [longitude, latitude] of the map centre. */
  center: [number, number];
  zoom: number;
}

export interface ScenarioFile {
  format: typeof SCENARIO_FORMAT;
  version: number;
  title: string;
  notes: string;
  /**
   * The marking line of exports (a classification banner). Absent in files saved before it:
   * opening one then keeps the marking the user has.
   */
  marking?: string;
  inventory: { name: string; hash: string };
  compromised: string[];
  radiusKm: number;
  protected: string[];
  view: MapViewState | null;
  /** Monte Carlo settings of the Worst cases panel (docs/format.md §6); absent in older files. */
  monteCarlo?: { runs: number; seed: number };
}

export type ParsedScenario = { ok: true; scenario: ScenarioFile } | { ok: false; message: string };

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Reads a scenario file's JSON text, checking every field; never trusts the file. */
export function parseScenarioFile(text: string): ParsedScenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This is not a scenario file: it is not valid JSON.' };
  }
  return checkScenario(raw);
}

function checkScenario(raw: unknown): ParsedScenario {
  if (!raw || typeof raw !== 'object')
    return { ok: false, message: 'This is not a scenario file.' };
  const o = raw as Record<string, unknown>;
  if (o.format !== SCENARIO_FORMAT) {
    return {
      ok: false,
      message: `This is not a RippleMap scenario (format "${capText(typeof o.format === 'string' ? o.format : jsonType(o.format), 60)}").`,
    };
  }
  if (typeof o.version !== 'number' || o.version > SCENARIO_VERSION) {
    return { ok: false, message: 'This scenario was saved by a newer RippleMap: update the app.' };
  }
  const inv = o.inventory as Record<string, unknown> | undefined;
  if (!inv || typeof inv.hash !== 'string') {
    return { ok: false, message: 'The scenario does not say which inventory it was made for.' };
  }
  if (!isStringArray(o.compromised) || !isStringArray(o.protected ?? [])) {
    return { ok: false, message: 'The scenario lists facilities in an unexpected form.' };
  }
  const radius = Number(o.radiusKm ?? 0);
  if (!Number.isFinite(radius) || radius < 0) {
    return { ok: false, message: 'The scenario has an invalid impact radius.' };
  }
  return {
    ok: true,
    scenario: {
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      title: typeof o.title === 'string' ? o.title.slice(0, 300) : '',
      notes: typeof o.notes === 'string' ? o.notes.slice(0, 20000) : '',
      ...(typeof o.marking === 'string' ? { marking: o.marking.slice(0, 300) } : {}),
      inventory: {
        name: typeof inv.name === 'string' ? capText(inv.name, 300) : '',
        hash: capText(inv.hash, 300),
      },
      compromised: o.compromised,
      radiusKm: radius,
      protected: (o.protected ?? []) as string[],
      view: checkView(o.view),
      ...checkMonteCarlo(o.monteCarlo),
    },
  };
}

/** Runs and seed when both are usable whole numbers; otherwise left out (defaults apply). */
function checkMonteCarlo(v: unknown): { monteCarlo?: { runs: number; seed: number } } {
  if (!v || typeof v !== 'object') return {};
  const { runs, seed } = v as { runs?: unknown; seed?: unknown };
  if (!Number.isSafeInteger(runs) || !Number.isSafeInteger(seed)) return {};
  if ((runs as number) < 1 || (seed as number) < 0) return {};
  return { monteCarlo: { runs: runs as number, seed: seed as number } };
}

function jsonType(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v;
}

function checkView(v: unknown): MapViewState | null {
  if (!v || typeof v !== 'object') return null;
  const { center, zoom } = v as { center?: unknown; zoom?: unknown };
  if (!Array.isArray(center) || center.length !== 2 || typeof zoom !== 'number') return null;
  const [lon, lat] = center as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') return null;
  if (!Number.isFinite(lon + lat + zoom) || Math.abs(lat) > 90 || zoom < 0 || zoom > 24)
    return null;
  return { center: [lon, lat], zoom };
}

/** The scenario as a URL fragment, `#scenario=<base64url JSON>`. */
export function scenarioToHash(scenario: ScenarioFile): string {
  const json = JSON.stringify(scenario);
  const bytes = new TextEncoder().encode(json);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const b64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `#scenario=${b64}`;
}

/** Reads `#scenario=...` from a URL fragment; null when there is none. */
export function scenarioFromHash(hash: string): ParsedScenario | null {
  const m = /^#?scenario=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return null;
  try {
    const b64 = m[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return parseScenarioFile(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, message: 'The scenario link is damaged: it could not be read.' };
  }
}
