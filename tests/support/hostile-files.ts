import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/*
 * Hostile (and a few honest) files for the document checks of issue 16, made at test time so that
 * no big binary is committed. Every generator is fast: the bombs are built from a repeated deflate
 * block, never by compressing hundreds of megabytes.
 */

const enc = (s: string) => Buffer.from(s, 'latin1');

/**
 * A PDF from its objects' bodies (object n is `bodies[n - 1]`), with a correct xref table, so
 * that only what a generator means to be hostile is.
 */
export function rawPdf(bodies: (string | Buffer)[], trailerExtra = ''): Buffer {
  const parts: Buffer[] = [enc('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([enc(`${i + 1} 0 obj\n`), typeof body === 'string' ? enc(body) : body, enc('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [
    `xref\n0 ${bodies.length + 1}\n`,
    '0000000000 65535 f \n',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ];
  parts.push(enc(xref.join('')), enc(`trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A stream object's body. */
export function streamBody(dict: string, data: Buffer): Buffer {
  return Buffer.concat([enc(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, enc('\nendstream')]);
}

/**
 * A zlib stream of `n` zero bytes, made by repeating one sync-flushed deflate block of 1 MiB:
 * each copy refers only to zeros behind it, so the copies chain. About 1 KiB per MiB.
 */
export function deflatedZeros(n: number): Buffer {
  const MIB = 1024 * 1024;
  const block = deflateRawSync(Buffer.alloc(MIB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const whole = Math.floor(n / MIB);
  const rest = n % MIB;
  const tail = rest ? deflateRawSync(Buffer.alloc(rest), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }) : Buffer.alloc(0);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0);
  // zlib header, the blocks, an empty final block (BFINAL=1, fixed codes, end of block), adler32.
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(whole).fill(block), tail, Buffer.from([0x03, 0x00]), adler]);
}

const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>';

/** A PDF of `pages` empty pages, written raw (about 100 bytes a page): 20,000 pages is some 2 MB. */
export function manyPagesPdf(pages = 20_000): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`,
    ...Array<string>(pages).fill(page),
  ]);
}

/** One page, and an object stream whose FlateDecode data inflates to `inflatedBytes` (600 MB by default, in some 600 KB). */
export function inflationBombPdf(inflatedBytes = 600 * 1024 * 1024): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    page,
    streamBody('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflatedZeros(inflatedBytes)),
  ]);
}

/**
 * A PDF that runs JavaScript when opened (an /OpenAction). With `inObjectStream`, the action sits
 * compressed inside an object stream and its names are hex-escaped (`/J#53`), as malware does.
 */
export function javascriptPdf(opts: { inObjectStream?: boolean } = {}): Buffer {
  if (!opts.inObjectStream) {
    return rawPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
      '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
      page,
      '<< /S /JavaScript /JS (app.alert\\("hi"\\);) >>',
    ]);
  }
  const inner = '<< /S /#4AavaScript /J#53 (app.alert\\(1\\)) >>';
  const content = enc(`5 0 ${inner}`);
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    page,
    streamBody(`/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode`, deflateSync(content)),
  ]);
}

/** A PDF carrying an attached file (the document-level /EmbeddedFiles name tree). */
export function embeddedFilePdf(): Buffer {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(payload.exe) 4 0 R] >> >> >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    page,
    '<< /Type /Filespec /F (payload.exe) /EF << /F 5 0 R >> >>',
    streamBody('/Type /EmbeddedFile', enc('MZ not really a program')),
  ]);
}

/**
 * A valid one-page PDF of exactly `size` bytes, most of them one uncompressed stream (`fill`
 * bytes, of the caller's choosing) between `head` and `tail`: the large-upload tests and the
 * benchmark stream it without holding it, and the upload check accepts it.
 */
export function bulkyPdfParts(size: number): { head: Buffer; fill: number; tail: Buffer } {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Count 1 /Kids [3 0 R] >>', page];
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let fill = size;
  // The stream's /Length and the xref offsets depend on each other's digits: settle them.
  for (let round = 0; round < 4; round++) {
    const parts = [enc('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
    const offsets: number[] = [];
    let at = parts[0]!.length;
    for (const [i, body] of objects.entries()) {
      offsets.push(at);
      const obj = enc(`${i + 1} 0 obj\n${body}\nendobj\n`);
      parts.push(obj);
      at += obj.length;
    }
    offsets.push(at);
    parts.push(
      enc(
        `4 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${fill} >>\nstream\n`,
      ),
    );
    head = Buffer.concat(parts);
    const xrefAt = head.length + fill + '\nendstream\nendobj\n'.length;
    const xref = ['xref\n0 5\n', '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    tail = enc(`\nendstream\nendobj\n${xref}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    fill = size - head.length - tail.length;
  }
  if (fill < 0 || head.length + fill + tail.length !== size) throw new Error(`no PDF of exactly ${size} bytes`);
  return { head, fill, tail };
}

/** `bulkyPdfParts` as one buffer, its stream of random bytes. */
export function bulkyPdf(size: number): Buffer {
  const { head, fill, tail } = bulkyPdfParts(size);
  return Buffer.concat([head, randomBytes(fill), tail]);
}

/** A small real PDF (pdf-lib, with object streams), `pages` pages of text. */
export async function validPdf(pages = 2, text = 'Sol·licitud'): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 72, y: 760, size: 14, font });
  return Buffer.from(await pdf.save());
}

