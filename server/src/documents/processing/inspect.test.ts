import { AppError } from '@oac/shared';
import {
  deflatedZeros,
  embeddedFilePdf,
  inflationBombPdf,
  javascriptPdf,
  manyPagesPdf,
  pdfZipPolyglot,
  pngBomb,
  pngPdfPolyglot,
  rawPdf,
  streamBody,
  truncatedPdf,
  validHeic,
  validJpeg,
  validPdf,
  validPng,
} from '@oac/tests/support/hostile-files';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectPieces } from './inspect';
import type { InspectLimits } from './types';

const LIMITS: InspectLimits = { maxPages: 500, maxInflatedBytes: 256 * 1024 * 1024, maxImagePixels: 50_000_000 };

async function* piecesOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Cuts every file at every kind of boundary: a byte at a time, odd sizes that split tokens, and big pieces. */
const CUTS = [1, 3, 7, 10, 11, 64, 1000, 65_536];

async function inspectEveryWay(bytes: Buffer, limits = LIMITS, cuts = CUTS) {
  const results = await Promise.all(cuts.map((c) => inspectPieces(piecesOf(bytes, c), limits)));
  for (const r of results) expect(r).toEqual(results[0]);
  return results[0]!;
}

async function refusal(bytes: Buffer, limits = LIMITS, cut = 65_536): Promise<AppError> {
  const err = await inspectPieces(piecesOf(bytes, cut), limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the generators', () => {
  it('make a deflate stream of exactly the zeros asked for', () => {
    const out = inflateSync(deflatedZeros(5 * 1024 * 1024 + 17));
    expect(out.length).toBe(5 * 1024 * 1024 + 17);
    expect(out.every((b) => b === 0)).toBe(true);
  });
});

