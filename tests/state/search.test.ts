import { describe, expect, it } from 'vitest';
import { findMatches, searchKey } from '../../src/state/search.ts';

describe('facility search', () => {
  it('ignores case and accents, in names and in the query', () => {
    expect(searchKey('Setúbal substation')).toBe('setubal substation');
    expect(searchKey('Łódź')).toBe('lodz');
    expect(searchKey('Bălți, Ørsted, Straße')).toBe('balti, orsted, strasse');
    // Printable ASCII takes a shortcut, a tab the full path: the same keys.
    const ascii = 'SUB-ESP Cartagena 7/B_x~\t';
    expect(searchKey(ascii)).toBe(ascii.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''));
    expect(searchKey('Ab' + 'é')).toBe('abe');
    const keys = ['setúbal port', 'lodz grid', 'oslo water'].map(searchKey);
    expect(findMatches(keys, 'SETUBAL', 12).shown).toEqual([0]);
    expect(findMatches(keys, 'Łódź', 12).shown).toEqual([1]);
  });

  it('puts names that start with the query first, and counts every match', () => {
    const keys = ['big oslo plant', 'oslo water', 'oslo grid', 'west oslo'].map(searchKey);
    expect(findMatches(keys, 'oslo', 12)).toEqual({ shown: [1, 2, 0, 3], total: 4 });
    expect(findMatches(keys, 'oslo', 3)).toEqual({ shown: [1, 2, 0], total: 4 });
    expect(findMatches(keys, '  ', 3)).toEqual({ shown: [], total: 0 });
    expect(findMatches(keys, 'bergen', 3)).toEqual({ shown: [], total: 0 });
  });
});
