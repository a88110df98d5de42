/**
 * The printable report: scenario, map image, totals by sector and country, the cascade's
 * timeline, explanation chains of the most important losses, sources and caveats. jsPDF is
 * loaded only when a report is asked for. Its built-in fonts cover Latin-1, so other letters
 * are written without their accents (Bălți -> Balti) rather than as garbage.
 */
import type { BriefingContent } from './briefing-content.ts';

/** Latin-1-safe text for jsPDF's standard fonts. */
export function pdfText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[→↳]/g, '->')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

export async function buildPdf(
  content: BriefingContent,
  mapImage: { dataUrl: string; width: number; height: number } | null,
): Promise<Blob> {
  const { jsPDF } = await import('jspdf');
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait' });
  const pageW = 210;
  const pageH = 297;
  const margin = 16;
  const textW = pageW - 2 * margin;
  let y = margin;

  const frame = () => {
    if (!content.marking) return;
    doc.setFont('helvetica', 'bold');
    doc.setFontSize(9);
    doc.setTextColor(40, 40, 40);
    doc.text(pdfText(content.marking.toUpperCase()), pageW / 2, 8, { align: 'center' });
    doc.text(pdfText(content.marking.toUpperCase()), pageW / 2, pageH - 6, { align: 'center' });
  };
  const ensure = (needed: number) => {
    if (y + needed > pageH - margin) {
      doc.addPage();
      frame();
      y = margin;
    }
  };
  const heading = (text: string) => {
    ensure(14);
    y += 4;
    doc.setFont('helvetica', 'bold');
    doc.setFontSize(12);
    doc.setTextColor(15, 92, 140);
    doc.text(pdfText(text), margin, y);
    y += 6;
  };
  const para = (text: string, size = 10, indent = 0) => {
    doc.setFont('helvetica', 'normal');
    doc.setFontSize(size);
    doc.setTextColor(29, 35, 41);
    const lines = doc.splitTextToSize(pdfText(text), textW - indent) as string[];
    for (const line of lines) {
      ensure(size * 0.45);
      doc.text(line, margin + indent, y);
      y += size * 0.45;
    }
    y += 1.2;
  };
  const table = (rows: [string, string][], col = 120) => {
    doc.setFontSize(10);
    doc.setTextColor(29, 35, 41);
    for (const [a, b] of rows) {
      ensure(5);
      doc.setFont('helvetica', 'normal');
      doc.text(pdfText(a), margin, y);
      doc.setFont('helvetica', 'bold');
      doc.text(pdfText(b), margin + col, y, { align: 'right' });
      y += 4.8;
    }
  };

  frame();
  doc.setFont('helvetica', 'bold');
  doc.setFontSize(18);
  doc.setTextColor(29, 35, 41);
  for (const line of doc.splitTextToSize(pdfText(content.title), textW) as string[]) {
    doc.text(line, margin, y + 4);
    y += 8;
  }
  para(content.generated, 9);

  heading('Scenario');
  for (const line of content.scenarioLines) para(line);
  if (content.notes) para(`Notes: ${content.notes}`);

  if (mapImage) {
    const h = Math.min(130, (textW * mapImage.height) / mapImage.width);
    const w = (h * mapImage.width) / mapImage.height;
    ensure(h + 4);
    doc.addImage(mapImage.dataUrl, 'PNG', margin + (textW - w) / 2, y, w, h);
    y += h + 3;
    para(content.timeLabel, 9);
  }

  heading('Totals');
  table(content.totals.map((t) => [t.label, t.value]));
  heading('Failures by sector');
  table(content.bySector.map(([k, v]) => [k, String(v)]));
  heading('Failures by country');
  table(content.byCountry.map(([k, v]) => [k, String(v)]));

  heading('Timeline of the cascade');
  para(
    'A wave counts dependency steps from the first failures (wave 1 lost providers that failed at the start); ' +
      'hours count time, including backup. A later wave can fail earlier in hours when its links have no backup.',
    9,
    0,
  );
  table(
    content.timeline.map((t) => [
      `Wave ${t.wave}${t.hoursFrom === t.hoursTo ? ` at +${t.hoursFrom} h` : ` between +${t.hoursFrom} h and +${t.hoursTo} h`}`,
      `${t.count} fail`,
    ]),
  );

  heading('Why the most important losses happen');
  for (const chain of content.chains) {
    ensure(10);
    doc.setFont('helvetica', 'bold');
    doc.setFontSize(10);
    doc.setTextColor(29, 35, 41);
    doc.text(pdfText(chain.name), margin, y);
    y += 4.6;
    chain.steps.forEach((step, k) => para(`${k === 0 ? '' : '<- '}${step}`, 9, 4));
  }
  if (content.chains.length === 0) para('No cascade failures: only the attacked facilities fail.');

  heading('Sources and caveats');
  para(content.attribution, 9);
  for (const caveat of content.caveats) para(`- ${caveat}`, 9);

  return doc.output('blob');
}
