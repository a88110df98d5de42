/**
 * Reading bytes for the loading worker: files with progress, and addresses with a size cap and
 * no cookies. Runs in the worker (no DOM); each problem becomes a Refusal with a message for
 * the user. What the bytes hold is read by the load pipeline (src/core/load-pipeline.ts).
 */
import { Refusal } from '../core/readers.ts';
import { megabytes } from './load-protocol.ts';

export { Refusal } from '../core/readers.ts';

export type OnBytes = (bytes: number) => void;

/**
 * Fetches an address without cookies or other credentials, refusing redirects (which could
 * lead to a host the user did not agree to) and anything larger than `maxBytes`.
 */
export async function fetchCapped(
  name: string,
  url: string,
  allowedOrigin: string,
  maxBytes: number,
  onBytes: OnBytes,
): Promise<Blob> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new Refusal(
      name,
      'bad-address',
      `only http and https addresses are loaded, not ${target.protocol}`,
    );
  }
  if (target.origin !== allowedOrigin) {
    throw new Refusal(name, 'bad-address', `${target.host} was not confirmed as a source`);
  }
  let response: Response;
  try {
    response = await fetch(target, { credentials: 'omit', redirect: 'manual' });
  } catch (error) {
    throw new Refusal(
      name,
      'fetch-failed',
      `could not fetch ${target.host}${target.pathname}: ${String((error as Error).message ?? error)} (offline, or the server does not allow other sites to read it)`,
    );
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Refusal(
      name,
      'redirect',
      `${target.href} redirects elsewhere; give the final address instead`,
    );
  }
  if (!response.ok) {
    throw new Refusal(
      name,
      'fetch-failed',
      `${target.host}${target.pathname} answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(name, declared, maxBytes);
  const chunks: Uint8Array[] = [];
  let read = 0;
  const reader = response.body?.getReader();
  if (!reader) return response.blob();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel();
      throw tooLarge(name, read, maxBytes, true);
    }
    chunks.push(value);
    onBytes(read);
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? '' });
}

export function tooLarge(name: string, bytes: number, maxBytes: number, atLeast = false): Refusal {
  return new Refusal(
    name,
    'too-large',
    `${atLeast ? 'more than ' : ''}${megabytes(bytes)}, over the ${megabytes(maxBytes)} a browser tab can load safely: split the inventory (by country or sector) or check it with the command line (npm run analyze -- FILE --validate)`,
  );
}

/** Read in slices of this size: large enough to be fast, small enough for a lively bar. */
const SLICE_BYTES = 4 * 1024 * 1024;

/** A Blob's bytes, with progress. */
export async function readBytes(blob: Blob, onBytes: OnBytes): Promise<ArrayBuffer> {
  const out = new Uint8Array(blob.size);
  for (let at = 0; at < blob.size; at += SLICE_BYTES) {
    out.set(new Uint8Array(await blob.slice(at, at + SLICE_BYTES).arrayBuffer()), at);
    onBytes(Math.min(blob.size, at + SLICE_BYTES));
  }
  return out.buffer;
}
