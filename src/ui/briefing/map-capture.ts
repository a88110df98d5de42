/**
 * The map as a picture for the exports: re-rendered at a chosen pixel ratio (2x for print)
 * and, for the PDF's summary, framed to what fails; then the names of the facilities that
 * matter, a scale bar and a north arrow are drawn on it. The map's view and pixel ratio are
 * put back afterwards. Place names come from the basemap itself (and the map's own labels).
 */
import type * as maplibregl from 'maplibre-gl';
import { distanceKm } from '../../core/geodesy.ts';
import { NATIVE_LAYERS } from '../../map/native-layers.ts';
import { STATE_HEX } from '../../map/palette.ts';
import type { MapLabel } from './briefing-content.ts';

const FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";

export interface CaptureOptions {
  /** Device pixels per CSS pixel to render at (default: the map's own). */
  pixelRatio?: number;
  /** [west, south, east, north] to frame, or null to keep the view. */
  frame?: [number, number, number, number] | null;
  labels?: readonly MapLabel[];
}

export interface CapturedMap {
  canvas: HTMLCanvasElement;
  /** Device pixels per CSS pixel of the picture. */
  scale: number;
}

/**
 * Tells deck.gl the map canvas's new drawing-buffer size. Its interleaved overlay draws into
 * maplibre's canvas but keeps its own idea of that canvas's size (luma.gl's canvas context,
 * updated only by resize observers, which a pixel-ratio change does not fire), and sizes its
 * drawing by it: without this the dots land at half scale on a 2x picture. These are private
 * fields of maplibre (`_controls`) and deck.gl/luma.gl (`_deck`, the canvas context's
 * `drawingBufferWidth/Height` and `_configureDevice`, which resizes its framebuffer record
 * without touching the canvas); where they are missing nothing is done.
 */
function syncDeckToCanvas(map: maplibregl.Map): void {
  interface CanvasContext {
    drawingBufferWidth: number;
    drawingBufferHeight: number;
    /** Resizes luma.gl's record of the default framebuffer to the drawing buffer. */
    _configureDevice?: () => void;
  }
  type DeckLike = { device?: { getDefaultCanvasContext?: () => CanvasContext } };
  const canvas = map.getCanvas();
  const controls = (map as unknown as { _controls?: unknown[] })._controls ?? [];
  for (const control of controls) {
    const deck = (control as { _deck?: DeckLike } | null)?._deck;
    const context = deck?.device?.getDefaultCanvasContext?.();
    if (!context || typeof context.drawingBufferWidth !== 'number') continue;
    context.drawingBufferWidth = canvas.width;
    context.drawingBufferHeight = canvas.height;
    context._configureDevice?.();
  }
}

/** Waits for the map to finish drawing what it has to draw now. */
function rendered(map: maplibregl.Map): Promise<void> {
  return new Promise((resolve) => {
    map.once('idle', () => resolve());
    map.triggerRepaint();
  });
}

/** Renders, copies and decorates the map; the live map is left as it was. */
export async function captureMap(
  map: maplibregl.Map,
  { pixelRatio, frame = null, labels = [] }: CaptureOptions = {},
): Promise<CapturedMap> {
  const before = {
    center: map.getCenter(),
    zoom: map.getZoom(),
    bearing: map.getBearing(),
    pitch: map.getPitch(),
  };
  const ratioBefore = map.getPixelRatio();
  const ratio = pixelRatio ?? ratioBefore;
  const restoreLabels = withoutOwnLabels(map, labels);
  try {
    if (ratio !== ratioBefore) {
      map.setPixelRatio(ratio);
      syncDeckToCanvas(map);
    }
    if (frame) {
      const box = map.getContainer().getBoundingClientRect();
      const padding = Math.round(Math.min(box.width, box.height) * 0.12);
      map.fitBounds(
        [
          [frame[0], frame[1]],
          [frame[2], frame[3]],
        ],
        { padding, maxZoom: 11, animate: false, bearing: 0, pitch: 0 },
      );
    }
    await rendered(map);
    const source = map.getCanvas();
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('This browser cannot draw the export image (no 2D canvas).');
    g.drawImage(source, 0, 0);
    const scale = source.width / Math.max(1, source.clientWidth || source.width / ratio);
    drawLabels(g, map, labels, scale);
    drawScaleBar(g, map, scale, canvas.height);
    drawNorthArrow(g, map.getBearing(), scale, canvas.width);
    return { canvas, scale };
  } finally {
    if (map.getPixelRatio() !== ratioBefore) {
      map.setPixelRatio(ratioBefore);
      syncDeckToCanvas(map);
    }
    if (frame) map.jumpTo(before);
    restoreLabels();
  }
}

/**
 * Leaves the map's own labels of the facilities the picture names out of it (else each name
 * would be printed twice); returns what puts them back.
 */
