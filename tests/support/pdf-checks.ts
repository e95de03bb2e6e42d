import jsQR from 'jsqr';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** One signature as `pdfsig` (poppler-utils) reports it. */
export interface PdfsigSignature {
  fieldName: string;
  commonName: string;
  signatureType: string;
  ranges: [number, number][];
  /** "Total document signed": the signature covers the whole file, not only an earlier revision. */
  totalDocumentSigned: boolean;
  /** "Signature is Valid." */
  valid: boolean;
  /** "Certificate is Trusted." (needs the CA in the NSS database given) */
  trusted: boolean;
  signatureValidation: string;
  certificateValidation: string;
}

export interface PdfsigReport {
  signatures: PdfsigSignature[];
  output: string;
}

async function withTempFile<T>(bytes: Uint8Array, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, bytes);
  try {
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Output of a command that may exit non-zero (pdfsig and qpdf use the exit code for findings). */
async function outputOf(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, output: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

function field(block: string, label: string): string {
  const line = block.split('\n').find((l) => l.trim().startsWith(`- ${label}:`));
  return line ? line.slice(line.indexOf(':') + 1).trim() : '';
}

export function parsePdfsig(output: string): PdfsigSignature[] {
  return output
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => {
      const signatureValidation = field(block, 'Signature Validation');
      const certificateValidation = field(block, 'Certificate Validation');
      const ranges = [...field(block, 'Signed Ranges').matchAll(/\[(\d+) - (\d+)\]/g)].map(
        (m) => [Number(m[1]), Number(m[2])] as [number, number],
      );
      return {
        fieldName: field(block, 'Signature Field Name'),
        commonName: field(block, 'Signer Certificate Common Name'),
        signatureType: field(block, 'Signature Type'),
        ranges,
        totalDocumentSigned: /^\s*- Total document signed\s*$/m.test(block),
        valid: signatureValidation === 'Signature is Valid.',
        trusted: certificateValidation === 'Certificate is Trusted.',
        signatureValidation,
        certificateValidation,
      };
    });
}

/** Runs `pdfsig` on the bytes; `nssDir` is an NSS database that trusts the test CA (see `nssDbTrusting`). */
export async function pdfsigReport(bytes: Uint8Array, opts: { nssDir?: string } = {}): Promise<PdfsigReport> {
  return withTempFile(bytes, async (file) => {
    const args = opts.nssDir ? ['-nssdir', `sql:${opts.nssDir}`, file] : [file];
    const { output } = await outputOf('pdfsig', args);
    return { signatures: parsePdfsig(output), output };
  });
}

/** `qpdf --check`: ok when it exits 0 and reports no errors or warnings. */
export async function qpdfCheck(bytes: Uint8Array): Promise<{ ok: boolean; output: string }> {
  return withTempFile(bytes, async (file) => {
    const { code, output } = await outputOf('qpdf', ['--check', file]);
    return { ok: code === 0 && output.includes('No syntax or stream encoding errors found') && !/WARNING/i.test(output), output };
  });
}

/** A fresh NSS database (for pdfsig) in which `caPem` is a trusted CA. The caller removes `dir`. */
export function nssDbTrusting(caPem: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-nss-'));
  writeFileSync(path.join(dir, 'ca.pem'), caPem);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${dir}`, '-A', '-t', 'CT,C,C', '-n', 'test-ca', '-i', path.join(dir, 'ca.pem')]);
  return dir;
}

/** The length of the DER value starting at `at` (tag, length, content), to cut off /Contents padding. */
function derLength(bytes: Uint8Array, at: number): number {
  const first = bytes[at + 1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[at + 2 + i] ?? 0);
  return 2 + n + len;
}

/** Each signature's CMS (DER), in file order, read from the gap its /ByteRange leaves for /Contents. */
export function signatureContents(bytes: Uint8Array): Uint8Array[] {
  const text = Buffer.from(bytes).toString('latin1');
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const gapStart = Number(m[1]) + Number(m[2]);
    const gapEnd = Number(m[3]);
    const hex = text.slice(gapStart, gapEnd).replace(/[<>\s]/g, '');
    const der = Buffer.from(hex, 'hex');
    out.push(new Uint8Array(der.subarray(0, derLength(der, 0))));
  }
  return out;
}

export interface QrOnPage {
  data: string;
  /** The QR code's corners in the rendered image (pixels, y downwards). */
  corners: Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight', { x: number; y: number }>;
  image: { width: number; height: number };
}

/** Renders one page (1-based) as a viewer shows it (pdftoppm) and finds the QR code on it. */
export async function qrOnPage(bytes: Uint8Array, page: number, dpi = 150): Promise<QrOnPage | null> {
  return withTempFile(bytes, async (file) => {
    const prefix = path.join(path.dirname(file), 'page');
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    if (!found) return null;
    const l = found.location;
    return {
      data: found.data,
      corners: { topLeft: l.topLeftCorner, topRight: l.topRightCorner, bottomLeft: l.bottomLeftCorner, bottomRight: l.bottomRightCorner },
      image: { width: png.width, height: png.height },
    };
  });
}

/** The text of the QR code on one page (1-based); null when none is found. */
export async function qrCodeOnPage(bytes: Uint8Array, page: number, dpi = 150): Promise<string | null> {
  return (await qrOnPage(bytes, page, dpi))?.data ?? null;
}

/** The text of one page (1-based), from pdftotext. */
export async function pageText(bytes: Uint8Array, page: number): Promise<string> {
  return withTempFile(bytes, async (file) => {
    const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-layout', file, '-']);
    return stdout;
  });
}

/** A small PNG of a hand-drawn-looking stroke, as a canvas would give: dark ink on transparency. */
export function signaturePng(width = 240, height = 80): Uint8Array {
  const png = new PNG({ width, height });
  for (let x = 10; x < width - 10; x++) {
    const y = Math.round(height / 2 + Math.sin(x / 12) * (height / 4));
    for (let dy = -2; dy <= 2; dy++) {
      const i = ((y + dy) * width + x) * 4;
      png.data[i] = 20;
      png.data[i + 1] = 30;
      png.data[i + 2] = 90;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/**
 * Signs with poppler (`pdfsig -add-signature`: an adbe.pkcs7.detached signature), as a foreign
 * first signature that our incremental updates must leave valid. The key goes into a throwaway
 * NSS database that also trusts `caPem`.
 */
export async function pdfsigSign(bytes: Uint8Array, opts: { caPem: string; p12: Uint8Array; password: string }): Promise<Uint8Array> {
  const nssDir = nssDbTrusting(opts.caPem);
  try {
    const p12File = path.join(nssDir, 'key.p12');
    writeFileSync(p12File, opts.p12);
    execFileSync('pk12util', ['-i', p12File, '-d', `sql:${nssDir}`, '-W', opts.password], { stdio: 'pipe' });
    const listing = execFileSync('certutil', ['-L', '-d', `sql:${nssDir}`], { encoding: 'utf8' });
    const nick = listing
      .split('\n')
      .find((l) => /\bu,u,u\s*$/.test(l))
      ?.replace(/\s+u,u,u\s*$/, '')
      .trim();
    if (!nick) throw new Error(`no key in the NSS database:\n${listing}`);
    return await withTempFile(bytes, async (file) => {
      const out = `${file}.signed.pdf`;
      await outputOf('pdfsig', ['-nssdir', `sql:${nssDir}`, '-add-signature', '-nick', nick, '-reason', 'foreign', file, out]);
      return new Uint8Array(readFileSync(out));
    });
  } finally {
    rmSync(nssDir, { recursive: true, force: true });
  }
}
