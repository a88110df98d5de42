/**
 * Dependencies (docs/format.md §1.5): from dependency features or rows (`from`/`to` and their
 * aliases) and from facilities' `depends_on`, resolved against the facility ids once every file is
 * read.
 */
import { decimalNumber } from './decimal.ts';
import { MAX_NESTING, nestingDepth } from './json-text.ts';
import { describe, entry, quote } from './report.ts';
import type { DependencyTable, Facility, ReportEntry } from './types.ts';
import type { LineString } from 'geojson';

const FROM_KEYS = ['from', 'source', 'provider'] as const;
const TO_KEYS = ['to', 'target', 'dependent'] as const;

/**
 * Dependencies as read, before their endpoints are looked up. A dependency feature or row is
 * kept as its ids, its properties and its position (file number, index) only: its service,
 * delay and raw ends are read again from its properties when it is resolved. At millions of dependencies,
 * every object or reference kept per dependency until all files are read costs the
 * young-generation GC a copy on its way to the old one (issue #7); the properties are kept
 * anyway (they are part of the Dependency), the position is in typed arrays, and only a
 * `depends_on` entry or a route has an object of its own here.
 */
export class PendingDependencies {
  /** Per dependency: its properties (for `depends_on`, a new empty object each). */
  private readonly props = objectArray<Record<string, unknown>>();
  /** Per dependency: its file's number in `fileNames` and its index there (features, rows). */
  private fileNumbers = new Int32Array(1024);
  private indexes = new Int32Array(1024);
  private readonly fileNames = objectArray<string>();
  /** Per dependency: the provider's and dependent's ids (undefined: the value is no id). */
  private readonly fromIds = objectArray<string | undefined>();
  private readonly toIds = objectArray<string | undefined>();
  /** Per dependency: its `depends_on` entry, or undefined for a feature or row. */
  private readonly dependsOn = objectArray<DependsOnEntry | undefined>();
  /** Features' geometries other than null (routes), and their own ids, by number. */
  private readonly geometries = new Map<number, unknown>();
  private readonly reportIds = new Map<number, string>();

  get length(): number {
    return this.props.length;
  }

  /**
   * Adds the dependency a feature or row describes, if it is one (it names both ends).
   * @returns whether it was one
   */
  addRecord(
    props: Record<string, unknown>,
    geometry: unknown,
    file: string,
    index: number,
    reportId: string | undefined,
  ): boolean {
    const from = pick(props, FROM_KEYS);
    if (from === undefined) return false;
    const to = pick(props, TO_KEYS);
    if (to === undefined) return false;
    const k = this.add(normalizeId(from), normalizeId(to), props, undefined);
    let fileNumber = this.fileNames.length - 1;
    if (this.fileNames[fileNumber] !== file) fileNumber = this.fileNames.push(file) - 1;
    this.fileNumbers[k] = fileNumber;
    this.indexes[k] = index;
    if (geometry !== null) this.geometries.set(k, geometry);
    if (reportId !== undefined) this.reportIds.set(k, reportId);
    return true;
  }

  /** Adds one entry of a facility's `depends_on`. */
  addDependsOn(entry: DependsOnEntry): void {
    this.add(entry.from, entry.reportId, Object.create(null), entry);
  }

  private add(
    from: string | undefined,
    to: string | undefined,
    props: Record<string, unknown>,
    entry: DependsOnEntry | undefined,
  ): number {
    const k = this.props.length;
    if (k === this.indexes.length) {
      this.fileNumbers = grow(this.fileNumbers);
      this.indexes = grow(this.indexes);
    }
    this.fromIds.push(from);
    this.toIds.push(to);
    this.props.push(props);
    this.dependsOn.push(entry);
    return k;
  }

  /**
   * Dependency k as resolveDependencies reads it. One call per dependency that fills `out`
   * (not an object per dependency, not a call per field: a 10k load runs mostly before the
   * optimizing compiler has inlined small calls).
   */
  read(k: number, out: PendingView): void {
    const props = this.props[k]!;
    const d = this.dependsOn[k];
    out.from = this.fromIds[k];
    out.to = this.toIds[k];
    out.properties = props;
    if (d === undefined) {
      out.toIndex = -1;
      out.service = props.service;
      out.delay = props.delay_hours;
      out.geometry = this.geometries.size === 0 ? null : (this.geometries.get(k) ?? null);
      out.file = this.fileNames[this.fileNumbers[k]!]!;
      out.index = this.indexes[k]!;
      out.reportId = this.reportIds.size === 0 ? undefined : this.reportIds.get(k);
    } else {
      const entry = isEntryObject(d.entry) ? d.entry : undefined;
      out.toIndex = d.dependentIndex;
      out.service = entry?.service;
      out.delay = entry?.delay_hours;
      out.geometry = null;
      out.file = d.dependent.source.file;
      out.index = d.dependent.source.index;
      out.reportId = d.reportId;
    }
  }

