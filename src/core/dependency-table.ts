/**
 * Reading and making an inventory's dependency table (types.ts, DependencyTable): one
 * dependency as an object, its service and source, and a table from objects (tests, and any
 * list not made by the loader).
 */
import type { LineString } from 'geojson';
import type { Dependency, DependencyTable, SourceRef } from './types.ts';

/** Dependency k as an object (made on each call: keep it if you need it twice). */
export function dependencyAt(table: DependencyTable, k: number): Dependency {
  return {
    from: table.from[k]!,
    to: table.to[k]!,
    service: table.services[table.service[k]!]!,
    delayHours: table.delayHours[k]!,
    geometry: table.routes.get(k) ?? null,
    properties: table.properties[k]!,
    source: dependencySource(table, k),
  };
}

/** The service dependency k carries. */
export function serviceOf(table: DependencyTable, k: number): string {
  return table.services[table.service[k]!]!;
}

/** Where dependency k came from. */
export function dependencySource(table: DependencyTable, k: number): SourceRef {
  return { file: table.sourceFiles[table.sourceFile[k]!]!, index: table.sourceIndex[k]! };
}

/** Every dependency of a table as an object, in order. */
export function dependencyRows(table: DependencyTable): Dependency[] {
  return Array.from({ length: table.length }, (_, k) => dependencyAt(table, k));
}

/**
 * The table of a list of dependency objects, in the same order (services and source files
 * numbered in order of first appearance, as the loader numbers them).
 * @example buildGraph({ facilities, dependencies: dependencyTable([{ from: 0, to: 1, ... }]) })
 */
export function dependencyTable(rows: readonly Dependency[]): DependencyTable {
  const m = rows.length;
  const services = new Map<string, number>();
  const files = new Map<string, number>();
  const number = (names: Map<string, number>, name: string) => {
    let k = names.get(name);
    if (k === undefined) names.set(name, (k = names.size));
    return k;
  };
  const table = {
    length: m,
    from: new Int32Array(m),
    to: new Int32Array(m),
    service: new Int32Array(m),
    services: [] as string[],
    delayHours: new Float64Array(m),
    routes: new Map(),
    properties: rows.map((d) => d.properties),
    sourceFile: new Int32Array(m),
    sourceFiles: [] as string[],
    sourceIndex: new Int32Array(m),
  };
  rows.forEach((d, k) => {
    table.from[k] = d.from;
    table.to[k] = d.to;
    table.service[k] = number(services, d.service);
    table.delayHours[k] = d.delayHours;
    if (d.geometry) table.routes.set(k, d.geometry);
    table.sourceFile[k] = number(files, d.source.file);
    table.sourceIndex[k] = d.source.index;
  });
  table.services = [...services.keys()];
  table.sourceFiles = [...files.keys()];
  return table;
}

/** A table with no dependencies. */
export function emptyDependencies(): DependencyTable {
  return dependencyTable([]);
}

/** A table as JSON values (typed arrays as number arrays, routes as [row, route] pairs). */
export interface DependencyTableJson {
  from: number[];
  to: number[];
  service: number[];
  services: string[];
  delayHours: number[];
  routes: [number, LineString][];
  properties: Record<string, unknown>[];
  sourceFile: number[];
  sourceFiles: string[];
  sourceIndex: number[];
}

/** The table as JSON values (the prepared sample's form). */
export function dependencyTableToJson(table: DependencyTable): DependencyTableJson {
  return {
    from: Array.from(table.from),
    to: Array.from(table.to),
    service: Array.from(table.service),
    services: [...table.services],
    delayHours: Array.from(table.delayHours),
    routes: [...table.routes],
    properties: [...table.properties],
    sourceFile: Array.from(table.sourceFile),
    sourceFiles: [...table.sourceFiles],
    sourceIndex: Array.from(table.sourceIndex),
  };
}

/**
 * The table of its JSON form, after checking that every column has one entry per dependency
 * and every number names a service, a file or a row that exists (the properties are taken as
 * they are: the caller restores their prototype).
 */
export function dependencyTableFromJson(json: DependencyTableJson): DependencyTable {
  const m = Array.isArray(json.from) ? json.from.length : -1;
  const columns = [
    json.from,
    json.to,
    json.service,
    json.delayHours,
    json.properties,
    json.sourceFile,
    json.sourceIndex,
  ];
  if (m < 0 || columns.some((c) => !Array.isArray(c) || c.length !== m))
    throw new Error('the dependency columns differ in length');
  const within = (values: unknown[], n: number) =>
    values.every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n);
  if (
    !Array.isArray(json.services) ||
    !Array.isArray(json.sourceFiles) ||
    !Array.isArray(json.routes) ||
    !within(json.service, json.services.length) ||
    !within(json.sourceFile, json.sourceFiles.length) ||
    !within(
      json.routes.map((r) => r[0]),
      m,
    )
  )
    throw new Error('a dependency names a service, file or row that is not there');
  return {
    length: m,
    from: Int32Array.from(json.from),
    to: Int32Array.from(json.to),
    service: Int32Array.from(json.service),
    services: json.services,
    delayHours: Float64Array.from(json.delayHours),
    routes: new Map(json.routes),
    properties: json.properties,
    sourceFile: Int32Array.from(json.sourceFile),
    sourceFiles: json.sourceFiles,
    sourceIndex: Int32Array.from(json.sourceIndex),
  };
}
