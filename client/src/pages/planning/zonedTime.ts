/*
 * Wall times of an office's zone and the instants they stand for, with Intl alone: luxon is the
 * server's, and the browser's own zone must play no part (a planner in Madrid plans the Canaries).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of a zone at an instant, read as if it were UTC (epoch ms). */
function wallClockMs(utcMs: number, timeZone: string): number {
  const parts = partsFormat(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The zone's offset from UTC at an instant, in whole minutes (+60 for Madrid in winter). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((wallClockMs(whole, timeZone) - whole) / MINUTE_MS);
}

/** Whether the runtime knows a time zone by that IANA name. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A `datetime-local` value ('YYYY-MM-DDTHH:MM') in a zone, as an ISO instant; null when it is no
 * date at all. Across the clocks' changes it reads the time as `Temporal` does by default: a wall
 * time the zone repeats (autumn) is its earlier instant, as the server reads shift times; one it
 * skips (spring, 02:30 in Madrid) is taken an hour on (03:30), the time a clock would then show.
 */
export function zonedLocalToInstant(local: string, timeZone: string): string | null {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day) return null;
  // No zone changes its offset twice within two days: the offsets a day either side are the only candidates.
  const before = zoneOffsetMinutes(wall - DAY_MS, timeZone);
  const after = zoneOffsetMinutes(wall + DAY_MS, timeZone);
  const readings = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((utc) => wallClockMs(utc, timeZone) === wall);
  // In the gap neither offset reads back: the earlier offset puts the wall time past the jump.
  const utc = readings.length > 0 ? Math.min(...readings) : wall - before * MINUTE_MS;
  return new Date(utc).toISOString();
}

/** An instant as a `datetime-local` value ('YYYY-MM-DDTHH:MM') on a zone's wall clock. */
export function instantToZonedLocal(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 16);
}
