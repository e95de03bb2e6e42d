import { AppError } from '@oac/shared';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface StampInfo {
  clerkName: string;
  ticketNumber: string;
  at: Date;
  office: string;
}

/** The stamp's lines, in Catalan, the council's working language. Pure, for tests and for the PDF. */
export function stampLines(info: StampInfo): string[] {
  const when = new Intl.DateTimeFormat('ca-ES', {
    timeZone: 'Europe/Madrid',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(info.at);
  return [
    'AJUNTAMENT · DOCUMENT SEGELLAT',
    `Expedient: ${info.ticketNumber}`,
    `Tramitat per: ${info.clerkName}`,
    `Data: ${when} (Europe/Madrid)`,
    info.office,
  ];
}

// WinAnsi (the standard fonts' encoding) lacks some characters a name may have; keep the rest.
function winAnsiSafe(text: string): string {
  return text.normalize('NFC').replace(/[^\u0020-\u007e\u00a0-\u00ff·€]/g, '?');
}

/**
 * Adds a visible stamp to the bottom-right corner of every page and records the ticket in the
 * PDF's metadata. Refuses encrypted or unreadable PDFs with `document_not_stampable`.
 */
export async function stampPdf(bytes: Uint8Array, info: StampInfo): Promise<Uint8Array> {
  try {
    return await drawStamp(await PDFDocument.load(bytes, { updateMetadata: false }), info);
  } catch (err) {
    // pdf-lib accepts some broken files at load time and fails later, so the whole job is guarded.
    const encrypted = (err as Error).name === 'EncryptedPDFError';
    throw new AppError('document_not_stampable', encrypted ? 'The PDF is password-protected.' : 'The PDF could not be read.');
  }
}

async function drawStamp(pdf: PDFDocument, info: StampInfo): Promise<Uint8Array> {
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const lines = stampLines(info).map(winAnsiSafe);
  const size = 8;
  const lineHeight = 10.5;
  const pad = 6;
  const width = Math.max(...lines.map((l, i) => (i === 0 ? bold : font).widthOfTextAtSize(l, size))) + pad * 2;
  const height = lines.length * lineHeight + pad * 2 - 2;
  const red = rgb(0.69, 0.08, 0.12);
  for (const page of pdf.getPages()) {
    const { width: pw } = page.getSize();
    const x = Math.max(pw - width - 24, 12);
    const y = 24;
    page.drawRectangle({ x, y, width, height, borderColor: red, borderWidth: 1.2, color: rgb(1, 1, 1), opacity: 0.92 });
    lines.forEach((line, i) => {
      page.drawText(line, { x: x + pad, y: y + height - pad - (i + 1) * lineHeight + 3, size, font: i === 0 ? bold : font, color: red });
    });
  }
  pdf.setSubject(`Segellat · ${info.ticketNumber}`);
  pdf.setKeywords([info.ticketNumber, 'segellat']);
  pdf.setModificationDate(info.at);
  return pdf.save();
}
