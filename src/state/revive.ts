/**
 * What structured clone changes on the way from the loading worker: plain objects arrive with
 * Object.prototype, while the core keeps properties and k-of-n settings in null-prototype
 * objects (so a property or service called `constructor` or `toString` is just data, and
 * `minProviders[service] ?? 1` never finds an inherited function). Own keys, `__proto__`
 * included, survive the clone as data; only the prototype needs restoring, in place.
 */
import type { Facility } from '../core/types.ts';

function nullPrototype<T extends object>(value: T): T {
  if (value && typeof value === 'object') Object.setPrototypeOf(value, null);
  return value;
}

/** Restores a cloned facility's null-prototype objects, in place. */
export function reviveFacility(f: Facility): Facility {
  f.properties = nullPrototype(f.properties);
  f.minProviders = nullPrototype(f.minProviders);
  return f;
}

/** Restores cloned dependency properties' null prototype, in place. */
export function reviveProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return nullPrototype(properties);
}
