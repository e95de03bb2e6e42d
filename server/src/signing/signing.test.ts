import { describe, expect, it } from 'vitest';
import { assertAppendedTo } from './guards';
import { formatWhen, winAnsiText } from './text';

describe('assertAppendedTo', () => {
  const input = new Uint8Array([1, 2, 3, 4]);

  it('accepts the input followed by more bytes', () => {
    const out = new Uint8Array([1, 2, 3, 4, 5]);
    expect(assertAppendedTo(input, out)).toBe(out);
  });

  it.each([
    ['a rewrite', [1, 2, 9, 4, 5]],
    ['the same bytes', [1, 2, 3, 4]],
    ['a shorter file', [1, 2, 3]],
  ])('refuses %s with document_not_signable', (_, bytes) => {
    expect(() => assertAppendedTo(input, new Uint8Array(bytes))).toThrow(expect.objectContaining({ code: 'document_not_signable' }));
  });
});

describe('winAnsiText', () => {
  it('keeps what the standard fonts can draw, strips accents it cannot, and marks the rest', () => {
    expect(winAnsiText('Núria Puig i Sol·là — 5 €')).toBe('Núria Puig i Sol·là — 5 €');
    expect(winAnsiText('Ðặng Đo Łukasz 李')).toBe('Ðang ?o ?ukasz ?');
    expect(winAnsiText('a\tb\u202Ec\u0007')).toBe('a bc');
  });
});

describe('formatWhen', () => {
  it('writes Madrid time in the document language', () => {
    expect(formatWhen('2026-07-01T08:05:00Z', 'ca')).toMatch(/^01\/07\/2026,? 10:05$/);
    expect(formatWhen('2026-12-01T08:05:00Z', 'en')).toMatch(/^01\/12\/2026,? 09:05$/);
    expect(() => formatWhen('yesterday', 'es')).toThrow(RangeError);
  });
});
