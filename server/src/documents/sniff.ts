import type { UploadType } from '@oac/shared';

/** Bytes needed to tell the accepted types apart. */
export const SNIFF_BYTES = 8;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The type of a file from its first bytes, never from its name or the declared type.
 * A PDF may have up to 1024 bytes of junk before `%PDF-` in theory, but every producer we
 * accept writes it first, and a strict check keeps polyglot files out.
 */
export function sniffType(head: Uint8Array): UploadType | null {
  if (head.length >= 5 && head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46 && head[4] === 0x2d) {
    return 'application/pdf';
  }
  if (head.length >= 8 && PNG.every((b, i) => head[i] === b)) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  return null;
}

/** A filename safe to store and show: no path, no control characters, bounded length. */
export function cleanFilename(name: string | undefined, type: UploadType): string {
  const ext = type === 'application/pdf' ? '.pdf' : type === 'image/png' ? '.png' : '.jpg';
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 120);
  if (!base || base === '.' || base === '..') return `document${ext}`;
  return base;
}
