/**
 * Reading bytes for the loading worker: files with progress, addresses with a size cap and
 * no cookies, and zipped or loose Shapefiles converted to GeoJSON with shpjs. Runs in the
 * worker (no DOM); each problem becomes a Refusal with a message for the user.
 */
import type { FeatureCollection } from 'geojson';
import { textDecoderFor } from '../core/text-decode.ts';
import { MAX_LOAD_BYTES, megabytes } from './load-protocol.ts';
import { dbfProblem, inflateZip, prjProblem, ZipProblem } from './zip-check.ts';

/** A whole load is refused: the message says why (and which file). */
export class Refusal extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type OnBytes = (bytes: number) => void;

/**
 * Fetches an address without cookies or other credentials, refusing redirects (which could
 * lead to a host the user did not agree to) and anything larger than `maxBytes`.
 */
export async function fetchCapped(
  name: string,
  url: string,
  allowedOrigin: string,
  maxBytes: number,
  onBytes: OnBytes,
): Promise<Blob> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new Refusal(
      name,
      'bad-address',
      `only http and https addresses are loaded, not ${target.protocol}`,
    );
  }
  if (target.origin !== allowedOrigin) {
    throw new Refusal(name, 'bad-address', `${target.host} was not confirmed as a source`);
  }
  let response: Response;
  try {
    response = await fetch(target, { credentials: 'omit', redirect: 'manual' });
  } catch (error) {
    throw new Refusal(
      name,
      'fetch-failed',
      `could not fetch ${target.host}${target.pathname}: ${String((error as Error).message ?? error)} (offline, or the server does not allow other sites to read it)`,
    );
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Refusal(
      name,
      'redirect',
      `${target.href} redirects elsewhere; give the final address instead`,
    );
  }
  if (!response.ok) {
    throw new Refusal(
      name,
      'fetch-failed',
      `${target.host}${target.pathname} answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(name, declared, maxBytes);
  const chunks: Uint8Array[] = [];
  let read = 0;
  const reader = response.body?.getReader();
  if (!reader) return response.blob();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel();
      throw tooLarge(name, read, maxBytes, true);
    }
    chunks.push(value);
    onBytes(read);
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? '' });
}

export function tooLarge(name: string, bytes: number, maxBytes: number, atLeast = false): Refusal {
  return new Refusal(
    name,
    'too-large',
    `${atLeast ? 'more than ' : ''}${megabytes(bytes)}, over the ${megabytes(maxBytes)} a browser tab can load safely: split the inventory (by country or sector) or check it with the command line (npm run analyze -- FILE --validate)`,
  );
}

/** Read in slices of this size: large enough to be fast, small enough for a lively bar. */
const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * A Blob's text, decoded slice by slice so progress can be reported: UTF-8, or UTF-16 when its
 * first bytes say so (src/core/text-decode.ts).
 */
export async function readText(blob: Blob, onBytes: OnBytes): Promise<string> {
  const decoder = textDecoderFor(new Uint8Array(await blob.slice(0, 512).arrayBuffer()));
  const parts: string[] = [];
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    const bytes = new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer());
    parts.push(decoder.decode(bytes, { stream: true }));
    onBytes(Math.min(blob.size, at + SLICE_BYTES));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** A Blob's bytes, with progress. */
export async function readBytes(blob: Blob, onBytes: OnBytes): Promise<ArrayBuffer> {
  const out = new Uint8Array(blob.size);
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    out.set(new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer()), at);
    onBytes(Math.min(blob.size, at + SLICE_BYTES));
  }
  return out.buffer;
}

/** Whether a Blob starts like a zip archive ("PK\3\4"). */
export async function isZip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

type Layer = FeatureCollection & { fileName?: string };
type ShapefileParts = { shp: ArrayBuffer; dbf?: ArrayBuffer; prj?: string; cpg?: string };
/**
 * shpjs (with proj4 for reprojection) is most of this worker's code and only Shapefiles need
 * it: imported on first use, so the default inventory's load never fetches it.
 */
async function readShapefile(input: ArrayBuffer | ShapefileParts): Promise<Layer | Layer[]> {
  const { default: getShapefile } = await import('shpjs');
  return (getShapefile as unknown as (i: ArrayBuffer | ShapefileParts) => Promise<Layer | Layer[]>)(
    input,
  );
}

export interface ShapefileLayer {
  name: string;
  data: FeatureCollection;
  /** Said in the report: a missing .prj, say. */
  notes: string[];
}

/** The layers of a zipped Shapefile (or GeoJSON files inside the zip), as GeoJSON. */
export async function readShapefileZip(
  name: string,
  bytes: ArrayBuffer,
): Promise<ShapefileLayer[]> {
  const names = zipEntryNames(bytes);
  // shpjs (but-unzip) loops forever on a zip without its central directory (a truncated
  // download, a cut-off spreadsheet): refuse those before handing the bytes over.
  if (names === null) {
    throw new Refusal(
      name,
      'invalid-zip',
      'a damaged or truncated zip archive (its table of contents at the end is missing): download or export it again',
    );
  }
  const layerLike = names.some((n) => /\.(shp|json)$/i.test(n));
  if (!layerLike && names.some((n) => n === '[Content_Types].xml' || n === 'mimetype')) {
    throw new Refusal(
      name,
      'unsupported-format',
      'an office document (a spreadsheet?), not a zipped Shapefile: export the sheet as CSV',
    );
  }
  // Inflated here first, counting bytes, so a bomb, corrupt data, a table claiming records it
  // lacks or a .prj that is no coordinate system get a plain message at once (zip-check.ts).
  try {
    const contents = await inflateZip(bytes, MAX_LOAD_BYTES);
    for (const dbf of contents.dbf) {
      const problem = dbfProblem(dbf.name, dbf.head, dbf.length);
      if (problem) throw new ZipProblem('invalid-shapefile', problem);
    }
    for (const prj of contents.prj) {
      const problem = prjProblem(prj.name, prj.text);
      if (problem) throw new ZipProblem('invalid-shapefile', problem);
    }
  } catch (error) {
    if (error instanceof ZipProblem) throw new Refusal(name, error.code, error.message);
    throw error;
  }
  let layers: Layer[];
  try {
    const read = await readShapefile(bytes);
    layers = Array.isArray(read) ? read : [read];
  } catch (error) {
    const text = String((error as Error)?.message ?? error);
    const message = /no layers/i.test(text)
      ? 'the zip archive holds no Shapefile (.shp with its .dbf) and no GeoJSON'
      : `cannot read this zip archive as a Shapefile: ${text}`;
    throw new Refusal(name, 'invalid-shapefile', message);
  }
  return layers.map((layer) => {
    const layerName = layers.length === 1 ? name : `${name}/${layer.fileName ?? 'layer'}`;
    const notes: string[] = [];
    const base = layer.fileName ?? '';
    const isShp = names.some((n) => n.toLowerCase() === `${base}.shp`.toLowerCase());
    if (isShp && !names.some((n) => n.toLowerCase() === `${base}.prj`.toLowerCase())) {
      notes.push('no .prj beside the .shp: coordinates read as WGS 84 longitude/latitude');
    }
    return {
      name: layerName,
      data: { type: 'FeatureCollection', features: layer.features },
      notes,
    };
  });
}

/**
 * File names inside a zip, from its central directory; null when there is no end-of-central-
 * directory record (the archive is damaged or cut off). Never throws.
 */
export function zipEntryNames(bytes: ArrayBuffer): string[] | null {
  const view = new DataView(bytes);
  const names: string[] = [];
  const decoder = new TextDecoder();
  try {
    // End of central directory: signature 0x06054b50 within the last 64 kB.
    let end = -1;
    for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 65_557); i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) return null;
    const count = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    for (let k = 0; k < count && view.getUint32(at, true) === 0x02014b50; k++) {
      const nameLength = view.getUint16(at + 28, true);
      const extra = view.getUint16(at + 30, true);
      const comment = view.getUint16(at + 32, true);
      names.push(decoder.decode(new Uint8Array(bytes, at + 46, nameLength)));
      at += 46 + nameLength + extra + comment;
    }
  } catch {
    // a damaged directory: the names read so far
  }
  return names;
}

const SHAPEFILE_PARTS = /\.(shp|shx|dbf|prj|cpg|sbn|sbx|qix|qmd|xml)$/i;

/** Whether a file name is one part of a loose Shapefile (.shp, .dbf, .prj...). */
export function isShapefilePart(name: string): boolean {
  return SHAPEFILE_PARTS.test(name);
}

/** A loose Shapefile (its .shp, .dbf, .prj and .cpg given as separate files) as GeoJSON. */
export async function readShapefileParts(
  name: string,
  parts: Map<string, Blob>,
  onBytes: OnBytes,
): Promise<ShapefileLayer> {
  const shp = parts.get('shp');
  if (!shp) {
    throw new Refusal(
      name,
      'invalid-shapefile',
      `the .shp file is missing: drop it together with the .dbf (and .prj)`,
    );
  }
  let done = 0;
  const bytes = async (blob: Blob) => {
    const buffer = await readBytes(blob, (n) => onBytes(done + n));
    done += blob.size;
    return buffer;
  };
  const input: ShapefileParts = { shp: await bytes(shp) };
  const dbf = parts.get('dbf');
  if (dbf) {
    input.dbf = await bytes(dbf);
    const problem = dbfProblem(
      `${name.replace(/\.shp$/i, '')}.dbf`,
      new Uint8Array(input.dbf, 0, Math.min(32, input.dbf.byteLength)),
      input.dbf.byteLength,
    );
    if (problem) throw new Refusal(name, 'invalid-shapefile', problem);
  }
  const prj = parts.get('prj');
  if (prj) {
    input.prj = await prj.text();
    const problem = prjProblem(`${name.replace(/\.shp$/i, '')}.prj`, input.prj);
    if (problem) throw new Refusal(name, 'invalid-shapefile', problem);
  }
  const cpg = parts.get('cpg');
  if (cpg) input.cpg = await cpg.text();
  let layer: Layer;
  try {
    const read = await readShapefile(input);
    layer = Array.isArray(read) ? read[0]! : read;
  } catch (error) {
    throw new Refusal(
      name,
      'invalid-shapefile',
      `cannot read this Shapefile: ${String((error as Error)?.message ?? error)}`,
    );
  }
  const notes: string[] = [];
  if (!dbf)
    notes.push(
      'no .dbf beside the .shp: the features have no attributes (no ids, names or sectors)',
    );
  if (!prj) notes.push('no .prj beside the .shp: coordinates read as WGS 84 longitude/latitude');
  return { name, data: { type: 'FeatureCollection', features: layer.features }, notes };
}
