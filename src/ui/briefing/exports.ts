/**
 * The PNG and PDF exports from the app: content, the map captured (framed and at print
 * resolution where asked), the charts drawn, the file saved. App.svelte calls these; the
 * pieces load on first use.
 */
import type * as maplibregl from 'maplibre-gl';
import type { AppState } from '../../state/app-state.svelte.ts';
import { briefingContent } from './briefing-content.ts';
import { download, fileStem } from './download.ts';
import { composeMapImage } from './export-image.ts';
import { captureMap } from './map-capture.ts';

/**
 * The framed map as a PNG. `double`: twice the screen's pixel density (the map re-rendered at
 * that ratio), for print. Returns the image's pixel size.
 */
export async function exportPng(
  map: maplibregl.Map,
  app: AppState,
  { double = false } = {},
): Promise<{ width: number; height: number }> {
  const content = briefingContent(app);
  if (!content) throw new Error('Load an inventory first.');
  const ratio = map.getPixelRatio();
  const captured = await captureMap(map, {
    pixelRatio: double ? ratio * 2 : ratio,
    labels: content.labels,
  });
  const { blob, width, height } = await composeMapImage(captured, content);
  download(blob, `${fileStem(content.title)}${double ? '@2x' : ''}.png`);
  return { width, height };
}

/** The report as a PDF (export-pdf.ts), with the summary map framed to what fails. */
export async function exportPdf(map: maplibregl.Map, app: AppState): Promise<void> {
  const content = briefingContent(app);
  if (!content) throw new Error('Load an inventory first.');
  const [{ buildPdf }, charts, { loadPdfFonts }] = await Promise.all([
    import('./export-pdf.ts'),
    import('./charts.ts'),
    import('./pdf-fonts.ts'),
  ]);
  const fonts = loadPdfFonts();
  // Print resolution: at least twice the map's CSS size.
  const captured = await captureMap(map, {
    pixelRatio: Math.max(2, map.getPixelRatio()),
    frame: content.frame,
    labels: content.labels,
  });
  const mapImage = {
    dataUrl: captured.canvas.toDataURL('image/png'),
    width: captured.canvas.width,
    height: captured.canvas.height,
  };
  const chartPngs: Parameters<typeof buildPdf>[1]['charts'] = {};
  if (content.series.length > 0) {
    chartPngs.down = await charts.chartPng(
      charts.timeChart(content.series, 'down', { width: 640 }),
    );
    if (content.people)
      chartPngs.people = await charts.chartPng(
        charts.timeChart(content.series, 'people', { width: 640 }),
      );
  }
  chartPngs.sector = await charts.chartPng(charts.barChart(content.bySector, { width: 520 }));
  chartPngs.country = await charts.chartPng(charts.barChart(content.byCountry, { width: 520 }));
  const blob = await buildPdf(content, { map: mapImage, charts: chartPngs }, await fonts);
  download(blob, `${fileStem(content.title)}.pdf`);
}
