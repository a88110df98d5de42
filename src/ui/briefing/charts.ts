/**
 * The briefing's charts, drawn with Observable Plot as SVG: the cascade over time (facilities
 * and people down by hour) and bars by sector or country. The app shows the SVG; the PDF draws
 * the same SVG into a canvas at print resolution. Loaded on first use (Plot and d3 are not
 * part of the first map's download).
 */
import * as Plot from '@observablehq/plot';
import type { Bar, TimePoint } from './briefing-content.ts';
import { count, roughly } from './words.ts';

const INK = '#1d2329';
const FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";

export interface ChartSize {
  width: number;
  height?: number;
}

/**
 * Plot puts a small <style> element in each chart; the app's Content Security Policy allows no
 * inline styles, so it is removed before the chart is attached (global.css has its rules).
 */
function finish(node: SVGSVGElement | HTMLElement): SVGSVGElement {
  const svg = node instanceof SVGSVGElement ? node : node.querySelector('svg')!;
  for (const style of svg.querySelectorAll('style')) style.remove();
  svg.setAttribute('font-family', FONT);
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return svg;
}

/**
 * A step chart of one quantity over hours after the attack: `which` is 'down' (facilities) or
 * 'people'. The last level is drawn on a little past the last change, so a plateau shows.
 */
export function timeChart(
  series: readonly TimePoint[],
  which: 'down' | 'people',
  { width, height = 170 }: ChartSize,
): SVGSVGElement {
  const value = (t: TimePoint) => (which === 'down' ? t.down : (t.people ?? 0));
  const last = series.at(-1);
  const span = Math.max(1, last?.hours ?? 1);
  const points = [
    ...(series[0] && series[0].hours > 0 ? [{ hours: 0, y: 0 }] : []),
    ...series.map((t) => ({ hours: t.hours, y: value(t) })),
    ...(last ? [{ hours: span * 1.08 + (span < 2 ? 1 : 0), y: value(last) }] : []),
  ];
  const color = which === 'down' ? '#c0142b' : '#0f5c8c';
  return finish(
    Plot.plot({
      width,
      height,
      marginLeft: 56,
      marginBottom: 34,
      style: { color: INK, fontSize: '11px' },
      x: { label: 'hours after the attack →', labelAnchor: 'right', nice: true },
      y: {
        label: which === 'down' ? '↑ facilities down' : '↑ people (at least)',
        grid: true,
        nice: true,
        zero: true,
        tickFormat: (d: number) => (which === 'down' ? count(d) : roughly(d)),
      },
      marks: [
        Plot.areaY(points, {
          x: 'hours',
          y: 'y',
          curve: 'step-after',
          fill: color,
          fillOpacity: 0.15,
        }),
        Plot.lineY(points, {
          x: 'hours',
          y: 'y',
          curve: 'step-after',
          stroke: color,
          strokeWidth: 2,
        }),
        Plot.ruleY([0]),
      ],
    }),
  );
}

/** Horizontal bars, largest first, each with its value at its end. */
export function barChart(bars: readonly Bar[], { width }: ChartSize): SVGSVGElement {
  const rows = bars.slice(0, 15);
  const longest = Math.max(4, ...rows.map((b) => b.label.length));
  // Labels get at most 45% of the width; longer ones are cut with an ellipsis.
  const marginLeft = Math.min(width * 0.45, 12 + longest * 6.2);
  const fits = Math.max(4, Math.floor((marginLeft - 12) / 6.2));
  const short = (label: string) => (label.length > fits ? `${label.slice(0, fits - 1)}…` : label);
  return finish(
    Plot.plot({
      width,
      height: 24 + rows.length * 22,
      marginLeft,
      marginRight: 44,
      marginTop: 6,
      marginBottom: 18,
      style: { color: INK, fontSize: '11px' },
      x: { axis: null, domain: [0, Math.max(1, ...rows.map((b) => b.value))] },
      y: { label: null, domain: rows.map((b) => b.label), tickSize: 0, tickFormat: short },
      marks: [
        Plot.barX(rows, { x: 'value', y: 'label', fill: (b: Bar) => b.color }),
        Plot.text(rows, {
          x: 'value',
          y: 'label',
          text: (b: Bar) => count(b.value),
          textAnchor: 'start',
          dx: 4,
          fill: INK,
        }),
        Plot.ruleX([0]),
      ],
    }),
  );
}

/**
 * An SVG chart drawn into a PNG data URL at `scale` times its size, for the PDF. The SVG is
 * serialized and loaded as an image (data: URL, allowed by the app's policy).
 */
export async function chartPng(
  svg: SVGSVGElement,
  scale = 3,
): Promise<{ dataUrl: string; width: number; height: number }> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const text = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw the report charts (no 2D canvas).');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  return { dataUrl: canvas.toDataURL('image/png'), width, height };
}
