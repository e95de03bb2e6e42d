import { describe, expect, it } from 'vitest';
import { cleanFilename, ftypBrands, polyglotInHead, sniffType, zipTrailerInTail } from './sniff';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** An ISO-BMFF `ftyp` box with `major` and `compatible` brands. */
function ftyp(major: string, compatible: string[]): Uint8Array {
  const body = Buffer.concat([Buffer.from(major, 'latin1'), Buffer.alloc(4), ...compatible.map((c) => Buffer.from(c, 'latin1'))]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write('ftyp', 4, 'latin1');
  return new Uint8Array(Buffer.concat([head, body, Buffer.alloc(16)]));
}

describe('sniffType', () => {
  it('knows PDF, PNG and JPEG from their first bytes', () => {
    expect(sniffType(text('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffType(b(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
  });

  it('knows HEIC by its ftyp brands, major or compatible', () => {
    for (const brand of ['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']) expect(sniffType(ftyp(brand, []))).toBe('image/heic');
    expect(sniffType(ftyp('isom', ['iso8', 'mif1']))).toBe('image/heic');
    expect(sniffType(ftyp('M4A ', ['isom', 'mp42']))).toBeNull(); // an MP4 audio file
    expect(ftypBrands(ftyp('heic', ['mif1', 'heic']))).toEqual(['heic', 'mif1', 'heic']);
  });

  it('refuses a broken ftyp box', () => {
    const bad = ftyp('heic', []);
    bad[3] = 7; // a size that is not a whole number of brands
    expect(sniffType(bad)).toBeNull();
    expect(sniffType(ftyp('heic', []).subarray(0, 12))).toBeNull();
  });

  it('refuses everything else, including near misses and short heads', () => {
    expect(sniffType(text('%PDF'))).toBeNull();
    expect(sniffType(text(' %PDF-1.7'))).toBeNull();
    expect(sniffType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(sniffType(b(0x4d, 0x5a, 0x90, 0x00))).toBeNull(); // a Windows executable
    expect(sniffType(text('<html><script>'))).toBeNull();
    expect(sniffType(text('PK\x03\x04'))).toBeNull();
    expect(sniffType(b())).toBeNull();
  });
});

describe('polyglotInHead', () => {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  it('finds a PDF header in the first 1024 bytes of an image or a zip, not later', () => {
    const early = new Uint8Array([...png, ...text('....%PDF-1.7')]);
    expect(polyglotInHead(early, 'image/png')).toMatch(/PDF header/);
    expect(polyglotInHead(new Uint8Array([0xff, 0xd8, 0xff, ...text('%PDF-')]), 'image/jpeg')).toMatch(/PDF header/);
    expect(polyglotInHead(text('PK\x03\x04 ... %PDF-1.4'), null)).toMatch(/zip/);
    const late = new Uint8Array([...png, ...new Uint8Array(1100), ...text('%PDF-1.7')]);
    expect(polyglotInHead(late, 'image/png')).toBeNull();
    expect(polyglotInHead(new Uint8Array([...png, ...new Uint8Array(100)]), 'image/png')).toBeNull();
  });

  it('finds HTML in any head, whatever its case, and a zip header in a PDF', () => {
    expect(polyglotInHead(text('%PDF-1.7\n<HTML><body>'), 'application/pdf')).toMatch(/html/);
    expect(polyglotInHead(text('%PDF-1.7\n%<ScRiPt>'), 'application/pdf')).toMatch(/html/);
    expect(polyglotInHead(text('%PDF-1.7\nPK\x03\x04'), 'application/pdf')).toMatch(/zip/);
    expect(polyglotInHead(text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'application/pdf')).toBeNull();
  });
});

describe('zipTrailerInTail', () => {
  const eocd = (comment = '') => {
    const r = Buffer.alloc(22);
    r.writeUInt32LE(0x06054b50, 0);
    r.writeUInt16LE(comment.length, 20);
    return Buffer.concat([r, Buffer.from(comment)]);
  };

  it('finds an end-of-central-directory record that ends the file exactly', () => {
    const file = Buffer.concat([Buffer.from('%PDF-1.7 ... %%EOF\n'), eocd()]);
    expect(zipTrailerInTail(file, file.length)).toBe(true);
    const withComment = Buffer.concat([Buffer.from('x'.repeat(50)), eocd('a comment')]);
    expect(zipTrailerInTail(withComment.subarray(10), withComment.length)).toBe(true);
  });

  it('ignores the signature when the record would not end the file', () => {
    const file = Buffer.concat([Buffer.from('%PDF-1.7'), eocd(), Buffer.from('more bytes after it')]);
    expect(zipTrailerInTail(file, file.length)).toBe(false);
    expect(zipTrailerInTail(Buffer.from('PK\x05\x06'), 4)).toBe(false);
  });
});

describe('cleanFilename', () => {
  it('keeps a normal name, accents included, and the extensions that fit the type', () => {
    expect(cleanFilename('sol·licitud padró.pdf', 'application/pdf')).toBe('sol·licitud padró.pdf');
    expect(cleanFilename('photo.JPG', 'image/jpeg')).toBe('photo.JPG');
    expect(cleanFilename('a.jpeg', 'image/jpeg')).toBe('a.jpeg');
    expect(cleanFilename('IMG_0001.HEIC', 'image/heic')).toBe('IMG_0001.HEIC');
    expect(cleanFilename('scan.png', 'image/png')).toBe('scan.png');
  });

  it('gives the detected type its extension when the name has another one', () => {
    expect(cleanFilename('x.pdf.bat', 'application/pdf')).toBe('x.pdf.bat.pdf');
    expect(cleanFilename('photo.pdf', 'image/png')).toBe('photo.pdf.png');
    expect(cleanFilename('scan.png', 'image/jpeg')).toBe('scan.png.jpg');
    expect(cleanFilename('IMG_0001.jpg', 'image/heic')).toBe('IMG_0001.jpg.heic');
    expect(cleanFilename('informe', 'application/pdf')).toBe('informe.pdf');
    expect(cleanFilename('pdf', 'application/pdf')).toBe('pdf.pdf');
  });

  it('removes bidi controls, so that no name reads backwards', () => {
    // "invoice‮fdp.exe" shows as "invoiceexe.pdf" in a bidi-aware view.
    expect(cleanFilename('invoice\u202efdp.exe', 'application/pdf')).toBe('invoicefdp.exe.pdf');
    for (const c of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
      '\u061c',
    ]) {
      expect(cleanFilename(`a${c}b.pdf`, 'application/pdf')).toBe('ab.pdf');
    }
    expect(cleanFilename('a\u200b\ufeffb.png', 'image/png')).toBe('ab.png');
  });

  it('removes C0 and C1 control characters, DEL, and what Windows refuses', () => {
    for (let c = 0; c < 0x20; c++) expect(cleanFilename(`a${String.fromCharCode(c)}b.pdf`, 'application/pdf')).toBe('ab.pdf');
    for (let c = 0x7f; c <= 0x9f; c++) expect(cleanFilename(`a${String.fromCharCode(c)}b.pdf`, 'application/pdf')).toBe('ab.pdf');
    expect(cleanFilename('a"\r\nb<>|:*?.pdf', 'application/pdf')).toBe('ab.pdf');
  });

  it('drops paths, leading dots and trailing dots and spaces', () => {
    expect(cleanFilename('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(cleanFilename('C:\\Users\\a\\doc.pdf', 'application/pdf')).toBe('doc.pdf');
    expect(cleanFilename('.hidden.pdf', 'application/pdf')).toBe('hidden.pdf');
    expect(cleanFilename('a.pdf. . ', 'application/pdf')).toBe('a.pdf');
    expect(cleanFilename('dir/\u202e/x.png', 'image/png')).toBe('x.png');
  });

  it('bounds the length, keeping the extension and whole characters', () => {
    expect(cleanFilename('x'.repeat(500), 'image/png')).toBe(`${'x'.repeat(116)}.png`);
    expect(cleanFilename(`${'y'.repeat(500)}.jpeg`, 'image/jpeg')).toBe(`${'y'.repeat(115)}.jpeg`);
    const emoji = cleanFilename('😀'.repeat(100), 'application/pdf');
    expect(emoji.length).toBeLessThanOrEqual(120);
    expect(emoji.endsWith('.pdf')).toBe(true);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('names a nameless file after its type', () => {
    expect(cleanFilename(undefined, 'image/png')).toBe('document.png');
    expect(cleanFilename('..', 'image/jpeg')).toBe('document.jpg');
    expect(cleanFilename('   ', 'application/pdf')).toBe('document.pdf');
    expect(cleanFilename('\u202e\u0000', 'image/heic')).toBe('document.heic');
    expect(cleanFilename('.pdf', 'application/pdf')).toBe('pdf.pdf');
  });

  it('stores one form of each accented letter (NFC)', () => {
    expect(cleanFilename('padro\u0301.pdf', 'application/pdf')).toBe('padró.pdf');
  });
});
