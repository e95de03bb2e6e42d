import { describe, expect, it } from 'vitest';
import { formatTicketNumber } from './numbering';

describe('ticket numbers', () => {
  it('formats office prefix, year and a six-digit sequence', () => {
    expect(formatTicketNumber('OAC', 2026, 123)).toBe('OAC-2026-000123');
    expect(formatTicketNumber('HAB', 2027, 1)).toBe('HAB-2027-000001');
    expect(formatTicketNumber('OAC', 2026, 1_234_567)).toBe('OAC-2026-1234567');
  });

  it('refuses bad prefixes and sequences', () => {
    expect(() => formatTicketNumber('oac', 2026, 1)).toThrow(RangeError);
    expect(() => formatTicketNumber('OAC', 2026, 0)).toThrow(RangeError);
    expect(() => formatTicketNumber('OAC', 2026, 1.5)).toThrow(RangeError);
  });
});
