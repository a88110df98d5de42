/**
 * JSON text and nesting depth of values read from files, without recursion: a value nested
 * 100,000 levels deep (which JSON.parse reads fine) overflows the stack of JSON.stringify,
 * String() on arrays, structured cloning to and from workers, and any recursive walk. Every
 * message that quotes a value and every check of a value's shape goes through here.
 */

/** Deepest nesting kept as it is in a property value; deeper values are kept as JSON text. */
export const MAX_NESTING = 64;

type Frame =
  | { kind: 'array'; items: readonly unknown[]; next: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/**
 * The JSON text of `value`, built with an explicit stack, cut after `maxChars` characters
 * (with "..." appended when cut). Like JSON.stringify: non-finite numbers are `null`,
 * `undefined` and functions are left out of objects and `null` in arrays.
 * @example jsonText({ a: [1, 'x'] }) // '{"a":[1,"x"]}'
 * @example jsonText([[[[1]]]], 5) // '[[[[1...'
 */
export function jsonText(value: unknown, maxChars = Infinity): string {
  let out = '';
  const full = () => out.length > maxChars;
  const stack: Frame[] = [];
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ kind: 'array', items: v, next: 0 });
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      stack.push({
        kind: 'object',
        obj: v as Record<string, unknown>,
        keys: Object.keys(v),
        next: 0,
        wrote: false,
      });
    } else {
      out += scalar(v, maxChars - out.length) ?? 'null';
    }
  };
  open(value);
  while (stack.length > 0 && !full()) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'array') {
      if (top.next >= top.items.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (top.next > 0) out += ',';
      const item = top.items[top.next++];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
        out += 'null';
      else open(item);
    } else {
      if (top.next >= top.keys.length) {
        out += '}';
        stack.pop();
        continue;
      }
      const key = top.keys[top.next++]!;
      const item = top.obj[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (top.wrote) out += ',';
      top.wrote = true;
      out += `${JSON.stringify(key.length > maxChars ? key.slice(0, maxChars) : key)}:`;
      open(item);
    }
  }
  return full() ? `${out.slice(0, Math.max(0, maxChars - 3))}...` : out;
}

function scalar(v: unknown, room: number): string | undefined {
  if (typeof v === 'string') return JSON.stringify(v.length > room + 2 ? v.slice(0, room + 2) : v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  return undefined;
}

/**
 * How deeply `value` nests arrays and objects (a scalar is 0, `[]` is 1, `[[1]]` is 2), found
 * without recursion; counting stops once past `limit` (then the result is `limit + 1`).
 * @example nestingDepth({ a: [[1]] }) // 3
 */
export function nestingDepth(value: unknown, limit = Infinity): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  const stack: { v: object; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return limit + 1;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
    }
  }
  return deepest;
}
