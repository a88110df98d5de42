/**
 * A PMTiles archive picked by the user, read from the local file (File.slice, no upload, no
 * request) through the `pmtiles` package, and served to maplibre under `pmtiles://local-N`.
 * Loaded with a dynamic import only when the user picks a file, so the package stays out of the
 * main bundle.
 */
import * as maplibregl from 'maplibre-gl';
import { FileSource, PMTiles, Protocol, type Source } from 'pmtiles';
import { pmtilesStyle, summarizePmtiles, type PmtilesSummary } from './pmtiles-style';
import type { StyleSpecification } from 'maplibre-gl';

let protocol: Protocol | null = null;
let count = 0;

/** Reads an archive's header and metadata from any pmtiles Source. */
export async function readPmtilesArchive(source: Source): Promise<{
  archive: PMTiles;
  header: Awaited<ReturnType<PMTiles['getHeader']>>;
  metadata: unknown;
}> {
  const archive = new PMTiles(source);
  let header;
  try {
    header = await archive.getHeader();
  } catch (error) {
    throw new Error(
      `not a PMTiles v3 archive (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  // Metadata is optional; the style then works from the header alone.
  const metadata: unknown = await archive.getMetadata().catch(() => ({}));
  return { archive, header, metadata };
}

/**
 * Opens a local .pmtiles file and returns a style for it; registers the `pmtiles` protocol with
 * maplibre on first use. Each pick gets a new key, so a re-picked file is never served stale.
 */
export async function openPmtilesFile(
  file: File,
  options: { fontFaces?: StyleSpecification['font-faces'] } = {},
): Promise<{ style: StyleSpecification; summary: PmtilesSummary }> {
  const key = `local-${++count}`;
  const file_ = new FileSource(file);
  // The protocol finds archives by key; a file name may hold characters a URL would mangle.
  const source: Source = {
    getKey: () => key,
    getBytes: (offset, length) => file_.getBytes(offset, length),
  };
  let read;
  try {
    read = await readPmtilesArchive(source);
  } catch (error) {
    throw new Error(`${file.name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const style = pmtilesStyle(read.header, read.metadata, `pmtiles://${key}`, file.name, {
    fontFaces: options.fontFaces,
  });
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  protocol.add(read.archive);
  return { style, summary: summarizePmtiles(read.header, read.metadata, file.name) };
}
