/**
 * Dependencies (docs/format.md §1.5) as read: from dependency features or rows (`from`/`to` and
 * their aliases) and from facilities' `depends_on`, kept until every file is read; then
 * dependency-resolve.ts looks their ends up among the facility ids.
 */
import { MAX_NESTING, nestingDepth } from './json-text.ts';
import { describe, entry } from './report.ts';
import type { Facility, ReportEntry } from './types.ts';

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
export function objectArray<T>(): T[] {
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
