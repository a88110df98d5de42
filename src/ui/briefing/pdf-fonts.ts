/**
 * The PDF's embedded font: DejaVu Sans (regular and bold), cut down to Latin, Greek and
 * Cyrillic by scripts/subset-fonts.sh, fetched from the app's own origin when a report is
 * asked for. jsPDF needs TrueType; its standard fonts cover Latin-1 only (Liège would print,
 * Kraków and Београд would not). Licence: ./fonts/LICENSE.
 */
import regularUrl from './fonts/DejaVuSans.ttf?url';
import boldUrl from './fonts/DejaVuSans-Bold.ttf?url';

/** The two faces as base64, as jsPDF's virtual file system takes them. */
export interface PdfFonts {
  regular: string;
  bold: string;
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

async function fetchFont(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the report's font could not be loaded (${response.status})`);
  return toBase64(new Uint8Array(await response.arrayBuffer()));
}

let cached: Promise<PdfFonts> | null = null;

/** Loads the fonts once per page. */
export function loadPdfFonts(): Promise<PdfFonts> {
  cached ??= Promise.all([fetchFont(regularUrl), fetchFont(boldUrl)]).then(
    ([regular, bold]) => ({ regular, bold }),
    (e: unknown) => {
      cached = null;
      throw e;
    },
  );
  return cached;
}
