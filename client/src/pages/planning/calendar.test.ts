import type { CalendarException } from '@oac/shared';
import { describe, expect, it } from 'vitest';
import { covers, exceptionsOn, nextOccurrence, splitExceptions, weekStart } from './calendar';

const exception = (id: string, from: string, to: string, extra: Partial<CalendarException> = {}): CalendarException => ({
  id,
  officeId: 'office',
  kind: 'closure',
  name: id,
  from,
  to,
  recurringYearly: false,
  hours: null,
  ...extra,
});

describe('covers', () => {
  it('takes both ends of a range', () => {
    const e = exception('a', '2026-08-03', '2026-08-14');
    expect(covers(e, '2026-08-03')).toBe(true);
    expect(covers(e, '2026-08-14')).toBe(true);
    expect(covers(e, '2026-08-15')).toBe(false);
  });

  it('repeats a yearly one, also across the new year', () => {
    const christmas = exception('b', '2025-12-24', '2026-01-06', { recurringYearly: true });
    expect(covers(christmas, '2030-12-31')).toBe(true);
    expect(covers(christmas, '2031-01-02')).toBe(true);
    expect(covers(christmas, '2031-01-07')).toBe(false);
    expect(covers(exception('c', '2026-06-24', '2026-06-24', { recurringYearly: true }), '2029-06-24')).toBe(true);
  });
});

describe('exceptionsOn', () => {
  it("puts the office's own before the city's", () => {
    const city = exception('Sant Joan', '2026-06-24', '2026-06-24', { officeId: null, kind: 'holiday' });
    const own = exception('Obres', '2026-06-22', '2026-06-26');
    expect(exceptionsOn('2026-06-24', [city, own]).map((e) => e.id)).toEqual(['Obres', 'Sant Joan']);
    expect(exceptionsOn('2026-06-27', [city, own])).toEqual([]);
  });
});

describe('nextOccurrence', () => {
  it('gives a one-off range while it is not over', () => {
    expect(nextOccurrence(exception('a', '2026-05-01', '2026-05-03'), '2026-05-03')).toEqual({ from: '2026-05-01', to: '2026-05-03' });
    expect(nextOccurrence(exception('a', '2026-05-01', '2026-05-03'), '2026-05-04')).toBeNull();
  });

  it("gives a yearly one's coming or current occurrence", () => {
    const christmas = exception('b', '2020-12-24', '2021-01-06', { recurringYearly: true });
    expect(nextOccurrence(christmas, '2027-01-03')).toEqual({ from: '2026-12-24', to: '2027-01-06' });
    expect(nextOccurrence(christmas, '2027-05-01')).toEqual({ from: '2027-12-24', to: '2028-01-06' });
    const june = exception('c', '2020-06-24', '2020-06-24', { recurringYearly: true });
    expect(nextOccurrence(june, '2026-06-25')).toEqual({ from: '2027-06-24', to: '2027-06-24' });
  });
});

describe('splitExceptions', () => {
  it('lists the coming ones soonest first and the past ones latest first', () => {
    const list = [
      exception('past-1', '2026-01-01', '2026-01-01'),
      exception('soon', '2026-05-10', '2026-05-10'),
      exception('now', '2026-05-01', '2026-05-08'),
      exception('past-2', '2026-03-01', '2026-03-02'),
      exception('yearly', '2020-01-06', '2020-01-06', { recurringYearly: true }),
    ];
    const { upcoming, past } = splitExceptions(list, '2026-05-05');
    expect(upcoming.map((u) => u.exception.id)).toEqual(['now', 'soon', 'yearly']);
    expect(upcoming[2]).toMatchObject({ from: '2027-01-06', to: '2027-01-06' });
    expect(past.map((e) => e.id)).toEqual(['past-2', 'past-1']);
  });
});

describe('weekStart', () => {
  it("gives the Monday of the day's week", () => {
    expect(weekStart('2026-05-04')).toBe('2026-05-04');
    expect(weekStart('2026-05-10')).toBe('2026-05-04');
    expect(weekStart('2026-03-01')).toBe('2026-02-23');
  });
});
