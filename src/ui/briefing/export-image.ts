/**
 * The map as shown, framed for a slide: marking banners, title, time, legend, summary and
 * attribution drawn around the map canvas with the 2D canvas API (text only: no HTML).
 */
import type { BriefingContent } from './briefing-content.ts';

const FONT = "'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";

/** Draws the framed map and returns it as a PNG blob, with its pixel size. */
export async function composeMapImage(
  mapCanvas: HTMLCanvasElement,
  content: BriefingContent,
): Promise<{ blob: Blob; width: number; height: number }> {
  const scale = Math.max(
    1,
    mapCanvas.width / Math.max(1, mapCanvas.clientWidth || mapCanvas.width),
  );
  const u = (px: number) => Math.round(px * scale);
  const width = mapCanvas.width;
  const bannerH = content.marking ? u(26) : 0;
  const headerH = u(64);
  // Two legend rows, the summary line and the attribution.
  const footerH = u(118);
  const height = bannerH * 2 + headerH + mapCanvas.height + footerH;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw the export image (no 2D canvas).');

  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  const banner = (y: number) => {
    if (!content.marking) return;
    g.fillStyle = '#1d2329';
    g.fillRect(0, y, width, bannerH);
    g.fillStyle = '#ffffff';
    g.font = `bold ${u(14)}px ${FONT}`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(content.marking.toUpperCase(), width / 2, y + bannerH / 2, width - u(20));
  };
  banner(0);

  let y = bannerH;
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  g.fillStyle = '#1d2329';
  g.font = `bold ${u(24)}px ${FONT}`;
  g.fillText(content.title, u(16), y + u(32), width - u(380));
  g.font = `${u(13)}px ${FONT}`;
  g.fillStyle = '#5d6873';
  g.fillText(content.timeLabel, u(16), y + u(54), width - u(380));
  g.textAlign = 'right';
  g.fillText(content.generated, width - u(16), y + u(32));
  y += headerH;

  g.drawImage(mapCanvas, 0, y);
  g.strokeStyle = '#dde2e6';
  g.lineWidth = u(1);
  g.strokeRect(0, y, width, mapCanvas.height);
  y += mapCanvas.height;

  // Legend row.
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  g.font = `${u(13)}px ${FONT}`;
  let x = u(16);
  let legendY = y + u(18);
  for (const item of content.legend) {
    const itemWidth = u(12) + u(19) + g.measureText(item.label).width;
    if (x + itemWidth > width - u(16)) {
      if (legendY > y + u(30)) break; // two rows at most
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
    g.fillStyle = '#1d2329';
    g.fillText(item.label, x + 2 * r + u(5), legendY);
    x += itemWidth;
  }

  // Summary line.
  g.font = `bold ${u(15)}px ${FONT}`;
  g.fillStyle = '#c0142b';
  const summary = content.totals.map((t) => `${t.value} ${t.label}`).join('  ·  ');
  g.fillText(summary, u(16), y + u(70), width - u(32));

  g.font = `${u(11)}px ${FONT}`;
  g.fillStyle = '#5d6873';
  g.fillText(content.attribution, u(16), y + u(98), width - u(32));
  banner(height - bannerH);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The export image could not be encoded.');
  return { blob, width, height };
}
