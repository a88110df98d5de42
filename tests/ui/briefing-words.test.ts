/** The briefing's words and numbers: counts, "1.2 million", sectors as people say them, people. */
import { describe, expect, it } from 'vitest';
import {
  count,
  peopleSentence,
  roughly,
  sectorLoss,
  sectorTitle,
} from '../../src/ui/briefing/words.ts';

describe('briefing words', () => {
  it('writes counts with separators and large ones in millions, rounded half up', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(roughly(950)).toBe('950');
    expect(roughly(12_400)).toBe('12,400');
    expect(roughly(1_150_000)).toBe('1.2 million');
    expect(roughly(1_000_000)).toBe('1 million');
    expect(roughly(2_250_000_000)).toBe('2.3 billion');
  });

  it('names sectors as people do and keeps unknown ones as given', () => {
    expect(sectorTitle('telecom')).toBe('Telecommunications');
    expect(sectorLoss('health')).toBe('health care');
    expect(sectorTitle('Bergbau')).toBe('Bergbau');
    expect(sectorTitle('__proto__')).toBe('__proto__');
  });

  it('says how many people lose a service, largest sector first', () => {
    const people = { bySector: { water: 190_000, energy: 1_150_000 }, atLeast: 1_150_000 };
    expect(peopleSentence(people)).toBe(
      'at least 1,150,000 people lose a service; 1,150,000 lose energy, 190,000 lose water',
    );
    expect(peopleSentence(people, 1)).toBe(
      'at least 1,150,000 people lose a service; 1,150,000 lose energy, 1 more sector',
    );
    expect(peopleSentence({ bySector: { water: 1 }, atLeast: 1 })).toBe(
      'at least 1 person loses a service; 1 loses water',
    );
  });
});
