import type { UploadType } from '@oac/shared';

/**
 * Bytes the upload stream holds back to tell the accepted types apart: enough for an ISO-BMFF
 * `ftyp` box with a few compatible brands (HEIC writers put `mif1`/`heic` within the first 32).
 */
export const SNIFF_BYTES = 64;

/** How far a PDF reader looks for `%PDF-` (Acrobat's 1024 bytes), and so how far a polyglot can hide one. */
export const POLYGLOT_HEAD_BYTES = 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_END = [0x50, 0x4b, 0x05, 0x06];
/** HEIF brands of HEVC-coded images and sequences, and the generic image/sequence brands. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1']);

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/** Where `needle` (ASCII, matched without regard to case) first occurs in `bytes[0, limit)`, or -1. */
function indexOfAscii(bytes: Uint8Array, needle: string, limit = bytes.length, ignoreCase = false): number {
  const end = Math.min(limit, bytes.length) - needle.length;
  const want = Array.from(ignoreCase ? needle.toLowerCase() : needle, (c) => c.charCodeAt(0));
  for (let i = 0; i <= end; i++) {
    let j = 0;
    for (; j < want.length; j++) {
      let b = bytes[i + j]!;
      if (ignoreCase && b >= 0x41 && b <= 0x5a) b += 0x20;
      if (b !== want[j]) break;
    }
    if (j === want.length) return i;
  }
  return -1;
}

/** The brands of an ISO-BMFF `ftyp` box at the start of `head` (major first), or null when there is none. */
export function ftypBrands(head: Uint8Array): string[] | null {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return null;
  const size = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
  if (size < 16 || size % 4 !== 0) return null;
  const brands = [ascii(head, 8, 12)];
  // Compatible brands follow the minor version; only those inside the head can be read.
  for (let at = 16; at + 4 <= Math.min(size, head.length); at += 4) brands.push(ascii(head, at, at + 4));
  return brands;
}

/**
 * The type of a file from its first bytes, never from its name or the declared type.
 * A PDF may have up to 1024 bytes of junk before `%PDF-` in theory, but every producer we
 * accept writes it first, and a strict check keeps polyglot files out.
 */
export function sniffType(head: Uint8Array): UploadType | null {
  if (startsWith(head, PDF_MAGIC)) return 'application/pdf';
  if (startsWith(head, PNG)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  const brands = ftypBrands(head);
  if (brands?.some((b) => HEIC_BRANDS.has(b))) return 'image/heic';
  return null;
}

/**
 * Why a file that starts as `type` (null: none we accept) would also be read as another kind, or
 * null. Readers look for a PDF header anywhere in the first 1024 bytes and browsers sniff HTML
 * there, so either one in an image (or a zip) makes a polyglot, and HTML or a zip header does in a PDF.
 */
export function polyglotInHead(head: Uint8Array, type: UploadType | null): string | null {
  const window = head.subarray(0, POLYGLOT_HEAD_BYTES);
  if (indexOfAscii(window, '<script', window.length, true) >= 0 || indexOfAscii(window, '<html', window.length, true) >= 0) {
    return 'html in the first 1024 bytes';
  }
  if (type === 'application/pdf') {
    return indexOfAscii(window, 'PK\x03\x04') >= 0 ? 'a zip header in the first 1024 bytes' : null;
  }
  if (indexOfAscii(window, '%PDF-') >= 0) return `a PDF header inside ${type ?? (startsWith(head, ZIP_LOCAL) ? 'a zip' : 'the file')}`;
  return null;
}

/**
 * Whether `tail`, the last bytes of a file of `fileSize` bytes, ends with a zip's end-of-central-
 * directory record, which is where zip readers start: a file with one is also a zip.
 * The record is 22 bytes plus its comment, whose length it states, so a match is exact.
 */
export function zipTrailerInTail(tail: Uint8Array, fileSize: number): boolean {
  const tailStart = fileSize - tail.length;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (!startsWith(tail, ZIP_END, i)) continue;
    const commentLength = tail[i + 20]! | (tail[i + 21]! << 8);
    if (tailStart + i + 22 + commentLength === fileSize) return true;
  }
  return false;
}

/** How many trailing bytes `zipTrailerInTail` needs: the record and the longest comment. */
export const ZIP_TAIL_BYTES = 22 + 0xffff;

const EXTENSIONS: Record<UploadType, { add: string; keep: readonly string[] }> = {
  'application/pdf': { add: '.pdf', keep: ['.pdf'] },
  'image/png': { add: '.png', keep: ['.png'] },
  'image/jpeg': { add: '.jpg', keep: ['.jpg', '.jpeg', '.jpe'] },
  'image/heic': { add: '.heic', keep: ['.heic', '.heif'] },
};

const MAX_NAME = 120;

/**
 * Characters that never belong in a stored name: C0 and C1 controls and DEL; the bidi embeddings,
 * overrides, isolates and marks (U+202A–E, U+2066–9, U+200E/F, U+061C), with which `gpj.exe` reads
 * as `exe.jpg`; invisible zero-width characters; and what Windows refuses in names.
 */
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"<>|:*?]/g;

/**
 * A filename safe to store and show: no path, no control or bidi characters, bounded length, and
 * always ending with the extension of the type detected from the bytes (`x.pdf.bat` becomes
 * `x.pdf.bat.pdf`), so that whoever opens it later gets what the platform checked.
 */
export function cleanFilename(name: string | undefined, type: UploadType): string {
  const ext = EXTENSIONS[type];
  const base = (name ?? '')
    .normalize('NFC')
    .replace(UNWANTED, '')
    .split(/[\\/]/)
    .pop()!
    .trim()
    // No hidden files, and no trailing dots or spaces, which Windows drops (`a.pdf. ` is `a.pdf`).
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  const lower = base.toLowerCase();
  const kept = ext.keep.find((e) => lower.endsWith(e) && lower.length > e.length);
  if (kept)
    return base.length <= MAX_NAME ? base : truncate(base.slice(0, -kept.length), MAX_NAME - kept.length) + base.slice(-kept.length);
  if (!base) return `document${ext.add}`;
  return truncate(base, MAX_NAME - ext.add.length) + ext.add;
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
