import { AppError } from '@oac/shared';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { stampLines, stampPdf } from './stamp';

const info = {
  clerkName: 'Marta Puig i Soler',
  ticketNumber: 'OAC-2026-000123',
  at: new Date('2026-11-23T09:05:00Z'),
  office: 'OAC Ciutat Vella',
};

describe('stamp', () => {
  it('says who, when (Madrid time) and which procedure', () => {
    const lines = stampLines(info);
    expect(lines).toContain('Expedient: OAC-2026-000123');
    expect(lines).toContain('Tramitat per: Marta Puig i Soler');
    expect(lines.find((l) => l.startsWith('Data:'))).toBe('Data: 23/11/2026 10:05 (Europe/Madrid)');
  });

  it('stamps every page and records the ticket in the metadata', async () => {
    const src = await PDFDocument.create();
    src.addPage([595, 842]);
    src.addPage([842, 595]);
    const out = await PDFDocument.load(await stampPdf(await src.save(), info));
    expect(out.getPageCount()).toBe(2);
    expect(out.getSubject()).toContain('OAC-2026-000123');
    for (const page of out.getPages()) expect(page.node.Contents()).toBeDefined();
  });

  it('refuses what is not a readable PDF', async () => {
    await expect(stampPdf(new TextEncoder().encode('%PDF-1.7 garbage'), info)).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'document_not_stampable',
    );
  });

  it('keeps names with characters the standard font lacks', async () => {
    const src = await PDFDocument.create();
    src.addPage();
    const bytes = await stampPdf(await src.save(), { ...info, clerkName: 'Łukasz Żółć' });
    expect(bytes.length).toBeGreaterThan(500);
  });
});
