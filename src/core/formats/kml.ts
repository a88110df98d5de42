/**
 * KML and KMZ files (Google Earth, My Maps, GIS exports) as GeoJSON layers: togeojson reads a
 * Document that xmldom parses (there is no DOMParser in a worker or in Node). Placemarks become
 * features, their ExtendedData (Data/value and SchemaData/SimpleData) their properties, so a
 * Placemark with `from` and `to` is a dependency like any other feature (docs/format.md §1.5).
 *
 * Hostile or damaged files get a plain message: XML that does not parse, XML that is not KML,
 * entity declarations (not expanded: refused), nesting past MAX_DEPTH (togeojson recurses on
 * MultiGeometry), a zip without a .kml or cut off, KML past MAX_KML_BYTES (inflated, in a KMZ).
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { megabytes } from '../load-limits.ts';
import { textDecoderFor } from '../text-decode.ts';
import { zipEntries, ZipProblem } from '../zip-check.ts';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import { isZipHead, ownBuffer } from './shapefile.ts';

/** Deeper element nesting than this is refused before togeojson (which recurses) reads it. */
export const MAX_DEPTH = 200;

/** Compressed bytes handed to the inflater at a time: at most ~1000x that comes out per step. */
const INFLATE_STEP = 16_384;

/**
 * What togeojson makes of a Placemark's style and display state (not data): dropped unless the
 * Placemark's ExtendedData names the key itself.
 */
const STYLE_KEYS = [
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'label-color',
  'label-opacity',
  'label-scale',
  'icon',
  'icon-color',
  'icon-opacity',
  'icon-scale',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'styleUrl',
  'visibility',
  'open',
  'coordinateProperties',
];

/** KML (by name, or XML text whose root is <kml>) and KMZ (by name, or a zip whose first entry is a .kml). */
export const kmlReader: BinaryReader = {
  name: 'kml',
  accepts: (name, head) => /\.km[lz]$/i.test(name) || isKmzHead(head) || isKmlHead(head),
  read: (name, bytes) => (isZipHead(bytes) ? readKmz(name, bytes) : readKml(name, bytes)),
};

/** Whether the first bytes are a zip whose first entry is a .kml (a KMZ, whatever its name). */
export function isKmzHead(head: Uint8Array): boolean {
  if (!isZipHead(head) || head.byteLength < 30) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const nameLength = view.getUint16(26, true);
  const first = new TextDecoder().decode(head.subarray(30, 30 + nameLength));
  return /\.kml$/i.test(first);
}

/** Whether the first bytes are XML text whose root element is <kml> (UTF-8 or UTF-16). */
export function isKmlHead(head: Uint8Array): boolean {
  const text = textDecoderFor(head)
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
  return (text.startsWith('<?xml') && /<kml[\s>]/.test(text)) || /^<kml[\s>]/.test(text);
}

/**
 * The most KML text one load reads: XML is parsed into a DOM first (about 300 ms and tens of
 * MB per MB of KML here: 20,000 Placemarks in 4.3 MB take 6 s), so past this a tab would work
 * for minutes and may run out of memory. Larger inventories convert once, outside or in the
 * app from a smaller part, to GeoPackage or GeoParquet.
 */
export const MAX_KML_BYTES = 50_000_000;

function tooMuchKml(name: string, bytes: number): never {
  throw new Refusal(
    name,
    'too-large',
    `${megabytes(bytes)} of KML, over the ${megabytes(MAX_KML_BYTES)} this app reads as KML (XML is slow to read: minutes, and gigabytes of memory): convert it once to GeoPackage or GeoJSON (e.g. ogr2ogr -f GPKG sites.gpkg ${name}) and open that`,
  );
}

/** One KML file as one layer (named `name`). */
export async function readKml(name: string, bytes: Uint8Array): Promise<ReaderLayer[]> {
  if (bytes.byteLength > MAX_KML_BYTES) tooMuchKml(name, bytes.byteLength);
  return [await kmlLayer(name, name, bytes)];
}

/**
 * The .kml files in a KMZ, each a layer (`file.kmz/doc.kml` when there are several), inflating
 * to at most `maxInflated` bytes together.
 */
