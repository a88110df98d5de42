/**
 * The readers of binary files and of KML, and the extension point for more: each reader says
 * which files it takes (by name or by their first bytes) and turns the bytes into layers, each
 * of which is then read like a GeoJSON or CSV source (formats.ts). A file no reader takes is
 * decoded as text (UTF-8 or UTF-16) and read by formats.ts. docs/loading.md lists the formats.
 *
 * To add a format: write a `BinaryReader` in src/core/formats/<format>.ts and list it in
 * READERS, before the readers it must win over (a .kmz or .xlsx is a zip too, so those go
 * before the Shapefile zip reader, which takes any zip).
 * Readers are pure (no DOM): they run in the load worker and in Node (the CLI). Import heavy
 * libraries inside `read` (dynamic import()) so the first load does not fetch them.
 */
import { HEAD_BYTES, type BinaryReader } from './formats/reader.ts';
import { flatgeobufReader } from './formats/flatgeobuf.ts';
import { geopackageReader } from './formats/geopackage.ts';
import { kmlReader } from './formats/kml.ts';
import { parquetReader } from './formats/parquet.ts';
import { shapefileZipReader } from './formats/shapefile.ts';
import { xlsxReader } from './formats/xlsx.ts';

export { HEAD_BYTES, Refusal, type BinaryReader, type ReaderLayer } from './formats/reader.ts';

/** Tried in order; the first that accepts a file reads it. */
export const READERS: readonly BinaryReader[] = [
  geopackageReader,
  parquetReader,
  flatgeobufReader,
  kmlReader,
  xlsxReader,
  shapefileZipReader,
];

/** The reader for a file, or null when it is to be read as text. */
export function readerFor(
  name: string,
  head: Uint8Array,
  readers: readonly BinaryReader[] = READERS,
): BinaryReader | null {
  return readers.find((r) => r.accepts(name, head.subarray(0, HEAD_BYTES))) ?? null;
}
