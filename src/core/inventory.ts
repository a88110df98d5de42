/**
 * Merging source files into one inventory of facilities and dependencies (docs/format.md §1).
 *
 * Two passes: first every facility (so a dependency may name a facility from any file), then
 * every dependency, from dependency features or rows and from `depends_on`, then k-of-n
 * settings. Each rejected or doubtful item lands in the report with its file, position, id,
 * a stable code and a plain message; everything valid loads.
 */
import { CountryIndex } from './countries.ts';
import { normalizeCountry } from './country-codes.ts';
import { addDependsOn, endpointKeys, normalizeId, PendingDependencies } from './dependencies.ts';
import { resolveDependencies } from './dependency-resolve.ts';
import { readSourceInto, type InventorySource, type RawRecord } from './formats.ts';
import { checkGeometry } from './geometry-check.ts';
import { checkLocations } from './location-checks.ts';
import { applyMinProviders } from './min-providers.ts';
import { checkPopulation } from './people.ts';
import { checkRecoveryProperties } from './recovery-data.ts';
import { describe, entry, quote, sortReport, where } from './report.ts';
import { representativePoint } from './representative-point.ts';
import { CORE_SECTORS, normalizeSector } from './sectors.ts';
import type { Facility, Inventory, ReportEntry, SourceRef } from './types.ts';

export type { InventorySource } from './formats.ts';

export interface LoadOptions {
  /** Derives missing countries from locations; without it they stay null. */
  countries?: CountryIndex | null;
}

export type LoadResult =
  | { ok: true; inventory: Inventory }
  | {
      ok: false;
      file: string;
      code: string;
      message: string;
      /** What was reported before the input was refused (every feature rejected, say). */
      errors: ReportEntry[];
      warnings: ReportEntry[];
    };

/**
 * Loads and merges sources into one inventory. Refuses the whole input only when a file
 * cannot be read at all, or when no facility remains.
 * @example loadInventory([{ name: 'grid.geojson', text }], { countries })
 */
export function loadInventory(sources: InventorySource[], options: LoadOptions = {}): LoadResult {
  let errors: ReportEntry[] = [];
  let warnings: ReportEntry[] = [];
  const files = sources.map((s) => s.name);
  const facilities: Facility[] = [];
  const givenCountry: boolean[] = [];
  const indexById = new Map<string, number>();
  const rejected = new Map<string, string>();
  const pending = new PendingDependencies();
  const missingId: number[] = [];
  const rawMinProviders: unknown[] = [];
  const unknownSectors = new Set<string>();
  let records = 0;

  // Each record becomes a facility or a pending dependency as it is read, and is then dropped.
  const add = (record: RawRecord, file: string, owned: boolean): void => {
    const rawId = rawIdOf(record);
    const id = normalizeId(rawId);
    const geometry = record.geometry;
    const route = geometry === null || isLineString(geometry);
    const reportId = id || undefined;
    // A dependency keeps no object of its own until it is resolved (PendingDependencies).
    if (
      pending.addRecord(record.properties, route ? geometry : null, file, record.index, reportId)
    ) {
      if (!route) {
        warnings.push(
          entry(
            { file, index: record.index },
            reportId,
            'dependency-geometry',
            'a dependency geometry must be null or a LineString (the route); ignored',
          ),
        );
      }
      return;
    }
    const ref = { file, index: record.index };
    const facility = facilityOf(record, rawId, id, ref, owned, errors, warnings);
    if (!facility) {
      if (id) rejected.set(id, errors.at(-1)?.code ?? 'rejected');
      return;
    }
    if (facility.id !== '' && indexById.has(facility.id)) {
      const first = facilities[indexById.get(facility.id)!]!.source;
      errors.push(
        entry(
          ref,
          facility.id,
          'duplicate-id',
          `id ${quote(facility.id)} is already used (${first.file}, ${where(first)}); this one was rejected`,
        ),
      );
      return;
    }
    if (!CORE_SECTOR_SET.has(facility.sector) && !unknownSectors.has(facility.sector)) {
      unknownSectors.add(facility.sector);
      warnings.push(
        entry(
          ref,
          facility.id,
          'unknown-sector',
          `sector ${describe(record.properties.sector)} is not one of ${CORE_SECTORS.join(', ')}; kept as ${quote(facility.sector)} (reported once per sector)`,
        ),
      );
    }
    const index = facilities.length;
    facilities.push(facility);
    givenCountry.push(facility.country !== null);
    if (facility.id === '') missingId.push(index);
    else indexById.set(facility.id, index);
    rawMinProviders.push(record.properties.min_providers);
    const dependsOn = record.properties.depends_on;
    if (dependsOn !== undefined) addDependsOn(dependsOn, facility, index, pending, errors);
  };

  for (const source of sources) {
    const read = readSourceInto(source, errors, warnings, (record, owned) =>
      add(record, source.name, owned),
    );
    if (!read.ok) {
      const result = {
        ok: false as const,
        file: source.name,
        code: read.code,
        message: read.message,
      };
      return {
        ...result,
        errors: sortReport(errors, files),
        warnings: sortReport(warnings, files),
      };
    }
    records += read.records;
  }

  for (const index of missingId) {
    const f = facilities[index]!;
    let id = `${baseName(f.source.file)}-${f.source.index}`;
    for (let k = 2; indexById.has(id); k++)
      id = `${baseName(f.source.file)}-${f.source.index}-${k}`;
    f.id = id;
    if (f.name === '') f.name = id;
    indexById.set(id, index);
    warnings.push(entry(f.source, id, 'missing-id', `no id: generated ${quote(id)}`));
  }

  if (facilities.length === 0) {
    const file = files.join(', ');
    const message = noFacilityMessage(records, pending.length, errors);
    return {
      ok: false,
      file,
      code: 'no-facilities',
      message,
      errors: sortReport(errors, files),
      warnings: sortReport(warnings, files),
    };
  }

  const lons = new Float64Array(facilities.length);
  const lats = new Float64Array(facilities.length);
  for (let i = 0; i < facilities.length; i++) {
    const g = facilities[i]!.geometry;
    if (g.type === 'Point') {
      lons[i] = g.coordinates[0]!;
      lats[i] = g.coordinates[1]!;
    } else {
      [lons[i], lats[i]] = representativePoint(g);
    }
  }
  const countries = options.countries;
  if (countries) {
    for (let i = 0; i < facilities.length; i++) {
      const f = facilities[i]!;
      if (f.country === null) f.country = countries.lookup(lons[i]!, lats[i]!);
    }
  }
  checkLocations(facilities, givenCountry, lons, lats, countries, warnings);

  const dependencies = resolveDependencies(
    pending,
    facilities,
    indexById,
    rejected,
    errors,
    warnings,
  );
  applyMinProviders(facilities, dependencies, rawMinProviders, warnings);
  checkPopulation(facilities, warnings);
  checkRecoveryProperties(facilities, warnings);
  errors = sortReport(errors, files);
  warnings = sortReport(warnings, files);
  return {
    ok: true,
    inventory: { facilities, dependencies, indexById, errors, warnings, files },
  };
}

