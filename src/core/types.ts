/**
 * Shared types of the analysis core. Everything here is plain data: structured-clone
 * friendly, so an inventory or a result can cross a worker boundary.
 */
import type { Geometry, LineString } from 'geojson';

/** Geometries a facility may have (docs/format.md §1.2). */
export type FacilityGeometry = Extract<
  Geometry,
  { type: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' }
>;

export interface Facility {
  /** Normalized to a string, unique within the inventory. */
  id: string;
  name: string;
  /** Lower-cased, synonyms mapped to the core vocabulary; unknown values kept as given. */
  sector: string;
  /** ISO 3166-1 alpha-3, or null (at sea, or unknown). */
  country: string | null;
  geometry: FacilityGeometry;
  /** Every property of the source feature, kept as given (null-prototype object). */
  properties: Record<string, unknown>;
  /** service -> k (k-of-n redundancy); services absent here need k = 1. */
  minProviders: Record<string, number>;
  /** Where the facility came from, for reports. */
  source: SourceRef;
}

/**
 * One dependency, provider -> dependent: the dependent needs `service` from the provider. An
 * inventory keeps its dependencies in columns (DependencyTable); `dependencyAt` makes this
 * object for one of them.
 */
export interface Dependency {
  /** Index of the provider in `Inventory.facilities`. */
  from: number;
  /** Index of the dependent in `Inventory.facilities`. */
  to: number;
  service: string;
  /** How long the dependent holds out after this provider fails. */
  delayHours: number;
  /** The drawn route, when the source gave one. */
  geometry: LineString | null;
  properties: Record<string, unknown>;
  source: SourceRef;
}

/**
 * An inventory's dependencies in columns: row k is dependency k (as `dependencyAt` gives it).
 * At millions of dependencies an object each was most of a load's cost (issue #7,
 * docs/performance.md); columns are built without them, read by the graph as they are, and
 * cross to the page from the loading worker as transferred buffers. A table is not changed
 * after loading (an inventory is replaced, never mutated).
 */
export interface DependencyTable {
  readonly length: number;
  /** Index of the provider in `Inventory.facilities`. */
  readonly from: Int32Array;
  /** Index of the dependent in `Inventory.facilities`. */
  readonly to: Int32Array;
  /** The service, as its number in `services`. */
  readonly service: Int32Array;
  /** Service names, numbered in order of first appearance. */
  readonly services: readonly string[];
  /** How long the dependent holds out after this provider fails. */
  readonly delayHours: Float64Array;
  /** The drawn routes of the dependencies whose source gave one, by row. */
  readonly routes: ReadonlyMap<number, LineString>;
  /** Every property of the source feature or row, kept as given (null-prototype objects). */
  readonly properties: readonly Record<string, unknown>[];
  /** Where each came from: the file's number in `sourceFiles`, and the index there. */
  readonly sourceFile: Int32Array;
  readonly sourceFiles: readonly string[];
  readonly sourceIndex: Int32Array;
}

export interface SourceRef {
  file: string;
  /** Feature index (GeoJSON, 0-based) or CSV line (1-based, header = line 1). */
  index: number;
}

/** One rejected or warned item of a validation report (docs/format.md §1.9). */
export interface ReportEntry {
  file: string;
  index: number;
  id?: string;
  code: string;
  message: string;
}

export interface Inventory {
  facilities: Facility[];
  dependencies: DependencyTable;
  /** Facility id -> index. */
  indexById: Map<string, number>;
  errors: ReportEntry[];
  warnings: ReportEntry[];
  /** The names of the files merged into this inventory, in order. */
  files: string[];
}

/** A scenario (docs/format.md §2): what is attacked, how wide, and what is protected. */
export interface Scenario {
  /** Ids of compromised facilities (non-empty for a cascade). */
  compromised: string[];
  /** Impact radius in kilometres; 0 means no zone. */
  radiusKm: number;
  /** Ids of protected facilities: never fail by cascade. */
  protected: string[];
}

export type FailureReason = 'compromised' | 'radius' | 'cascade';
