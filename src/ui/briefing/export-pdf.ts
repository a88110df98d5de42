/**
 * The printable report, built from sections so one can be added: page 1 is an executive
 * summary (finding, people, headline figures, the map framed to what fails with its legend);
 * then the cascade over time, failures by sector and by country, the failed facilities, the
 * explanation tree, sources and caveats, and the technical details last. Without a scenario,
 * an overview of the inventory. jsPDF and the embedded font load only when a report is asked for.
 */
import type { BriefingContent } from './briefing-content.ts';
import type { PdfFonts } from './pdf-fonts.ts';
import { DANGER, INK, MARGIN, MUTED, PdfWriter, TEXT_W, type Img } from './pdf-writer.ts';
import { count } from './words.ts';

/** Pictures the report places: the map and the charts (charts.ts), drawn in the page. */
export interface PdfAssets {
  map: Img | null;
  /** Keyed 'down', 'people', 'sector', 'country'. */
  charts: Partial<Record<'down' | 'people' | 'sector' | 'country', Img>>;
}

export type PdfSection = (w: PdfWriter, c: BriefingContent, a: PdfAssets) => void;

/** Page 1: what someone who never saw the app needs. */
export const summaryPage: PdfSection = (w, c, a) => {
  w.style(20, true);
  for (const line of w.lines(c.title, TEXT_W)) {
    w.doc.text(line, MARGIN, w.y + 7);
    w.y += 8.5;
  }
  w.para(
    `${c.kind === 'scenario' ? 'Briefing on a simulated cascade' : 'Inventory briefing'} · ${c.date}`,
    { size: 9, color: MUTED, after: 3 },
  );
  w.para(c.finding, { size: 12.5, bold: true, after: 1.5 });
  if (c.peopleLine) {
    const line = c.peopleLine.charAt(0).toUpperCase() + c.peopleLine.slice(1);
    w.para(`${line}.`, { size: 11, color: DANGER, after: 3 });
  }
  figures(w, c.headline);
  if (a.map) {
    // What follows the map on page 1: its legend and caption, and what was simulated.
    const legendH = 7 + Math.ceil(c.legend.length / 4) * 5;
    const simulatedH =
      c.kind === 'scenario' ? 8 + c.scenarioLines.length * 4.2 + (c.notes ? 8 : 0) : 0;
    w.image(a.map, TEXT_W, Math.max(60, w.room - legendH - 12 - simulatedH));
    legend(w, c);
    w.para(
      c.kind === 'scenario'
        ? `Map framed to the failed facilities. Named: the compromised facilities (black) and the failed facilities ${c.people ? 'serving the most people' : 'spilling over or last in the cascade'} (red). Place names from the basemap.`
        : 'Map framed to the whole inventory. Named: the top single points of failure (blue). Place names from the basemap.',
      { size: 8, color: MUTED, after: 2 },
    );
  }
  if (c.kind === 'scenario') {
    w.para('What was simulated', { size: 9.5, bold: true, after: 0.5 });
    for (const line of c.scenarioLines) w.para(line, { size: 9, after: 0.3 });
    if (c.notes) w.para(`Notes: ${c.notes}`, { size: 9 });
  }
};

/** The headline figures as a row of boxes. */
function figures(w: PdfWriter, items: { label: string; value: string }[]): void {
  const gap = 3;
  const boxW = (TEXT_W - gap * (items.length - 1)) / items.length;
  w.ensure(20);
  items.forEach((item, k) => {
    const x = MARGIN + k * (boxW + gap);
    w.doc.setFillColor(246, 248, 249);
    w.doc.setDrawColor(221, 226, 230);
    w.doc.roundedRect(x, w.y, boxW, 17, 1.5, 1.5, 'FD');
    w.style(15, true, k === 0 || /people/.test(item.label) ? DANGER : INK);
    w.doc.text(item.value, x + 3, w.y + 7.5);
    w.style(7.5, false, MUTED);
    w.doc.text(w.lines(item.label, boxW - 5).slice(0, 2), x + 3, w.y + 11.5);
  });
  w.y += 21;
}

