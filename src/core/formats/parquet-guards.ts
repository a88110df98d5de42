/**
 * What a Parquet file must pass before hyparquet decodes it (parquet.ts): the footer's sizes
 * and counts within the file and MAX_LOAD_BYTES, every page header readable and inside its
 * column chunk, every page inflated into at most its chunk's stated size. So a forged footer
 * or header gets a plain message, not gigabytes allocated or a promise that never settles.
 */
import type { Compressors, FileMetaData, PageHeader } from 'hyparquet';
import { MAX_LOAD_BYTES, megabytes } from '../load-limits.ts';
import { Refusal } from './reader.ts';

/**
 * The most rows one file may hold: a row costs a few hundred bytes once read, so past this a
 * tab runs out of memory rather than saying why (a 400 MB CSV holds about as many).
 */
export const MAX_PARQUET_ROWS = 5_000_000;

export function refuse(file: string, code: string, message: string): never {
  throw new Refusal(file, code, message);
}

/**
 * The promise's outcome, or a rejection once it is stuck: reading from memory, hyparquet does
 * all its work in microtasks, so a timer that fires (twice) before the promise settles means
 * it never will (a damaged file whose pages do not add up leaves its promise pending).
 */
export function settledOrStuck<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    promise.then(
      (value) => {
        settled = true;
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        reject(error);
      },
    );
    setTimeout(() => {
      setTimeout(() => {
        if (!settled) reject(new Error('its pages do not add up to the rows its footer claims'));
      }, 0);
    }, 0);
  });
}

export function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 200);
}

/**
 * Checks what the footer claims before any page is read: every column chunk inside the file,
 * known compression, row and byte counts within the load limits. Returns the largest column
 * chunk's uncompressed size, the most any one page may inflate to.
 */
export function checkMetadata(
  name: string,
  metadata: FileMetaData,
  dataEnd: number,
  damaged: (why: string) => never,
): number {
  const rows = Number(metadata.num_rows);
  if (!Number.isFinite(rows) || rows < 0) damaged(`its footer claims ${rows} rows`);
  if (rows > MAX_PARQUET_ROWS) {
    refuse(
      name,
      'too-large',
      `the Parquet file holds ${rows.toLocaleString('en-US')} rows, more than the ${MAX_PARQUET_ROWS.toLocaleString('en-US')} a browser tab can load safely: split it into smaller files`,
    );
  }
  let total = 0;
  let largest = 0;
  let groupRows = 0;
  for (const group of metadata.row_groups) {
    groupRows += Number(group.num_rows);
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (!meta) damaged('a column chunk has no description');
      if (chunk.file_path) {
        refuse(
          name,
          'unsupported-format',
          `the Parquet file keeps its data in another file ("${chunk.file_path.slice(0, 60)}"): load a file that holds its own data`,
        );
      }
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const length = Number(meta.total_compressed_size);
      const inflated = Number(meta.total_uncompressed_size);
      if (!(start >= 4 && length >= 0 && start + length <= dataEnd)) {
        damaged(`the column "${meta.path_in_schema.join('.')}" lies outside the file`);
      }
      if (!(inflated >= 0)) damaged(`the column "${meta.path_in_schema.join('.')}" has no size`);
      if (Number(meta.num_values) > MAX_PARQUET_ROWS * 16) {
        damaged(
          `the column "${meta.path_in_schema.join('.')}" claims ${Number(meta.num_values).toLocaleString('en-US')} values`,
        );
      }
      total += inflated;
      largest = Math.max(largest, inflated);
    }
  }
  if (groupRows !== rows) damaged(`its row groups hold ${groupRows} rows, its footer says ${rows}`);
  if (total > MAX_LOAD_BYTES) {
    refuse(
      name,
      'too-large',
      `the Parquet file unpacks to more than ${megabytes(MAX_LOAD_BYTES)} (it says ${megabytes(total)}), over what a browser tab can load safely: split it into smaller files`,
    );
  }
  return largest;
}

/**
 * Walks every column chunk's page headers before hyparquet decodes them: each page inside its
 * chunk, inflating to at most `pageCap` bytes and holding at most the chunk's values. A forged
 * page header claiming billions of values would otherwise have hyparquet fill them one by one.
 */
export function checkPages(
  view: DataView,
  metadata: FileMetaData,
  pageCap: number,
  parquetHeader: (reader: { view: DataView; offset: number }) => PageHeader,
  damaged: (why: string) => never,
): void {
  let pages = 0;
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data!;
      const column = `the column "${meta.path_in_schema.join('.')}"`;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const values = Math.max(Number(meta.num_values), Number(group.num_rows));
      const reader = { view, offset: start };
      while (reader.offset < end) {
        let header: PageHeader;
        try {
          header = parquetHeader(reader);
        } catch {
          damaged(`a page header of ${column} cannot be read`);
        }
        const length = Number(header.compressed_page_size);
        const inflated = Number(header.uncompressed_page_size);
        if (!(length >= 0 && reader.offset + length <= end)) {
          damaged(`a page of ${column} runs past the column's end`);
        }
        if (!(inflated >= 0 && inflated <= pageCap)) {
          damaged(
            `a page of ${column} claims to unpack to ${megabytes(inflated)}, more than its whole column`,
          );
        }
        const count = Number(
          header.data_page_header?.num_values ??
            header.data_page_header_v2?.num_values ??
            header.dictionary_page_header?.num_values ??
            0,
        );
        if (!(count >= 0 && count <= values)) {
          damaged(
            `a page of ${column} claims ${count.toLocaleString('en-US')} values, the column ${values.toLocaleString('en-US')}`,
          );
        }
        reader.offset += length;
        if (++pages > 10_000_000) damaged('it has more pages than rows');
      }
    }
  }
}

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/**
 * The decompressors for the codecs the file uses, each refusing a page that claims to inflate
 * past `pageCap` before allocating for it. Snappy is hyparquet's own (JavaScript);
 * hyparquet-compressors, which instantiates WebAssembly for its Snappy, is imported only for the
 * other codecs.
 */
export async function guardedCompressors(
  name: string,
  metadata: FileMetaData,
  pageCap: number,
  snappy: (input: Uint8Array, output: Uint8Array) => void,
): Promise<Compressors> {
  const codecs = new Set(
    metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')),
  );
  const available: Partial<Record<string, Decompress>> = {
    SNAPPY: (input, length) => {
      const out = new Uint8Array(length);
      snappy(input, out);
      return out;
    },
  };
  const others = [...codecs].filter((c) => c !== 'UNCOMPRESSED' && c !== 'SNAPPY');
  if (others.length > 0) {
    try {
      const { compressors } = await import('hyparquet-compressors');
      for (const codec of others) available[codec] = compressors[codec];
    } catch {
      // unavailable here (a page that forbids WebAssembly): said below, by codec
    }
  }
  const guarded: Compressors = {};
  for (const codec of codecs) {
    if (codec === 'UNCOMPRESSED') continue;
    const decompress = available[codec];
    if (!decompress) {
      refuse(
        name,
        'unsupported-format',
        `the Parquet file is compressed with ${String(codec)}, which cannot be read here: write it again with Snappy, Zstandard or gzip compression`,
      );
    }
    guarded[codec] = (input, length) => {
      if (!(length >= 0 && length <= pageCap)) {
        refuse(
          name,
          'invalid-parquet',
          `a damaged Parquet file (a page claims to unpack to ${megabytes(length)}, more than its whole column): export or download it again`,
        );
      }
      return decompress(input, length);
    };
  }
  return guarded;
}