export async function readKmz(
  name: string,
  bytes: Uint8Array,
  maxInflated = MAX_KML_BYTES,
): Promise<ReaderLayer[]> {
  const buffer = ownBuffer(bytes);
  let entries: ReturnType<typeof zipEntries>;
  try {
    entries = zipEntries(buffer);
  } catch (error) {
    if (error instanceof ZipProblem) throw new Refusal(name, error.code, error.message);
    throw error;
  }
  const kmls = entries.filter((e) => /\.kml$/i.test(e.name) && !e.name.endsWith('/'));
  if (kmls.length === 0) {
    const held = entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name);
    const list = held.length
      ? `it holds ${held.slice(0, 5).join(', ')}${held.length > 5 ? '…' : ''}`
      : 'it is empty';
    throw new Refusal(
      name,
      'invalid-kmz',
      `a zip archive with no .kml file inside (${list}): a KMZ holds its placemarks in doc.kml`,
    );
  }
  // doc.kml (the one Google Earth opens) first, the others in archive order.
  kmls.sort((a, b) => Number(isDocKml(b.name)) - Number(isDocKml(a.name)));
  const { Inflate } = await import('fflate');
  const budget = { left: maxInflated, max: maxInflated };
  const layers: ReaderLayer[] = [];
  const empty: string[] = [];
  for (const entry of kmls) {
    const raw = new Uint8Array(buffer, entry.dataStart, entry.compressedSize);
    const text = inflateEntry(name, entry.name, entry.method, raw, budget, Inflate);
    const layerName = kmls.length === 1 ? name : `${name}/${entry.name}`;
    try {
      layers.push(await kmlLayer(name, layerName, text));
    } catch (error) {
      // Of several, one without Placemarks (a style sheet, a NetworkLink list) is passed over.
      if (kmls.length > 1 && error instanceof Refusal && error.code === 'no-placemarks') {
        empty.push(entry.name);
        continue;
      }
      throw error;
    }
  }
  if (layers.length === 0) {
    throw new Refusal(
      name,
      'no-placemarks',
      `none of the .kml files in this KMZ (${empty.join(', ')}) has a Placemark: nothing to read as facilities or dependencies`,
    );
  }
  if (empty.length > 0) {
    layers[0]!.notes!.push(`${empty.join(', ')} in the KMZ hold no Placemarks and were skipped`);
  }
  return layers;
}

function isDocKml(name: string): boolean {
  return name.toLowerCase() === 'doc.kml';
}

type InflateClass = typeof import('fflate').Inflate;

/**
 * One zip entry's bytes, inflated a step at a time and counted against `budget`, so a bomb is
 * refused after at most ~16 MB more than the budget instead of filling memory.
 */
function inflateEntry(
  file: string,
  entry: string,
  method: number,
  raw: Uint8Array,
  budget: { left: number; max: number },
  Inflate: InflateClass,
): Uint8Array {
  const tooLarge = () =>
    new Refusal(
      file,
      'too-large',
      `${entry} inflates to more than ${megabytes(budget.max)}, over what a browser tab can load safely (a zip bomb, or split the KMZ into smaller files)`,
    );
  if (method === 0) {
    if (raw.byteLength > budget.left) throw tooLarge();
    budget.left -= raw.byteLength;
    return raw;
  }
  if (method !== 8) {
    throw new Refusal(
      file,
      'invalid-zip',
      `${entry} is compressed with a method browsers cannot read (${method}); zip it again with the usual "deflate"`,
    );
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    length += chunk.byteLength;
    if (length > budget.left) throw tooLarge();
    parts.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; at < raw.byteLength; at += INFLATE_STEP) {
      const end = Math.min(raw.byteLength, at + INFLATE_STEP);
      inflater.push(raw.subarray(at, end), end === raw.byteLength);
    }
    if (raw.byteLength === 0) inflater.push(raw, true);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    done = false;
  }
  if (!done) {
    throw new Refusal(
      file,
      'invalid-zip',
      `a damaged zip archive (the entry ${entry} does not inflate: its data is corrupt or cut off): download or export it again`,
    );
  }
  budget.left -= length;
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The text of a KML file: its XML declaration's encoding when it names one browsers know. */
function kmlText(bytes: Uint8Array): { text: string; note?: string } {
  const head = bytes.subarray(0, 512);
  const decoder = textDecoderFor(head);
  const declared = /^\uFEFF?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    decoder.decode(head),
  )?.[1];
  if (decoder.encoding === 'utf-8' && declared && !/^utf-?8$/i.test(declared)) {
    try {
      return { text: new TextDecoder(declared).decode(bytes).replace(/^\uFEFF/, '') };
    } catch {
      return {
        text: decoder.decode(bytes).replace(/^\uFEFF/, ''),
        note: `the file says its text is in ${declared}, an encoding this browser cannot read: read as UTF-8`,
      };
    }
  }
  return { text: decoder.decode(bytes).replace(/^\uFEFF/, '') };
}

