/**
 * Colours. Sectors use the Okabe-Ito palette (safe for the common colour-vision deficiencies),
 * with 16 extra colours (then rings) for names outside the core sectors; failure states use a separate red-orange scale
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

/**
 * Colours for sectors (and services) outside the core vocabulary, none of them a core sector's
 * colour or a failure state's red. Each name gets one by a hash of the name, probing past the
 * colours other names of the same inventory already hold (assignExtraColors), so a few
 * everyday words ("Substation", "Wasserwerk") never share a colour, let alone one grey.
 */
export const EXTRA_COLORS = [
  '#8C510A',
  '#01665E',
  '#762A83',
  '#5AAE61',
  '#E7298A',
  '#2166AC',
  '#BF812D',
  '#9970AB',
  '#35978F',
  '#66A61E',
  '#B15928',
  '#6A3D9A',
  '#FB9A99',
  '#8FBF5A',
  '#B39DCB',
  '#1F78B4',
] as const;

/** How a facility's dot is drawn: a filled disc, or (once the colours ran out) a ring. */
export type SectorShape = 'disc' | 'ring';

interface Extra {
  hex: string;
  shape: SectorShape;
}
let extras = new Map<string, Extra>();

function hashOf(name: string): number {
  let h = 2166136261; // FNV-1a
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether a name is one of the core sectors (own keys only: "__proto__" is not). */
export function isCoreSector(name: string): boolean {
  return Object.hasOwn(SECTOR_COLORS, name);
}

/**
 * Gives every name outside the core sectors its own colour for this inventory: in name order,
 * each takes its hash's colour or the next free one; past 16 names the colours repeat as rings.
 * The same set of names always gets the same colours.
 * @example assignExtraColors(['Substation', 'Wasserwerk', 'energy'])
 */
export function assignExtraColors(names: Iterable<string>): void {
  const unknown = [...new Set(names)].filter((n) => !isCoreSector(n)).sort();
  const next = new Map<string, Extra>();
  const taken: boolean[][] = [[], []];
  unknown.forEach((name, k) => {
    const round = Math.floor(k / EXTRA_COLORS.length) % 2;
    const shape: SectorShape = round === 0 ? 'disc' : 'ring';
    const used = taken[round]!;
    if (used.filter(Boolean).length === EXTRA_COLORS.length) used.length = 0;
    let slot = hashOf(name) % EXTRA_COLORS.length;
    while (used[slot]) slot = (slot + 1) % EXTRA_COLORS.length;
    used[slot] = true;
    next.set(name, { hex: EXTRA_COLORS[slot]!, shape });
  });
  extras = next;
}

function extraOf(name: string): Extra {
  return (
    extras.get(name) ?? { hex: EXTRA_COLORS[hashOf(name) % EXTRA_COLORS.length]!, shape: 'disc' }
  );
}

/** A sector's colour; own keys only, so a sector called "__proto__" gets an extra colour. */
export function sectorHex(sector: string): string {
  return isCoreSector(sector) ? SECTOR_COLORS[sector]! : extraOf(sector).hex;
}

/** A sector's dot shape: rings only for names beyond the 16 extra colours. */
export function sectorShape(sector: string): SectorShape {
  return isCoreSector(sector) ? 'disc' : extraOf(sector).shape;
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
