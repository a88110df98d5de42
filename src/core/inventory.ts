/**
 * Merging source files into one inventory of facilities and dependencies (SPEC 1).
 *
 * Two passes: first every facility (so a dependency may name a facility from any file), then
 * every dependency, from dependency features or rows and from `depends_on`, then k-of-n
 * settings. Each rejected or doubtful item lands in the report with its file, position, id,
 * a stable code and a plain message; everything valid loads.
 */
import { CountryIndex, normalizeCountry } from './countries.ts';
import { readSource, type InventorySource, type RawRecord } from './formats.ts';
import { checkGeometry } from './geometry-check.ts';
import { normalizeSector } from './sectors.ts';
import type { Dependency, Facility, Inventory, ReportEntry, SourceRef } from './types.ts';
import type { LineString } from 'geojson';

export type { InventorySource } from './formats.ts';

export interface LoadOptions {
  /** Derives missing countries from locations; without it they stay null. */
  countries?: CountryIndex | null;
}

export type LoadResult =
  { ok: true; inventory: Inventory } | { ok: false; file: string; code: string; message: string };

const FROM_KEYS = ['from', 'source', 'provider'] as const;
const TO_KEYS = ['to', 'target', 'dependent'] as const;

interface PendingDependency {
  from: string;
  to: string;
  service: unknown;
  delay: unknown;
  geometry: unknown;
  properties: Record<string, unknown>;
  source: SourceRef;
  /** The dependent's index, for dependencies that come from its `depends_on`. */
  toIndex?: number;
}

/**
 * Loads and merges sources into one inventory. Refuses the whole input only when a file
 * cannot be read at all, or when no facility remains.
 * @example loadInventory([{ name: 'grid.geojson', text }], { countries })
 */
export function loadInventory(sources: InventorySource[], options: LoadOptions = {}): LoadResult {
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  const facilities: Facility[] = [];
  const indexById = new Map<string, number>();
  const pending: PendingDependency[] = [];
  const missingId: number[] = [];
  const rawMinProviders: unknown[] = [];

  for (const source of sources) {
    const read = readSource(source);
    if (!read.ok) return { ok: false, file: source.name, code: read.code, message: read.message };
    errors.push(...read.errors);
    warnings.push(...read.warnings);
    for (const record of read.records) {
      const ref = { file: source.name, index: record.index };
      const dep = dependencyOf(record, ref);
      if (dep) {
        if (record.geometry !== null && !isLineString(record.geometry)) {
          warnings.push(
            entry(
              ref,
              undefined,
              'dependency-geometry',
              'a dependency geometry must be null or a LineString; ignored',
            ),
          );
          dep.geometry = null;
        }
        pending.push(dep);
        continue;
      }
      const facility = facilityOf(record, ref, errors, warnings);
      if (!facility) continue;
      if (facility.id !== '' && indexById.has(facility.id)) {
        const first = facilities[indexById.get(facility.id)!]!.source;
        errors.push(
          entry(
            ref,
            facility.id,
            'duplicate-id',
            `id "${facility.id}" is already used (${first.file}, position ${first.index}); this one was rejected`,
          ),
        );
        continue;
      }
      const index = facilities.length;
      facilities.push(facility);
      if (facility.id === '') missingId.push(index);
      else indexById.set(facility.id, index);
      rawMinProviders.push(record.properties.min_providers);
      pending.push(...dependsOnOf(record.properties.depends_on, facility, index, errors));
    }
  }

  for (const index of missingId) {
    const f = facilities[index]!;
    let id = `${baseName(f.source.file)}-${f.source.index}`;
    for (let k = 2; indexById.has(id); k++)
      id = `${baseName(f.source.file)}-${f.source.index}-${k}`;
    f.id = id;
    if (f.name === '') f.name = id;
    indexById.set(id, index);
    warnings.push(entry(f.source, id, 'missing-id', `no id: generated "${id}"`));
  }

  if (facilities.length === 0) {
    const file = sources.map((s) => s.name).join(', ');
    const why =
      errors.length > 0
        ? `; ${errors.length} feature(s) rejected, first: ${errors[0]!.message}`
        : '';
    return { ok: false, file, code: 'no-facilities', message: `no facility to load${why}` };
  }

  const countries = options.countries;
  if (countries) {
    for (const f of facilities) {
      if (f.country === null) {
        const [lon, lat] = representativePoint(f.geometry);
        f.country = countries.lookup(lon, lat);
      }
    }
  }

  const dependencies = resolveDependencies(pending, facilities, indexById, errors, warnings);
  applyMinProviders(facilities, dependencies, rawMinProviders, warnings);

  return {
    ok: true,
    inventory: {
      facilities,
      dependencies,
      indexById,
      errors,
      warnings,
      files: sources.map((s) => s.name),
    },
  };
}

function entry(ref: SourceRef, id: string | undefined, code: string, message: string): ReportEntry {
  return id === undefined
    ? { file: ref.file, index: ref.index, code, message }
    : { file: ref.file, index: ref.index, id, code, message };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, '') || 'feature';
}

