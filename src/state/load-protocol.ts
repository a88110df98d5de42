/**
 * The messages between the page and the loading worker (load-worker.ts), typed in both
 * directions as maplibre types its worker messages. Everything here is structured-clone
 * friendly: Blobs cross as handles, not copies.
 */
import type { FieldMapping } from '../core/field-mapping.ts';
import type { SourceFields } from '../core/load-steps.ts';
import type { DependencyTableJson } from '../core/dependency-table.ts';
import type { SectorValues } from '../core/sector-values.ts';
import type { DependencyTable, Facility, ReportEntry } from '../core/types.ts';
import type { BuiltIndex } from './indexed.ts';

export { MAX_LOAD_BYTES, megabytes } from '../core/load-limits.ts';
export type { SourceFields } from '../core/load-steps.ts';

/** A file to read: a dropped or picked File, a Blob fetched earlier, or an address. */
export type LoadItem =
  | { kind: 'blob'; name: string; blob: Blob }
  | {
      kind: 'url';
      name: string;
      url: string;
      /** The origin the user agreed to load from (absent: the app's own origin only). */
      allowedOrigin?: string;
      /** Address of the same file loaded and checked ahead of time (PreparedInventory). */
      prepared?: string;
    };

export interface StartMessage {
  type: 'start';
  items: LoadItem[];
  /** Mappings confirmed earlier, by source name (`{}`: confirmed as is). */
  mappings: Record<string, FieldMapping>;
  /** Sector values confirmed earlier, by source name. */
  sectorValues?: Record<string, SectorValues>;
  maxBytes: number;
  /** Same-origin URL of world-atlas countries-50m, fetched only when needed. */
  countriesUrl: string;
  /**
   * Instead of sending the inventory back: write it as a GeoPackage or GeoParquet file and
   * send that (the page's "Export inventory"; the files are read again the same way).
   */
  exportAs?: InventoryFormat;
}

/** The formats the loaded inventory can be exported as, to convert once. */
export type InventoryFormat = 'geopackage' | 'geoparquet';

export interface MappingMessage {
  type: 'mapping';
  /** By source name; a source left out loads as it is. */
  mappings: Record<string, FieldMapping>;
  /** The sector column's values -> sectors, by source name (left out: as the format reads them). */
  sectorValues?: Record<string, SectorValues>;
}

export type ToWorker = StartMessage | MappingMessage;

export type LoadPhase =
  'fetching' | 'reading' | 'parsing' | 'checking' | 'countries' | 'indexing' | 'sending';

export interface Progress {
  phase: LoadPhase;
  file: string;
  /** Bytes read so far over all files, and the total when known (0: unknown). */
  bytesRead: number;
  bytesTotal: number;
  /** Features or rows read so far over all files. */
  features: number;
}

export interface LoadStats {
  bytes: number;
  records: number;
  /** Worker time, ms, until the inventory is ready to send. */
  workerMs: number;
  /** The same, by phase (reading, parsing, checking...). */
  phasesMs: Partial<Record<LoadPhase, number>>;
  countryIndexBuilt: boolean;
  /** Loaded and checked at build time (the bundled sample): no worker ran. */
  prepared?: boolean;
}

export type FromWorker =
  | ({ type: 'progress' } & Progress)
  | { type: 'fields'; sources: SourceFields[] }
  | { type: 'facilities'; facilities: Facility[] }
  /** The dependency table without its properties (its typed arrays transferred). */
  | { type: 'dependencies'; dependencies: DependencyTable }
  /** The graph and spatial index built on them (their typed arrays transferred). */
  | { type: 'index'; built: BuiltIndex }
  /** The next dependencies' properties, in order, after 'dependencies'. */
  | { type: 'dependency-properties'; properties: Record<string, unknown>[] }
  | { type: 'report'; errors: ReportEntry[]; warnings: ReportEntry[] }
  | {
      type: 'done';
      files: string[];
      /** Every item as a Blob (addresses fetched), so "Add" can read them again. */
      items: { name: string; blob: Blob }[];
      mappings: Record<string, FieldMapping>;
      sectorValues?: Record<string, SectorValues>;
      stats: LoadStats;
    }
  /** The inventory written as the start message's `exportAs` (its buffer transferred). */
  | { type: 'exported'; bytes: Uint8Array }
  | {
      type: 'refused';
      file: string;
      code: string;
      message: string;
      errors: ReportEntry[];
    };

/**
 * An inventory loaded and checked ahead of time (at build time, for the bundled sample:
 * src/cli/prepare-inventory.ts), with what the worker would have sent for it; the page takes
 * it in without starting the worker (loader.ts). JSON text, so only JSON values inside.
 */
export interface PreparedInventory {
  format: 'ripplemap-prepared-inventory';
  version: 2;
  /** The file it was read from, as the worker would name it. */
  file: string;
  facilities: Facility[];
  dependencies: DependencyTableJson;
  errors: ReportEntry[];
  warnings: ReportEntry[];
  files: string[];
  mappings: Record<string, FieldMapping>;
  bytes: number;
  records: number;
}
