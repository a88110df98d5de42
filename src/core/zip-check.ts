/**
 * A zipped Shapefile checked before shpjs reads it, so that a damaged or hostile archive gets
 * a plain message at once instead of a hang, a bomb or an engine's error text:
 *
 * - the central directory and every entry must lie inside the file ("Offset is outside the
 *   bounds of the DataView" from shpjs before);
 * - every entry is inflated here, counting what comes out: past `maxInflated` bytes the zip is
 *   refused (a bomb inflating to 6 GB got through a cap on its compressed size); data that
 *   does not inflate is refused ("Failed to fetch" before);
 * - a .dbf whose header claims more records than it holds is refused (it hung the load), and
 *   one whose records are shorter than its fields (every field after the first read shifted);
 * - a .shp whose shape type shpjs cannot read, or whose records run past the end or claim more
 *   points than they hold, is refused ("Offset is outside the bounds of the DataView",
 *   "Invalid DataView length -36" before; a cut-off record silently dropped the rest);
 * - a .prj that is not a coordinate system in WKT is refused (proj4's "havn't handled "<" in
 *   neutral yet" before), and so is one proj4 cannot read (`crsProblem`).
 *
 * Uses DecompressionStream, which browsers, workers and Node 18+ have.
 */

/** Why a zip cannot be read: a code for the report, a message for the user. */
export class ZipProblem extends Error {
  constructor(
    readonly code: 'invalid-zip' | 'too-large' | 'invalid-shapefile',
    message: string,
  ) {
    super(message);
  }
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  dataStart: number;
}

/** The entries of a zip from its central directory, each checked to lie inside the file. */
export function zipEntries(bytes: ArrayBuffer): Entry[] {
  const view = new DataView(bytes);
  const size = bytes.byteLength;
  const damaged = (why: string) =>
    new ZipProblem('invalid-zip', `a damaged zip archive (${why}): download or export it again`);
  let end = -1;
  for (let i = size - 22; i >= Math.max(0, size - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged('its table of contents at the end is missing');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  if (at + directorySize > end) throw damaged('its table of contents points past the end');
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) {
      throw damaged('its table of contents is cut short');
    }
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) throw damaged('its table of contents is cut short');
    const name = decoder.decode(new Uint8Array(bytes, at + 46, nameLength));
    if (local + 30 > size || view.getUint32(local, true) !== 0x04034b50) {
      throw damaged(`the entry ${shortName(name)} points past the end or at nothing`);
    }
    const dataStart =
      local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataStart + compressedSize > size) {
      throw damaged(`the entry ${shortName(name)} runs past the end`);
    }
    entries.push({ name, method, compressedSize, dataStart });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

