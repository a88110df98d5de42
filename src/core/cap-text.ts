/**
 * Text from files shown to the user (a message, a panel, an export) is capped: a 20 MB
 * inventory name in a scenario file must not become a 20 MB message.
 */

/** The longest text from a file shown as it is in a message or a panel line. */
export const SHOWN_TEXT_MAX = 200;

/**
 * `text` cut to at most `max` characters, ending in an ellipsis when cut; never splits a
 * surrogate pair.
 * @example capText('abcdef', 4) // 'abc…'
 */
export function capText(text: string, max = SHOWN_TEXT_MAX): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