/** A real PDF cut short at `fraction` of its length: no xref, no %%EOF. */
export async function truncatedPdf(fraction = 0.6): Promise<Buffer> {
  const whole = await validPdf(3);
  return whole.subarray(0, Math.floor(whole.length * fraction));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, colorType = 0): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  b[8] = 8; // bit depth
  b[9] = colorType;
  return pngChunk('IHDR', b);
}

/** A real greyscale PNG of `width` × `height` (a gradient), with `extra` chunks before the data. */
export function validPng(width = 16, height = 16, extra: Buffer[] = []): Buffer {
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (x * 16 + y * 8) & 0xff;
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height),
    ...extra,
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A zip bomb disguised as an image: a PNG of a few KB that declares `width` × `height` pixels
 * (10 gigapixels by default) and whose IDAT inflates to `idatBytes` of zeros.
 */
export function pngBomb(width = 100_000, height = 100_000, idatBytes = 100 * 1024 * 1024): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height), pngChunk('IDAT', deflatedZeros(idatBytes)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A PNG whose tEXt chunk carries a PDF header in its first 1024 bytes, with a whole PDF appended after IEND. */
export async function pngPdfPolyglot(): Promise<Buffer> {
  const pdf = await validPdf(1);
  return Buffer.concat([validPng(8, 8, [pngChunk('tEXt', Buffer.concat([enc('Comment\0'), pdf.subarray(0, 16)]))]), pdf]);
}

/** A PDF that is also a zip: a stored zip archive appended after %%EOF (zip readers start from its end). */
export async function pdfZipPolyglot(): Promise<Buffer> {
  const pdf = await validPdf(1);
  return Buffer.concat([pdf, zipOf('readme.txt', enc('hello'), pdf.length)]);
}

/** A one-file stored zip whose offsets count from `base` (where it will sit in the file). */
export function zipOf(name: string, data: Buffer, base = 0): Buffer {
  const crc = crc32(data) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(base, 42);
  const localPart = Buffer.concat([local, enc(name), data]);
  const centralPart = Buffer.concat([central, enc(name)]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(base + localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** A real JPEG: a one-page PDF rendered by poppler's pdftoppm (poppler-utils, which the tests need anyway). */
export async function validJpeg(): Promise<Buffer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-jpeg-'));
  writeFileSync(path.join(dir, 'p.pdf'), await validPdf(1));
  execFileSync('pdftoppm', ['-jpeg', '-r', '12', '-singlefile', path.join(dir, 'p.pdf'), path.join(dir, 'p')]);
  return readFileSync(path.join(dir, 'p.jpg'));
}

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, content]);
}

const fullBox = (type: string, ...body: Buffer[]) => box(type, Buffer.alloc(4), ...body);
const u32 = (...ns: number[]) => Buffer.concat(ns.map((n) => Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff])));

/**
 * A minimal HEIC container: `ftyp` (heic, with mif1 among its compatible brands), a `meta` box
 * with its handler, primary item and `ispe` size property, and an `mdat` of placeholder bytes.
 * It is a valid ISO-BMFF structure; its image data does not decode.
 */
export function validHeic(width = 4032, height = 3024): Buffer {
  const ispe = fullBox('ispe', u32(width, height));
  return Buffer.concat([
    box('ftyp', enc('heic'), u32(0), enc('mif1heic')),
    fullBox(
      'meta',
      fullBox('hdlr', u32(0), enc('pict'), Buffer.alloc(12), Buffer.from([0])),
      fullBox('pitm', Buffer.from([0, 1])),
      box('iprp', box('ipco', ispe), fullBox('ipma', u32(1), Buffer.from([0, 1, 1, 0x81]))),
    ),
    box('mdat', Buffer.alloc(256, 0x5a)),
  ]);
}

/** Every hostile file of issue 16, with the code it must be refused with (or its flag). */
export async function hostileFiles(): Promise<{ name: string; filename: string; type: string; bytes: Buffer; code: string }[]> {
  return [
    { name: 'a 20,000-page PDF', filename: 'pages.pdf', type: 'application/pdf', bytes: manyPagesPdf(), code: 'document_too_many_pages' },
    {
      name: 'an object stream inflating to 600 MB',
      filename: 'bomb.pdf',
      type: 'application/pdf',
      bytes: inflationBombPdf(),
      code: 'document_too_large_inflated',
    },
    { name: 'a truncated PDF', filename: 'cut.pdf', type: 'application/pdf', bytes: await truncatedPdf(), code: 'document_damaged' },
    { name: 'a zip bomb disguised as a PNG', filename: 'photo.png', type: 'image/png', bytes: pngBomb(), code: 'document_image_too_large' },
    {
      name: 'a PNG under the pixel cap whose IDAT inflates to 600 MB',
      filename: 'photo2.png',
      type: 'image/png',
      bytes: pngBomb(4000, 4000, 600 * 1024 * 1024),
      code: 'document_too_large_inflated',
    },
    { name: 'a PNG/PDF polyglot', filename: 'poly.png', type: 'image/png', bytes: await pngPdfPolyglot(), code: 'document_polyglot' },
    { name: 'a PDF/ZIP polyglot', filename: 'poly.pdf', type: 'application/pdf', bytes: await pdfZipPolyglot(), code: 'document_polyglot' },
  ];
}

/** Writes `files` into a fresh temporary folder and returns its path (for tools that read files). */
export function writeAll(files: { filename: string; bytes: Buffer }[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oac-hostile-'));
  for (const f of files) writeFileSync(path.join(dir, f.filename), f.bytes);
  return dir;
}
