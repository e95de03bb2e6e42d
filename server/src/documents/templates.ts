import type { TemplateName } from '@oac/shared';
import { AppError } from '@oac/shared';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

export interface PrepareInput {
  template: TemplateName;
  title: string;
  intro: string;
  text: string;
  /** Label and value, in the citizen's language: the ticket's data. */
  rows: [string, string][];
  code: string;
  verifyUrl: string;
  /** The verification lines printed at the foot of every page. */
  footer: string[];
  /** The council's name on the letterhead. */
  council?: string;
}

// The standard fonts' WinAnsi encoding lacks some characters a name may have; keep the rest.
export function winAnsiSafe(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff·€’]/g, '?')
    .replace(/’/g, "'");
}

const INK = rgb(0.12, 0.14, 0.17);
const BRAND = rgb(0.69, 0.08, 0.12);

/** The office's letterhead mark, drawn as vectors: no image file to go missing. */
function drawLogo(page: PDFPage, bold: PDFFont, x: number, y: number): void {
  page.drawRectangle({ x, y, width: 42, height: 42, color: BRAND });
  page.drawText('OAC', { x: x + 6, y: y + 15, size: 13, font: bold, color: rgb(1, 1, 1) });
  page.drawRectangle({ x: x + 6, y: y + 8, width: 30, height: 2, color: rgb(1, 1, 1) });
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/** Draws the verification code and its QR code at the foot of a page. */
export async function drawVerification(pdf: PDFDocument, page: PDFPage, font: PDFFont, lines: string[], url: string): Promise<void> {
  const qr = await pdf.embedPng(await QRCode.toBuffer(url, { type: 'png', margin: 1, width: 180, errorCorrectionLevel: 'M' }));
  const { width } = page.getSize();
  page.drawImage(qr, { x: width - 36 - 64, y: 28, width: 64, height: 64 });
  lines.forEach((l, i) => page.drawText(winAnsiSafe(l), { x: 48, y: 70 - i * 12, size: 8, font, color: INK }));
}

/**
 * A certificate, a request form or a receipt, filled in with the ticket's data: the letterhead,
 * the data as a table (and, on a request form, as form fields), the clerk's text, and the
 * verification code with its QR code. Drawn before anything is signed, so pdf-lib may write it whole.
 */
export async function preparePdf(input: PrepareInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsiSafe(input.title));
  pdf.setProducer('OAC et truca');
  pdf.setCreator('OAC et truca');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595.28, 841.89]);
  const { height } = page.getSize();
  drawLogo(page, bold, 48, height - 90);
  page.drawText(winAnsiSafe(input.council ?? 'Ajuntament · Oficina d’Atenció Ciutadana'), {
    x: 100,
    y: height - 66,
    size: 10,
    font,
    color: INK,
  });
  page.drawText(winAnsiSafe(input.title), { x: 48, y: height - 140, size: 22, font: bold, color: BRAND });
  let y = height - 180;
  const form = input.template === 'request_form' ? pdf.getForm() : null;
  input.rows.forEach(([label, value], i) => {
    page.drawText(winAnsiSafe(label), { x: 48, y, size: 10, font: bold, color: INK });
    if (form) {
      const field = form.createTextField(`field_${i}`);
      field.setText(winAnsiSafe(value));
      field.enableReadOnly();
      field.addToPage(page, { x: 200, y: y - 5, width: 340, height: 18, font, borderWidth: 0.5 });
    } else {
      page.drawText(winAnsiSafe(value), { x: 200, y, size: 10, font, color: INK });
    }
    y -= 24;
  });
  y -= 16;
  page.drawText(winAnsiSafe(input.intro), { x: 48, y, size: 11, font: bold, color: INK });
  y -= 20;
  for (const line of wrap(winAnsiSafe(input.text), font, 11, 500).slice(0, 34)) {
    page.drawText(line, { x: 48, y, size: 11, font, color: INK });
    y -= 15;
  }
  if (form) form.updateFieldAppearances(font);
  await drawVerification(pdf, page, font, input.footer, input.verifyUrl);
  return pdf.save({ useObjectStreams: false });
}

/** A photo or scan as a one-page A4 PDF, scaled to fit, so that it can be stamped and sealed. */
export async function imageToPdf(bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  let image;
  // pdf-lib reads the view's whole buffer from offset 0: a pooled Buffer's slice needs a copy of its own.
  const own = new Uint8Array(bytes);
  try {
    image = contentType === 'image/png' ? await pdf.embedPng(own) : await pdf.embedJpg(own);
  } catch {
    throw new AppError('document_not_stampable', 'The image could not be read.');
  }
  const page = pdf.addPage([595.28, 841.89]);
  // Room at the foot for the stamp and the verification code.
  const box = { x: 36, y: 110, width: 595.28 - 72, height: 841.89 - 146 };
  const scale = Math.min(box.width / image.width, box.height / image.height, 1);
  const w = image.width * scale;
  const h = image.height * scale;
  page.drawImage(image, { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h), width: w, height: h });
  return pdf.save({ useObjectStreams: false });
}
