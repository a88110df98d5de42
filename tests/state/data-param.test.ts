/** `?data=`: what is on this site, what needs the user's yes, and what is refused. */
import { describe, expect, it } from 'vitest';
import { dataParam } from '../../src/state/data-param.ts';

const PAGE = 'https://ripplemap.example/app/?x=1';

describe('dataParam', () => {
  it('is none without the parameter or with an empty one', () => {
    expect(dataParam('', PAGE)).toEqual({ kind: 'none' });
    expect(dataParam('?data=', PAGE)).toEqual({ kind: 'none' });
  });

  it('reads relative and same-host addresses as this site, named by their last segment', () => {
    expect(dataParam('?data=inventories/grid%20north.geojson', PAGE)).toEqual({
      kind: 'same-origin',
      url: 'https://ripplemap.example/app/inventories/grid%20north.geojson',
      name: 'grid north.geojson',
    });
    expect(dataParam('?data=https://ripplemap.example/d.csv', PAGE).kind).toBe('same-origin');
  });

  it('reads another host, scheme or port as another site, with the host to show', () => {
    const other = dataParam(
      `?data=${encodeURIComponent('https://data.example.org/a/b.geojson')}`,
      PAGE,
    );
    expect(other).toEqual({
      kind: 'cross-origin',
      url: 'https://data.example.org/a/b.geojson',
      name: 'b.geojson',
      host: 'data.example.org',
      origin: 'https://data.example.org',
    });
    expect(dataParam('?data=http://ripplemap.example/d.csv', PAGE).kind).toBe('cross-origin');
    expect(dataParam('?data=https://ripplemap.example:8443/d.csv', PAGE).kind).toBe('cross-origin');
    // A look-alike host is another host.
    const lookAlike = dataParam('?data=https://ripplemap.example.evil.test/d.csv', PAGE);
    expect(lookAlike).toMatchObject({ kind: 'cross-origin', host: 'ripplemap.example.evil.test' });
    expect(dataParam('?data=//cdn.example/x.json', PAGE)).toMatchObject({ host: 'cdn.example' });
  });

  it('refuses anything but http and https', () => {
    for (const value of ['javascript:alert(1)', 'data:application/json,{}', 'file:///etc/passwd']) {
      const read = dataParam(`?data=${encodeURIComponent(value)}`, PAGE);
      expect(read.kind, value).toBe('invalid');
    }
  });
});
