/**
 * Sector colours are looked up by a string from the data: inherited names must not reach
 * Object.prototype (a sector "__proto__" made deck.gl throw "e.slice is not a function" for
 * every facility and arc, found by the browser run of the bad-input corpus).
 */
import { describe, expect, it } from 'vitest';
import {
  assignExtraColors,
  EXTRA_COLORS,
  sectorColor,
  sectorHex,
  sectorShape,
} from '../../src/map/palette.ts';

describe('sector colours', () => {
  it('known sectors have their own colour', () => {
    expect(sectorHex('energy')).toBe('#E69F00');
    expect(sectorColor('water', 100)).toEqual([0x56, 0xb4, 0xe9, 100]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknown'])(
    'a sector called %s gets an extra colour, no core one',
    (sector) => {
      expect(EXTRA_COLORS).toContain(sectorHex(sector));
      expect(sectorColor(sector)[3]).toBe(255);
    },
  );

  it('gives the everyday words of one inventory distinct colours, the same on every load', () => {
    const words = ['Substation', 'Power Plant', 'Wasserwerk', 'Krankenhaus', 'Data Centre', 'gas'];
    assignExtraColors([...words, 'energy', 'water']);
    const first = words.map(sectorHex);
    expect(new Set(first).size).toBe(words.length);
    expect(sectorHex('energy')).toBe('#E69F00');
    assignExtraColors([...words].reverse());
    expect(words.map(sectorHex)).toEqual(first);
    expect(words.map(sectorShape)).toEqual(words.map(() => 'disc'));
  });

  it('repeats the colours as rings once they run out, never one colour and shape twice', () => {
    const many = Array.from({ length: 40 }, (_, k) => `type ${String(k).padStart(2, '0')}`);
    assignExtraColors(many);
    const looks = many.map((s) => `${sectorHex(s)} ${sectorShape(s)}`);
    expect(new Set(looks.slice(0, 32)).size).toBe(32);
    expect(many.filter((s) => sectorShape(s) === 'ring')).toHaveLength(16);
  });
});
