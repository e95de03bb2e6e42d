import { TIME_ZONE } from '@oac/shared';
import { addDays, isoWeekday } from '../../i18n/format';
import { instantToZonedLocal, zonedLocalToInstant } from '../planning/zonedTime';

/*
 * The simple choices of when to be called back, on the council's clock whatever the browser's zone:
 * within the next hour; this afternoon (a weekday before 18:00); the next working day's morning.
 * "Another time" takes two date-time fields instead.
 */

export type WindowKey = 'hour' | 'afternoon' | 'morning';

export interface CallbackWindow {
  key: WindowKey;
  from: string;
  to: string;
  /** For the morning: the calendar day (YYYY-MM-DD), and whether it is tomorrow. */
  day?: string;
  tomorrow?: boolean;
}

const AFTERNOON = { from: '15:00', to: '19:00', lastStart: '18:00' };
const MORNING = { from: '09:00', to: '13:00' };
/** The server takes a window that starts within the next seven days. */
export const MAX_DAYS_AHEAD = 7;

function at(day: string, time: string, timeZone: string): string {
  return zonedLocalToInstant(`${day}T${time}`, timeZone)!;
}

export function callbackWindows(now: Date, timeZone: string = TIME_ZONE): CallbackWindow[] {
  const local = instantToZonedLocal(now, timeZone);
  const today = local.slice(0, 10);
  const clock = local.slice(11, 16);
  const windows: CallbackWindow[] = [{ key: 'hour', from: now.toISOString(), to: new Date(now.getTime() + 3_600_000).toISOString() }];
  if (isoWeekday(today) <= 5 && clock < AFTERNOON.lastStart) {
    const start = at(today, AFTERNOON.from, timeZone);
    windows.push({
      key: 'afternoon',
      from: Date.parse(start) > now.getTime() ? start : now.toISOString(),
      to: at(today, AFTERNOON.to, timeZone),
    });
  }
  let day = addDays(today, 1);
  while (isoWeekday(day) > 5) day = addDays(day, 1);
  windows.push({
    key: 'morning',
    from: at(day, MORNING.from, timeZone),
    to: at(day, MORNING.to, timeZone),
    day,
    tomorrow: day === addDays(today, 1),
  });
  return windows;
}

/** A `datetime-local` value on the council's clock, for the fields of "another time". */
export function toLocalField(instant: Date | string, timeZone: string = TIME_ZONE): string {
  return instantToZonedLocal(instant, timeZone);
}

export function fromLocalField(value: string, timeZone: string = TIME_ZONE): string | null {
  return zonedLocalToInstant(value, timeZone);
}

/** The next quarter hour from now, as the first value of "another time". */
export function nextQuarter(now: Date): Date {
  const quarter = 15 * 60_000;
  return new Date(Math.ceil((now.getTime() + 60_000) / quarter) * quarter);
}