  /** The provider as given (for messages about an id that is not one). */
  rawFrom(k: number): unknown {
    const d = this.dependsOn[k];
    if (!d) return pick(this.props[k]!, FROM_KEYS);
    return isEntryObject(d.entry) ? d.entry.id : d.entry;
  }

  /** The dependent as given: a feature's or row's; a `depends_on` names its dependent's id. */
  rawTo(k: number): unknown {
    return this.dependsOn[k] ? this.toIds[k] : pick(this.props[k]!, TO_KEYS);
  }
}

/** One pending dependency as PendingDependencies.read gives it. */
export interface PendingView {
  /** The provider's id, or undefined when the value is not an id at all. */
  from: string | undefined;
  /** The dependent's id; for `depends_on`, as it was when read ('' before a generated one). */
  to: string | undefined;
  /** The dependent's index for a `depends_on`, else -1 (to be looked up by id). */
  toIndex: number;
  service: unknown;
  delay: unknown;
  geometry: unknown;
  properties: Record<string, unknown>;
  /** Where it was read (a `depends_on`: where its dependent was): the view is its SourceRef. */
  file: string;
  index: number;
  /** The id reported with problems: the feature's own, or the dependent's for `depends_on`. */
  reportId: string | undefined;
}

/** One entry of a facility's `depends_on`, as read. */
interface DependsOnEntry {
  /** The provider's id. */
  from: string;
  /** The entry: an id, or an `{id, service?, delay_hours?}` object. */
  entry: unknown;
  dependent: Facility;
  dependentIndex: number;
  /** The dependent's id when it was read ('' until a missing id is generated). */
  reportId: string;
}

/**
 * An empty array made to hold objects and strings from the start. An empty `[]` starts as an
 * array of small integers and changes kind at its first push; the code that fills these
 * columns then met arrays of both kinds, one load after another, and was deoptimized again
 * and again (a 10k load ran 1.3x slower).
 */
function objectArray<T>(): T[] {
  const array: unknown[] = [null];
  array.length = 0;
  return array as T[];
}

function grow(column: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(column.length * 2);
  bigger.set(column);
  return bigger;
}

/** A `depends_on` entry given as an object (`{id, service?, delay_hours?}`). */
function isEntryObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * An id as docs/format.md §1.1 normalizes it: a string (trimmed) or a finite number, as a string;
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

/**
 * Adds the dependencies of a facility's `depends_on` to `pending`: ids, `{id, service?,
 * delay_hours?}` objects, or a comma-separated string.
 */
export function addDependsOn(
  value: unknown,
  dependent: Facility,
  toIndex: number,
  pending: PendingDependencies,
  errors: ReportEntry[],
): void {
  if (value === undefined || value === null || value === '') return;
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
        if (nestingDepth(parsed, MAX_NESTING) > MAX_NESTING) {
          report(`depends_on nests lists or objects more than ${MAX_NESTING} levels deep; ignored`);
          return;
        }
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        items = text.replace(/^\[|\]$/g, '').split(/[,;]/);
      }
    }
  } else if (typeof value === 'number') items = [value];
  else if (typeof value === 'object' && Object.hasOwn(value, 'id')) items = [value];
  else {
    report(`depends_on must be a list of ids, got ${describe(value)}; ignored`);
    return;
  }
  const reportId = dependent.id;
  for (const item of items) {
    if (isEntryObject(item)) {
      const id = normalizeId(item.id);
      if (!id) {
        report(`a depends_on entry has no valid "id": ${describe(item)}; ignored`);
        continue;
      }
      pending.addDependsOn({ from: id, entry: item, dependent, dependentIndex: toIndex, reportId });
      continue;
    }
    const id = normalizeId(typeof item === 'string' ? item.replace(/^\s*"|"\s*$/g, '') : item);
    if (id === '') continue;
    if (id === undefined) {
      report(`a depends_on entry is not an id: ${describe(item)}; ignored`);
      continue;
    }
    pending.addDependsOn({ from: id, entry: item, dependent, dependentIndex: toIndex, reportId });
  }
}

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