describe('inspecting a PDF', () => {
  it('counts the pages of a real PDF, inside its object streams, however it is cut', async () => {
    expect(await inspectEveryWay(await validPdf(3))).toEqual({ type: 'application/pdf', pages: 3, flags: [] });
  });

  it('counts a page rewritten by an incremental update once', async () => {
    const base = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R >>',
    ]);
    const at = base.length;
    const obj = '3 0 obj\n<< /Type/Page /Parent 2 0 R /Rotate 90 >>\nendobj\n';
    const xref = `xref\n3 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R /Prev 0 >>\n`;
    const update = Buffer.from(`${obj}${xref}startxref\n${at + obj.length}\n%%EOF\n`);
    const r = await inspectEveryWay(Buffer.concat([base, update]));
    expect(r.pages).toBe(1);
  });

  it('refuses the 20,000-page PDF at the first page over the cap, quickly', async () => {
    const bytes = manyPagesPdf();
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
    const started = performance.now();
    const err = await refusal(bytes);
    expect(err.code).toBe('document_too_many_pages');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await refusal(manyPagesPdf(12), { ...LIMITS, maxPages: 11 }, 5)).code).toBe('document_too_many_pages');
    expect(await inspectEveryWay(manyPagesPdf(11), { ...LIMITS, maxPages: 11 }, [5, 4096])).toMatchObject({ pages: 11 });
  });

  it('stops the 600 MB object-stream bomb as soon as the inflate budget is spent', { timeout: 60_000 }, async () => {
    const bytes = inflationBombPdf();
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const err = await refusal(bytes);
    expect(err.code).toBe('document_too_large_inflated');
    expect((await refusal(inflationBombPdf(3 * 1024 * 1024), { ...LIMITS, maxInflatedBytes: 2 * 1024 * 1024 }, 7)).code).toBe(
      'document_too_large_inflated',
    );
    // Under the budget the same file passes.
    expect(await inspectEveryWay(inflationBombPdf(1024 * 1024), LIMITS, [7, 65_536])).toMatchObject({ pages: 1 });
  });

  it('flags JavaScript, also compressed in an object stream behind hex-escaped names, and embedded files', async () => {
    expect((await inspectEveryWay(javascriptPdf())).flags).toEqual(['javascript']);
    expect((await inspectEveryWay(javascriptPdf({ inObjectStream: true }))).flags).toEqual(['javascript']);
    expect((await inspectEveryWay(embeddedFilePdf())).flags).toEqual(['embedded_file']);
  });

  it('does not take words in strings, comments or stream data for names', async () => {
    const bytes = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /Title (About /JavaScript and /Type /Page \\) /JS) >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\n% /JS /EmbeddedFile',
      streamBody('', Buffer.from('/JS /Type /Page BT (x) Tj ET')),
      '<< /Note <2F4A53> >>',
    ]);
    expect(await inspectEveryWay(bytes)).toEqual({ type: 'application/pdf', pages: 1, flags: [] });
  });

  it('refuses a truncated PDF, and one whose startxref points nowhere, as damaged', async () => {
    expect((await refusal(await truncatedPdf())).code).toBe('document_damaged');
    expect((await refusal(await truncatedPdf(0.999))).code).toBe('document_damaged');
    const good = await validPdf(1);
    const text = good.toString('latin1');
    const wrong = Buffer.from(
      text.replace(/startxref\s+(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 100}`),
      'latin1',
    );
    expect((await refusal(wrong)).code).toBe('document_damaged');
    expect((await refusal(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Length 10 >>\nstream\nabc'))).code).toBe('document_damaged');
  });

  it('refuses an object stream it cannot read rather than let it hide something', async () => {
    const bytes = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 0 /Kids [] >>',
      streamBody('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from('xxxx')),
    ]);
    expect((await refusal(bytes)).code).toBe('document_damaged');
    const corrupt = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 0 /Kids [] >>',
      streamBody('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from('not zlib at all')),
    ]);
    expect((await refusal(corrupt)).code).toBe('document_damaged');
  });

  it('finds the end of a stream whose /Length is indirect', async () => {
    const data = Buffer.from('q 1 0 0 1 0 0 cm Q endstrea');
    const bytes = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
      Buffer.concat([Buffer.from('<< /Length 5 0 R >>\nstream\r\n'), data, Buffer.from('\r\nendstream')]),
      String(data.length),
    ]);
    expect(await inspectEveryWay(bytes)).toMatchObject({ pages: 1, flags: [] });
  });
});

describe('inspecting images', () => {
  it('reads the size of a real PNG, JPEG and HEIC', async () => {
    expect(await inspectEveryWay(validPng(40, 30))).toEqual({ type: 'image/png', width: 40, height: 30, flags: [] });
    const jpeg = await inspectEveryWay(await validJpeg());
    expect(jpeg).toMatchObject({ type: 'image/jpeg', flags: [] });
    expect(jpeg.width).toBeGreaterThan(0);
    expect(await inspectEveryWay(validHeic(4032, 3024))).toEqual({ type: 'image/heic', width: 4032, height: 3024, flags: [] });
  });

  it('refuses a zip bomb disguised as a PNG by its declared size, and by what its IDAT inflates to', async () => {
    expect((await refusal(pngBomb())).code).toBe('document_image_too_large');
    expect((await refusal(validHeic(20_000, 20_000))).code).toBe('document_image_too_large');
    const started = performance.now();
    expect((await refusal(pngBomb(4000, 4000, 600 * 1024 * 1024))).code).toBe('document_too_large_inflated');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses cut and malformed images as damaged', async () => {
    const png = validPng(40, 30);
    expect((await refusal(png.subarray(0, png.length - 12))).code).toBe('document_damaged');
    expect((await refusal(Buffer.concat([png.subarray(0, 8), Buffer.from('random bytes, no IHDR')]))).code).toBe('document_damaged');
    expect((await refusal(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).code).toBe('document_damaged');
    const heic = validHeic();
    expect((await refusal(heic.subarray(0, 60))).code).toBe('document_damaged');
  });
});

describe('polyglots', () => {
  it('refuses a PNG carrying a PDF, a PDF that is also a zip, and a PDF with HTML in its head', async () => {
    expect((await refusal(await pngPdfPolyglot())).code).toBe('document_polyglot');
    expect((await refusal(await pdfZipPolyglot())).code).toBe('document_polyglot');
    const html = rawPdf(['<< /Type /Catalog /Pages 2 0 R /X (<html><SCRIPT>alert(1)</script>) >>', '<< /Type /Pages /Count 0 /Kids [] >>']);
    expect((await refusal(html)).code).toBe('document_polyglot');
  });

  it('refuses a zip that carries a PDF header in its first bytes', async () => {
    const pdf = await validPdf(1);
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), pdf]);
    expect((await refusal(zip)).code).toBe('document_polyglot');
  });
});
