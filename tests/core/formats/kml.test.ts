/**
 * KML and KMZ (src/core/formats/kml.ts): the inventory of inventory.geojson written as KML by
 * hand (Data/value), as a KMZ, and by GDAL (SchemaData/SimpleData) loads to the same
 * facilities, dependencies and report; damaged and hostile files are refused with a plain
 * message, at once, and without xmldom writing to the console.
 */
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isKmlHead,
  isKmzHead,
  kmlReader,
  MAX_KML_BYTES,
  readKml,
  readKmz,
} from '../../../src/core/formats/kml.ts';
import { Refusal } from '../../../src/core/readers.ts';
import {
  expectSameCoordinates,
  fixture,
  inventoryOf,
  load,
  reference,
  refusalOf,
  summary,
} from './kml-fgb-helpers.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const kml = (body: string) =>
  utf8(`<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`);
const site = (id: string, lon: number, lat: number) =>
  `<Placemark><name>${id}</name><ExtendedData><Data name="id"><value>${id}</value></Data>` +
  `<Data name="sector"><value>energy</value></Data></ExtendedData>` +
  `<Point><coordinates>${lon},${lat}</coordinates></Point></Placemark>`;

let consoleCalls: unknown[][] = [];
beforeEach(() => {
  consoleCalls = [];
  for (const level of ['log', 'warn', 'error', 'info', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args) => void consoleCalls.push(args));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  // xmldom reports to the console unless given onError: nothing may reach it.
  expect(consoleCalls).toEqual([]);
});

