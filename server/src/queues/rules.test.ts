import { describe, expect, it } from 'vitest';
import { daysIncluded, localToday, peakDatesProblem, peakRemoval, peakState, slaProblem } from './rules';

describe('a peak’s dates', () => {
  it('counts both ends', () => {
    expect(daysIncluded('2026-07-01', '2026-07-01')).toBe(1);
    expect(daysIncluded('2026-07-01', '2026-09-30')).toBe(92);
    // Across the change to summer time, a day is still a day.
    expect(daysIncluded('2026-03-28', '2026-03-30')).toBe(3);
  });

  it('refuses a reversed range, one longer than a season, and one already over', () => {
    const today = '2026-07-10';
    expect(peakDatesProblem('2026-07-12', '2026-07-11', today)).toBe('peak_dates_reversed');
    expect(peakDatesProblem('2026-07-10', '2026-10-10', today)).toBe('peak_too_long');
    expect(peakDatesProblem('2026-07-10', '2026-10-09', today)).toBeNull();
    expect(peakDatesProblem('2026-07-01', '2026-07-09', today)).toBe('peak_in_past');
    // Begun already but not over: it counts from today.
    expect(peakDatesProblem('2026-07-01', '2026-07-10', today)).toBeNull();
  });

  it('is upcoming, in force on its first and last days, then over', () => {
    expect(peakState('2026-07-11', '2026-07-20', '2026-07-10')).toBe('upcoming');
    expect(peakState('2026-07-11', '2026-07-20', '2026-07-11')).toBe('in_force');
    expect(peakState('2026-07-11', '2026-07-20', '2026-07-20')).toBe('in_force');
    expect(peakState('2026-07-11', '2026-07-20', '2026-07-21')).toBe('over');
  });

  it('takes the office’s local date: past midnight in Madrid is the next day there', () => {
    expect(localToday('Europe/Madrid', new Date('2026-07-10T22:30:00Z'))).toBe('2026-07-11');
    expect(localToday('Europe/Madrid', new Date('2026-07-10T21:30:00Z'))).toBe('2026-07-10');
  });
});

describe('removing a peak', () => {
  const today = '2026-07-10';
  it('deletes one not begun, or begun only today', () => {
    expect(peakRemoval('2026-07-11', '2026-07-20', today)).toEqual({ kind: 'delete' });
    expect(peakRemoval('2026-07-10', '2026-07-20', today)).toEqual({ kind: 'delete' });
  });
  it('ends one in force since an earlier day, its last day yesterday', () => {
    expect(peakRemoval('2026-07-01', '2026-07-20', today)).toEqual({ kind: 'end', to: '2026-07-09' });
    expect(peakRemoval('2026-07-01', '2026-07-10', today)).toEqual({ kind: 'end', to: '2026-07-09' });
  });
  it('keeps one already over', () => {
    expect(peakRemoval('2026-07-01', '2026-07-09', today)).toEqual({ kind: 'over' });
  });
});

describe('SLA targets', () => {
  it('cannot be due to resolve before being due to own', () => {
    expect(slaProblem({ ownMinutes: 30, resolveMinutes: 29, warnBeforeMinutes: 0 })).toBe('sla_resolve_before_own');
    expect(slaProblem({ ownMinutes: 30, resolveMinutes: 30, warnBeforeMinutes: 0 })).toBeNull();
  });
});
