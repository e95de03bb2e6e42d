import {
  nssDbTrusting,
  pageText,
  pdfsigReport,
  pdfsigSign,
  qpdfCheck,
  qrCodeOnPage,
  qrOnPage,
  signaturePng,
  startTestTsa,
  type TestTsa,
} from '@oac/tests/support';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningIdentities, sealPdf, signAsCitizen, stampIncremental, type SigningIdentities } from './index';

async function pdfWithPages(count: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= count; i++) doc.addPage().drawText(`Sol·licitud d'ajut — pàgina ${i}`, { x: 50, y: 780, size: 12, font });
  return doc.save();
}

function startsWith(output: Uint8Array, input: Uint8Array): boolean {
  return output.length > input.length && Buffer.from(output.subarray(0, input.length)).equals(Buffer.from(input));
}

// PDFDocEncoding differs from Latin-1 in 0x80–0xA0 (ISO 32000-1, annex D).
const PDF_DOC_HIGH = '•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž\u009f€';

function pdfDocDecode(bytes: Buffer): string {
  return [...bytes].map((b) => (b >= 0x80 && b <= 0xa0 ? PDF_DOC_HIGH[b - 0x80] : String.fromCharCode(b))).join('');
}

/** The /Name values of the signature dictionaries appended after `from`, decoded (literal or UTF-16BE hex). */
function signatureNames(bytes: Uint8Array, from: number): string[] {
  const text = Buffer.from(bytes.subarray(from)).toString('latin1');
  return [...text.matchAll(/\/Type\s*\/Sig\b[^]*?\/Name\s*(<[0-9A-Fa-f]+>|\((?:\\.|[^\\)])*\))/g)].map((m) => {
    const raw = m[1] ?? '';
    if (raw.startsWith('<')) {
      const hex = Buffer.from(raw.slice(1, -1), 'hex');
      return hex[0] === 0xfe && hex[1] === 0xff ? hex.subarray(2).swap16().toString('utf16le') : pdfDocDecode(hex);
    }
    return pdfDocDecode(Buffer.from(raw.slice(1, -1).replace(/\\(.)/g, '$1'), 'latin1'));
  });
}