function noFacilityMessage(records: number, dependencies: number, errors: ReportEntry[]): string {
  if (records === 0) return 'no facility to load: the input holds no features or rows';
  if (errors.length > 0) {
    return `no facility to load: ${errors.length} item(s) rejected, first: ${errors[0]!.message}`;
  }
  if (dependencies > 0) {
    return `no facility to load: only ${dependencies} dependency(ies); load them together with the facilities they name`;
  }
  return 'no facility to load';
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, '') || 'feature';
}

function isLineString(g: unknown): boolean {
  return !!g && typeof g === 'object' && (g as { type?: unknown }).type === 'LineString';
}

/** The id value a record gives: properties.id, else the Feature's id. */
function rawIdOf(record: RawRecord): unknown {
  const p = record.properties;
  return Object.hasOwn(p, 'id') && p.id !== null && p.id !== '' ? p.id : record.featureId;
}

/**
 * The k-of-n settings of every facility that has none: one frozen empty null-prototype object
 * (applyMinProviders gives a facility its own object when it sets one), not one per facility.
 */
const NO_MIN_PROVIDERS: Record<string, number> = Object.freeze(Object.create(null));

const CORE_SECTOR_SET: ReadonlySet<string> = new Set(CORE_SECTORS);

function facilityOf(
  record: RawRecord,
  rawId: unknown,
  id: string | undefined,
  ref: SourceRef,
  owned: boolean,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): Facility | null {
  const p = record.properties;
  if (id === undefined) {
    errors.push(
      entry(
        ref,
        undefined,
        'invalid-id',
        `id must be text or a number, got ${describe(rawId)}; rejected`,
      ),
    );
    return null;
  }
  const checked = checkGeometry(record.geometry, owned);
  if (!checked.ok) {
    const ends = endpointKeys(p);
    if (checked.code === 'missing-geometry' && (ends.from || ends.to)) {
      const [has, lacks] = ends.from ? ['"from"', '"to"'] : ['"to"', '"from"'];
      const message = `a dependency needs both ends: this one has ${has} but no ${lacks} (and no geometry, so it is no facility either); rejected`;
      errors.push(entry(ref, id, 'incomplete-dependency', message));
    } else errors.push(entry(ref, id, checked.code, `${checked.message}; rejected`));
    return null;
  }
  for (const w of checked.warnings) warnings.push(entry(ref, id, w.code, w.message));

  const rawName = p.name;
  const name =
    typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName).trim() : '';
  let country = normalizeCountry(p.country);
  if (country === undefined) {
    warnings.push(
      entry(
        ref,
        id,
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
    minProviders: NO_MIN_PROVIDERS,
    source: ref,
  };
}
