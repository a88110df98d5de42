import { describe, expect, it } from 'vitest';
import {
  guardedFetch,
  guardRequest,
  isBlockedRequestError,
  unwrapGuarded,
} from '../../src/map/request-guard.ts';

const PAGE = 'http://127.0.0.1:4173/ripplemap/';

describe('guardRequest', () => {
  it('fetches same-origin addresses on the page and blocks every other origin', () => {
    expect(guardRequest('http://127.0.0.1:4173/tiles/1/0/0.pbf', PAGE)).toEqual({
      kind: 'fetch',
      url: 'ripplemap-fetch://http://127.0.0.1:4173/tiles/1/0/0.pbf',
    });
    expect(guardRequest('styles/own.json', PAGE)).toEqual({
      kind: 'fetch',
      url: 'ripplemap-fetch://http://127.0.0.1:4173/ripplemap/styles/own.json',
    });
    // Another port is another origin.
    expect(guardRequest('http://127.0.0.1:9999/t.pbf', PAGE)).toMatchObject({
      kind: 'blocked',
      origin: 'http://127.0.0.1:9999',
    });
    expect(guardRequest('//evil.test/x.json', PAGE)).toMatchObject({
      kind: 'blocked',
      origin: 'http://evil.test',
    });
    expect(guardRequest('file:///etc/passwd', PAGE)).toMatchObject({ kind: 'blocked' });
  });

  it('lets an allowed tile origin through and leaves local protocols alone', () => {
    expect(
      guardRequest('https://tiles.example.org/a', PAGE, ['https://tiles.example.org']),
    ).toEqual({ kind: 'fetch', url: 'ripplemap-fetch://https://tiles.example.org/a' });
    for (const url of ['data:,x', 'blob:http://127.0.0.1:4173/1', 'pmtiles://local/{z}/{x}/{y}']) {
      expect(guardRequest(url, PAGE)).toEqual({ kind: 'keep' });
    }
  });

  it('never lets a rewritten address out again', async () => {
    const blocked = guardRequest('https://a.test/x', PAGE);
    expect(blocked.kind).toBe('blocked');
    // A hand-made ripplemap-fetch:// address for another origin is refused before any fetch.
    const error = await guardedFetch(
      { url: 'ripplemap-fetch://https://a.test/x', type: 'json' },
      new AbortController().signal,
      PAGE,
    ).catch((e: unknown) => e);
    expect(isBlockedRequestError(error)).toBe(true);
    expect(unwrapGuarded('ripplemap-blocked://https://a.test/x')).toBe('https://a.test/x');
  });
});
