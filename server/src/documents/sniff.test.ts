import { describe, expect, it } from 'vitest';
import { cleanFilename, sniffType } from './sniff';

const b = (...bytes: number[]) => Uint8Array.from(bytes);

describe('sniffType', () => {
  it('knows PDF, PNG and JPEG from their first bytes', () => {
    expect(sniffType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffType(b(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
  });

  it('refuses everything else, including near misses and short heads', () => {
    expect(sniffType(new TextEncoder().encode('%PDF'))).toBeNull();
    expect(sniffType(new TextEncoder().encode(' %PDF-1.7'))).toBeNull();
    expect(sniffType(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(sniffType(b(0x4d, 0x5a, 0x90, 0x00))).toBeNull(); // a Windows executable
    expect(sniffType(new TextEncoder().encode('<html><script>'))).toBeNull();
    expect(sniffType(b())).toBeNull();
  });
});

describe('cleanFilename', () => {
  it('keeps a normal name, accents included', () => {
    expect(cleanFilename('sol·licitud padró.pdf', 'application/pdf')).toBe('sol·licitud padró.pdf');
  });

  it('drops paths, control characters and quotes, and bounds the length', () => {
    expect(cleanFilename('../../etc/passwd', 'application/pdf')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\a\\doc.pdf', 'application/pdf')).toBe('doc.pdf');
    expect(cleanFilename('a"\r\nb<>.pdf', 'application/pdf')).toBe('ab.pdf');
    expect(cleanFilename('x'.repeat(500), 'image/png')).toHaveLength(120);
  });

  it('names a nameless file after its type', () => {
    expect(cleanFilename(undefined, 'image/png')).toBe('document.png');
    expect(cleanFilename('..', 'image/jpeg')).toBe('document.jpg');
    expect(cleanFilename('   ', 'application/pdf')).toBe('document.pdf');
  });
});
