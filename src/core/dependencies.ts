/**
 * Dependencies (SPEC 1): from dependency features or rows (`from`/`to` and their aliases) and
 * from facilities' `depends_on`, resolved against the facility ids once every file is read.
 */
import { describe, entry, quote } from './report.ts';
import type { Dependency, Facility, ReportEntry, SourceRef } from './types.ts';
import type { LineString } from 'geojson';

const FROM_KEYS = ['from', 'source', 'provider'] as const;
const TO_KEYS = ['to', 'target', 'dependent'] as const;

/** A dependency as read, before its endpoints are looked up. */
export interface PendingDependency {
  /** The provider's id, or undefined when the value is not an id at all. */
  from: string | undefined;
  to: string | undefined;
  rawFrom: unknown;
  rawTo: unknown;
  service: unknown;
  delay: unknown;
  geometry: unknown;
  properties: Record<string, unknown>;
  source: SourceRef;
  /** The id reported with problems: the dependent's, for `depends_on`. */
  reportId?: string;
  /** The dependent's index, for dependencies that come from its `depends_on`. */
  toIndex?: number;
}

/**
 * An id as the SPEC normalizes it: a string (trimmed) or a finite number, as a string;
 * '' when missing; undefined when the value cannot be an id (an object, a boolean...).
 * @example normalizeId(1) === '1'; normalizeId(' a ') === 'a'; normalizeId({}) === undefined
 */
export function normalizeId(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    // Printable ASCII at both ends: nothing to trim (JavaScript's white space is all outside
    // it), so no new string per id.
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first > 32 && first < 127 && last > 32 && last < 127) return value;
    return value.trim();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function pick(props: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    if (Object.hasOwn(props, k) && props[k] !== null && props[k] !== '') return props[k];
  }
  return undefined;
}

/** Which of the endpoint keys a record has: both makes it a dependency. */
export function endpointKeys(props: Record<string, unknown>): { from: boolean; to: boolean } {
  return { from: pick(props, FROM_KEYS) !== undefined, to: pick(props, TO_KEYS) !== undefined };
}

/** The dependency a feature or row describes, or null when it is not one. */
export function dependencyOf(
  props: Record<string, unknown>,
  geometry: unknown,
  source: SourceRef,
  reportId: string | undefined,
): PendingDependency | null {
  const from = pick(props, FROM_KEYS);
  const to = pick(props, TO_KEYS);
  if (from === undefined || to === undefined) return null;
  return {
    from: normalizeId(from),
    to: normalizeId(to),
    rawFrom: from,
    rawTo: to,
    service: props.service,
    delay: props.delay_hours,
    geometry,
    properties: props,
    source,
    reportId,
  };
}

/** `depends_on`: ids, `{id, service?, delay_hours?}` objects, or a comma-separated string. */
export function dependsOnOf(
  value: unknown,
  dependent: Facility,
  toIndex: number,
  errors: ReportEntry[],
): PendingDependency[] {
  if (value === undefined || value === null || value === '') return [];
  const report = (message: string) =>
    errors.push(entry(dependent.source, dependent.id, 'invalid-depends-on', message));
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    items = text.split(/[,;]/);
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        items = text.replace(/^\[|\]$/g, '').split(/[,;]/);
      }
    }
  } else if (typeof value === 'number') items = [value];
  else if (typeof value === 'object' && Object.hasOwn(value, 'id')) items = [value];
  else {
    report(`depends_on must be a list of ids, got ${describe(value)}; ignored`);
    return [];
  }
  const out: PendingDependency[] = [];
  for (const item of items) {
    const base = {
      to: dependent.id,
      rawTo: dependent.id,
      geometry: null,
      properties: Object.create(null) as Record<string, unknown>,
      source: dependent.source,
      reportId: dependent.id,
      toIndex,
    };
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const id = normalizeId(o.id);
      if (!id) {
        report(`a depends_on entry has no valid "id": ${describe(item)}; ignored`);
        continue;
      }
      out.push({ ...base, from: id, rawFrom: o.id, service: o.service, delay: o.delay_hours });
      continue;
    }
    const id = normalizeId(typeof item === 'string' ? item.replace(/^\s*"|"\s*$/g, '') : item);
    if (id === '') continue;
    if (id === undefined) {
      report(`a depends_on entry is not an id: ${describe(item)}; ignored`);
      continue;
    }
    out.push({ ...base, from: id, rawFrom: item, service: undefined, delay: undefined });
  }
  return out;
}

function parseDelay(value: unknown): number | { code: string; message: string } {
  if (value === undefined || value === null || value === '') return 0;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(value.trim().replace(/^([-+]?\d+),(\d+)$/, '$1.$2'))
        : NaN;
  if (Number.isNaN(n) || !Number.isFinite(n)) {
    return {
      code: 'invalid-delay',
      message: `delay_hours must be a number of hours, got ${describe(value)}`,
    };
  }
  if (n < 0) {
    return {
      code: 'negative-delay',
      message: `delay_hours must be 0 or more, got ${n} (a provider cannot fail after its dependents)`,
    };
  }
  return n;
}

function normalizeService(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? undefined : text;
}

function isLineString(g: unknown): g is LineString {
  return !!g && typeof g === 'object' && (g as { type?: unknown }).type === 'LineString';
}

/**
 * Looks up every pending dependency's endpoints; rejects unknown ids, self-dependencies and
 * bad delays; keeps the first of duplicates. `rejected` maps ids of rejected facilities to
 * their error code, so a dependency on one says why it is gone.
 */
