/** Numbers written as text in a CSV cell or a property: decimals only. */

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A decimal number written as text ("52.51", "52,51" with a decimal comma, "-1e3"), or NaN.
 * Unlike Number(), hexadecimal, octal and binary ("0x1A", "0o17", "0b101"), "Infinity" and
 * blanks are not numbers here: a coordinate or a delay is written in decimals.
 * @example decimalNumber('52,51') // 52.51
 * @example decimalNumber('0x10') // NaN
 */
export function decimalNumber(value: string): number {
  const t = value.trim();
  const normalized = /^[-+]?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  return DECIMAL.test(normalized) ? Number(normalized) : NaN;
}

/** A CSV number, accepting a decimal comma ("52,51") as spreadsheets in Europe write it. */
export function csvNumber(value: string): number | string {
  const t = value.trim();
  if (t === '') return t;
  const n = decimalNumber(t);
  return Number.isNaN(n) ? value : n;
}
