/**
 * `min_providers` (docs/format.md §1.6): service -> k, the facility needs k working providers of
 * that service. A k above the number n of providers is clamped to n and reported; a k that is not a
 * whole number >= 1 is reported and 1 is used; a service without providers is reported and
 * ignored.
 */
import { decimalNumber } from './decimal.ts';
import { describe, entry } from './report.ts';
import type { DependencyTable, Facility, ReportEntry } from './types.ts';

/** Sets `minProviders` on each facility from its raw `min_providers` value (by facility index). */
export function applyMinProviders(
  facilities: Facility[],
  dependencies: DependencyTable,
  raw: unknown[],
  warnings: ReportEntry[],
): void {
  // Providers are counted only for the facilities that set min_providers (most do not).
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  let any = false;
  const counted = new Uint8Array(facilities.length);
  for (let i = 0; i < raw.length; i++) {
    if (given(raw[i])) {
      counted[i] = 1;
      any = true;
    }
  }
  if (!any) return;
  const providerCount = countProviders(dependencies, counted);
  raw.forEach((value, index) => {
    if (!given(value)) return;
    const f = facilities[index]!;
    const warn = (code: string, message: string) =>
      warnings.push(entry(f.source, f.id, code, message));
    const parsed = parseMinProviders(value);
    if (!parsed) {
      warn(
        'invalid-min-providers',
        `min_providers must map services to whole numbers, like {"energy": 2}; got ${describe(value)}; ignored`,
      );
      return;
    }
    for (const [service, given] of parsed) {
      const k = typeof given === 'string' && given.trim() !== '' ? decimalNumber(given) : given;
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
        warn(
          'invalid-min-providers',
          `min_providers.${service} must be a whole number >= 1, got ${describe(given)}; using 1`,
        );
        continue;
      }
      const n = providerCount(index, service);
      if (n === 0) {
        warn(
          'min-providers-unused',
          `min_providers.${service} = ${k}, but the facility has no provider of "${service}"; ignored`,
        );
        continue;
      }
      if (k > n) {
        warn(
          'min-providers-clamped',
          `min_providers.${service} = ${k}, but only ${n} provider(s) of "${service}": clamped to ${n}`,
        );
      }
      if (Object.isFrozen(f.minProviders)) f.minProviders = Object.create(null);
      f.minProviders[service] = Math.min(k, n);
    }
  });
}

/**
 * How many providers of a service a facility has, for the facilities marked in `counted`
 * (numbers from the table's columns: no text key per dependency).
 */
function countProviders(
  dependencies: DependencyTable,
  counted: Uint8Array,
): (facility: number, service: string) => number {
  const { to, service, services: names } = dependencies;
  const services = names.length;
  const serviceNumber = new Map(names.map((name, s) => [name, s]));
  const count = new Map<number, number>();
  for (let k = 0; k < dependencies.length; k++) {
    if (counted[to[k]!] !== 1) continue;
    const key = to[k]! * services + service[k]!;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return (facility, name) => {
    const s = serviceNumber.get(name);
    return s === undefined ? 0 : (count.get(facility * services + s) ?? 0);
  };
}

/** An object, or in CSV a JSON object or "service:k;service:k" text, as [service, k] pairs. */
function parseMinProviders(value: unknown): [string, unknown][] | null {
  let obj: unknown = value;
  if (typeof value === 'number') return null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text.startsWith('{')) {
      const pairs: [string, unknown][] = [];
      for (const part of text.split(/[;,]/)) {
        if (part.trim() === '') continue;
        const m = /^\s*([^:=]+?)\s*[:=]\s*(\S+)\s*$/.exec(part);
        if (!m) return null;
        pairs.push([m[1]!, m[2]!]);
      }
      return pairs.length > 0 ? pairs : null;
    }
    try {
      obj = JSON.parse(text);
    } catch {
      return null;
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  return Object.keys(obj).map((k) => [k.trim(), (obj as Record<string, unknown>)[k]]);
}
