import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PMTiles, type Source } from 'pmtiles';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import {
  attributionText,
  blockedOriginsInStyle,
  checkStyleUrl,
  parseTileOrigins,
} from '../../src/map/basemap/url';
import {
  MAX_PLAIN_LAYERS,
  pmtilesStyle,
  summarizePmtiles,
} from '../../src/map/basemap/pmtiles-style';
import { readPmtilesArchive } from '../../src/map/basemap/pmtiles';
import {
  labelLayerOf,
  sourceAttributions,
  waitForStyle,
  withBeforeId,
} from '../../src/map/basemap/switch';
import { basemapStyleFromSettings } from '../../src/map/basemap/basemap';
import { contentSecurityPolicyFor } from '../../vite.config';
import {
  buildRasterPmtiles,
  buildVectorPmtiles,
  FIXTURE_METADATA,
  FIXTURE_PATH,
  VECTOR_FIXTURE_PATH,
  VECTOR_METADATA,
} from '../../scripts/make-pmtiles-fixture';

const PAGE = 'https://maps.lan/ripplemap/index.html';

describe('checkStyleUrl', () => {
  test('relative and same-origin addresses load, resolved against the page', () => {
    expect(checkStyleUrl(' styles/plain.json ', PAGE)).toEqual({
      ok: true,
      url: 'https://maps.lan/ripplemap/styles/plain.json',
      sameOrigin: true,
    });
    expect(checkStyleUrl('/tiles/style.json', PAGE)).toMatchObject({
      ok: true,
      url: 'https://maps.lan/tiles/style.json',
    });
    expect(checkStyleUrl('https://maps.lan/x.json?v=2', PAGE)).toMatchObject({ ok: true });
  });

  test('another origin is refused with the CSP, the leak and the deployer variable explained', () => {
    const check = checkStyleUrl('https://tiles.example.org/style.json', PAGE);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.code).toBe('off-origin');
    expect(check.message).toContain('https://tiles.example.org');
    expect(check.message).toContain("connect-src 'self'");
    expect(check.message).toContain('RIPPLEMAP_TILE_ORIGINS=https://tiles.example.org');
    expect(check.message).toMatch(/off this machine/);
    // A different port or scheme is another origin too.
    expect(checkStyleUrl('https://maps.lan:8443/s.json', PAGE).ok).toBe(false);
    expect(checkStyleUrl('http://maps.lan/s.json', PAGE).ok).toBe(false);
  });

  test('an origin the build allows loads', () => {
    const allowed = ['https://tiles.example.org'];
    expect(checkStyleUrl('https://tiles.example.org/s.json', PAGE, allowed)).toMatchObject({
      ok: true,
      sameOrigin: false,
    });
  });

  test('empty, malformed, credentials and other schemes are refused', () => {
    expect(checkStyleUrl('   ', PAGE)).toMatchObject({ ok: false, code: 'empty' });
    expect(checkStyleUrl('http://[::1', PAGE)).toMatchObject({ ok: false, code: 'invalid' });
    expect(checkStyleUrl('javascript:alert(1)', PAGE)).toMatchObject({ ok: false, code: 'scheme' });
    expect(checkStyleUrl('data:application/json,{}', PAGE)).toMatchObject({ code: 'scheme' });
    expect(checkStyleUrl('https://u:p@maps.lan/s.json', PAGE)).toMatchObject({ code: 'invalid' });
  });
});

