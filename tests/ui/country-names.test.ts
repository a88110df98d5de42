import { describe, expect, it } from 'vitest';
import { countryName as coreName, countryNames } from '../../src/core/country-codes.ts';
import { countryName } from '../../src/ui/country-names.ts';

describe('the country names the page ships', () => {
  it('are the core names, code for code', () => {
    const codes = Object.keys(countryNames());
    expect(codes.length).toBeGreaterThan(240);
    for (const code of codes) expect(countryName(code)).toBe(coreName(code));
    expect(countryName('DEU')).toBe('Germany');
    expect(countryName('XKX')).toBe('Kosovo');
  });

  it('give back a code they do not know, and nothing inherited', () => {
    expect(countryName('ZZZ')).toBe('ZZZ');
    expect(countryName('constructor')).toBe('constructor');
    expect(countryName('__proto__')).toBe('__proto__');
  });
});