/**
 * One KML document as a layer. `file` is the name the user gave (for refusals), `layer` the
 * layer's name. Throws a Refusal (code `no-placemarks` when the KML has none).
 */
async function kmlLayer(file: string, layer: string, bytes: Uint8Array): Promise<ReaderLayer> {
  const { text, note } = kmlText(bytes);
  const where = layer === file ? '' : ` (${layer.slice(file.length + 1)})`;
  const refuse = (code: string, message: string) => new Refusal(file, code, message + where);
  if (!text.trimStart().startsWith('<')) {
    throw refuse(
      'invalid-kml',
      'not a KML file: KML is XML text starting with <?xml or <kml>, and this is not XML',
    );
  }
  // xmldom does not expand entities an internal DOCTYPE declares (they stay as "&name;"), but
  // a file that declares them is made for a parser that would: refused, plainly.
  if (text.includes('<!DOCTYPE') && text.includes('<!ENTITY')) {
    throw refuse(
      'invalid-kml',
      'the KML declares XML entities (<!ENTITY> in a DOCTYPE), which are not read: export the file again without a DOCTYPE',
    );
  }
  const [xmldom, { kml }] = await Promise.all([
    import('@xmldom/xmldom'),
    import('@tmcw/togeojson'),
  ]);
  // xmldom is CommonJS: a bundle split into chunks (the CLI's) may give its exports as `default`.
  const { DOMParser } =
    'DOMParser' in xmldom ? xmldom : (xmldom as { default: typeof xmldom }).default;
  const problems: string[] = [];
  let doc: import('@xmldom/xmldom').Document;
  try {
    // onError given: xmldom reports here instead of on the console; warnings (an unquoted
    // attribute) are read past silently, errors (an unknown entity) become a note.
    doc = new DOMParser({
      onError: (level, message) => {
        if (level === 'error') problems.push(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    const e = error as { message?: string; locator?: { lineNumber?: number } };
    const line = e.locator?.lineNumber ? ` (line ${e.locator.lineNumber})` : '';
    const message = /missing root element/.test(String(e.message))
      ? 'not a KML file: KML is XML text starting with <?xml or <kml>, and this holds no XML element'
      : `not well-formed XML, so not readable as KML: ${String(e.message ?? error)}${line}; export the file again`;
    throw refuse('invalid-kml', message);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') {
    throw refuse(
      'invalid-kml',
      `XML, but not KML: its root element is <${root?.tagName ?? '?'}>, where a KML file has <kml>`,
    );
  }
  const depth = elementDepth(root, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    throw refuse(
      'invalid-kml',
      `the KML nests elements more than ${MAX_DEPTH} deep, past what any map export writes: the file is damaged or made to hang a reader`,
    );
  }
  const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
  if (placemarks.length === 0) {
    throw refuse(
      'no-placemarks',
      'a KML file with no Placemark: nothing to read as facilities or dependencies',
    );
  }
  let collection: FeatureCollection;
  try {
    collection = kml(doc) as FeatureCollection;
  } catch (error) {
    throw refuse(
      'invalid-kml',
      `cannot read this KML: ${String((error as Error)?.message ?? error)}`,
    );
  }
  // kml() yields one feature per Placemark, in document order: the same order as `placemarks`.
  const features = collection.features.map((f, i) => cleanFeature(f, placemarks[i]));
  const notes: string[] = [];
  if (note) notes.push(note);
  if (problems.length > 0) {
    notes.push(
      `the XML has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} read past (${problems[0]}${problems.length > 1 ? ', …' : ''}): check the values it touches`,
    );
  }
  const links = doc.getElementsByTagName('NetworkLink').length;
  if (links > 0) {
    notes.push(
      `${links === 1 ? 'a NetworkLink was' : `${links} NetworkLinks were`} not followed: only the Placemarks in the file itself are read`,
    );
  }
  const collections = features.filter((f) => f.geometry?.type === 'GeometryCollection').length;
  if (collections > 0) {
    notes.push(
      `${collections === 1 ? 'a Placemark mixes' : `${collections} Placemarks mix`} points, lines and polygons in one MultiGeometry, which a facility cannot have`,
    );
  }
  return { name: layer, data: { type: 'FeatureCollection', features }, notes, code: 'kml' };
}

/** The depth of the deepest element under `root` (1 for root alone), counted up to `limit + 1`. */
function elementDepth(root: import('@xmldom/xmldom').Node, limit: number): number {
  // An iterative walk (firstChild, nextSibling, parentNode): no recursion on the file's nesting.
  let node = root;
  let depth = 1;
  let deepest = 1;
  for (;;) {
    if (node.nodeType === 1 && node.firstChild) {
      node = node.firstChild;
      depth++;
    } else {
      while (node !== root && !node.nextSibling) {
        node = node.parentNode!;
        depth--;
      }
      if (node === root) return deepest;
      node = node.nextSibling!;
    }
    if (node.nodeType === 1 && depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
  }
}

/**
 * A feature as togeojson made it, for the inventory: style keys dropped (unless ExtendedData
 * names them), an HTML description as its text, a MultiGeometry of one kind as a Multi* type.
 */
function cleanFeature(
  feature: Feature<Geometry | null>,
  placemark: import('@xmldom/xmldom').Element | undefined,
): Feature<Geometry | null> {
  const properties: Record<string, unknown> = { ...feature.properties };
  const styled = STYLE_KEYS.filter((key) => key in properties);
  if (styled.length > 0) {
    const named = placemark ? extendedDataNames(placemark) : new Set<string>();
    for (const key of styled) if (!named.has(key)) delete properties[key];
  }
  const description = properties.description as { '@type'?: string; value?: unknown } | undefined;
  if (description && typeof description === 'object' && description['@type'] === 'html') {
    properties.description = String(description.value ?? '');
  }
  const out: Feature<Geometry | null> = {
    type: 'Feature',
    geometry: multiOf(feature.geometry),
    properties,
  };
  if (feature.id !== undefined) out.id = feature.id;
  return out;
}

/** The names of a Placemark's ExtendedData (Data, and SimpleData of its SchemaData). */
function extendedDataNames(placemark: import('@xmldom/xmldom').Element): Set<string> {
  // Children walked directly: getElementsByTagName costs a walk of the subtree per call.
  const names = new Set<string>();
  const children = (node: import('@xmldom/xmldom').Node, tag: string) =>
    Array.from(node.childNodes).filter(
      (c): c is import('@xmldom/xmldom').Element => c.nodeType === 1 && c.nodeName === tag,
    );
  for (const extended of children(placemark, 'ExtendedData')) {
    for (const data of children(extended, 'Data')) names.add(data.getAttribute('name') ?? '');
    for (const schema of children(extended, 'SchemaData')) {
      for (const data of children(schema, 'SimpleData')) names.add(data.getAttribute('name') ?? '');
    }
  }
  return names;
}

/** A GeometryCollection whose members are all of one type as that Multi* type; else as is. */
function multiOf(geometry: Geometry | null): Geometry | null {
  if (geometry?.type !== 'GeometryCollection') return geometry;
  const members = geometry.geometries;
  const points = members.flatMap((g) => (g.type === 'Point' ? [g.coordinates] : []));
  if (points.length === members.length) return { type: 'MultiPoint', coordinates: points };
  const lines = members.flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : []));
  if (lines.length === members.length) return { type: 'MultiLineString', coordinates: lines };
  const polygons = members.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : []));
  if (polygons.length === members.length) return { type: 'MultiPolygon', coordinates: polygons };
  return geometry;
}