/** The map's legend: coloured dots for sectors, rings for the failure states. */
function legend(w: PdfWriter, c: BriefingContent): void {
  const colW = TEXT_W / 4;
  w.ensure(6);
  c.legend.forEach((item, k) => {
    if (k > 0 && k % 4 === 0) w.y += 5;
    const x = MARGIN + (k % 4) * colW;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(item.color.slice(i, i + 2), 16)) as [
      number,
      number,
      number,
    ];
    if (item.ring) {
      w.doc.setDrawColor(r, g, b);
      w.doc.setLineWidth(0.6);
      w.doc.circle(x + 1.6, w.y + 1.8, 1.4, 'S');
    } else {
      w.doc.setFillColor(r, g, b);
      w.doc.circle(x + 1.6, w.y + 1.8, 1.6, 'F');
    }
    w.style(8.5);
    w.doc.text(w.lines(item.label, colW - 6)[0] ?? '', x + 4.5, w.y + 2.9);
  });
  w.y += 7;
}

const chartOrNote = (w: PdfWriter, img: Img | undefined, width = TEXT_W, maxH = 80) => {
  if (img) w.image(img, width, maxH);
};

/** The cascade over time: facilities and people down by hour, and the waves. */
export const timelineSection: PdfSection = (w, c, a) => {
  w.newPage();
  w.heading('The cascade over time', 60);
  w.para(
    'How many facilities are down, hour by hour after the attack' +
      (a.charts.people ? ', and how many people lose a service (at least).' : '.') +
      (c.series.some((t, k) => k > 0 && t.down < c.series[k - 1]!.down)
        ? ' With the repairs, facilities come back up: the line falls as they are restored.'
        : ' Nothing comes back within the scenario (no repairs).'),
    { size: 9.5 },
  );
  chartOrNote(w, a.charts.down, TEXT_W, 70);
  chartOrNote(w, a.charts.people, TEXT_W, 70);
  w.para(
    'Waves count dependency steps from the first failures; hours count time, backup included. A later wave can fail earlier in hours when its links have no backup.',
    { size: 8.5, color: MUTED },
  );
  w.table(
    [
      { title: 'Wave', width: 30 },
      { title: 'When', width: 60 },
      { title: 'Facilities failing', width: 40, align: 'right' },
    ],
    c.timeline.map((t) => [
      t.waveTo === t.wave ? String(t.wave) : `${t.wave}-${t.waveTo}`,
      t.hoursFrom === t.hoursTo
        ? `at +${t.hoursFrom} h`
        : `between +${t.hoursFrom} h and +${t.hoursTo} h`,
      count(t.count),
    ]),
  );
};

/** Failures (or facilities, in an overview) by sector and by country, as bar charts. */
export const breakdownSection: PdfSection = (w, c, a) => {
  const what = c.kind === 'scenario' ? 'Failures' : 'Facilities';
  // Each heading stays on the page of its chart.
  const keep = (img: Img | undefined) =>
    img ? PdfWriter.imageHeight(img, TEXT_W * 0.8, 90) + 2 : 10;
  w.heading(`${what} by sector`, keep(a.charts.sector));
  chartOrNote(w, a.charts.sector, TEXT_W * 0.8, 90);
  w.heading(`${what} by country`, keep(a.charts.country));
  chartOrNote(w, a.charts.country, TEXT_W * 0.8, 90);
};

/** Every failed facility (up to the table's limit), in the order they fail. */
export const failedTableSection: PdfSection = (w, c) => {
  // Right after the charts when it has room (a page of its own left most of page 3 blank).
  w.heading('The failed facilities', 30);
  w.para(
    `In the order they fail. ${c.failedTotal > c.failedRows.length ? `The first ${count(c.failedRows.length)} of ${count(c.failedTotal)}; the Failed CSV export lists them all.` : `All ${count(c.failedTotal)}.`}`,
    { size: 9, color: MUTED },
  );
  w.table(
    [
      { title: 'Facility', width: 48 },
      { title: 'Sector', width: 36 },
      { title: 'Country', width: 25 },
      { title: 'Fails at', width: 14 },
      { title: 'Cause', width: TEXT_W - 123 },
    ],
    c.failedRows.map((r) => [r.name, r.sector, r.country, r.failsAt, r.cause]),
  );
};