function shortName(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 59)}…` : name);
}

/**
 * What the checks keep of the entries: the header (up to 64 kB: its field list) and length of
 * each .dbf, what is wrong with each .shp (null: nothing), each .prj's text.
 */
export interface ZipContents {
  inflatedBytes: number;
  dbf: { name: string; head: Uint8Array; length: number }[];
  shp: { name: string; problem: string | null }[];
  prj: { name: string; text: string }[];
}

/** A .dbf header's largest length (a 16-bit field): the field list lies within it. */
const DBF_HEAD_BYTES = 65_536;

/**
 * Inflates every entry, counting bytes (never holding more than one chunk of the others), and
 * keeps what the Shapefile checks need. Throws a ZipProblem.
 */
export async function inflateZip(bytes: ArrayBuffer, maxInflated: number): Promise<ZipContents> {
  const contents: ZipContents = { inflatedBytes: 0, dbf: [], shp: [], prj: [] };
  const mb = (n: number) => `${Math.round(n / 1e6).toLocaleString('en-US')} MB`;
  for (const entry of zipEntries(bytes)) {
    if (entry.name.endsWith('/')) continue; // a folder
    const raw = new Uint8Array(bytes, entry.dataStart, entry.compressedSize);
    // macOS zips hold AppleDouble files named like the parts (__MACOSX/._sites.dbf): shpjs
    // skips them, and so do the checks.
    const checked = entry.name.includes('__MACOSX') ? '' : entry.name;
    const isDbf = /\.dbf$/i.test(checked);
    const isPrj = /\.prj$/i.test(checked);
    const shp = /\.shp$/i.test(checked) ? new ShpCheck(entry.name) : null;
    const head = new Uint8Array(isDbf ? DBF_HEAD_BYTES : 0);
    let headFilled = 0;
    const prjParts: Uint8Array[] = [];
    let length = 0;
    const take = (chunk: Uint8Array) => {
      length += chunk.byteLength;
      contents.inflatedBytes += chunk.byteLength;
      if (contents.inflatedBytes > maxInflated) {
        throw new ZipProblem(
          'too-large',
          `the zip archive inflates to more than ${mb(maxInflated)}, over what a browser tab can load safely (a zip bomb, or split the layers into smaller archives)`,
        );
      }
      shp?.take(chunk);
      if (isDbf && headFilled < DBF_HEAD_BYTES) {
        const part = chunk.subarray(0, DBF_HEAD_BYTES - headFilled);
        head.set(part, headFilled);
        headFilled += part.byteLength;
      }
      if (isPrj && length <= 1e6) prjParts.push(chunk);
    };
    if (entry.method === 0) take(raw);
    else if (entry.method === 8) await inflateRaw(raw, take, entry.name);
    else {
      throw new ZipProblem(
        'invalid-zip',
        `the entry ${shortName(entry.name)} is compressed with a method browsers cannot read (${entry.method}); zip it again with the usual "deflate"`,
      );
    }
    if (isDbf) contents.dbf.push({ name: entry.name, head: head.slice(0, headFilled), length });
    if (shp) contents.shp.push({ name: entry.name, problem: shp.problem() });
    if (isPrj)
      contents.prj.push({ name: entry.name, text: new TextDecoder().decode(concat(prjParts)) });
  }
  return contents;
}

async function inflateRaw(
  raw: Uint8Array,
  take: (chunk: Uint8Array) => void,
  name: string,
): Promise<void> {
  const stream = new Blob([raw as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof ZipProblem) throw error;
    throw new ZipProblem(
      'invalid-zip',
      `a damaged zip archive (the entry ${shortName(name)} does not inflate: its data is corrupt): download or export it again`,
    );
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * A .dbf whose header promises more records than the file holds, or records shorter than its
 * fields (parsedbf reads each field at the sum of the lengths before it, so every record after
 * the first would be read shifted), as a message; null when the sizes agree. `head` is the
 * file's start, at least its header (the field list) when the file has one.
 */
export function dbfProblem(name: string, head: Uint8Array, length: number): string | null {
  if (head.byteLength < 12) return `${shortName(name)} is too short to be a .dbf table`;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const needed = headerLength + records * recordLength;
  if (headerLength < 32 || recordLength === 0 || needed > length + 1) {
    const fits =
      recordLength > 0 ? Math.max(0, Math.floor((length - headerLength) / recordLength)) : 0;
    return `${shortName(name)} says it holds ${records.toLocaleString('en-US')} records but has room for ${fits.toLocaleString('en-US')}: the table is damaged or cut off (export the Shapefile again)`;
  }
  // The field list as parsedbf walks it: 32-byte entries up to the 0x0D that ends it.
  let fields = 1; // the deletion flag before every record
  for (let at = 32; at + 17 <= Math.min(head.byteLength, headerLength - 1); at += 32) {
    fields += head[at + 16]!;
    if (head[at + 32] === 0x0d) break;
  }
  if (fields > recordLength) {
    return `${plainName(name)}: its records are ${recordLength.toLocaleString('en-US')} bytes long but its fields add up to ${fields.toLocaleString('en-US')}, so every field would be read shifted: the table is damaged; export the Shapefile again`;
  }
  return null;
}

/** A file name for the start of a message: shortened, without control characters. */
function plainName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

/** Shape types by number (ESRI Shapefile Technical Description); shpjs reads the first twelve. */
const SHAPE_TYPES: Record<number, string> = {
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

/**
 * The bytes a record's content (from its shape type on) needs for what its first 44 bytes
 * say (`view`: those bytes, or fewer when the record is shorter), by the file's shape type as
 * shpjs reads it (the point counts' Z values too; M values are optional).
 */
function recordNeeds(fileType: number, view: DataView): number {
  if (view.byteLength >= 4 && view.getInt32(0, true) === 0) return 4; // a null shape
  const base = fileType % 10; // 1 point, 3 line, 5 polygon, 8 multipoint (Z, M: +10, +20)
  const z = fileType > 10 && fileType < 20 ? 1 : 0;
  if (base === 1) return 20 + 8 * z;
  if (base === 8) {
    if (view.byteLength < 40) return 40;
    const points = view.getInt32(36, true);
    return points < 0 ? Infinity : 40 + 16 * points + z * (16 + 8 * points);
  }
  if (view.byteLength < 44) return 44;
  const parts = view.getInt32(36, true);
  const points = view.getInt32(40, true);
  if (parts < 0 || points < 0) return Infinity;
  return 44 + 4 * parts + 16 * points + z * (16 + 8 * points);
}

/**
 * Checks a .shp as it streams past, chunk by chunk (never holding it): the 100-byte header's
 * file code and shape type, then every record's length against what is left and against the
 * points it claims. `problem()` at the end says what is wrong, in words; null when nothing.
 */
export class ShpCheck {
  private seen = 0;
  private readonly head = new Uint8Array(100);
  private fileType = -1;
  private record = 0; // records started, 1-based
  private recordStart = 0; // where the current record's 8-byte header starts
  private claimed = 0; // its content length in bytes
  private recordAt = 100; // where the next record's header starts
  private readonly buffer = new Uint8Array(8 + 44); // a header and its first 44 content bytes
  private filled = 0;
  private wanted = 8;
  private found: string | null = null;

  constructor(private readonly name: string) {}

  /** The next bytes of the file. */
  take(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.byteLength && this.found === null) {
      const left = chunk.byteLength - i;
      if (this.seen < 100) {
        const n = Math.min(100 - this.seen, left);
        this.head.set(chunk.subarray(i, i + n), this.seen);
        this.seen += n;
        i += n;
        if (this.seen === 100) this.found = this.headerProblem();
      } else if (this.seen < this.recordAt) {
        const n = Math.min(this.recordAt - this.seen, left);
        this.seen += n;
        i += n;
      } else {
        const n = Math.min(this.wanted - this.filled, left);
        this.buffer.set(chunk.subarray(i, i + n), this.filled);
        this.filled += n;
        this.seen += n;
        i += n;
        if (this.filled === 8 && this.wanted === 8) {
          // The length is a count of 16-bit words, unsigned here (shpjs's `<< 1` overflowed).
          this.record++;
          this.recordStart = this.recordAt;
          this.claimed = new DataView(this.buffer.buffer).getUint32(4, false) * 2;
          this.wanted = 8 + Math.min(44, this.claimed);
        }
        if (this.filled === this.wanted) {
          this.found = this.recordProblem();
          this.recordAt = this.recordStart + 8 + this.claimed;
          this.filled = 0;
          this.wanted = 8;
        }
      }
    }
    if (i < chunk.byteLength) this.seen += chunk.byteLength - i;
  }

  /** What is wrong with the file, once all of it was taken; null when nothing. */
  problem(): string | null {
    if (this.found !== null) return this.found;
    const name = plainName(this.name);
    if (this.seen < 100) return `${name} is too short to be a .shp file: export the layer again`;
    // A record begun but not whole (fewer than 8 bytes after the last record are padding).
    if (this.filled >= 8 || this.seen < this.recordAt) {
      const left = Math.max(0, this.seen - this.recordStart - 8);
      return `${name}: record ${this.record.toLocaleString('en-US')} claims ${this.claimed.toLocaleString('en-US')} bytes but the file has ${left.toLocaleString('en-US')} left: the .shp is damaged or cut off; export it again`;
    }
    return null;
  }

  private headerProblem(): string | null {
    const view = new DataView(this.head.buffer);
    const name = plainName(this.name);
    if (view.getInt32(0, false) !== 9994) {
      return `${name} is not a Shapefile .shp (its header is missing): the file is damaged or not a Shapefile; export the layer again`;
    }
    const type = view.getInt32(32, true);
    if (type === 0) {
      return `${name} holds only empty (null) shapes, so no facility can be placed: export the layer again with its geometry`;
    }
    const kind = SHAPE_TYPES[type];
    if (kind === 'MultiPatch' || kind === undefined) {
      const what = kind ? `${kind} shapes (shape type ${type})` : `shape type ${type}`;
      return `${name} holds ${what}, which RippleMap cannot read: export the layer as points, lines or polygons`;
    }
    this.fileType = type;
    return null;
  }

  /** The current record's first bytes against what they say it holds. */
  private recordProblem(): string | null {
    if (this.claimed === 0) return null; // shpjs reads it as no geometry
    const needs = recordNeeds(this.fileType, new DataView(this.buffer.buffer, 8, this.wanted - 8));
    if (needs <= this.claimed) return null;
    const what = Number.isFinite(needs)
      ? `its shape needs ${needs.toLocaleString('en-US')}`
      : 'it gives a negative count of parts or points';
    return `${plainName(this.name)}: record ${this.record.toLocaleString('en-US')} is ${this.claimed.toLocaleString('en-US')} bytes long but ${what}: the .shp is damaged; export it again`;
  }
}

/** A loose .shp's problem (ShpCheck), as a message; null when there is none. */
export function shpProblem(name: string, bytes: Uint8Array): string | null {
  const check = new ShpCheck(name);
  check.take(bytes);
  return check.problem();
}

/** A .prj that is not a coordinate system in WKT, as a message; null when it looks like one. */
export function prjProblem(name: string, text: string): string | null {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '') return null; // empty: read as WGS 84, as with no .prj
  if (
    /^(PROJCS|GEOGCS|GEOCCS|COMPD_CS|PROJCRS|GEOGCRS|GEODCRS|BOUNDCRS|COMPOUNDCRS)\s*\[/i.test(t) ||
    /^\+proj=/.test(t)
  ) {
    return null;
  }
  return `${shortName(name)} is not a coordinate system description (WKT such as GEOGCS[...] or PROJCS[...]): its coordinates cannot be placed; export the Shapefile again with its .prj`;
}

/**
 * A .prj proj4 cannot read (cut off, or a projection it does not know), as a message; null
 * when proj4 reads it, or when it is empty and `emptyIsWgs84` (a loose .prj: shpjs skips it).
 * proj4 (shpjs's too) is imported only here, when a .prj is there to check.
 */
export async function crsProblem(
  name: string,
  text: string,
  emptyIsWgs84: boolean,
): Promise<string | null> {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (t === '' && emptyIsWgs84) return null;
  const fix = 're-export the layer as WGS 84 (EPSG:4326)';
  if (t === '') {
    return `${plainName(name)} is empty, so its coordinates cannot be placed: ${fix}, or leave the empty .prj out of the zip`;
  }
  const { default: proj4 } = await import('proj4');
  try {
    proj4(text);
    return null;
  } catch {
    const start = t.length > 60 ? `${t.slice(0, 59)}…` : t;
    // eslint-disable-next-line no-control-regex
    const shown = start.replace(/[\u0000-\u001f\u007f]/g, ' ');
    return `${plainName(name)}: the coordinate system is not one this app can read (${shown}); ${fix}`;
  }
}
