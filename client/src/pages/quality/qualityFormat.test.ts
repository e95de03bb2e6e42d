import { describe, expect, it } from 'vitest';
import { createQualityFormat, durationParts } from './qualityFormat';

// Intl puts a narrow no-break space in some units and percentages; compare on plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('durationParts', () => {
  it('keeps the two largest units, dropping a zero tail', () => {
    expect(durationParts(0)).toEqual([['second', 0]]);
    expect(durationParts(45.4)).toEqual([['second', 45]]);
    expect(durationParts(125)).toEqual([
      ['minute', 2],
      ['second', 5],
    ]);
    expect(durationParts(120)).toEqual([['minute', 2]]);
    expect(durationParts(3 * 3600 + 7 * 60 + 9)).toEqual([
      ['hour', 3],
      ['minute', 7],
    ]);
    expect(durationParts(3600 + 59)).toEqual([['hour', 1]]);
    expect(durationParts(2 * 86_400 + 5 * 3600)).toEqual([
      ['day', 2],
      ['hour', 5],
    ]);
    expect(durationParts(-3)).toEqual([['second', 0]]);
  });
});

describe('createQualityFormat', () => {
  it('says durations short for the eye and in words for the ear, in each language', () => {
    const en = createQualityFormat('en').duration(125);
    expect(plain(en.text)).toBe('2 mins 5 secs');
    expect(plain(en.spoken)).toBe('2 minutes, 5 seconds');
    const ca = createQualityFormat('ca').duration(125);
    expect(plain(ca.text)).toBe('2 min 5 s');
    expect(plain(ca.spoken)).toBe('2 minuts i 5 segons');
    expect(plain(createQualityFormat('es').duration(3600 * 2).spoken)).toBe('2 horas');
  });

  it('writes percentages, means and counts as each language does', () => {
    const ca = createQualityFormat('ca');
    expect(plain(ca.percent(0.805))).toBe('80,5 %');
    expect(plain(ca.percent(0.8))).toBe('80 %');
    expect(ca.decimal(4.25)).toMatch(/^4,[23]$/);
    expect(ca.decimal(4)).toBe('4,0');
    const en = createQualityFormat('en');
    expect(en.percent(1)).toBe('100%');
    expect(en.integer(12345)).toBe('12,345');
    expect(en.date('2026-03-05')).toBe('5 Mar 2026');
    expect(en.dayMonth('2026-03-05')).toBe('5 Mar');
  });
});