describe('KML and KMZ read like their GeoJSON', () => {
  it.each(['inventory.kml', 'inventory.kmz', 'gdal.kml'])('%s', async (file) => {
    const expected = await reference();
    const actual = await inventoryOf(file, fixture(file));
    expect(summary(actual)).toEqual(summary(expected));
    expectSameCoordinates(actual, expected, 1e-9);
    expect(actual.facilities).toHaveLength(6);
    expect(actual.dependencies.length).toBe(3);
    // The route of exchange -> hospital is kept, the others have none, as in the GeoJSON.
    expect(actual.dependencies.routes.size).toBe(1);
  });

  it('keeps data, drops style: no stroke or styleUrl among the properties', async () => {
    const inventory = await inventoryOf('gdal.kml', fixture('gdal.kml'));
    const cable = inventory.facilities.find((f) => f.id === 'cable')!;
    expect(Object.keys(cable.properties).sort()).toEqual(['country', 'id', 'name', 'sector']);
    const plant = (await inventoryOf('inventory.kml', fixture('inventory.kml'))).facilities.find(
      (f) => f.id === 'plant',
    )!;
    expect(Object.keys(plant.properties).sort()).toEqual(['country', 'id', 'name', 'sector']);
  });

  it('names the layers of a KMZ with several .kml files after the entries', async () => {
    const zip = zipSync({
      'doc.kml': kml(site('a', 8, 49)),
      'more/extra.kml': kml(site('b', 9, 50)),
      'styles.kml': kml('<Style id="s"/>'),
    });
    const layers = await kmlReader.read('sites.kmz', zip);
    expect(layers.map((l) => l.name)).toEqual(['sites.kmz/doc.kml', 'sites.kmz/more/extra.kml']);
    expect(layers[0]!.notes).toEqual(['styles.kml in the KMZ hold no Placemarks and were skipped']);
    const inventory = await inventoryOf('sites.kmz', zip);
    expect(inventory.facilities.map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('takes KML and KMZ by their content whatever the name', () => {
    const head = (bytes: Uint8Array) => bytes.subarray(0, 512);
    expect(kmlReader.accepts('export.xml', head(fixture('gdal.kml')))).toBe(true);
    expect(kmlReader.accepts('download', head(fixture('inventory.kmz')))).toBe(true);
    expect(isKmzHead(head(fixture('inventory.kmz')))).toBe(true);
    expect(isKmlHead(utf8('<?xml version="1.0"?>\n<gpx></gpx>'))).toBe(false);
    expect(isKmlHead(utf8('\uFEFF<kml xmlns="http://www.opengis.net/kml/2.2">'))).toBe(true);
    expect(kmlReader.accepts('sites.zip', head(zipSync({ 'a.shp': utf8('x') })))).toBe(false);
    expect(kmlReader.accepts('sites.geojson', utf8('{"type":"FeatureCollection"}'))).toBe(false);
  });

  it('reads UTF-16 and a declared ISO-8859-1 encoding', async () => {
    const text = new TextDecoder().decode(kml(site('Zürich', 8.5, 47.4)));
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect((await inventoryOf('z.kml', utf16)).facilities[0]!.id).toBe('Zürich');
    const latin = Uint8Array.from(
      text.replace('UTF-8', 'ISO-8859-1'),
      (c) => c.charCodeAt(0) & 0xff,
    );
    expect((await inventoryOf('z.kml', latin)).facilities[0]!.id).toBe('Zürich');
  });

  it('makes a MultiGeometry of points a MultiPoint', async () => {
    const bytes = kml(
      '<Placemark><ExtendedData><Data name="id"><value>m</value></Data></ExtendedData>' +
        '<MultiGeometry><Point><coordinates>8,49</coordinates></Point>' +
        '<Point><coordinates>9,50</coordinates></Point></MultiGeometry></Placemark>',
    );
    const [facility] = (await inventoryOf('m.kml', bytes)).facilities;
    expect(facility!.geometry).toEqual({
      type: 'MultiPoint',
      coordinates: [
        [8, 49],
        [9, 50],
      ],
    });
  });

  it('reads past an unknown entity, with a note', async () => {
    const bytes = kml(site('a', 8, 49).replace('<name>a</name>', '<name>a&nbsp;b</name>'));
    const result = await load('a.kml', bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const notes = result.inventory.warnings.filter((w) => w.code === 'kml');
    expect(notes.map((n) => n.message)).toEqual([
      'the XML has a problem read past (entity not found:&nbsp;): check the values it touches',
    ]);
  });
});

describe('bad KML and KMZ are refused with a plain message', () => {
  const refused = async (name: string, bytes: Uint8Array, message: string) => {
    const refusal = await refusalOf(name, bytes);
    expect(refusal.message).toBe(message);
    return refusal;
  };

  it('text that is not XML', async () => {
    await refused(
      'sites.kml',
      utf8('id,name\n1,plant\n'),
      'not a KML file: KML is XML text starting with <?xml or <kml>, and this is not XML',
    );
  });

  it('XML that does not parse', async () => {
    const text = new TextDecoder().decode(fixture('inventory.kml'));
    const cut = utf8(text.slice(0, text.indexOf('</Placemark>') + 5));
    const refusal = await refusalOf('sites.kml', cut);
    expect(refusal.code).toBe('invalid-kml');
    expect(refusal.message).toMatch(
      /^not well-formed XML, so not readable as KML: .+ \(line \d+\); export the file again$/,
    );
    await refused(
      'sites.kml',
      utf8('<kml><Document><name>x</nam></Document></kml>'),
      'not well-formed XML, so not readable as KML: Opening and ending tag mismatch: "name" != "nam" (line 1); export the file again',
    );
  });

  it('every prefix of a KML is read or refused, never thrown or hung', async () => {
    const bytes = fixture('inventory.kml');
    for (let n = 1; n < bytes.length; n += 13) {
      const result = await load('cut.kml', bytes.subarray(0, n));
      if (!result.ok) expect(result.code).toMatch(/^(invalid-kml|no-placemarks)$/);
    }
  });

  it('XML that is not KML', async () => {
    await refused(
      'track.kml',
      utf8('<?xml version="1.0"?><gpx version="1.1"><trk/></gpx>'),
      'XML, but not KML: its root element is <gpx>, where a KML file has <kml>',
    );
  });

  it('a KML without Placemarks', async () => {
    await refused(
      'empty.kml',
      kml('<Folder><name>nothing here</name></Folder>'),
      'a KML file with no Placemark: nothing to read as facilities or dependencies',
    );
  });

  it('entity declarations (a billion laughs) at once', async () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ''};`.repeat(10)}">`,
      ),
    ].join('');
    const bytes = utf8(
      `<?xml version="1.0"?><!DOCTYPE kml [${lol}]><kml><Placemark><name>&lol9;</name></Placemark></kml>`,
    );
    const started = Date.now();
    await refused(
      'lol.kml',
      bytes,
      'the KML declares XML entities (<!ENTITY> in a DOCTYPE), which are not read: export the file again without a DOCTYPE',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('nesting made to overflow the stack', async () => {
    const depth = 50_000;
    const bytes = kml(
      `<Placemark>${'<MultiGeometry>'.repeat(depth)}<Point><coordinates>8,49</coordinates></Point>${'</MultiGeometry>'.repeat(depth)}</Placemark>`,
    );
    await refused(
      'deep.kml',
      bytes,
      'the KML nests elements more than 200 deep, past what any map export writes: the file is damaged or made to hang a reader',
    );
  });

  it('a KMZ with no .kml inside', async () => {
    await refused(
      'photos.kmz',
      zipSync({ 'images/a.png': utf8('png'), 'readme.txt': utf8('hello') }),
      'a zip archive with no .kml file inside (it holds images/a.png, readme.txt): a KMZ holds its placemarks in doc.kml',
    );
  });

  it('a KMZ whose .kml files have no Placemark', async () => {
    await refused(
      'empty.kmz',
      zipSync({ 'doc.kml': kml('<name>x</name>') }),
      'a KML file with no Placemark: nothing to read as facilities or dependencies',
    );
  });

  it('a truncated KMZ, cut anywhere', async () => {
    const bytes = fixture('inventory.kmz');
    await refused(
      'inventory.kmz',
      bytes.subarray(0, bytes.length - 30),
      'a damaged zip archive (its table of contents at the end is missing): download or export it again',
    );
    for (let n = 1; n < bytes.length; n += 7) {
      const refusal = await refusalOf('inventory.kmz', bytes.subarray(0, n));
      expect(refusal.code).toMatch(/^(invalid-zip|invalid-kml)$/);
    }
  });

  it('a KMZ whose data does not inflate', async () => {
    const zip = zipSync({ 'doc.kml': kml(site('a', 8, 49)) });
    // The deflated data starts after the 30-byte local header and the name "doc.kml".
    const bad = zip.slice();
    bad.fill(0xff, 37, 47);
    await refused(
      'bad.kmz',
      bad,
      'a damaged zip archive (the entry doc.kml does not inflate: its data is corrupt or cut off): download or export it again',
    );
  });

  it('a KMZ that inflates past the limit (a zip bomb)', async () => {
    const zip = zipSync({ 'doc.kml': utf8(' '.repeat(3_000_000)) }, { level: 9 });
    expect(zip.length).toBeLessThan(10_000);
    const error = await readKmz('bomb.kmz', zip, 1_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Refusal).code).toBe('too-large');
    expect((error as Refusal).message).toBe(
      'doc.kml inflates to more than 1.0 MB, over what a browser tab can load safely (a zip bomb, or split the KMZ into smaller files)',
    );
  });

  it('KML past 50 MB is refused before it is parsed, with the way out (XML takes minutes)', async () => {
    const big = new Uint8Array(MAX_KML_BYTES + 1);
    const error = await readKml('sites.kml', big).catch((e: unknown) => e);
    expect((error as Refusal).code).toBe('too-large');
    expect((error as Refusal).message).toBe(
      '50 MB of KML, over the 50 MB this app reads as KML (XML is slow to read: minutes, and gigabytes of memory): convert it once to GeoPackage or GeoJSON (e.g. ogr2ogr -f GPKG sites.gpkg sites.kml) and open that',
    );
  });
});

describe('style keys', () => {
  it('keeps a key named like a style when ExtendedData gives it', async () => {
    const bytes = kml(
      '<Style id="s"><LineStyle><color>ff0000ff</color></LineStyle></Style>' +
        '<Placemark><styleUrl>#s</styleUrl><ExtendedData><Data name="id"><value>a</value></Data>' +
        '<SchemaData><SimpleData name="stroke">fibre</SimpleData></SchemaData></ExtendedData>' +
        '<Point><coordinates>8,49</coordinates></Point></Placemark>',
    );
    const [facility] = (await inventoryOf('s.kml', bytes)).facilities;
    expect(facility!.properties).toEqual({ id: 'a', stroke: 'fibre' });
  });
});