export function resolveDependencies(
  pending: PendingDependency[],
  facilities: Facility[],
  indexById: Map<string, number>,
  rejected: Map<string, string>,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): Dependency[] {
  const dependencies: Dependency[] = [];
  // Duplicates are (provider, dependent, service) triples seen before: services numbered as
  // they come, triples in an open-addressing table of dependency numbers (no key strings).
  const serviceIds = new Map<string, number>();
  const keptFrom = new Int32Array(pending.length);
  const keptTo = new Int32Array(pending.length);
  const keptService = new Int32Array(pending.length);
  const keptDelay = new Float64Array(pending.length);
  const seen = new DependencyTable(pending.length);
  for (const d of pending) {
    if (d.from === undefined || d.to === undefined) {
      const [key, raw] = d.from === undefined ? ['from', d.rawFrom] : ['to', d.rawTo];
      errors.push(
        entry(
          d.source,
          d.reportId,
          'invalid-id',
          `a dependency's "${key}" must be a facility id (text or a number), got ${describe(raw)}; rejected`,
        ),
      );
      continue;
    }
    const from = indexById.get(d.from);
    const to = d.toIndex ?? indexById.get(d.to);
    if (from === undefined || to === undefined) {
      const missing = [from === undefined ? d.from : null, to === undefined ? d.to : null]
        .filter((x) => x !== null)
        .map((m) =>
          rejected.has(m) ? `${quote(m)} (itself rejected: ${rejected.get(m)})` : quote(m),
        );
      errors.push(
        entry(
          d.source,
          d.reportId,
          'unknown-endpoint',
          `dependency ${label(d, facilities, to)} names unknown facility id(s) ${missing.join(', ')}; rejected`,
        ),
      );
      continue;
    }
    if (from === to) {
      errors.push(
        entry(
          d.source,
          d.reportId,
          'self-dependency',
          `dependency ${label(d, facilities, to)}: a facility cannot depend on itself; rejected`,
        ),
      );
      continue;
    }
    const delay = parseDelay(d.delay);
    if (typeof delay !== 'number') {
      errors.push(
        entry(
          d.source,
          d.reportId,
          delay.code,
          `dependency ${label(d, facilities, to)}: ${delay.message}; rejected`,
        ),
      );
      continue;
    }
    let service = normalizeService(d.service);
    if (service === null) {
      warnings.push(
        entry(
          d.source,
          d.reportId,
          'invalid-service',
          `dependency ${label(d, facilities, to)}: service must be text, got ${describe(d.service)}; using the provider's sector`,
        ),
      );
      service = undefined;
    }
    service ??= facilities[from]!.sector;
    let serviceId = serviceIds.get(service);
    if (serviceId === undefined) {
      serviceId = serviceIds.size;
      serviceIds.set(service, serviceId);
    }
    const k = dependencies.length;
    keptFrom[k] = from;
    keptTo[k] = to;
    keptService[k] = serviceId;
    if (seen.findOrAdd(k, keptFrom, keptTo, keptService) !== k) {
      warnings.push(
        entry(
          d.source,
          d.reportId,
          'duplicate-dependency',
          `dependency ${label(d, facilities, to)} (${service}) is listed more than once; the first is kept`,
        ),
      );
      continue;
    }
    keptDelay[k] = delay;
    dependencies.push({
      from,
      to,
      service,
      delayHours: delay,
      geometry: isLineString(d.geometry) ? d.geometry : null,
      properties: d.properties,
      source: d.source,
    });
  }
  const m = dependencies.length;
  COLUMNS.set(dependencies, {
    from: keptFrom.subarray(0, m),
    to: keptTo.subarray(0, m),
    service: keptService.subarray(0, m),
    serviceNames: [...serviceIds.keys()],
    delayHours: keptDelay.subarray(0, m),
  });
  return dependencies;
}

/**
 * The dependencies of a list as resolveDependencies made it, in columns: provider, dependent,
 * service (numbered in order of first appearance: serviceNames), delay. buildGraph reads
 * these instead of millions of objects. A list is not changed after loading (an inventory is
 * replaced, never mutated); one of another length (or made elsewhere) has no columns.
 */
export interface DependencyColumns {
  from: Int32Array;
  to: Int32Array;
  service: Int32Array;
  serviceNames: string[];
  delayHours: Float64Array;
}

const COLUMNS = new WeakMap<readonly Dependency[], DependencyColumns>();

/** The columns of a list of dependencies made by resolveDependencies, if it is one. */
export function dependencyColumns(list: readonly Dependency[]): DependencyColumns | undefined {
  const columns = COLUMNS.get(list);
  return columns && columns.from.length === list.length ? columns : undefined;
}

/** "a" -> "b" for messages: the dependent as resolved (a generated id) when it is known. */
function label(d: PendingDependency, facilities: Facility[], to: number | undefined): string {
  const toId = to === undefined ? d.to! : facilities[to]!.id;
  return `${quote(d.from!)} -> ${quote(toId)}`;
}

/**
 * A set of (provider, dependent, service) triples, stored as numbers k into the caller's three
 * arrays: linear probing in a power-of-two table, sized for at most `capacity` triples.
 */
class DependencyTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The number of the equal triple already held, else k (now held). */
  findOrAdd(k: number, from: Int32Array, to: Int32Array, service: Int32Array): number {
    const f = from[k]!;
    const t = to[k]!;
    const s = service[k]!;
    let h =
      Math.imul(f, 0x9e3779b1) ^ Math.imul(t + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(s, 0xc2b2ae35);
    h ^= h >>> 15;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const j = this.slots[i]!;
      if (j === -1) {
        this.slots[i] = k;
        return k;
      }
      if (from[j] === f && to[j] === t && service[j] === s) return j;
    }
  }
}
