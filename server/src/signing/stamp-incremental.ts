import { measureText, ops, rgb, StandardFonts, type PDF, type PDFFormXObject, type PDFPage } from '@libpdf/core';
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { assertAppendedTo, DEFAULT_MAX_PAGES, openForIncrementalUpdate } from './guards';
import { LABELS, winAnsiText, type DocumentLanguage } from './text';

export interface IncrementalStampOptions {
  /** The stamp's lines, already in the document's language. */
  lines: string[];
  /** The CSV verification code. */
  code: string;
  /** Where anyone can check the code; the QR code points here. */
  verifyUrl: string;
  language: DocumentLanguage;
  maxPages?: number;
}

export interface StampedPdf {
  bytes: Uint8Array;
  pages: number;
  sha256: string;
}

const MARGIN = 14;
const QR_SIZE = 56;
const FONT_SIZE = 7;
const LINE_HEIGHT = 8.6;
const PAD = 4;

/**
 * Draws the stamp box and the verification code with its QR code on every page, as an incremental
 * update: unlike pdf-lib, which rewrites the file, this leaves every earlier signature valid.
 * The QR code is one Form XObject shared by all pages.
 */
export async function stampIncremental(bytes: Uint8Array, options: IncrementalStampOptions): Promise<StampedPdf> {
  const pdf = await openForIncrementalUpdate(bytes, options.maxPages ?? DEFAULT_MAX_PAGES);
  const labels = LABELS[options.language];
  const lines = [...options.lines, `${labels.verificationCode}: ${options.code}`, `${labels.verifyAt} ${options.verifyUrl}`].map(
    winAnsiText,
  );
  const qr = qrXObject(pdf, options.verifyUrl);
  const pages = pdf.getPages();
  for (const page of pages) drawStamp(page, qr, lines);
  const out = assertAppendedTo(bytes, await pdf.save({ incremental: true }));
  return { bytes: out, pages: pages.length, sha256: createHash('sha256').update(out).digest('hex') };
}

/** The QR code as filled rectangles (one per run of dark modules in a row) on a white quiet zone. */
function qrXObject(pdf: PDF, text: string): PDFFormXObject {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cells = modules.size + quiet * 2;
  const cell = QR_SIZE / cells;
  const operators = [ops.setNonStrokingRGB(1, 1, 1), ops.rectangle(0, 0, QR_SIZE, QR_SIZE), ops.fill(), ops.setNonStrokingRGB(0, 0, 0)];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      const y = QR_SIZE - (row + quiet + 1) * cell;
      operators.push(ops.rectangle((start + quiet) * cell, y, (col - start) * cell, cell));
    }
  }
  operators.push(ops.fill());
  return pdf.createFormXObject({ bbox: { x: 0, y: 0, width: QR_SIZE, height: QR_SIZE }, operators });
}

interface VisualFrame {
  matrix: [number, number, number, number, number, number];
  /** The page's width as a viewer shows it. */
  width: number;
  /** User-space point of a visual point. */
  at(vx: number, vy: number): { x: number; y: number };
  /** How far (counter-clockwise, degrees) each drawing turns to stand upright on screen. */
  angle: number;
}

/**
 * The frame whose (0, 0) is the visual bottom-left corner of the page as a viewer shows it
 * (after /Rotate), with x to the right and y up, so that the stamp is upright on screen.
 */
function visualFrame(page: PDFPage): VisualFrame {
  const { x, y, width: w, height: h } = page.getCropBox();
  const rotated = (matrix: VisualFrame['matrix'], width: number): VisualFrame => {
    const [a, b, c, d, e, f] = matrix;
    return { matrix, width, at: (vx, vy) => ({ x: a * vx + c * vy + e, y: b * vx + d * vy + f }), angle: page.rotation };
  };
  switch (page.rotation) {
    case 90:
      return rotated([0, 1, -1, 0, x + w, y], h);
    case 180:
      return rotated([-1, 0, 0, -1, x + w, y + h], w);
    case 270:
      return rotated([0, -1, 1, 0, x, y + h], h);
    default:
      return rotated([1, 0, 0, 1, x, y], w);
  }
}

/**
 * Each drawing is placed and turned by itself: libpdf appends every drawing as its own content
 * stream and wraps earlier ones in q … Q, so one transformation cannot span several drawings.
 */
function drawStamp(page: PDFPage, qr: PDFFormXObject, lines: string[]): void {
  const frame = visualFrame(page);
  const name = page.registerXObject(qr);
  page.drawOperators([
    ops.pushGraphicsState(),
    ops.concatMatrix(...frame.matrix),
    ops.concatMatrix(1, 0, 0, 1, MARGIN, MARGIN),
    ops.paintXObject(name),
    ops.popGraphicsState(),
  ]);
  const turn = (vx: number, vy: number) => {
    const p = frame.at(vx, vy);
    return { ...p, rotate: frame.angle ? { angle: frame.angle, origin: p } : undefined };
  };
  // The text shrinks to fit beside the QR code on narrow pages instead of running off the page.
  const room = frame.width - MARGIN * 2 - QR_SIZE - PAD * 3;
  const widest = Math.max(...lines.map((l, i) => measureText(l, fontOf(i), FONT_SIZE)));
  const scale = Math.min(1, room / widest);
  const size = FONT_SIZE * scale;
  const lineHeight = LINE_HEIGHT * scale;
  const width = widest * scale + PAD * 2;
  const height = Math.max(QR_SIZE, lines.length * lineHeight + PAD * 2);
  const bx = MARGIN + QR_SIZE + PAD;
  const red = rgb(0.69, 0.08, 0.12);
  page.drawRectangle({ ...turn(bx, MARGIN), width, height, color: rgb(1, 1, 1), borderColor: red, borderWidth: 0.6 });
  lines.forEach((line, i) => {
    const y = MARGIN + height - PAD - (i + 1) * lineHeight + (lineHeight - size) / 2;
    page.drawText(line, { ...turn(bx + PAD, y), size, font: fontOf(i), color: i === 0 ? red : rgb(0.1, 0.1, 0.1) });
  });
}

/** The first line is the stamp's title. */
function fontOf(line: number) {
  return line === 0 ? StandardFonts.HelveticaBold : StandardFonts.Helvetica;
}
