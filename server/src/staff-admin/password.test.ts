import { describe, expect, it } from 'vitest';
import { newPassword } from './password';

describe('newPassword', () => {
  it('is four groups of five unambiguous letters and digits', () => {
    for (let i = 0; i < 200; i++) expect(newPassword()).toMatch(/^[a-km-zA-HJ-NP-RT-Y2-46-79]{5}(-[a-km-zA-HJ-NP-RT-Y2-46-79]{5}){3}$/);
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => newPassword()));
    expect(seen.size).toBe(1000);
  });
});
