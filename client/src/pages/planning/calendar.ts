import type { CalendarException } from '@oac/shared';
import { addDays, isoWeekday } from '../../i18n/format';

/** Whether an exception covers a calendar day; a yearly one may wrap the new year (12-24 to 01-06). */
export function covers(exception: CalendarException, date: string): boolean {
  if (!exception.recurringYearly) return exception.from <= date && date <= exception.to;
  const [day, from, to] = [date.slice(5), exception.from.slice(5), exception.to.slice(5)];
  return from <= to ? from <= day && day <= to : day >= from || day <= to;
}

/** The exceptions that hold on a day, the office's own before the city's. */
export function exceptionsOn(date: string, exceptions: readonly CalendarException[]): CalendarException[] {
  return exceptions
    .filter((e) => covers(e, date))
    .sort((a, b) => Number(a.officeId === null) - Number(b.officeId === null) || a.name.localeCompare(b.name));
}

/** The first and last day of an exception's next (or current) occurrence from `today` on, or null if it is over. */
export function nextOccurrence(exception: CalendarException, today: string): { from: string; to: string } | null {
  if (!exception.recurringYearly) return exception.to >= today ? { from: exception.from, to: exception.to } : null;
  const year = Number(today.slice(0, 4));
  const [from, to] = [exception.from.slice(5), exception.to.slice(5)];
  const wraps = to < from;
  // Last year's occurrence may still be running when it wraps the new year.
  for (const start of [year - 1, year, year + 1]) {
    const first = `${start}-${from}`;
    const last = `${wraps ? start + 1 : start}-${to}`;
    if (last >= today) return { from: first, to: last };
  }
  return null;
}

export interface SplitExceptions {
  /** Current and coming ones, the soonest first, each with the days of its next occurrence. */
  upcoming: { exception: CalendarException; from: string; to: string }[];
  /** Those that are over, the latest first. */
  past: CalendarException[];
}

export function splitExceptions(exceptions: readonly CalendarException[], today: string): SplitExceptions {
  const upcoming: SplitExceptions['upcoming'] = [];
  const past: CalendarException[] = [];
  for (const exception of exceptions) {
    const next = nextOccurrence(exception, today);
    if (next) upcoming.push({ exception, ...next });
    else past.push(exception);
  }
  upcoming.sort((a, b) => a.from.localeCompare(b.from) || a.exception.name.localeCompare(b.exception.name));
  past.sort((a, b) => b.from.localeCompare(a.from));
  return { upcoming, past };
}

/** The Monday of a day's week. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}
