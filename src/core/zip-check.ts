/**
 * A zipped Shapefile checked before shpjs reads it, so that a damaged or hostile archive gets
 * a plain message at once instead of a hang, a bomb or an engine's error text:
 *
 * - the central directory and every entry must lie inside the file ("Offset is outside the
 *   bounds of the DataView" from shpjs before);
 * - every entry is inflated here, counting what comes out: past `maxInflated` bytes the zip is
 *   refused (a bomb inflating to 6 GB got through a cap on its compressed size); data that
 *   does not inflate is refused ("Failed to fetch" before);
 * - a .dbf whose header claims more records than it holds is refused (it hung the load);
 * - a .prj that is not a coordinate system in WKT is refused (proj4's "havn't handled "<" in
 *   neutral yet" before).
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

/** What the checks keep of the entries: the start and length of each .dbf, each .prj's text. */
export interface ZipContents {
  inflatedBytes: number;
  dbf: { name: string; head: Uint8Array; length: number }[];
  prj: { name: string; text: string }[];
}

/**
 * Inflates every entry, counting bytes (never holding more than one chunk of the others), and
 * keeps what the Shapefile checks need. Throws a ZipProblem.
 */
export async function inflateZip(bytes: ArrayBuffer, maxInflated: number): Promise<ZipContents> {
  const contents: ZipContents = { inflatedBytes: 0, dbf: [], prj: [] };
  const mb = (n: number) => `${Math.round(n / 1e6).toLocaleString('en-US')} MB`;
  for (const entry of zipEntries(bytes)) {
    if (entry.name.endsWith('/')) continue; // a folder
    const raw = new Uint8Array(bytes, entry.dataStart, entry.compressedSize);
    const isDbf = /\.dbf$/i.test(entry.name);
    const isPrj = /\.prj$/i.test(entry.name);
    const head = new Uint8Array(32);
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
      if (isDbf && headFilled < 32) {
        const part = chunk.subarray(0, 32 - headFilled);
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
 * A .dbf whose header promises more records than the file holds, as a message; null when the
 * sizes agree (or the file is too short to have a header: shpjs then says so itself).
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
  return null;
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