export function withoutOwnLabels(map: maplibregl.Map, labels: readonly MapLabel[]): () => void {
  const named = labels.flatMap((l) => (l.index === undefined ? [] : [l.index]));
  if (named.length === 0) return () => {};
  const notNamed = ['!', ['in', ['get', 'i'], ['literal', named]]];
  const restore: (() => void)[] = [];
  for (const id of [NATIVE_LAYERS.labels, NATIVE_LAYERS.allLabels]) {
    if (!map.getLayer(id)) continue;
    const filter = map.getFilter(id);
    map.setFilter(
      id,
      (filter ? ['all', filter, notNamed] : notNamed) as maplibregl.FilterSpecification,
    );
    restore.push(() => {
      if (map.getLayer(id)) map.setFilter(id, filter ?? null);
    });
  }
  return () => restore.forEach((r) => r());
}

/** Facility names with a halo, skipping one that would overlap a name already drawn. */
function drawLabels(
  g: CanvasRenderingContext2D,
  map: maplibregl.Map,
  labels: readonly MapLabel[],
  scale: number,
): void {
  const u = (px: number) => px * scale;
  const taken: [number, number, number, number][] = [];
  g.font = `bold ${u(12.5)}px ${FONT}`;
  g.textBaseline = 'middle';
  g.textAlign = 'left';
  g.lineJoin = 'round';
  for (const label of labels) {
    const p = map.project([label.lon, label.lat]);
    const x = p.x * scale;
    const y = p.y * scale;
    if (x < 0 || y < 0 || x > g.canvas.width || y > g.canvas.height) continue;
    const color =
      label.kind === 'compromised'
        ? STATE_HEX.compromised
        : label.kind === 'failed'
          ? STATE_HEX.cascade
          : '#0f5c8c';
    const text = label.name.length > 40 ? `${label.name.slice(0, 38)}…` : label.name;
    const w = g.measureText(text).width;
    // Right of the point, or left of it near the right edge.
    const left = x + u(9) + w > g.canvas.width - u(4);
    const tx = left ? x - u(9) - w : x + u(9);
    const box: [number, number, number, number] = [tx, y - u(9), tx + w, y + u(9)];
    if (taken.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]))
      continue;
    taken.push(box);
    g.beginPath();
    g.arc(x, y, u(6), 0, Math.PI * 2);
    g.lineWidth = u(2.5);
    g.strokeStyle = color;
    g.stroke();
    g.lineWidth = u(4);
    g.strokeStyle = 'rgba(255, 255, 255, 0.92)';
    g.strokeText(text, tx, y);
    g.fillStyle = color;
    g.fillText(text, tx, y);
  }
}

/** A length that reads well (1, 2 or 5 times a power of ten), at most `maxKm`. */
export function niceKm(maxKm: number): number {
  if (!(maxKm > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(maxKm));
  return [5, 2, 1].map((m) => m * p).find((km) => km <= maxKm) ?? p;
}

/** A scale bar bottom left: measured along the map's bottom, where it stands. */
function drawScaleBar(
  g: CanvasRenderingContext2D,
  map: maplibregl.Map,
  scale: number,
  height: number,
): void {
  const u = (px: number) => px * scale;
  const yCss = height / scale - 22;
  const a = map.unproject([16, yCss]);
  const b = map.unproject([136, yCss]);
  const kmPer120 = distanceKm(a.lng, a.lat, b.lng, b.lat);
  if (!(kmPer120 > 0)) return;
  const km = niceKm(kmPer120);
  const w = u((120 * km) / kmPer120);
  const x = u(16);
  const y = height - u(22);
  g.fillStyle = 'rgba(255, 255, 255, 0.85)';
  g.fillRect(x - u(6), y - u(16), w + u(12), u(26));
  g.strokeStyle = '#1d2329';
  g.lineWidth = u(2);
  g.beginPath();
  g.moveTo(x, y - u(4));
  g.lineTo(x, y + u(4));
  g.lineTo(x + w, y + u(4));
  g.lineTo(x + w, y - u(4));
  g.stroke();
  g.fillStyle = '#1d2329';
  g.font = `${u(11)}px ${FONT}`;
  g.textAlign = 'center';
  g.textBaseline = 'alphabetic';
  g.fillText(km >= 1 ? `${km} km` : `${Math.round(km * 1000)} m`, x + w / 2, y - u(5));
}

/** A north arrow top right, turned with the map's bearing. */
function drawNorthArrow(
  g: CanvasRenderingContext2D,
  bearing: number,
  scale: number,
  width: number,
): void {
  const u = (px: number) => px * scale;
  const cx = width - u(26);
  const cy = u(30);
  g.save();
  g.fillStyle = 'rgba(255, 255, 255, 0.85)';
  g.beginPath();
  g.arc(cx, cy, u(17), 0, Math.PI * 2);
  g.fill();
  g.translate(cx, cy);
  g.rotate((-bearing * Math.PI) / 180);
  g.fillStyle = '#1d2329';
  g.beginPath();
  g.moveTo(0, -u(12));
  g.lineTo(u(6), u(9));
  g.lineTo(0, u(4));
  g.lineTo(-u(6), u(9));
  g.closePath();
  g.fill();
  g.restore();
  g.font = `bold ${u(10)}px ${FONT}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.lineWidth = u(3);
  g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  g.strokeText('N', cx, cy + u(24));
  g.fillStyle = '#1d2329';
  g.fillText('N', cx, cy + u(24));
}
