import { P12Signer } from '@libpdf/core';
import { AppError } from '@oac/shared';
import {
  nssDbTrusting,
  pdfsigReport,
  qpdfCheck,
  signatureContents,
  startSilentServer,
  startTestTsa,
  type TestTsa,
} from '@oac/tests/support';
import * as asn1js from 'asn1js';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningIdentities, sealPdf, type SigningIdentities } from './index';

const run = promisify(execFile);
const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const OID_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';

async function pdfWithPages(count: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= count; i++) doc.addPage().drawText(`Certificat d'empadronament — pàgina ${i}`, { x: 50, y: 780, size: 12, font });
  return doc.save();
}

function startsWith(output: Uint8Array, input: Uint8Array): boolean {
  return Buffer.from(output.subarray(0, input.length)).equals(Buffer.from(input));
}

function signerInfoOf(cms: Uint8Array): pkijs.SignerInfo {
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
  const info = signed.signerInfos[0];
  if (!info) throw new Error('no SignerInfo');
  return info;
}

/** certHash of the first ESSCertIDv2 in the signing-certificate-v2 signed attribute. */
function signingCertificateV2Hash(info: pkijs.SignerInfo): string | null {
  const attr = info.signedAttrs?.attributes.find((a) => a.type === OID_SIGNING_CERTIFICATE_V2);
  if (!attr) return null;
  const certs = (attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const essCertId = certs.valueBlock.value[0] as asn1js.Sequence;
  const hash = essCertId.valueBlock.value.find((v) => v instanceof asn1js.OctetString) as asn1js.OctetString;
  return Buffer.from(hash.valueBlock.valueHexView).toString('hex');
}

describe('sealPdf (PAdES, incremental)', () => {
  let dir: string;
  let nssDir: string;
  let ids: SigningIdentities;
  let tsa: TestTsa;
  let sealCertDer: Uint8Array;
  let tenPages: Uint8Array;
  const sealOptions = () => ({
    p12: ids.seal.p12,
    password: ids.seal.password,
    reason: 'Segell de l’oficina',
    location: 'OAC Ciutat Vella',
    name: 'Ajuntament (demo) — OAC Ciutat Vella',
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oac-signing-'));
    ids = await loadSigningIdentities({ devDir: path.join(dir, 'pki'), production: false });
    nssDir = nssDbTrusting(ids.seal.caPem ?? '');
    tsa = await startTestTsa();
    sealCertDer = (await P12Signer.create(ids.seal.p12, ids.seal.password)).certificate;
    tenPages = await pdfWithPages(10);
  });

  afterAll(async () => {
    await tsa?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(nssDir, { recursive: true, force: true });
  });

  it('seals a 10-page PDF as B-B: valid, trusted, the whole document, qpdf-clean, appended', async () => {
    const sealed = await sealPdf(tenPages, sealOptions());
    expect(sealed.level).toBe('B-B');
    expect(startsWith(sealed.bytes, tenPages)).toBe(true);
    expect(sealed.sha256).toBe(createHash('sha256').update(sealed.bytes).digest('hex'));
    const report = await pdfsigReport(sealed.bytes, { nssDir });
    expect(report.signatures, report.output).toHaveLength(1);
    const [sig] = report.signatures;
    expect(sig).toMatchObject({ signatureType: 'ETSI.CAdES.detached', valid: true, trusted: true, totalDocumentSigned: true });
    expect(sig?.commonName).toBe("OAC et truca — segell d'oficina (desenvolupament)");
    const check = await qpdfCheck(sealed.bytes);
    expect(check.ok, check.output).toBe(true);
  });

  it('carries signing-certificate-v2 whose certHash is sha256 of the signer certificate', async () => {
    const sealed = await sealPdf(tenPages, sealOptions());
    const [cms] = signatureContents(sealed.bytes);
    if (!cms) throw new Error('no /Contents');
    const cmsFile = path.join(dir, 'seal.p7s');
    writeFileSync(cmsFile, cms);
    const { stdout } = await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile]);
    expect(stdout).toMatch(/id-smime-aa-signingCertificateV2/);
    // Validators do not check this hash (RECIPES), so the test does.
    const expected = createHash('sha256').update(sealCertDer).digest('hex');
    expect(signingCertificateV2Hash(signerInfoOf(cms))).toBe(expected);
  });

  it('seals as B-T with a timestamp token that openssl ts -verify accepts for the signature value', async () => {
    const before = tsa.replies;
    const sealed = await sealPdf(tenPages, { ...sealOptions(), tsaUrl: tsa.url, tsaTimeoutMs: 10_000 });
    expect(sealed.level).toBe('B-T');
    expect(tsa.replies).toBe(before + 1);
    const report = await pdfsigReport(sealed.bytes, { nssDir });
    expect(report.signatures[0]).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
    const [cms] = signatureContents(sealed.bytes);
    if (!cms) throw new Error('no /Contents');
    const info = signerInfoOf(cms);
    const tokenAttr = info.unsignedAttrs?.attributes.find((a) => a.type === OID_TIMESTAMP_TOKEN);
    expect(tokenAttr, 'timestamp token attribute').toBeDefined();
    const tokenFile = path.join(dir, 'token.der');
    writeFileSync(tokenFile, new Uint8Array(tokenAttr!.values[0]!.toBER(false)));
    const digest = createHash('sha256').update(info.signature.valueBlock.valueHexView).digest('hex');
    const { stdout } = await run('openssl', ['ts', '-verify', '-digest', digest, '-token_in', '-in', tokenFile, '-CAfile', tsa.caFile]);
    expect(stdout).toMatch(/Verification: OK/);
    // And the same token does not verify against another digest: the check can fail.
    const other = createHash('sha256').update('another signature').digest('hex');
    await expect(
      run('openssl', ['ts', '-verify', '-digest', other, '-token_in', '-in', tokenFile, '-CAfile', tsa.caFile]),
    ).rejects.toThrow();
  });

  it.each(['wrong-nonce', 'wrong-imprint'] as const)('refuses a TSA reply with the %s as timestamp_unavailable', async (mode) => {
    const liar = await startTestTsa(mode);
    try {
      const err = await sealPdf(tenPages, { ...sealOptions(), tsaUrl: liar.url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'timestamp_unavailable', status: 503 });
      expect((err as AppError).message).toMatch(mode === 'wrong-nonce' ? /nonce/ : /imprint/);
      expect(liar.replies).toBe(1);
    } finally {
      await liar.stop();
    }
  });

  it('gives timestamp_unavailable within the timeout when the TSA accepts and never answers', async () => {
    const silent = await startSilentServer();
    try {
      const started = performance.now();
      const err = await sealPdf(tenPages, { ...sealOptions(), tsaUrl: silent.url, tsaTimeoutMs: 800 }).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(err).toMatchObject({ code: 'timestamp_unavailable' });
      expect(elapsed).toBeGreaterThanOrEqual(750);
      expect(elapsed).toBeLessThan(800 + 1_500);
    } finally {
      await silent.stop();
    }
  });

  it('refuses a PDF with a broken startxref instead of rewriting it', async () => {
    const text = Buffer.from(tenPages).toString('latin1');
    const at = text.lastIndexOf('startxref');
    const offset = Number(/startxref\s+(\d+)/.exec(text.slice(at))?.[1]);
    const broken = Buffer.from(text.slice(0, at) + text.slice(at).replace(String(offset), String(offset + 7)), 'latin1');
    const err = await sealPdf(new Uint8Array(broken), sealOptions()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'document_not_signable', details: { blocker: 'brute-force-recovery' } });
  });

  it('refuses more pages than allowed with document_too_many_pages', async () => {
    const err = await sealPdf(tenPages, { ...sealOptions(), maxPages: 9 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'document_too_many_pages', details: { pages: 10, maxPages: 9 } });
    await expect(sealPdf(tenPages, { ...sealOptions(), maxPages: 10 })).resolves.toMatchObject({ level: 'B-B' });
  });

  it('writes /Name, /Reason and /Location once escaped, inside the signed revision', async () => {
    const sealed = await sealPdf(tenPages, {
      ...sealOptions(),
      reason: 'Segell (OAC) a\\b',
      location: 'Barcelona (Ciutat Vella)',
      name: 'OAC (demo)',
    });
    const appended = Buffer.from(sealed.bytes.subarray(tenPages.length)).toString('latin1');
    expect(appended).toContain('/Reason (Segell \\(OAC\\) a\\\\b)');
    expect(appended).toContain('/Location (Barcelona \\(Ciutat Vella\\))');
    expect(appended).toContain('/Name (OAC \\(demo\\))');
    const [sig] = (await pdfsigReport(sealed.bytes, { nssDir })).signatures;
    expect(sig).toMatchObject({ valid: true, totalDocumentSigned: true });
  });

  it('refuses what is not a PDF', async () => {
    const err = await sealPdf(new TextEncoder().encode('%PDF-1.7\nnot really'), sealOptions()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'document_not_signable' });
  });

  it('seals a 10-page PDF fast enough (median of 7 runs)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await sealPdf(tenPages, sealOptions());
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[3] ?? Infinity;
    console.log(`seal of a 10-page PDF: median ${median.toFixed(1)} ms over 7 runs [${times.map((t) => t.toFixed(0)).join(', ')}]`);
    expect(median).toBeLessThan(2_000);
  });
});