describe('RIPPLEMAP_TILE_ORIGINS and the CSP', () => {
  test('parses bare origins, separated by spaces or commas, without duplicates', () => {
    expect(parseTileOrigins(undefined)).toEqual([]);
    expect(parseTileOrigins('')).toEqual([]);
    expect(
      parseTileOrigins(
        'https://tiles.example.org, http://10.0.0.5:8080 https://tiles.example.org/',
      ),
    ).toEqual(['https://tiles.example.org', 'http://10.0.0.5:8080']);
  });

  test('refuses paths, wildcards and other schemes, so a typo fails the build', () => {
    expect(() => parseTileOrigins('https://tiles.example.org/styles')).toThrow(/bare origin/);
    expect(() => parseTileOrigins('https://*.example.org')).toThrow();
    expect(() => parseTileOrigins('ftp://tiles.example.org')).toThrow(/bare origin/);
    expect(() => parseTileOrigins('tiles.example.org')).toThrow(/not an origin/);
  });

  test('the default policy is unchanged; allowed origins go to connect-src and img-src only', () => {
    expect(contentSecurityPolicyFor()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self' data: blob:; worker-src 'self' blob:; " +
        "object-src 'none'; base-uri 'self'; form-action 'none'",
    );
    const csp = contentSecurityPolicyFor(['https://tiles.example.org', 'http://10.0.0.5:8080']);
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['connect-src']).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://tiles.example.org',
      'http://10.0.0.5:8080',
    ]);
    expect(directives['img-src']).toContain('https://tiles.example.org');
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
  });
});

describe('blockedOriginsInStyle', () => {
  test('lists the other origins a style reaches, not its own or local schemes', () => {
    const style = {
      sources: {
        a: { type: 'vector', url: 'https://tiles.example.org/v.json' },
        b: {
          type: 'raster',
          tiles: ['tiles/{z}/{x}/{y}.png', 'https://img.example.com/{z}/{x}/{y}'],
        },
        c: { type: 'vector', url: 'pmtiles://local-1' },
        d: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      },
      glyphs: 'https://fonts.example.net/{fontstack}/{range}.pbf',
      sprite: 'sprites/basic',
    };
    expect(blockedOriginsInStyle(style, PAGE)).toEqual([
      'https://tiles.example.org',
      'https://img.example.com',
      'https://fonts.example.net',
    ]);
    expect(blockedOriginsInStyle(style, PAGE, ['https://tiles.example.org'])).toHaveLength(2);
    expect(blockedOriginsInStyle(null, PAGE)).toEqual([]);
  });
});

test('attributionText keeps the words and drops the HTML', () => {
  expect(attributionText('<a href="https://osm.org/copyright">&copy; OpenStreetMap</a>')).toBe(
    '© OpenStreetMap',
  );
  expect(attributionText('<img src=x onerror=alert(1)>Tiles &amp;lt;b&amp;gt;')).toBe(
    'Tiles &lt;b&gt;',
  );
});

/** A vector archive's header over Europe, zoom 0 to 14. */
const header = {
  tileType: 1,
  minZoom: 0,
  maxZoom: 14,
  minLon: -10,
  minLat: 35,
  maxLon: 30,
  maxLat: 60,
};

