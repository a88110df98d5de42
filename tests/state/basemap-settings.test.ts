import { describe, expect, test } from 'vitest';
import {
  BASEMAP_STORAGE_KEY,
  BasemapSettings,
  readSavedChoice,
} from '../../src/state/basemap.svelte.ts';
import { basemapStyleFromSettings, type BasemapSetting } from '../../src/map/basemap/basemap.ts';

const PAGE = 'https://maps.lan/ripplemap/';
const BUNDLED = { version: 8 as const, sources: {}, layers: [] };

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

/** The real URL check and PMTiles reading; only the bundled style (which fetches) is stood in. */
const styleFor: typeof basemapStyleFromSettings = async (setting: BasemapSetting, options) =>
  setting.kind === 'bundled'
    ? { style: BUNDLED, bundled: true, attribution: 'Natural Earth (public domain)' }
    : basemapStyleFromSettings(setting, options);

function settings(initial: Record<string, string> = {}) {
  const storage = memoryStorage(initial);
  const basemap = new BasemapSettings({
    storage,
    pageUrl: () => PAGE,
    allowedOrigins: [],
    styleFor,
  });
  return { basemap, storage };
}

test('readSavedChoice falls back to the built-in basemap on anything unexpected', () => {
  expect(readSavedChoice(null)).toEqual({ kind: 'bundled' });
  expect(readSavedChoice('not json')).toEqual({ kind: 'bundled' });
  expect(readSavedChoice('{"kind":"url","url":"  "}')).toEqual({ kind: 'bundled' });
  expect(readSavedChoice('{"kind":"url","url":"styles/a.json"}')).toEqual({
    kind: 'url',
    url: 'styles/a.json',
  });
  expect(readSavedChoice('{"kind":"pmtiles","name":"eu.pmtiles"}')).toEqual({
    kind: 'pmtiles',
    name: 'eu.pmtiles',
  });
});

