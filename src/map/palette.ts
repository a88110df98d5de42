/**
 * Colours. Sectors use the Okabe-Ito palette (safe for the common colour-vision deficiencies),
 * with shapes of grey for the rarer sectors; failure states use a separate red-orange scale
 * drawn as outlines, so a sector's colour never has to carry the failure.
 */
export type RGBA = [number, number, number, number];

const hex = (h: string, alpha = 255): RGBA => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
  alpha,
];

export const SECTOR_COLORS: Record<string, string> = {
  energy: '#E69F00',
  water: '#56B4E9',
  telecom: '#CC79A7',
  transport: '#009E73',
  finance: '#0072B2',
  health: '#D55E00',
  emergency: '#882255',
  government: '#332288',
  food: '#999933',
  chemical: '#44AA99',
  other: '#888888',
};

const UNKNOWN_SECTOR = '#6f6f6f';

/** A sector's colour; own keys only, so a sector called "__proto__" or "toString" is grey. */
export function sectorHex(sector: string): string {
  return Object.hasOwn(SECTOR_COLORS, sector) ? SECTOR_COLORS[sector]! : UNKNOWN_SECTOR;
}

export function sectorColor(sector: string, alpha = 255): RGBA {
  return hex(sectorHex(sector), alpha);
}

/** Failure states (outlines and highlighted arcs). */
export const STATE_HEX = {
  compromised: '#1a1a1a',
  radius: '#7a4c00',
  cascade: '#c0142b',
  protected: '#1b7f3b',
  selected: '#111111',
} as const;

export function stateColor(state: keyof typeof STATE_HEX, alpha = 255): RGBA {
  return hex(STATE_HEX[state], alpha);
}

/** A colour as CSS (`rgba(r, g, b, alpha)`), for maplibre's own layers. */
export function cssColor([r, g, b, a]: RGBA): string {
  return `rgba(${r}, ${g}, ${b}, ${+(a / 255).toFixed(3)})`;
}

/**
 * Writes a colour into a 4-bytes-per-row attribute at offset `o`, component by component:
 * TypedArray.set from a plain array per row costs several times more.
 */
export function writeColor(into: Uint8ClampedArray, o: number, c: RGBA): void {
  into[o] = c[0];
  into[o + 1] = c[1];
  into[o + 2] = c[2];
  into[o + 3] = c[3];
}

/** A sequential ramp, pale yellow to deep red (ColorBrewer YlOrRd, safe for colour-blind eyes). */
export const HEAT_STOPS: RGBA[] = [
  [255, 237, 160, 200],
  [254, 178, 76, 220],
  [253, 141, 60, 235],
  [227, 26, 28, 245],
  [128, 0, 38, 255],
];

export const ZONE_FILL: RGBA = [192, 20, 43, 28];
export const ZONE_LINE: RGBA = [192, 20, 43, 200];
export const DIMMED_ALPHA = 55;
