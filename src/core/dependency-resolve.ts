/**
 * Resolving the dependencies read (dependencies.ts) once every facility is known
 * (docs/format.md §1.5): each end looked up among the facility ids, the delay and service
 * checked, duplicates folded, into the inventory's columns (DependencyTable). Every rejected
 * one lands in the report with its position and a plain message.
 */
import { decimalNumber } from './decimal.ts';
import { objectArray, type PendingDependencies, type PendingView } from './dependencies.ts';
import { describe, entry, quote } from './report.ts';
import type { DependencyTable, Facility, ReportEntry } from './types.ts';
import type { LineString } from 'geojson';

/**
 * The longest delay taken as given (about 114,000 years): longer ones are read as this, so a
 * sum of delays along any chain stays a finite number of hours (1e308 twice is Infinity).
 */
export const MAX_DELAY_HOURS = 1e9;

function parseDelay(value: unknown): number | { code: string; message: string } {
  if (value === undefined || value === null || value === '') return 0;
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? decimalNumber(value) : NaN;
  if (Number.isNaN(n) || !Number.isFinite(n)) {
    const notDecimal = typeof value === 'string' && /^\s*[-+]?0[xob]/i.test(value);
    return {
      code: 'invalid-delay',
      message: notDecimal
        ? `delay_hours must be a decimal number of hours, got ${describe(value)} (hexadecimal, octal and binary are not read)`
        : `delay_hours must be a number of hours, got ${describe(value)}`,
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
  pending: PendingDependencies,
  facilities: Facility[],
  indexById: Map<string, number>,
  rejected: Map<string, string>,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): DependencyTable {
  const table = new TableBuilder(pending.length);
  const view = emptyView();
  const report = { facilities, errors, warnings };
  // One object for every row's ends (no allocation per dependency at millions of them).
  const ends = { from: -1, to: -1 };
  for (let d = 0; d < pending.length; d++) {
    pending.read(d, view);
    if (!endpointsOf(pending, d, view, indexById, rejected, report, ends)) continue;
    const delay = delayOf(view, ends, report);
    if (delay === null) continue;
    const service = serviceOf(view, ends, report);
    if (!table.add(ends.from, ends.to, service, delay, view)) {
      report.warnings.push(
        entry(
          view,
          view.reportId,
          'duplicate-dependency',
          `dependency ${labelOf(view.from!, view.to!, facilities, ends.to)} (${service}) is listed more than once; the first is kept`,
        ),
      );
    }
  }
  return table.finish();
}

/** Where the steps of resolveDependencies report, and the facilities they name. */
interface Report {
  facilities: Facility[];
  errors: ReportEntry[];
  warnings: ReportEntry[];
}

function emptyView(): PendingView {
  return {
    from: undefined,
    to: undefined,
    toIndex: -1,
    service: undefined,
    delay: undefined,
    geometry: null,
    properties: Object.create(null),
    file: '',
    index: 0,
    reportId: undefined,
  };
}

/**
 * Sets `ends` to the provider's and dependent's indices; false (reported) when an end is no
 * id, names no facility (or a rejected one), or both ends are the same facility.
 */
function endpointsOf(
  pending: PendingDependencies,
  d: number,
  view: PendingView,
  indexById: Map<string, number>,
  rejected: Map<string, string>,
  report: Report,
  ends: { from: number; to: number },
): boolean {
  const fromId = view.from;
  const toId = view.to;
  if (fromId === undefined || toId === undefined) {
    const [key, raw] =
      fromId === undefined ? ['from', pending.rawFrom(d)] : ['to', pending.rawTo(d)];
    report.errors.push(
      entry(
        view,
        view.reportId,
        'invalid-id',
        `a dependency's "${key}" must be a facility id (text or a number), got ${describe(raw)}; rejected`,
      ),
    );
    return false;
  }
  const from = indexById.get(fromId);
  const to = view.toIndex >= 0 ? view.toIndex : indexById.get(toId);
  if (from === undefined || to === undefined) {
    const missing = [from === undefined ? fromId : null, to === undefined ? toId : null]
      .filter((x) => x !== null)
      .map((m) =>
        rejected.has(m) ? `${quote(m)} (itself rejected: ${rejected.get(m)})` : quote(m),
      );
    report.errors.push(
      entry(
        view,
        view.reportId,
        'unknown-endpoint',
        `dependency ${labelOf(fromId, toId, report.facilities, to)} names unknown facility id(s) ${missing.join(', ')}; rejected`,
      ),
    );
    return false;
  }
  if (from === to) {
    report.errors.push(
      entry(
        view,
        view.reportId,
        'self-dependency',
        `dependency ${labelOf(fromId, toId, report.facilities, to)}: a facility cannot depend on itself; rejected`,
      ),
    );
    return false;
  }
  ends.from = from;
  ends.to = to;
  return true;
}

/** The delay in hours (capped at MAX_DELAY_HOURS, with a warning), or null when rejected. */
function delayOf(view: PendingView, ends: { to: number }, report: Report): number | null {
  const delay = parseDelay(view.delay);
  if (typeof delay === 'number' && delay <= MAX_DELAY_HOURS) return delay;
  const label = labelOf(view.from!, view.to!, report.facilities, ends.to);
  if (typeof delay !== 'number') {
    report.errors.push(
      entry(view, view.reportId, delay.code, `dependency ${label}: ${delay.message}; rejected`),
    );
    return null;
  }
  report.warnings.push(
    entry(
      view,
      view.reportId,
      'delay-capped',
      `dependency ${label}: delay_hours ${delay} is more than ${MAX_DELAY_HOURS.toLocaleString('en-US')} hours (about 114,000 years); read as ${MAX_DELAY_HOURS.toLocaleString('en-US')} so that hours along a chain stay finite`,
    ),
  );
  return MAX_DELAY_HOURS;
}

/** The service, or the provider's sector when none is given (a warning when it is no text). */
function serviceOf(view: PendingView, ends: { from: number; to: number }, report: Report): string {
  const service = normalizeService(view.service);
  if (service === null) {
    report.warnings.push(
      entry(
        view,
        view.reportId,
        'invalid-service',
        `dependency ${labelOf(view.from!, view.to!, report.facilities, ends.to)}: service must be text, got ${describe(view.service)}; using the provider's sector`,
      ),
    );
  }
  return service ?? report.facilities[ends.from]!.sector;
}

/**
 * The dependency table as it is filled: one row per kept dependency, in columns. Duplicates
 * are (provider, dependent, service) triples seen before: services numbered as they come,
 * triples in an open-addressing table of row numbers (no key strings).
 */
class TableBuilder {
  readonly #from: Int32Array;
  readonly #to: Int32Array;
  readonly #service: Int32Array;
  readonly #delay: Float64Array;
  readonly #file: Int32Array;
  readonly #index: Int32Array;
  readonly #properties = objectArray<Record<string, unknown>>();
  readonly #routes = new Map<number, LineString>();
  readonly #serviceIds = new Map<string, number>();
  readonly #files = new Map<string, number>();
  readonly #seen: TripleSet;
  #lastFile = '';
  #lastFileNumber = -1;
  #m = 0;

  constructor(capacity: number) {
    this.#from = new Int32Array(capacity);
    this.#to = new Int32Array(capacity);
    this.#service = new Int32Array(capacity);
    this.#delay = new Float64Array(capacity);
    this.#file = new Int32Array(capacity);
    this.#index = new Int32Array(capacity);
    this.#seen = new TripleSet(capacity);
  }

  /** Adds a row; false (nothing added) when the triple is already in the table. */
  add(from: number, to: number, service: string, delay: number, view: PendingView): boolean {
    let serviceId = this.#serviceIds.get(service);
    if (serviceId === undefined) {
      serviceId = this.#serviceIds.size;
      this.#serviceIds.set(service, serviceId);
    }
    const k = this.#m;
    this.#from[k] = from;
    this.#to[k] = to;
    this.#service[k] = serviceId;
    if (this.#seen.findOrAdd(k, this.#from, this.#to, this.#service) !== k) return false;
    this.#delay[k] = delay;
    if (view.file !== this.#lastFile || this.#lastFileNumber < 0) {
      this.#lastFile = view.file;
      this.#lastFileNumber = this.#files.get(view.file) ?? this.#files.size;
      this.#files.set(view.file, this.#lastFileNumber);
    }
    this.#file[k] = this.#lastFileNumber;
    this.#index[k] = view.index;
    this.#properties.push(view.properties);
    if (isLineString(view.geometry)) this.#routes.set(k, view.geometry);
    this.#m++;
    return true;
  }

  finish(): DependencyTable {
    const m = this.#m;
    return {
      length: m,
      from: fitted(this.#from, m),
      to: fitted(this.#to, m),
      service: fitted(this.#service, m),
      services: [...this.#serviceIds.keys()],
      delayHours: fitted(this.#delay, m),
      routes: this.#routes,
      properties: this.#properties,
      sourceFile: fitted(this.#file, m),
      sourceFiles: [...this.#files.keys()],
      sourceIndex: fitted(this.#index, m),
    };
  }
}

/** The first m entries: the array itself when that is all of it (no copy at millions). */
function fitted<T extends Int32Array | Float64Array>(array: T, m: number): T {
  return (array.length === m ? array : array.slice(0, m)) as T;
}

/** "a" -> "b" for messages: the dependent as resolved (a generated id) when it is known. */
function labelOf(
  fromId: string,
  toId: string,
  facilities: Facility[],
  to: number | undefined,
): string {
  return `${quote(fromId)} -> ${quote(to === undefined ? toId : facilities[to]!.id)}`;
}

/**
 * A set of (provider, dependent, service) triples, stored as numbers k into the caller's three
 * arrays: linear probing in a power-of-two table, sized for at most `capacity` triples.
 */
class TripleSet {
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