/** The explanation chains as one tree: a chain that several losses share is printed once. */
export const explanationSection: PdfSection = (w, c) => {
  w.heading('Why they fail', 30);
  if (c.tree.length === 0) {
    w.para('No cascade failures: only the compromised facilities (and the impact zone) fail.');
    return;
  }
  w.para(
    `How the ${c.explained === 1 ? 'most important loss follows' : `${c.explained} most important losses follow`} from the attack, one step per line: each facility fails because the one above it did.`,
    { size: 9, color: MUTED },
  );
  for (const { depth, text } of c.tree) {
    const indent = Math.min(depth, 8) * 5;
    w.para(`${depth === 0 ? '■ ' : '↳ '}${text}`, {
      size: 8.5,
      indent,
      bold: depth === 0,
      after: 0.8,
    });
  }
};

/** Overview: cross-border dependencies by country pair. */
export const crossBorderSection: PdfSection = (w, c) => {
  w.heading('Cross-border dependencies by country pair', 20);
  if (c.crossBorder.length === 0) {
    w.para('No dependency crosses a border in this inventory.');
    return;
  }
  w.table(
    [
      { title: 'Provider country → dependent country', width: 120 },
      { title: 'Dependencies', width: 30, align: 'right' },
    ],
    c.crossBorder.map((p) => [p.label, count(p.value)]),
    9,
  );
};

/** Overview: the top single points of failure. */
export const pointsOfFailureSection: PdfSection = (w, c) => {
  w.heading('Top single points of failure', 20);
  w.para(c.pointsOfFailureNote, { size: 9, color: MUTED });
  if (c.pointsOfFailure.length === 0) {
    if (c.pointsOfFailureNote.startsWith('Impact'))
      w.para('No facility brings down another one on its own.');
    return;
  }
  w.table(
    [
      { title: 'Facility', width: 70 },
      { title: 'Sector', width: 38 },
      { title: 'Country', width: 40 },
      { title: 'Impact', width: 30, align: 'right' },
    ],
    c.pointsOfFailure.map((e) => [e.name, e.sector, e.country, count(e.impact)]),
    9,
  );
};

export const sourcesSection: PdfSection = (w, c) => {
  w.heading('Sources and caveats', 20);
  w.para(c.attribution, { size: 9 });
  for (const caveat of c.caveats) w.para(`• ${caveat}`, { size: 9, indent: 2 });
};

export const technicalSection: PdfSection = (w, c) => {
  w.heading('Technical details', 15);
  for (const line of c.technical) w.para(line, { size: 8.5, color: MUTED, after: 0.5 });
  w.para(c.generated, { size: 8.5, color: MUTED });
};

export const SCENARIO_SECTIONS: PdfSection[] = [
  summaryPage,
  timelineSection,
  breakdownSection,
  failedTableSection,
  explanationSection,
  sourcesSection,
  technicalSection,
];

export const OVERVIEW_SECTIONS: PdfSection[] = [
  summaryPage,
  (w, c, a) => {
    w.newPage();
    breakdownSection(w, c, a);
  },
  crossBorderSection,
  pointsOfFailureSection,
  sourcesSection,
  technicalSection,
];

/** Builds the report; `sections` defaults to the scenario's or the overview's. */
export async function buildPdf(
  content: BriefingContent,
  assets: PdfAssets,
  fonts: PdfFonts,
  sections = content.kind === 'scenario' ? SCENARIO_SECTIONS : OVERVIEW_SECTIONS,
): Promise<Blob> {
  const { jsPDF } = await import('jspdf');
  const w = PdfWriter.create(jsPDF, fonts);
  w.doc.setProperties({ title: content.title, creator: 'RippleMap' });
  for (const section of sections) section(w, content, assets);
  w.frame(content.marking, content.title);
  return w.doc.output('blob');
}
