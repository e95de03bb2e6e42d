import { VerifyParams } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import { normaliseCode } from './verifyCode';

describe('normaliseCode', () => {
  it('keeps a code already in its printed form', () => {
    expect(normaliseCode('ABCD-2345-EFGH-6789')).toBe('ABCD-2345-EFGH-6789');
  });

  it('forgives case, spaces, missing or odd dashes', () => {
    expect(normaliseCode(' abcd 2345 efgh 6789 ')).toBe('ABCD-2345-EFGH-6789');
    expect(normaliseCode('abcd2345efgh6789')).toBe('ABCD-2345-EFGH-6789');
    expect(normaliseCode('ABCD–2345—EFGH‑6789')).toBe('ABCD-2345-EFGH-6789');
    expect(normaliseCode('AB CD-23 45-EF GH-67 89')).toBe('ABCD-2345-EFGH-6789');
  });

  it('reads the left-out letters O and I as the digits they look like', () => {
    expect(normaliseCode('OOOO-IIII-2345-6789')).toBe('0000-1111-2345-6789');
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseCode('')).toBeNull();
    expect(normaliseCode('ABCD-2345-EFGH')).toBeNull();
    expect(normaliseCode('ABCD-2345-EFGH-67890')).toBeNull();
    expect(normaliseCode('ABCD-2345-EFGH-678!')).toBeNull();
    expect(normaliseCode('ÀBCD-2345-EFGH-6789')).toBeNull();
  });

  it('gives only codes the server accepts', () => {
    for (const input of ['abcd2345efgh6789', 'oooo iiii zzzz 9999', 'HJKL-MNPQ-RSTU-VWXY']) {
      const code = normaliseCode(input);
      expect(code).not.toBeNull();
      expect(VerifyParams.safeParse({ code }).success).toBe(true);
    }
  });
});
