import { describe, expect, it } from 'vitest';
import { addDays, councilDay, createFormatters, dayInZone, isCalendarDay, isoWeekday } from './format';

describe('councilDay', () => {
  it('uses the Madrid calendar, not UTC', () => {
    // 23:30 UTC on 31 March is already 1 April in Madrid (UTC+2 in summer time).
    expect(councilDay('2025-03-31T23:30:00Z')).toBe('2025-04-01');
    // 22:59 UTC on 15 January is still 15 January in Madrid (UTC+1 in winter).
    expect(councilDay('2025-01-15T22:59:00Z')).toBe('2025-01-15');
    expect(councilDay('2025-01-15T23:00:00Z')).toBe('2025-01-16');
  });
});

describe('dayInZone', () => {
  it("uses the given zone's calendar", () => {
    // 23:30 UTC on 31 March: 1 April in Madrid, still 31 March in the Canaries (UTC+1 in summer).
    expect(dayInZone('2025-03-31T23:30:00Z', 'Europe/Madrid')).toBe('2025-04-01');
    expect(dayInZone('2025-03-31T23:30:00Z', 'Atlantic/Canary')).toBe('2025-04-01');
    expect(dayInZone('2025-03-31T22:30:00Z', 'Atlantic/Canary')).toBe('2025-03-31');
    expect(dayInZone('2025-01-15T23:30:00Z', 'Atlantic/Canary')).toBe('2025-01-15');
  });
});

describe('isoWeekday', () => {
  it('counts from Monday (1) to Sunday (7)', () => {
    expect(isoWeekday('2026-05-04')).toBe(1);
    expect(isoWeekday('2026-05-09')).toBe(6);
    expect(isoWeekday('2026-05-10')).toBe(7);
  });
});

describe('addDays', () => {
  it('crosses months, years and the DST change without drifting', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(addDays('2025-03-03', -7)).toBe('2025-02-24');
  });
});

describe('isCalendarDay', () => {
  it('accepts only YYYY-MM-DD', () => {
    expect(isCalendarDay('2025-03-01')).toBe(true);
    expect(isCalendarDay('2025-3-1')).toBe(false);
    expect(isCalendarDay('yesterday')).toBe(false);
    expect(isCalendarDay(null)).toBe(false);
  });
});

describe('createFormatters', () => {
  it('shows times on the council clock', () => {
    expect(createFormatters('ca').time('2025-07-01T07:30:00Z')).toBe('09:30');
    expect(createFormatters('en').time('2025-12-01T07:30:00Z')).toBe('08:30');
  });

  it("shows times on an office's own clock when given its zone", () => {
    expect(createFormatters('ca', 'Atlantic/Canary').time('2025-07-01T07:30:00Z')).toBe('08:30');
    expect(createFormatters('ca', 'Atlantic/Canary').time('2025-12-01T07:30:00Z')).toBe('07:30');
  });

  it('names ISO weekdays, Monday first', () => {
    expect(createFormatters('ca').weekdayName(1)).toBe('dilluns');
    expect(createFormatters('es').weekdayName(7)).toBe('domingo');
    expect(createFormatters('en').weekdayName(3)).toBe('Wednesday');
  });

  it('names days in the chosen language', () => {
    expect(createFormatters('ca').calendarDay('2025-03-03')).toMatch(/dilluns/);
    expect(createFormatters('es').calendarDay('2025-03-03')).toMatch(/lunes/);
    expect(createFormatters('en').calendarDay('2025-03-03')).toMatch(/Monday/);
  });
});

describe('wait', () => {
  it('says seconds under a minute and whole minutes, rounded up, beyond', () => {
    const en = createFormatters('en');
    expect(en.wait(0.2)).toBe('1 second');
    expect(en.wait(45)).toBe('45 seconds');
    expect(en.wait(61)).toBe('2 minutes');
    expect(en.wait(900)).toBe('15 minutes');
    expect(createFormatters('ca').wait(900)).toBe('15 minuts');
    expect(createFormatters('es').wait(30)).toBe('30 segundos');
  });
});
