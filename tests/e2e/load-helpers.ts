/**
 * Helpers for the loading tests: inventories generated inside the page (so a 60 MB file needs
 * no fixture and no upload), a synthetic drag-and-drop, and a tiny Shapefile + zip writer.
 */
import type { Page } from '@playwright/test';

export interface Generated {
  bytes: number;
  facilities: number;
}

/**
 * Builds a seeded GeoJSON inventory of about `megabytes` MB in the page and keeps it as
 * `window.__generated` (a File). Points in Europe, every country given; every other facility
 * depends on one or two earlier ones (`depends_on`). Runs in the page: self-contained.
 */
export async function generateInPage(
  page: Page,
  options: { megabytes: number; name: string; seed?: number; withoutCountry?: number },
): Promise<Generated> {
  return page.evaluate(({ megabytes, name, seed = 1, withoutCountry = 0 }) => {
    let state = seed >>> 0 || 1;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const sectors = ['energy', 'water', 'telecom', 'transport', 'health', 'finance', 'food'];
    const countries = ['DEU', 'FRA', 'POL', 'ITA', 'ESP', 'NLD', 'BEL', 'AUT', 'CZE', 'SWE'];
    const parts: string[] = ['{"type":"FeatureCollection","features":[\n'];
    let bytes = parts[0]!.length;
    let i = 0;
    const target = megabytes * 1e6;
    while (bytes < target) {
      const lon = (-10 + random() * 40).toFixed(5);
      const lat = (36 + random() * 24).toFixed(5);
      const props: Record<string, unknown> = {
        id: `gen-${i}`,
        name: `Generated facility ${i}`,
        sector: sectors[Math.floor(random() * sectors.length)],
        population_served: Math.floor(random() * 200_000),
        operator: `Operator ${Math.floor(random() * 500)}`,
        commissioned: 1950 + Math.floor(random() * 70),
      };
      if (random() >= withoutCountry) {
        props.country = countries[Math.floor(random() * countries.length)];
      }
      if (i > 2 && i % 2 === 0) {
        const a = Math.floor(random() * i);
        const b = Math.floor(random() * i);
        props.depends_on = a === b ? `gen-${a}` : `gen-${a},gen-${b}`;
      }
      const feature = `${i === 0 ? '' : ',\n'}{"type":"Feature","properties":${JSON.stringify(props)},"geometry":{"type":"Point","coordinates":[${lon},${lat}]}}`;
      parts.push(feature);
      bytes += feature.length;
      i++;
    }
    parts.push('\n]}\n');
    const file = new File(parts, name, { type: 'application/geo+json' });
    (window as unknown as { __generated: File }).__generated = file;
    return { bytes: file.size, facilities: i };
  }, options);
}

/**
 * Drops `window.__generated` (or the named fixture texts) on the page as a user would: a
 * DataTransfer built in the page, dragover then drop at `clientX` (left half: replace).
 */
export async function dropGenerated(page: Page, options: { add?: boolean } = {}): Promise<void> {
  await page.evaluate(({ add }) => {
    const file = (window as unknown as { __generated: File }).__generated;
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(file);
    const clientX = add ? window.innerWidth * 0.75 : window.innerWidth * 0.25;
    const init = { bubbles: true, cancelable: true, dataTransfer, clientX, clientY: 300 };
    document.body.dispatchEvent(new DragEvent('dragover', init));
    document.body.dispatchEvent(new DragEvent('drop', init));
  }, options);
}

/** Collects long tasks (> 50 ms on the main thread) from now on into `window.__longTasks`. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
}

// --- A minimal Shapefile (points) + zip writer, enough for shpjs -----------------------

export interface ShapefilePoint {
  lon: number;
  lat: number;
  fields: Record<string, string>;
}

/** .shp, .shx, .dbf and .prj for point features; dBASE fields are text, 10-character names. */
export function writeShapefile(
  points: ShapefilePoint[],
): Record<'shp' | 'shx' | 'dbf' | 'prj', Buffer> {
  const n = points.length;
  const xs = points.map((p) => p.lon);
  const ys = points.map((p) => p.lat);
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const header = (lengthBytes: number) => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(lengthBytes / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(1, 32); // point
    box.forEach((v, k) => h.writeDoubleLE(v!, 36 + 8 * k));
    return h;
  };
  const recordBytes = 8 + 20;
  const shp = Buffer.concat([
    header(100 + n * recordBytes),
    ...points.map((p, i) => {
      const r = Buffer.alloc(recordBytes);
      r.writeInt32BE(i + 1, 0);
      r.writeInt32BE(10, 4); // content length in 16-bit words
      r.writeInt32LE(1, 8);
      r.writeDoubleLE(p.lon, 12);
      r.writeDoubleLE(p.lat, 20);
      return r;
    }),
  ]);
  const shx = Buffer.concat([
    header(100 + n * 8),
    ...points.map((_, i) => {
      const r = Buffer.alloc(8);
      r.writeInt32BE((100 + i * recordBytes) / 2, 0);
      r.writeInt32BE(10, 4);
      return r;
    }),
  ]);
  const names = [...new Set(points.flatMap((p) => Object.keys(p.fields)))];
  const widths = names.map((name) =>
    Math.max(1, ...points.map((p) => Buffer.byteLength(p.fields[name] ?? ''))),
  );
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const dbfHeader = Buffer.alloc(headerLength);
  dbfHeader.writeUInt8(3, 0);
  dbfHeader.writeUInt8(126, 1);
  dbfHeader.writeUInt8(1, 2);
  dbfHeader.writeUInt8(1, 3);
  dbfHeader.writeUInt32LE(n, 4);
  dbfHeader.writeUInt16LE(headerLength, 8);
  dbfHeader.writeUInt16LE(recordLength, 10);
  names.forEach((name, k) => {
    const at = 32 + 32 * k;
    dbfHeader.write(name.slice(0, 10), at, 'latin1');
    dbfHeader.write('C', at + 11, 'latin1');
    dbfHeader.writeUInt8(widths[k]!, at + 16);
  });
  dbfHeader.writeUInt8(0x0d, headerLength - 1);
  const rows = points.map((p) => {
    const row = Buffer.alloc(recordLength, ' ');
    let at = 1;
    names.forEach((name, k) => {
      row.write(p.fields[name] ?? '', at, 'utf8');
      at += widths[k]!;
    });
    return row;
  });
  const dbf = Buffer.concat([dbfHeader, ...rows, Buffer.from([0x1a])]);
  const prj = Buffer.from(
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
  );
  return { shp, shx, dbf, prj };
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A zip archive of stored (uncompressed) entries. */
export function writeZip(entries: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