function isLineString(g: unknown): g is LineString {
  return !!g && typeof g === 'object' && (g as { type?: unknown }).type === 'LineString';
}

/** An id as the SPEC normalizes it: string or finite number, as a string; '' when missing. */
function normalizeId(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function pick(props: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    if (Object.hasOwn(props, k) && props[k] !== null && props[k] !== '') return props[k];
  }
  return undefined;
}

function dependencyOf(record: RawRecord, ref: SourceRef): PendingDependency | null {
  const p = record.properties;
  const from = pick(p, FROM_KEYS);
  const to = pick(p, TO_KEYS);
  if (from === undefined || to === undefined) return null;
  return {
    from: normalizeId(from) ?? JSON.stringify(from),
    to: normalizeId(to) ?? JSON.stringify(to),
    service: p.service,
    delay: p.delay_hours,
    geometry: record.geometry,
    properties: p,
    source: ref,
  };
}

function facilityOf(
  record: RawRecord,
  ref: SourceRef,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): Facility | null {
  const p = record.properties;
  const rawId = Object.hasOwn(p, 'id') && p.id !== null && p.id !== '' ? p.id : record.featureId;
  const id = normalizeId(rawId);
  if (id === undefined) {
    errors.push(
      entry(
        ref,
        undefined,
        'invalid-id',
        `id must be a string or a number, got ${describe(rawId)}`,
      ),
    );
    return null;
  }
  const shownId = id === '' ? undefined : id;
  const checked = checkGeometry(record.geometry);
  if (!checked.ok) {
    errors.push(entry(ref, shownId, checked.code, checked.message));
    return null;
  }
  for (const w of checked.warnings) warnings.push(entry(ref, shownId, w.code, w.message));

  const rawName = p.name;
  const name =
    typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName).trim() : '';
  let country = normalizeCountry(p.country);
  if (country === undefined) {
    warnings.push(
      entry(
        ref,
        shownId,
        'unknown-country',
        `country ${describe(p.country)} is not an ISO 3166-1 code or English name; derived from the location instead`,
      ),
    );
    country = null;
  }
  return {
    id,
    name: name || id,
    sector: normalizeSector(p.sector),
    country,
    geometry: checked.geometry,
    properties: p,
    minProviders: Object.create(null),
    source: ref,
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `depends_on`: ids, `{id, service?, delay_hours?}` objects, or a comma-separated string. */
function dependsOnOf(
  value: unknown,
  dependent: Facility,
  toIndex: number,
  errors: ReportEntry[],
): PendingDependency[] {
  if (value === undefined || value === null || value === '') return [];
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        items = text.split(/[,;]/);
      }
    } else items = text.split(/[,;]/);
  } else if (typeof value === 'number') items = [value];
  else {
    errors.push(
      entry(
        dependent.source,
        dependent.id || undefined,
        'invalid-depends-on',
        `depends_on must be a list of ids, got ${describe(value)}`,
      ),
    );
    return [];
  }
  const out: PendingDependency[] = [];
  for (const item of items) {
    const base = {
      to: dependent.id,
      geometry: null,
      properties: Object.create(null) as Record<string, unknown>,
      source: dependent.source,
      toIndex,
    };
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const id = normalizeId(o.id);
      if (!id) {
        errors.push(
          entry(
            dependent.source,
            dependent.id || undefined,
            'invalid-depends-on',
            `a depends_on entry has no valid id: ${describe(item)}`,
          ),
        );
        continue;
      }
      out.push({ ...base, from: id, service: o.service, delay: o.delay_hours });
    } else {
      const id = normalizeId(item);
      if (id === '') continue;
      if (id === undefined) {
        errors.push(
          entry(
            dependent.source,
            dependent.id || undefined,
            'invalid-depends-on',
            `a depends_on entry is not an id: ${describe(item)}`,
          ),
        );
        continue;
      }
      out.push({ ...base, from: id, service: undefined, delay: undefined });
    }
  }
  return out;
}

function parseDelay(value: unknown): number | string {
  if (value === undefined || value === null || value === '') return 0;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? Number(value.trim().replace(/^([-+]?\d+),(\d+)$/, '$1.$2'))
        : NaN;
  if (!Number.isFinite(n))
    return `delay_hours must be a finite number of hours, got ${describe(value)}`;
  if (n < 0) return `delay_hours must be >= 0, got ${n}`;
  return n;
}

