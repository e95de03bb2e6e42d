import { describe, expect, it } from 'vitest';
import { parseAmount } from './amount';

describe('parseAmount', () => {
  it('reads whole euros and cents with a comma or a point', () => {
    expect(parseAmount('12')).toBe(12);
    expect(parseAmount('12,50')).toBe(12.5);
    expect(parseAmount('12.5')).toBe(12.5);
    expect(parseAmount(' 0,05 € ')).toBe(0.05);
  });

  it('reads thousands separators, in either convention', () => {
    expect(parseAmount('1.234,56')).toBe(1234.56);
    expect(parseAmount('1,234.56')).toBe(1234.56);
    expect(parseAmount('1 234,56')).toBe(1234.56);
    expect(parseAmount('1.000.000')).toBe(1_000_000);
    // Euros have two decimals, so three digits after the only separator are thousands.
    expect(parseAmount('12,345')).toBe(12345);
  });

  it('refuses what is not an amount, or too much', () => {
    for (const bad of ['', 'abc', '-3', '1,2,3', '12.345.6', '1e3', '1000000,01']) expect(parseAmount(bad), bad).toBeNull();
  });
});
