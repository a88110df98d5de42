/**
 * Country names in the page, from a table the build makes with the core's own `countryName`
 * (src/core/country-codes.ts): the same names, without shipping the ISO tables to the page.
 */
import names from 'virtual:ripplemap/country-names';

/** English short name for an alpha-3 code, or the code itself when it has none. */
export function countryName(alpha3: string): string {
  return Object.hasOwn(names, alpha3) ? names[alpha3]! : alpha3;
}