function resolveDependencies(
  pending: PendingDependency[],
  facilities: Facility[],
  indexById: Map<string, number>,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): Dependency[] {
  const dependencies: Dependency[] = [];
  const seen = new Set<string>();
  for (const d of pending) {
    const from = indexById.get(d.from);
    const to = d.toIndex ?? indexById.get(d.to);
    const toId = to === undefined ? d.to : facilities[to]!.id;
    const label = `${d.from} -> ${toId}`;
    const id = d.toIndex === undefined ? undefined : toId;
    if (from === undefined || to === undefined) {
      const missing = [from === undefined ? d.from : null, to === undefined ? d.to : null].filter(
        (x) => x !== null,
      );
      errors.push(
        entry(
          d.source,
          id,
          'unknown-endpoint',
          `dependency ${label} names unknown facility id(s) ${missing.map((m) => `"${m}"`).join(', ')}; rejected`,
        ),
      );
      continue;
    }
    if (from === to) {
      errors.push(
        entry(
          d.source,
          id,
          'self-dependency',
          `dependency ${label}: a facility cannot depend on itself; rejected`,
        ),
      );
      continue;
    }
    const delay = parseDelay(d.delay);
    if (typeof delay === 'string') {
      errors.push(
        entry(
          d.source,
          id,
          typeof d.delay === 'number' && d.delay < 0 ? 'negative-delay' : 'invalid-delay',
          `dependency ${label}: ${delay}; rejected`,
        ),
      );
      continue;
    }
    const service = normalizeService(d.service) ?? facilities[from]!.sector;
    const key = `${from}\u0000${to}\u0000${service}`;
    if (seen.has(key)) {
      warnings.push(
        entry(
          d.source,
          id,
          'duplicate-dependency',
          `dependency ${label} (${service}) is listed more than once; the first is kept`,
        ),
      );
      continue;
    }
    seen.add(key);
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
  return dependencies;
}

function normalizeService(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** `min_providers`: an object (or a JSON or "service:k;..." string in CSV) of service -> k. */
function applyMinProviders(
  facilities: Facility[],
  dependencies: Dependency[],
  raw: unknown[],
  warnings: ReportEntry[],
): void {
  const providerCount = new Map<string, number>();
  for (const d of dependencies) {
    const key = `${d.to}\u0000${d.service}`;
    providerCount.set(key, (providerCount.get(key) ?? 0) + 1);
  }
  raw.forEach((value, index) => {
    if (value === undefined || value === null || value === '') return;
    const f = facilities[index]!;
    const parsed = parseMinProviders(value);
    if (!parsed) {
      warnings.push(
        entry(
          f.source,
          f.id,
          'invalid-min-providers',
          `min_providers must map services to whole numbers, got ${describe(value)}; ignored`,
        ),
      );
      return;
    }
    for (const [service, k] of parsed) {
      const n = providerCount.get(`${index}\u0000${service}`) ?? 0;
      if (!Number.isInteger(k) || k < 1) {
        warnings.push(
          entry(
            f.source,
            f.id,
            'invalid-min-providers',
            `min_providers.${service} must be a whole number >= 1, got ${describe(k)}; using 1`,
          ),
        );
        continue;
      }
      if (n === 0) {
        warnings.push(
          entry(
            f.source,
            f.id,
            'min-providers-unused',
            `min_providers.${service} = ${k}, but the facility has no provider of ${service}`,
          ),
        );
        continue;
      }
      if (k > n) {
        warnings.push(
          entry(
            f.source,
            f.id,
            'min-providers-clamped',
            `min_providers.${service} = ${k}, but only ${n} provider(s) of ${service}: clamped to ${n}`,
          ),
        );
      }
      f.minProviders[service] = Math.min(k, n);
    }
  });
}

function parseMinProviders(value: unknown): [string, number][] | null {
  let obj: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        obj = JSON.parse(text);
      } catch {
        return null;
      }
    } else {
      const pairs: [string, number][] = [];
      for (const part of text.split(/[;,]/)) {
        const m = /^\s*([^:=]+?)\s*[:=]\s*(\S+)\s*$/.exec(part);
        if (!m) return null;
        pairs.push([m[1]!, Number(m[2])]);
      }
      return pairs;
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  return Object.keys(obj).map((k) => {
    const v = (obj as Record<string, unknown>)[k];
    return [k.trim(), typeof v === 'string' ? Number(v) : (v as number)];
  });
}

/** A point that stands for a geometry: the point, the first vertex, or a middle vertex. */
export function representativePoint(g: Facility['geometry']): [number, number] {
  let p: number[] | undefined;
  switch (g.type) {
    case 'Point':
      p = g.coordinates;
      break;
    case 'MultiPoint':
      p = g.coordinates[0];
      break;
    case 'LineString':
      p = g.coordinates[Math.floor(g.coordinates.length / 2)];
      break;
    case 'MultiLineString':
      p = g.coordinates[0]?.[Math.floor((g.coordinates[0]?.length ?? 0) / 2)];
      break;
    case 'Polygon':
      p = ringCentre(g.coordinates[0]!);
      break;
    case 'MultiPolygon':
      p = ringCentre(g.coordinates[0]![0]!);
      break;
  }
  return [p?.[0] ?? 0, p?.[1] ?? 0];
}

function ringCentre(ring: number[][]): number[] {
  let x = 0;
  let y = 0;
  const n = Math.max(1, ring.length - 1);
  for (let i = 0; i < n; i++) {
    x += ring[i]![0]!;
    y += ring[i]![1]!;
  }
  return [x / n, y / n];
}
