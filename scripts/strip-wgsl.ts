/**
 * Build step: deck.gl 9.4 ships each shader twice, GLSL for WebGL and WGSL for WebGPU, as
 * template literals marked with a `/* wgsl *\/` comment. RippleMap only ever makes a WebGL
 * device, so the WGSL text (about 60 kB in the modules the app uses) is dead weight in the
 * first download. `stripWgsl` empties those literals in deck.gl's modules (vite.config.ts).
 */

const MARK = '/* wgsl */';

/**
 * The code with every template literal right after a `/* wgsl *\/` comment replaced by ``,
 * and how many were. Skips escapes and `${...}` expressions (nested braces, strings and
 * templates inside them) to find each literal's end; throws on a literal it cannot close,
 * rather than cut code.
 * @example stripWgsl('const s = /* wgsl *\/ `fn f() {}`;').code // 'const s = /* wgsl *\/ ``;'
 */
export function stripWgsl(code: string): { code: string; stripped: number } {
  let out = '';
  let from = 0;
  let stripped = 0;
  for (let mark = code.indexOf(MARK); mark >= 0; mark = code.indexOf(MARK, from)) {
    let start = mark + MARK.length;
    while (code[start] === ' ' || code[start] === '\n') start++;
    if (code[start] !== '`') {
      out += code.slice(from, start);
      from = start;
      continue;
    }
    const end = templateEnd(code, start);
    out += code.slice(from, start) + '``';
    from = end + 1;
    stripped++;
  }
  // Every marked literal, and no more: a marker inside an emptied literal (or one a later
  // deck.gl writes differently) fails the build instead of cutting code silently.
  const marked = code.match(/\/\* wgsl \*\/[ \n]*`/g)?.length ?? 0;
  if (marked !== stripped)
    throw new Error(`found ${marked} template literals marked wgsl, emptied ${stripped}`);
  return { code: out + code.slice(from), stripped };
}

/** The index of the backtick closing the template literal opened at `start`. */
function templateEnd(code: string, start: number): number {
  for (let i = start + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === '`') return i;
    else if (c === '$' && code[i + 1] === '{') i = expressionEnd(code, i + 2);
  }
  throw new Error(`unclosed template literal at ${start}`);
}

/** The index of the `}` closing a `${` expression whose text starts at `start`. */
function expressionEnd(code: string, start: number): number {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === '`') i = templateEnd(code, i);
    else if (c === '"' || c === "'") i = stringEnd(code, i);
  }
  throw new Error(`unclosed template expression at ${start}`);
}

/** The index of the quote closing the string literal opened at `start`. */
function stringEnd(code: string, start: number): number {
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === code[start]) return i;
  }
  throw new Error(`unclosed string at ${start}`);
}
