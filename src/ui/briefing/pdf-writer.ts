/**
 * A small layout helper over jsPDF for the report: a cursor down an A4 page, headings,
 * wrapped paragraphs, images, tables that continue on the next page with their header, and
 * the marking line with page numbers on every page. Text is in the embedded DejaVu Sans.
 */
import type { jsPDF } from 'jspdf';
import type { PdfFonts } from './pdf-fonts.ts';

export const PAGE_W = 210;
export const PAGE_H = 297;
export const MARGIN = 16;
export const TEXT_W = PAGE_W - 2 * MARGIN;
const TOP = 19;
const BOTTOM = PAGE_H - 17;
export const FONT = 'DejaVuSans';

type RGB = [number, number, number];
export const INK: RGB = [29, 35, 41];
export const MUTED: RGB = [93, 104, 115];
export const ACCENT: RGB = [15, 92, 140];
export const DANGER: RGB = [192, 20, 43];

export interface Img {
  dataUrl: string;
  width: number;
  height: number;
}

export interface Column {
  title: string;
  /** Width in mm. */
  width: number;
  align?: 'left' | 'right';
}

export class PdfWriter {
  y = TOP;

  constructor(readonly doc: jsPDF) {}

  static create(JsPDF: typeof jsPDF, fonts: PdfFonts): PdfWriter {
    const doc = new JsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait' });
    doc.addFileToVFS('DejaVuSans.ttf', fonts.regular);
    doc.addFont('DejaVuSans.ttf', FONT, 'normal');
    doc.addFileToVFS('DejaVuSans-Bold.ttf', fonts.bold);
    doc.addFont('DejaVuSans-Bold.ttf', FONT, 'bold');
    doc.setFont(FONT, 'normal');
    return new PdfWriter(doc);
  }

  /** Room left on this page, in mm. */
  get room(): number {
    return BOTTOM - this.y;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page unless `needed` mm fit on this one. */
  ensure(needed: number): void {
    if (this.y + needed > BOTTOM) this.newPage();
  }

  style(size: number, bold = false, color: RGB = INK): void {
    this.doc.setFont(FONT, bold ? 'bold' : 'normal');
    this.doc.setFontSize(size);
    this.doc.setTextColor(...color);
  }

  lines(text: string, width: number): string[] {
    return this.doc.splitTextToSize(text, width) as string[];
  }

  /** A section heading, kept with at least `keep` mm of what follows. */
  heading(text: string, keep = 20): void {
    this.ensure(10 + keep);
    this.y += 3;
    this.style(13, true, ACCENT);
    this.doc.text(text, MARGIN, this.y + 4);
    this.y += 8;
  }

  /** A wrapped paragraph. */
  para(text: string, { size = 10, bold = false, color = INK, indent = 0, after = 1.5 } = {}): void {
    this.style(size, bold, color);
    const lineH = size * 0.42;
    for (const line of this.lines(text, TEXT_W - indent)) {
      this.ensure(lineH);
      this.doc.text(line, MARGIN + indent, this.y + lineH * 0.8);
      this.y += lineH;
    }
    this.y += after;
  }

  /** The height in mm an image takes when placed `w` mm wide, at most `maxH`. */
  static imageHeight(img: Img, w = TEXT_W, maxH = 200): number {
    return Math.min(maxH, (w * img.height) / img.width);
  }

  /** An image `w` mm wide (or fitted into `maxH`), centred. */
  image(img: Img, w = TEXT_W, maxH = 200): void {
    let h = (w * img.height) / img.width;
    if (h > maxH) {
      w = (w * maxH) / h;
      h = maxH;
    }
    this.ensure(h + 2);
    this.doc.addImage(img.dataUrl, 'PNG', MARGIN + (TEXT_W - w) / 2, this.y, w, h);
    this.y += h + 2;
  }

  /** A table with a header row that repeats on each page; cells wrap. */
  table(columns: Column[], rows: string[][], size = 8.5): void {
    const lineH = size * 0.42;
    const header = () => {
      this.style(size, true, MUTED);
      let x = MARGIN;
      for (const c of columns) {
        const tx = c.align === 'right' ? x + c.width - 1 : x;
        this.doc.text(c.title, tx, this.y + lineH, { align: c.align ?? 'left' });
        x += c.width;
      }
      this.y += lineH + 1.2;
      this.doc.setDrawColor(200, 206, 212);
      this.doc.setLineWidth(0.2);
      this.doc.line(MARGIN, this.y, MARGIN + TEXT_W, this.y);
      this.y += 1;
    };
    this.ensure(lineH * 3);
    header();
    for (const row of rows) {
      this.style(size);
      const cells = row.map((cell, k) => this.lines(cell, columns[k]!.width - 2));
      const h = Math.max(...cells.map((c) => c.length)) * lineH + 1.2;
      if (this.y + h > BOTTOM) {
        this.newPage();
        header();
        this.style(size);
      }
      let x = MARGIN;
      cells.forEach((cellLines, k) => {
        const c = columns[k]!;
        cellLines.forEach((line, i) => {
          const tx = c.align === 'right' ? x + c.width - 1 : x;
          this.doc.text(line, tx, this.y + lineH * (i + 0.8), { align: c.align ?? 'left' });
        });
        x += c.width;
      });
      this.y += h;
    }
    this.y += 2;
  }

  /**
   * The marking line as a banner at the top and the bottom of every page, with the page
   * number and the title at the foot. Called once the report is complete.
   */
  frame(marking: string, title: string): void {
    const pages = this.doc.getNumberOfPages();
    const text = marking.toUpperCase();
    for (let i = 1; i <= pages; i++) {
      this.doc.setPage(i);
      if (text) {
        for (const y of [0, PAGE_H - 8]) {
          this.doc.setFillColor(...INK);
          this.doc.rect(0, y, PAGE_W, 8, 'F');
          this.style(9, true, [255, 255, 255]);
          this.doc.text(this.lines(text, PAGE_W - 20)[0] ?? '', PAGE_W / 2, y + 5.4, {
            align: 'center',
          });
        }
      }
      this.style(8, false, MUTED);
      const short = title.length > 90 ? `${title.slice(0, 88)}…` : title;
      this.doc.text(short, MARGIN, PAGE_H - 11);
      this.doc.text(`Page ${i} of ${pages}`, PAGE_W - MARGIN, PAGE_H - 11, { align: 'right' });
    }
  }
}