describe('pmtilesStyle', () => {
  test('raster archives get one raster layer with the archive bounds and credit', () => {
    const style = pmtilesStyle(
      { ...header, tileType: 2, maxZoom: 5 },
      FIXTURE_METADATA,
      'pmtiles://local-1',
      'r.pmtiles',
    );
    expect(style.sources.pmtiles).toMatchObject({
      type: 'raster',
      tiles: ['pmtiles://local-1/{z}/{x}/{y}'],
      maxzoom: 5,
      bounds: [-10, 35, 30, 60],
      attribution: '© RippleMap test tiles',
    });
    expect(style.layers.map((l) => l.type)).toEqual(['background', 'raster']);
  });

  test('Protomaps-like vector archives: land on a sea background, known layers styled, labels with fonts', () => {
    const metadata = {
      vector_layers: [
        'earth',
        'water',
        'landuse',
        'roads',
        'boundaries',
        'places',
        'pois',
        'custom',
      ].map((id) => ({ id })),
    };
    const fontFaces = { 'Noto Sans Regular': [{ url: 'https://maps.lan/n.woff2' }] };
    const style = pmtilesStyle(header, metadata, 'pmtiles://local-2', 'v.pmtiles', { fontFaces });
    const ids = style.layers.map((l) => l.id);
    expect(style.layers[0]).toMatchObject({
      type: 'background',
      paint: { 'background-color': '#dfe6eb' },
    });
    expect(ids.indexOf('pmtiles-earth')).toBeLessThan(ids.indexOf('pmtiles-water'));
    expect(ids.indexOf('pmtiles-water')).toBeLessThan(ids.indexOf('pmtiles-roads'));
    expect(ids).toContain('pmtiles-boundaries');
    expect(ids).toContain('pmtiles-places-labels');
    expect(ids).toContain('pmtiles-custom-fill');
    expect(ids.some((id) => id.includes('pois'))).toBe(false);
    expect(style['font-faces']).toBe(fontFaces);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
  });

  test('OpenMapTiles-like archives draw water on a land background; without fonts, no labels', () => {
    const metadata = {
      vector_layers: ['water', 'landcover', 'transportation', 'boundary', 'place', 'building'].map(
        (id) => ({ id }),
      ),
    };
    const style = pmtilesStyle(header, metadata, 'pmtiles://local-3', 'omt.pmtiles');
    expect(style.layers[0]).toMatchObject({ paint: { 'background-color': '#f2f2f0' } });
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(style['font-faces']).toBeUndefined();
    expect(style.layers.find((l) => l.id === 'pmtiles-building')).toMatchObject({ minzoom: 13 });
  });

  test('refuses what cannot be drawn, with the reason', () => {
    expect(() => pmtilesStyle({ ...header, tileType: 0 }, {}, 'pmtiles://x', 'u.pmtiles')).toThrow(
      /unknown/,
    );
    expect(() => pmtilesStyle({ ...header, tileType: 6 }, {}, 'pmtiles://x', 'm.pmtiles')).toThrow(
      /mlt/,
    );
    expect(() => pmtilesStyle(header, {}, 'pmtiles://x', 'v.pmtiles')).toThrow(/no vector layers/);
  });

  test('20,000 vector layers (some repeated): each listed once, at most 200 plain ones drawn', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => ({ id: `layer-${i % 19_000}` }));
    const metadata = { vector_layers: [{ id: 'water' }, ...ids] };
    const s = summarizePmtiles(header, metadata, 'many.pmtiles');
    expect(s.vectorLayers).toHaveLength(19_001);
    const style = pmtilesStyle(header, metadata, 'pmtiles://many', 'many.pmtiles');
    const sourceLayers = new Set(
      style.layers.map((l) => (l as { 'source-layer'?: string })['source-layer']),
    );
    expect(sourceLayers.has('water')).toBe(true);
    expect(sourceLayers.size).toBe(1 + 1 + MAX_PLAIN_LAYERS); // background (none), water, plain
    expect(new Set(style.layers.map((l) => l.id)).size).toBe(style.layers.length);
  });

  test('summaries are plain text and bounds are sane even when the header is not', () => {
    const s = summarizePmtiles(
      { ...header, minLon: 10, maxLon: 10 },
      { name: '<b>Europe</b>', attribution: 5 },
      'e.pmtiles',
    );
    expect(s.fields).toEqual([['name', 'Europe']]);
    expect(s.attribution).toBe('');
    expect(s.bounds).toEqual([-180, -85.051129, 180, 85.051129]);
  });
});

