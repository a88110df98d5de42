/**
 * Zipped and loose Shapefiles as GeoJSON layers, with shpjs (and its proj4 for reprojection).
 * Pure (no DOM): the load worker and the CLI read them the same way (readers.ts). Damaged or
 * hostile archives are checked first (zip-check.ts) and refused with a plain message.
 */
import type { FeatureCollection } from 'geojson';
import { MAX_LOAD_BYTES } from '../load-limits.ts';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import {
  crsProblem,
  dbfProblem,
  inflateZip,
  prjProblem,
  shpProblem,
  ZipProblem,
} from '../zip-check.ts';

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

/** One layer as GeoJSON; `notes` are said in the report (a missing .prj, say). */
export interface ShapefileLayer {
  name: string;
  data: FeatureCollection;
  notes: string[];
}

/** Whether bytes start like a zip archive ("PK\3\4"). */
export function isZipHead(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Zip archives, whatever their name, are read as zipped Shapefiles (or GeoJSON inside). */
export const shapefileZipReader: BinaryReader = {
  name: 'shapefile',
  accepts: (_name, head) => isZipHead(head),
  read: async (name, bytes): Promise<ReaderLayer[]> =>
    (await readShapefileZip(name, ownBuffer(bytes))).map((layer) => ({
      ...layer,
      code: 'shapefile',
    })),
};

/**
 * The bytes as an ArrayBuffer of their own (a Node Buffer may be a view into a shared pool).
 * Copied with the Uint8Array constructor: a Buffer's own slice() is a view, not a copy, so its
 * `.buffer` would be the whole pool (other files' bytes after these).
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (new Uint8Array(bytes).buffer as ArrayBuffer);
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
  const office = layerLike ? null : officeDocumentMessage(names);
  if (office) throw new Refusal(name, 'unsupported-format', office);
  // Inflated here first, counting bytes, so a bomb, corrupt data, a table claiming records it
  // lacks or a .prj that is no coordinate system get a plain message at once (zip-check.ts).
  try {
    const contents = await inflateZip(bytes, MAX_LOAD_BYTES);
    for (const dbf of contents.dbf) {
      const problem = dbfProblem(dbf.name, dbf.head, dbf.length);
      if (problem) throw new ZipProblem('invalid-shapefile', problem);
    }
    for (const shp of contents.shp) {
      if (shp.problem) throw new ZipProblem('invalid-shapefile', shp.problem);
    }
    for (const prj of contents.prj) {
      const problem =
        prjProblem(prj.name, prj.text) ?? (await crsProblem(prj.name, prj.text, false));
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
    // What shpjs still throws past the checks is its own text ("Offset is outside the bounds
    // of the DataView"): never shown, the user is told what to do instead.
    const message = /no layers/i.test(text)
      ? 'the zip archive holds no Shapefile (.shp with its .dbf) and no GeoJSON'
      : error instanceof SyntaxError
        ? 'a .json file in the zip archive is not valid JSON: export it again'
        : UNREADABLE_SHAPEFILE;
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

const UNREADABLE_SHAPEFILE =
  'the Shapefile in it is damaged or of a kind RippleMap cannot read: export the layer again (or as GeoJSON)';

/**
 * What an office document in a zip is, as a refusal's message (a workbook reaches this only
 * when no .xlsx reader came first); null when the entries are not an office document's.
 */
export function officeDocumentMessage(names: readonly string[]): string | null {
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has('xl/')) {
    return 'an Excel workbook, not a zipped Shapefile: export the sheet as CSV';
  }
  if (has('word/')) {
    return 'a Word document (.docx), not a zipped Shapefile or a spreadsheet: put the inventory in a spreadsheet or a CSV or GeoJSON file';
  }
  if (has('ppt/')) {
    return 'a PowerPoint presentation (.pptx), not a zipped Shapefile or a spreadsheet: put the inventory in a spreadsheet or a CSV or GeoJSON file';
  }
  if (names.includes('mimetype') && names.includes('content.xml')) {
    return 'an OpenDocument file (a LibreOffice .ods spreadsheet?), not a zipped Shapefile: save it as .xlsx or export the sheet as CSV';
  }
  if (names.includes('[Content_Types].xml') || names.includes('mimetype')) {
    return 'an office document, not a zipped Shapefile: export the sheet as CSV';
  }
  return null;
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

/** A loose Shapefile: its .shp, .dbf, .prj and .cpg given as separate files, by extension. */
export async function readShapefileParts(
  name: string,
  parts: ReadonlyMap<string, Uint8Array>,
): Promise<ShapefileLayer> {
  const shp = parts.get('shp');
  if (!shp) {
    throw new Refusal(
      name,
      'invalid-shapefile',
      `the .shp file is missing: drop it together with the .dbf (and .prj)`,
    );
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const shpIssue = shpProblem(name, shp);
  if (shpIssue) throw new Refusal(name, 'invalid-shapefile', shpIssue);
  const input: ShapefileParts = { shp: ownBuffer(shp) };
  const dbf = parts.get('dbf');
  if (dbf) {
    input.dbf = ownBuffer(dbf);
    const problem = dbfProblem(
      `${name.replace(/\.shp$/i, '')}.dbf`,
      new Uint8Array(input.dbf, 0, Math.min(65_536, input.dbf.byteLength)),
      input.dbf.byteLength,
    );
    if (problem) throw new Refusal(name, 'invalid-shapefile', problem);
  }
  const prj = parts.get('prj');
  if (prj) {
    input.prj = text(prj);
    const prjName = `${name.replace(/\.shp$/i, '')}.prj`;
    // shpjs reads a loose .prj proj4 cannot parse as no .prj at all: metres taken for degrees.
    const problem = prjProblem(prjName, input.prj) ?? (await crsProblem(prjName, input.prj, true));
    if (problem) throw new Refusal(name, 'invalid-shapefile', problem);
  }
  const cpg = parts.get('cpg');
  if (cpg) input.cpg = text(cpg);
  let layer: Layer;
  try {
    const read = await readShapefile(input);
    layer = Array.isArray(read) ? read[0]! : read;
  } catch {
    throw new Refusal(name, 'invalid-shapefile', UNREADABLE_SHAPEFILE);
  }
  const notes: string[] = [];
  if (!dbf)
    notes.push(
      'no .dbf beside the .shp: the features have no attributes (no ids, names or sectors)',
    );
  if (!prj) notes.push('no .prj beside the .shp: coordinates read as WGS 84 longitude/latitude');
  return { name, data: { type: 'FeatureCollection', features: layer.features }, notes };
}
