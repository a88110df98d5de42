/**
 * The text encoding of a file from its first bytes: UTF-8 unless a byte-order mark says
 * UTF-16 (Excel's "Unicode Text", UTF-16 CSV and GeoJSON exports), or the bytes are plainly
 * UTF-16 without one (every other byte zero). Uses only TextDecoder, which browsers, workers
 * and Node all have.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding the first bytes of a file show.
 * @example textEncodingOf(new Uint8Array([0xff, 0xfe, 0x69, 0x00])) // 'utf-16le'
 */
export function textEncodingOf(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  // No mark: ASCII text in UTF-16 has a zero in every other byte.
  const pairs = Math.min(256, head.length >> 1);
  if (pairs < 4) return 'utf-8';
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.9 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.9 && oddZero === 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * A decoder for a file that starts with `head`. The byte-order mark is kept as U+FEFF (the
 * readers drop it), and bytes that are not valid in the encoding become U+FFFD.
 */
export function textDecoderFor(head: Uint8Array): TextDecoder {
  return new TextDecoder(textEncodingOf(head), { ignoreBOM: true });
}

/**
 * A whole file's text.
 * @example decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x69])) // '\uFEFFi'
 */
export function decodeText(bytes: Uint8Array): string {
  return textDecoderFor(bytes.subarray(0, 512)).decode(bytes);
}