describe('the raster PMTiles fixture', () => {
  const bytes = readFileSync(FIXTURE_PATH);
  const source: Source = {
    getKey: () => 'fixture',
    getBytes: async (offset, length) => ({
      data: bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length),
    }),
  };

  test('is what the committed generator writes', () => {
    expect(Buffer.from(buildRasterPmtiles()).equals(bytes)).toBe(true);
    expect(Buffer.from(buildVectorPmtiles()).equals(readFileSync(VECTOR_FIXTURE_PATH))).toBe(true);
  });

  test('the vector fixture is one MVT tile whose metadata names its layers', async () => {
    const vector = readFileSync(VECTOR_FIXTURE_PATH);
    const { archive, header, metadata } = await readPmtilesArchive({
      getKey: () => 'vector',
      getBytes: async (offset, length) => ({
        data: vector.buffer.slice(vector.byteOffset + offset, vector.byteOffset + offset + length),
      }),
    });
    expect(header).toMatchObject({ tileType: 1, minZoom: 0, maxZoom: 0, numAddressedTiles: 1 });
    expect(metadata).toEqual(VECTOR_METADATA);
    expect((await archive.getZxy(0, 0, 0))!.data.byteLength).toBeGreaterThan(50);
    const style = pmtilesStyle(header, metadata, 'pmtiles://v', 'v.pmtiles');
    expect(style.layers.map((l) => l.id)).toEqual([
      'pmtiles-background',
      'pmtiles-earth',
      'pmtiles-water',
    ]);
  });

  test('reads with the pmtiles package: PNG tiles at zooms 0-2 and its metadata', async () => {
    const { archive, header, metadata } = await readPmtilesArchive(source);
    expect(header).toMatchObject({
      specVersion: 3,
      tileType: 2,
      minZoom: 0,
      maxZoom: 2,
      numAddressedTiles: 21,
    });
    expect(metadata).toEqual(FIXTURE_METADATA);
    for (const [z, x, y] of [
      [0, 0, 0],
      [1, 1, 0],
      [2, 3, 3],
      [2, 1, 2],
    ] as const) {
      const tile = await archive.getZxy(z, x, y);
      expect(new Uint8Array(tile!.data).subarray(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    }
    expect(await archive.getZxy(3, 0, 0)).toBeUndefined();
    expect(
      pmtilesStyle(header, metadata, 'pmtiles://f', 'f.pmtiles').sources.pmtiles,
    ).toMatchObject({ type: 'raster' });
  });

  test('anything else is not an archive', async () => {
    const junk = new TextEncoder().encode('{"type":"FeatureCollection"}'.padEnd(200));
    const bad: Source = {
      getKey: () => 'junk',
      getBytes: async (o, l) => ({ data: junk.slice(o, o + l).buffer }),
    };
    await expect(readPmtilesArchive(bad)).rejects.toThrow(/not a PMTiles v3 archive/);
    // The package itself agrees: it reads the fixture's header and refuses the junk.
    await expect(new PMTiles(source).getHeader()).resolves.toMatchObject({
      specVersion: 3,
      tileType: 2,
    });
    await expect(new PMTiles(bad).getHeader()).rejects.toThrow();
  });
});

describe('switching styles under the overlay', () => {
  class FakeMap {
    listeners = new Map<string, Set<(e: { error?: unknown }) => void>>();
    on(type: string, f: (e: { error?: unknown }) => void) {
      if (!this.listeners.has(type)) this.listeners.set(type, new Set());
      this.listeners.get(type)!.add(f);
    }
    off(type: string, f: (e: { error?: unknown }) => void) {
      this.listeners.get(type)?.delete(f);
    }
    fire(type: string, e: { error?: unknown } = {}) {
      for (const f of [...(this.listeners.get(type) ?? [])]) f(e);
    }
    count() {
      return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
    }
  }

  test('waitForStyle resolves on style.load and rejects on an error before it, then lets go', async () => {
    const ok = new FakeMap();
    const loaded = waitForStyle(ok);
    ok.fire('style.load');
    await expect(loaded).resolves.toBeUndefined();
    expect(ok.count()).toBe(0);

    const bad = new FakeMap();
    const failed = waitForStyle(bad);
    bad.fire('error', { error: new Error('Unexpected token < in JSON') });
    bad.fire('style.load');
    await expect(failed).rejects.toThrow(/Unexpected token/);
    expect(bad.count()).toBe(0);

    await expect(waitForStyle(new FakeMap(), 5)).rejects.toThrow(/did not load/);
  });

  /** A stand-in for a deck.gl layer: an id, props and clone(). */
  const make = (id: string, beforeId?: string): FakeLayer => ({
    id,
    props: { beforeId },
    clone(props: Record<string, unknown>) {
      return { ...make(id), props: { ...this.props, ...props } };
    },
  });
  interface FakeLayer {
    id: string;
    props: { beforeId?: string };
    clone(props: Record<string, unknown>): FakeLayer;
  }

  test('withBeforeId(layers, null) clones only the layers that ask to go under the labels', () => {
    const under = make('arcs', 'basemap-labels');
    const top = make('facilities');
    const out = withBeforeId([under, top], null) as FakeLayer[];
    expect(out[0]!.props.beforeId).toBeUndefined();
    expect(out[0]).not.toBe(under);
    expect(out[1]).toBe(top);
    expect(under.props.beforeId).toBe('basemap-labels'); // inputs untouched
  });

  test("withBeforeId puts the app's under-label layers under a custom style's first label layer", () => {
    const [under, top] = [make('arcs', 'basemap-labels'), make('facilities')];
    const out = withBeforeId([under, top], 'place-labels') as FakeLayer[];
    expect(out.map((l) => l.props.beforeId)).toEqual(['place-labels', undefined]);
    expect(out[1]).toBe(top);
    const style = (types: string[]) => ({
      layers: types.map((type, i) => ({ id: `l${i}`, type })),
    });
    expect(labelLayerOf(style(['background', 'fill', 'symbol', 'line', 'symbol']))).toBe('l2');
    expect(labelLayerOf(style(['background', 'line']))).toBeNull();
    expect(labelLayerOf({})).toBeNull();
  });

  test('sourceAttributions joins distinct plain-text credits', () => {
    expect(
      sourceAttributions(
        [
          { attribution: '<a>&copy; OSM</a>' },
          undefined,
          { attribution: '© OSM' },
          { attribution: 'NE' },
        ],
        attributionText,
      ),
    ).toBe('© OSM; NE');
  });
});

describe('basemapStyleFromSettings', () => {
  test('a same-origin style URL is returned resolved, as a non-bundled style', async () => {
    await expect(
      basemapStyleFromSettings({ kind: 'url', url: 'styles/plain.json' }, { pageUrl: PAGE }),
    ).resolves.toEqual({
      style: 'https://maps.lan/ripplemap/styles/plain.json',
      bundled: false,
      attribution: '',
    });
  });

  test('refuses an empty or off-origin URL with the message the user sees', async () => {
    await expect(
      basemapStyleFromSettings({ kind: 'url', url: '  ' }, { pageUrl: PAGE }),
    ).rejects.toThrow(/Enter/);
    await expect(
      basemapStyleFromSettings(
        { kind: 'url', url: 'https://tiles.example.org/s.json' },
        { pageUrl: PAGE },
      ),
    ).rejects.toThrow(/Content Security Policy/);
  });
});

describe('generated and fixture styles pass the MapLibre style specification', () => {
  const fontFaces = { 'Noto Sans Regular': [{ url: 'https://maps.lan/n.woff2' }] };
  const layers = (ids: string[]) => ({ vector_layers: ids.map((id) => ({ id })) });
  const cases: [string, unknown][] = [
    [
      'raster',
      pmtilesStyle({ ...header, tileType: 2 }, FIXTURE_METADATA, 'pmtiles://a', 'r.pmtiles'),
    ],
    [
      'Protomaps-like',
      pmtilesStyle(
        header,
        layers([
          'earth',
          'water',
          'landuse',
          'roads',
          'boundaries',
          'buildings',
          'places',
          'custom',
        ]),
        'pmtiles://b',
        'p.pmtiles',
        { fontFaces },
      ),
    ],
    [
      'OpenMapTiles-like',
      pmtilesStyle(
        header,
        layers([
          'water',
          'waterway',
          'landcover',
          'park',
          'transportation',
          'boundary',
          'building',
          'place',
        ]),
        'pmtiles://c',
        'o.pmtiles',
        { fontFaces },
      ),
    ],
    ['fixture style', JSON.parse(readFileSync('tests/fixtures/basemap/plain-style.json', 'utf8'))],
  ];
  test.each(cases)('%s', (_, style) => {
    expect(validateStyleMin(style as never)).toEqual([]);
  });

  test('and the broken fixture does not', () => {
    const broken = JSON.parse(readFileSync('tests/fixtures/basemap/invalid-style.json', 'utf8'));
    expect(validateStyleMin(broken).length).toBeGreaterThan(0);
  });
});
