/**
 * Where a JSON text goes wrong. Engines word JSON.parse errors differently (and some give no
 * position at all), so a small syntax scanner finds the offset of the first error itself.
 */

/**
 * Offset of the first syntax error in `text` (text.length when it ends too early; -1 if valid).
 * With `allowNonFinite`, the NaN, Infinity and -Infinity that Python's json module writes count
 * as numbers, so the first error found is a real one.
 */
export function jsonErrorOffset(text: string, options: { allowNonFinite?: boolean } = {}): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  class Fail {
    constructor(readonly at: number) {}
  }
  const fail = (at = i): never => {
    throw new Fail(Math.min(at, n));
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(i + k);
    i += word.length;
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i + 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i + 1);
      } else i++;
    }
    fail(n);
  };
  const number = () => {
    if (options.allowNonFinite) {
      const word = /^(NaN|-?Infinity)/.exec(text.slice(i, i + 9));
      if (word) {
        i += word[0].length;
        return;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail();
    ws();
    if (i >= n) fail(n);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (i >= n) fail(n);
        if (text[i] !== '"') fail();
        string();
        ws();
        if (i >= n) fail(n);
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (i >= n) fail(n);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (i >= n) fail(n);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    ws();
    if (i < n) fail();
    return -1;
  } catch (e) {
    if (e instanceof Fail) return e.at;
    // Nesting deeper than the stack allows: report the start.
    return 0;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

/**
 * The message for a text JSON.parse refused: where, and what was found there.
 * @param options.firstLine the line number of the text's first line (NDJSON: the line read)
 */
export function jsonErrorMessage(
  text: string,
  options: { firstLine?: number; unit?: 'file' | 'line' } = {},
): string {
  const unit = options.unit ?? 'file';
  let offset = jsonErrorOffset(text, { allowNonFinite: true });
  if (offset < 0) offset = jsonErrorOffset(text); // only NaN/Infinity: point at the first one
  if (offset < 0) offset = 0; // the engine refused what the scanner accepts (lone surrogates?)
  const at = lineColumn(text, offset);
  const column = at.column;
  const line = at.line + (options.firstLine ?? 1) - 1;
  if (offset >= text.length) {
    const why = unit === 'file' ? ' (an interrupted download or copy?)' : '';
    return `the JSON ends too early at line ${line}, column ${column}: the ${unit} looks truncated${why}`;
  }
  const lineStart = offset - column + 1;
  const lineEnd = text.indexOf('\n', offset);
  const context = text.slice(
    Math.max(lineStart, offset - 30),
    lineEnd < 0 ? offset + 30 : Math.min(lineEnd, offset + 30),
  );
  const found = JSON.stringify(text[offset]);
  const before = text.slice(0, offset).trimEnd().at(-1) ?? '';
  const missingComma = /["}\]\deul]/.test(before) && /["{[\d-]/.test(text[offset]!);
  const extraComma = before === ',' && /[}\]]/.test(text[offset]!);
  const hint = missingComma
    ? ' (a comma missing before it?)'
    : extraComma
      ? ' (a comma too many before it?)'
      : '';
  return `invalid JSON at line ${line}, column ${column}: unexpected ${found}${hint} (near: ${context.trim()})`;
}

/**
 * Replaces the bare NaN, Infinity and -Infinity tokens outside strings with strings, so a file
 * written by Python's json module parses; the values then fail the checks that need numbers.
 */
export function replaceNonFinite(text: string): { text: string; count: number } {
  const out: string[] = [];
  let count = 0;
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 78 && c !== 73 && c !== 45) continue; // N, I, -
    const word = /^(NaN|-?Infinity)/.exec(text.slice(i, i + 9));
    if (!word) continue;
    out.push(text.slice(from, i), `"${word[0]}"`);
    i += word[0].length - 1;
    from = i + 1;
    count++;
  }
  out.push(text.slice(from));
  return { text: out.join(''), count };
}