describe('BasemapSettings', () => {
  test('a same-origin URL is requested, remembered once loaded, and credited from its sources', async () => {
    const { basemap, storage } = settings();
    await basemap.useUrl('styles/plain.json');
    expect(basemap.status).toBe('loading');
    const request = basemap.request!;
    expect(request).toMatchObject({ style: `${PAGE}styles/plain.json`, bundled: false });
    expect(storage.data.size).toBe(0); // not before it loaded
    basemap.report({ seq: request.seq, kind: 'loaded', style: { sources: {} } });
    expect(basemap.status).toBe('ready');
    expect(basemap.choice).toEqual({ kind: 'url', url: 'styles/plain.json' });
    expect(JSON.parse(storage.data.get(BASEMAP_STORAGE_KEY)!)).toEqual(basemap.choice);
    expect(basemap.message).toBeNull();
    basemap.report({ seq: request.seq, kind: 'attribution', text: '© Local tiles' });
    expect(basemap.attribution).toBe('© Local tiles');
  });

  test('an off-origin URL is refused before any request, and the map stays as it was', async () => {
    const { basemap, storage } = settings();
    await basemap.useUrl('https://tiles.example.org/style.json');
    expect(basemap.request).toBeNull();
    expect(basemap.status).toBe('ready');
    expect(basemap.choice).toEqual({ kind: 'bundled' });
    expect(basemap.message).toMatch(/Content Security Policy/);
    expect(storage.data.size).toBe(0);
  });

  test('a style that fails to load falls back to the built-in basemap, with the reason', async () => {
    const { basemap, storage } = settings({
      [BASEMAP_STORAGE_KEY]: '{"kind":"url","url":"styles/gone.json"}',
    });
    await basemap.restore();
    const first = basemap.request!;
    basemap.report({ seq: first.seq, kind: 'failed', error: new Error('404 Not Found') });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const second = basemap.request!;
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(second).toMatchObject({ style: BUNDLED, bundled: true });
    expect(basemap.message).toMatch(/styles\/gone\.json could not be loaded \(404 Not Found\)/);
    basemap.report({ seq: second.seq, kind: 'loaded', style: BUNDLED });
    expect(basemap.choice).toEqual({ kind: 'bundled' });
    expect(basemap.message).toMatch(/built-in basemap instead/); // kept after the fallback loads
    // The saved style's server may be down only for now: it is tried again next time.
    expect(basemap.message).toMatch(/tried again when RippleMap next opens/);
    expect(readSavedChoice(storage.data.get(BASEMAP_STORAGE_KEY) ?? null)).toEqual({
      kind: 'url',
      url: 'styles/gone.json',
    });
  });

  test('a newly picked style that fails changes nothing saved: the last working choice stays', async () => {
    const { basemap, storage } = settings({
      [BASEMAP_STORAGE_KEY]: '{"kind":"url","url":"styles/good.json"}',
    });
    await basemap.useUrl('styles/typo.json');
    const first = basemap.request!;
    basemap.report({ seq: first.seq, kind: 'failed', error: new Error('404 Not Found') });
    await new Promise((r) => setTimeout(r, 0));
    basemap.report({ seq: basemap.request!.seq, kind: 'loaded', style: BUNDLED });
    expect(basemap.choice).toEqual({ kind: 'bundled' });
    expect(basemap.message).toMatch(/styles\/typo\.json could not be loaded/);
    expect(basemap.message).not.toMatch(/next opens/);
    expect(JSON.parse(storage.data.get(BASEMAP_STORAGE_KEY)!)).toEqual({
      kind: 'url',
      url: 'styles/good.json',
    });
  });

  test('choosing the built-in basemap on purpose forgets the saved style', async () => {
    const { basemap, storage } = settings({
      [BASEMAP_STORAGE_KEY]: '{"kind":"url","url":"styles/good.json"}',
    });
    await basemap.useBundled();
    basemap.report({ seq: basemap.request!.seq, kind: 'loaded', style: BUNDLED });
    expect(storage.data.has(BASEMAP_STORAGE_KEY)).toBe(false);
  });

  test('a loaded style that reaches other origins gets a warning', async () => {
    const { basemap } = settings();
    await basemap.useUrl('/styles/mixed.json');
    basemap.report({
      seq: basemap.request!.seq,
      kind: 'loaded',
      style: { sources: { t: { type: 'raster', tiles: ['https://img.example.com/{z}/{x}/{y}'] } } },
    });
    expect(basemap.message).toMatch(/https:\/\/img\.example\.com/);
  });

  test('a PMTiles file used last time is named for re-picking, not loaded', async () => {
    const { basemap } = settings({
      [BASEMAP_STORAGE_KEY]: '{"kind":"pmtiles","name":"europe.pmtiles"}',
    });
    await basemap.restore();
    expect(basemap.request).toBeNull();
    expect(basemap.repick).toBe('europe.pmtiles');
  });

  test('stale reports are ignored: the latest pick wins', async () => {
    const { basemap } = settings();
    await basemap.useUrl('a.json');
    const a = basemap.request!;
    await basemap.useUrl('b.json');
    basemap.report({ seq: a.seq, kind: 'loaded', style: {} });
    expect(basemap.status).toBe('loading');
    basemap.report({ seq: basemap.request!.seq, kind: 'loaded', style: {} });
    expect(basemap.choice).toEqual({ kind: 'url', url: 'b.json' });
  });
});

test('a failing built-in basemap is reported, not retried', async () => {
  const { basemap } = settings();
  await basemap.useBundled();
  const request = basemap.request!;
  basemap.report({ seq: request.seq, kind: 'failed', error: new Error('WebGL lost') });
  await new Promise((r) => setTimeout(r, 0));
  expect(basemap.request).toBe(request);
  expect(basemap.message).toBe('The built-in basemap failed to load: WebGL lost');
});
