/**
 * The map as shown, framed for a slide: marking banners, title, time, legend, summary and
 * attribution drawn around the map canvas with the 2D canvas API (text only: no HTML).
 * Text never gets squeezed: what does not fit on a line wraps, and the frame grows with it.
 */
import type { BriefingContent } from './briefing-content.ts';
import type { CapturedMap } from './map-capture.ts';

const FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";
const INK = '#1d2329';
const MUTED = '#5d6873';

/**
 * Breaks `parts` (words, or whole items) into lines no wider than `maxWidth`, joined by
 * `joiner`; a part wider than a line stays whole on its own line.
 */
function wrap(
  g: CanvasRenderingContext2D,
  parts: string[],
  maxWidth: number,
  joiner = ' ',
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    const next = line ? `${line}${joiner}${part}` : part;
    if (line && g.measureText(next).width > maxWidth) {
      lines.push(line);
      line = part;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Draws the framed map and returns it as a PNG blob, with its pixel size. */
export async function composeMapImage(
  map: CapturedMap,
  content: BriefingContent,
): Promise<{ blob: Blob; width: number; height: number }> {
  const mapCanvas = map.canvas;
  const scale = Math.max(1, map.scale);
  const u = (px: number) => Math.round(px * scale);
  const width = mapCanvas.width;
  const inner = width - u(32);
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw the export image (no 2D canvas).');
  const fonts = {
    banner: `bold ${u(14)}px ${FONT}`,
    title: `bold ${u(24)}px ${FONT}`,
    small: `${u(13)}px ${FONT}`,
    summary: `bold ${u(15)}px ${FONT}`,
    attribution: `${u(11)}px ${FONT}`,
  };

  // Measure first: the header and footer grow with wrapped lines.
  g.font = fonts.small;
  const generatedWidth = g.measureText(content.generated).width;
  g.font = fonts.title;
  const titleBeside = inner - generatedWidth - u(24);
  // The title shares its line with "Generated ..." when both fit; else it has the width.
  const generatedBeside = g.measureText(content.title).width <= titleBeside;
  const titleLines = generatedBeside ? [content.title] : wrap(g, words(content.title), inner);
  g.font = fonts.summary;
  const summaryLines = wrap(
    g,
    content.totals.map((t) => `${t.value} ${t.label}`),
    inner,
    '  ·  ',
  );
  // People (docs/format.md §4) on lines of their own, when the inventory has population data.
  const people = content.peopleShort ?? content.peopleLine;
  if (people) {
    const line = people.charAt(0).toUpperCase() + people.slice(1);
    summaryLines.push(...wrap(g, words(line), inner));
  }
  g.font = fonts.attribution;
  const attributionLines = wrap(g, words(content.attribution), inner);

  const bannerH = content.marking ? u(26) : 0;
  const titleLineH = u(30);
  const headerH = u(64) + (titleLines.length - 1) * titleLineH + (generatedBeside ? 0 : u(18));
  const legendH = u(52);
  const summaryLineH = u(20);
  const attributionLineH = u(15);
  const footerH =
    legendH +
    summaryLines.length * summaryLineH +
    u(14) +
    attributionLines.length * attributionLineH +
    u(12);
  const height = bannerH * 2 + headerH + mapCanvas.height + footerH;
  canvas.width = width;
  canvas.height = height;

  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  const banner = (y: number) => {
    if (!content.marking) return;
    g.fillStyle = INK;
    g.fillRect(0, y, width, bannerH);
    g.fillStyle = '#ffffff';
    g.font = fonts.banner;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(content.marking.toUpperCase(), width / 2, y + bannerH / 2, width - u(20));
  };
  banner(0);

  let y = bannerH;
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  g.fillStyle = INK;
  g.font = fonts.title;
  // A word wider than the line (a long id, text without spaces) is squeezed to fit.
  titleLines.forEach((line, k) => g.fillText(line, u(16), y + u(32) + k * titleLineH, inner));
  let textY = y + u(54) + (titleLines.length - 1) * titleLineH;
  g.font = fonts.small;
  g.fillStyle = MUTED;
  g.fillText(content.timeLabel, u(16), textY);
  if (generatedBeside) {
    g.textAlign = 'right';
    g.fillText(content.generated, width - u(16), y + u(32));
  } else {
    textY += u(18);
    g.fillText(content.generated, u(16), textY);
  }
  y += headerH;

  g.drawImage(mapCanvas, 0, y);
  g.strokeStyle = '#dde2e6';
  g.lineWidth = u(1);
  g.strokeRect(0, y, width, mapCanvas.height);
  y += mapCanvas.height;

  // Legend, two rows at most.
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  g.font = fonts.small;
  let x = u(16);
  let legendY = y + u(18);
  for (const item of content.legend) {
    const itemWidth = u(12) + u(19) + g.measureText(item.label).width;
    if (x + itemWidth > width - u(16)) {
      if (legendY > y + u(30)) break;
      x = u(16);
      legendY += u(22);
    }
    const r = u(6);
    g.beginPath();
    g.arc(x + r, legendY, r, 0, Math.PI * 2);
    if (item.ring) {
      g.lineWidth = u(2.5);
      g.strokeStyle = item.color;
      g.stroke();
    } else {
      g.fillStyle = item.color;
      g.fill();
    }
    g.fillStyle = INK;
    g.fillText(item.label, x + 2 * r + u(5), legendY);
    x += itemWidth;
  }
  y += legendH;

  g.font = fonts.summary;
  g.fillStyle = '#c0142b';
  for (const line of summaryLines) {
    g.fillText(line, u(16), y + summaryLineH / 2, inner);
    y += summaryLineH;
  }
  y += u(14);
  g.font = fonts.attribution;
  g.fillStyle = MUTED;
  for (const line of attributionLines) {
    g.fillText(line, u(16), y + attributionLineH / 2, inner);
    y += attributionLineH;
  }
  banner(height - bannerH);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The export image could not be encoded.');
  return { blob, width, height };
}