describe('citizen signature → stamp → office seal, each an incremental update', () => {
  let dir: string;
  let nssDir: string;
  let ids: SigningIdentities;
  let tsa: TestTsa;
  const verifyUrl = 'https://oac.example/verify?code=7KQ2-M9XD-4TWA';
  const lines = ['AJUNTAMENT · DOCUMENT SEGELLAT', 'Expedient: OAC-2026-000123', 'Tramitat per: Jordi Vidal'];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oac-chain-'));
    ids = await loadSigningIdentities({ devDir: path.join(dir, 'pki'), production: false });
    nssDir = nssDbTrusting(ids.seal.caPem ?? '');
    tsa = await startTestTsa();
  });

  afterAll(async () => {
    await tsa?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(nssDir, { recursive: true, force: true });
  });

  it('leaves both signatures valid, the first covering its revision and the seal the whole file', async () => {
    const original = await pdfWithPages(3);
    const citizen = await signAsCitizen(original, {
      p12: ids.platform.p12,
      password: ids.platform.password,
      png: signaturePng(),
      page: 1,
      rect: { x: 320, y: 120, width: 200, height: 70 },
      signerName: 'Núria Łopez i Puig',
      signedAt: '2026-12-02T09:30:00.000Z',
      ip: '203.0.113.7',
      language: 'ca',
    });
    expect(startsWith(citizen.bytes, original)).toBe(true);

    const stamped = await stampIncremental(citizen.bytes, { lines, code: '7KQ2-M9XD-4TWA', verifyUrl, language: 'ca' });
    expect(startsWith(stamped.bytes, citizen.bytes)).toBe(true);
    expect(stamped.pages).toBe(3);

    const sealed = await sealPdf(stamped.bytes, {
      p12: ids.seal.p12,
      password: ids.seal.password,
      reason: 'Segell de l’oficina',
      location: 'OAC Ciutat Vella',
      name: 'OAC Ciutat Vella',
      tsaUrl: tsa.url,
    });
    expect(startsWith(sealed.bytes, stamped.bytes)).toBe(true);

    for (const step of [citizen.bytes, stamped.bytes, sealed.bytes]) {
      const check = await qpdfCheck(step);
      expect(check.ok, check.output).toBe(true);
    }

    const report = await pdfsigReport(sealed.bytes, { nssDir });
    expect(report.signatures, report.output).toHaveLength(2);
    const [first, last] = report.signatures;
    expect(first).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: false });
    expect(first?.commonName).toBe('OAC et truca — signatura de plataforma (desenvolupament)');
    // The citizen's signature covers exactly its own revision: its byte range ends where it ended.
    expect(first?.ranges.at(-1)?.[1]).toBe(citizen.bytes.length);
    expect(last).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true, signatureType: 'ETSI.CAdES.detached' });
    expect(last?.ranges.at(-1)?.[1]).toBe(sealed.bytes.length);

    // The citizen's signature dictionary names the citizen, and says why and from where, in Catalan.
    expect(signatureNames(citizen.bytes, original.length)).toEqual(['Núria Łopez i Puig']);
    const appended = Buffer.from(citizen.bytes.subarray(original.length)).toString('latin1');
    expect(appended).toContain('/Reason (Signat per la persona interessada)');
    expect(appended).toMatch(/\/Location \(En l.nia, des de 203\.0\.113\.7\)/);
    expect(signatureNames(sealed.bytes, stamped.bytes.length)).toEqual(['OAC Ciutat Vella']);
  });

  it('leaves a foreign first signature (poppler, adbe.pkcs7) valid through a stamp and a B-T seal', async () => {
    const original = await pdfWithPages(2);
    const foreign = await pdfsigSign(original, { caPem: ids.seal.caPem ?? '', p12: ids.platform.p12, password: ids.platform.password });
    expect(startsWith(foreign, original)).toBe(true);
    const stamped = await stampIncremental(foreign, { lines, code: '7KQ2-M9XD-4TWA', verifyUrl, language: 'es' });
    const sealed = await sealPdf(stamped.bytes, {
      p12: ids.seal.p12,
      password: ids.seal.password,
      reason: 'Sello de la oficina',
      location: 'OAC Ciutat Vella',
      name: 'OAC Ciutat Vella',
      tsaUrl: tsa.url,
    });
    expect(startsWith(sealed.bytes, stamped.bytes)).toBe(true);
    const report = await pdfsigReport(sealed.bytes, { nssDir });
    expect(
      report.signatures.map((s) => [s.signatureType, s.valid, s.trusted, s.totalDocumentSigned]),
      report.output,
    ).toEqual([
      ['adbe.pkcs7.detached', true, true, false],
      ['ETSI.CAdES.detached', true, true, true],
    ]);
    expect(report.signatures[0]?.ranges.at(-1)?.[1]).toBe(foreign.length);
    const check = await qpdfCheck(sealed.bytes);
    expect(check.ok, check.output).toBe(true);
  });

  it('draws the signature caption on the chosen page only, in the citizen’s language', async () => {
    const original = await pdfWithPages(2);
    const signed = await signAsCitizen(original, {
      p12: ids.platform.p12,
      password: ids.platform.password,
      png: signaturePng(),
      page: 0,
      rect: { x: 60, y: 80, width: 220, height: 70 },
      signerName: 'Ana García',
      signedAt: '2026-12-02T09:30:00.000Z',
      ip: '198.51.100.4',
      language: 'es',
    });
    expect(await pageText(signed.bytes, 1)).toMatch(/Firmado por Ana García · 02\/12\/2026,? 10:30/);
    expect(await pageText(signed.bytes, 2)).not.toMatch(/Firmado por/);
    const appended = Buffer.from(signed.bytes.subarray(original.length)).toString('latin1');
    expect(appended).toContain('/Reason (Firmado por la persona interesada)');
    const report = await pdfsigReport(signed.bytes, { nssDir });
    expect(report.signatures[0]).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
  });

  it('refuses a signature box off the page, a page that does not exist, and a PNG that is not one', async () => {
    const original = await pdfWithPages(1);
    const base = {
      p12: ids.platform.p12,
      password: ids.platform.password,
      png: signaturePng(),
      page: 0,
      rect: { x: 60, y: 80, width: 220, height: 70 },
      signerName: 'Ana García',
      signedAt: '2026-12-02T09:30:00.000Z',
      ip: '198.51.100.4',
      language: 'es' as const,
    };
    await expect(signAsCitizen(original, { ...base, rect: { x: 500, y: 80, width: 220, height: 70 } })).rejects.toMatchObject({
      code: 'validation_error',
    });
    await expect(signAsCitizen(original, { ...base, page: 1 })).rejects.toMatchObject({ code: 'validation_error' });
    await expect(signAsCitizen(original, { ...base, png: new TextEncoder().encode('not a png') })).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('stamps every page with the text and a QR code that reads back as the verification URL', async () => {
    const original = await pdfWithPages(4);
    const stamped = await stampIncremental(original, { lines, code: '7KQ2-M9XD-4TWA', verifyUrl, language: 'en' });
    expect(startsWith(stamped.bytes, original)).toBe(true);
    for (let page = 1; page <= 4; page++) {
      expect(await qrCodeOnPage(stamped.bytes, page, 100)).toBe(verifyUrl);
      const text = await pageText(stamped.bytes, page);
      expect(text).toContain('Secure verification code (CSV): 7KQ2-M9XD-4TWA');
      expect(text).toContain('Expedient: OAC-2026-000123');
    }
    expect(await qrCodeOnPage(original, 1, 100)).toBeNull();
    const check = await qpdfCheck(stamped.bytes);
    expect(check.ok, check.output).toBe(true);
  });

  it('stamps rotated pages upright, in the corner a viewer shows bottom-left', async () => {
    const doc = await PDFDocument.create();
    for (const angle of [0, 90, 180, 270]) doc.addPage([420, 595]).setRotation(degrees(angle));
    const original = await doc.save();
    const stamped = await stampIncremental(original, { lines, code: '7KQ2-M9XD-4TWA', verifyUrl, language: 'ca' });
    for (let page = 1; page <= 4; page++) {
      const qr = await qrOnPage(stamped.bytes, page, 100);
      expect(qr?.data, `page ${page}`).toBe(verifyUrl);
      const { topLeft, topRight, bottomLeft } = qr!.corners;
      expect(topRight.x, `page ${page} upright`).toBeGreaterThan(topLeft.x);
      expect(bottomLeft.y, `page ${page} upright`).toBeGreaterThan(topLeft.y);
      expect(topLeft.x, `page ${page} left`).toBeLessThan(qr!.image.width / 4);
      expect(topLeft.y, `page ${page} bottom`).toBeGreaterThan((qr!.image.height * 3) / 4);
    }
  });

  it('refuses to stamp more pages than allowed', async () => {
    const original = await pdfWithPages(3);
    await expect(stampIncremental(original, { lines, code: 'X', verifyUrl, language: 'ca', maxPages: 2 })).rejects.toMatchObject({
      code: 'document_too_many_pages',
    });
  });
});
