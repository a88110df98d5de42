/**
 * Sector colours are looked up by a string from the data: inherited names must not reach
 * Object.prototype (a sector "__proto__" made deck.gl throw "e.slice is not a function" for
 * every facility and arc, found by the browser run of the bad-input corpus).
 */
import { describe, expect, it } from 'vitest';
import { sectorColor, sectorHex } from '../../src/map/palette.ts';

describe('sector colours', () => {
  it('known sectors have their own colour', () => {
    expect(sectorHex('energy')).toBe('#E69F00');
    expect(sectorColor('water', 100)).toEqual([0x56, 0xb4, 0xe9, 100]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknown'])(
    'a sector called %s is drawn grey',
    (sector) => {
      expect(sectorHex(sector)).toBe('#6f6f6f');
      expect(sectorColor(sector)).toEqual([0x6f, 0x6f, 0x6f, 255]);
    },
  );
});
