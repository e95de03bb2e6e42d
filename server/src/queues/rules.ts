import { PEAK_MAX_DAYS, type ErrorCode, type PeakState, type SlaTargets } from '@oac/shared';
import { DateTime } from 'luxon';

/*
 * The rules of seasonal peaks and SLA targets, as pure functions. Dates are the office's local
 * calendar dates (YYYY-MM-DD), compared as such: a peak's first and last days are both in force.
 */

/** The local date of `now` in `zone`. */
export function localToday(zone: string, now: Date): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/** The days from `from` to `to`, both included (1 for a single day). */
export function daysIncluded(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days) + 1;
}

export function dayBefore(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
}

/**
 * What is wrong with a new peak's dates, if anything: reversed, longer than a season, or over
 * already. A peak may have begun (it then counts from today on); it may not have ended.
 */
export function peakDatesProblem(from: string, to: string, today: string): ErrorCode | null {
  if (to < from) return 'peak_dates_reversed';
  if (daysIncluded(from, to) > PEAK_MAX_DAYS) return 'peak_too_long';
  if (to < today) return 'peak_in_past';
  return null;
}

export function peakState(from: string, to: string, today: string): PeakState {
  if (today < from) return 'upcoming';
  return today <= to ? 'in_force' : 'over';
}

/**
 * How a peak is removed. One not yet begun, or begun only today, is deleted: nothing of it needs
 * keeping. One in force since an earlier day ends now, its last day yesterday, so the days it
 * counted stay on record. One already over is history and stays.
 */
export function peakRemoval(from: string, to: string, today: string): { kind: 'delete' } | { kind: 'end'; to: string } | { kind: 'over' } {
  if (to < today) return { kind: 'over' };
  if (from >= today) return { kind: 'delete' };
  return { kind: 'end', to: dayBefore(today) };
}

/** The database's own rule on targets (own > 0 is the schema's): resolving cannot be due before owning. */
export function slaProblem(t: SlaTargets): ErrorCode | null {
  return t.resolveMinutes < t.ownMinutes ? 'sla_resolve_before_own' : null;
}
