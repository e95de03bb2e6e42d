import { TIME_ZONE, type Language } from '@oac/shared';

const localeOf: Record<Language, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

export function localeFor(lang: Language): string {
  return localeOf[lang];
}

const dayKeyFormats = new Map<string, Intl.DateTimeFormat>();

function dayKeyFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayKeyFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayKeyFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) on which an instant falls in a time zone, whatever the browser's zone. */
export function dayInZone(instant: Date | string, timeZone: string): string {
  const parts = dayKeyFormat(timeZone).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The council's calendar day (YYYY-MM-DD) on which an instant falls, whatever the browser's zone. */
export function councilDay(instant: Date | string): string {
  return dayInZone(instant, TIME_ZONE);
}

/** The ISO weekday of a calendar day (YYYY-MM-DD): 1 for Monday to 7 for Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Shifts a calendar day (YYYY-MM-DD) by whole days; calendar arithmetic, so no DST surprises. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Upper-cases the first letter, for dates that open a line ("dimarts" → "Dimarts"). */
export function capitalize(text: string, lang: Language): string {
  return text.charAt(0).toLocaleUpperCase(localeOf[lang]) + text.slice(1);
}

export function isCalendarDay(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`));
}

export interface Formatters {
  /** 09:30, on the council's clock. */
  time(iso: string): string;
  /** dilluns, 3 de març, for an instant. */
  day(iso: string): string;
  /** dilluns, 3 de març de 2025, for a calendar day YYYY-MM-DD. */
  calendarDay(day: string): string;
  /** 3 de març, for a calendar day YYYY-MM-DD. */
  shortCalendarDay(day: string): string;
  /** dilluns, for an instant. */
  weekday(iso: string): string;
  /** 3 de març, for an instant. */
  dayMonth(iso: string): string;
  /** The full date and time of an instant. */
  dateTime(iso: string): string;
  /** dl. 3 de març, 09:30: an instant in a list, where the full date would be too long. */
  shortDateTime(iso: string): string;
  /** dilluns, for an ISO weekday (1 Monday … 7 Sunday). */
  weekdayName(isoWeekday: number): string;
  bytes(size: number): string;
  /** How long to wait, in words: "45 segons", "3 minuts" (minutes rounded up). */
  wait(seconds: number): string;
}

/**
 * The formatters of a language, on the council's clock; an office in another zone (the Canaries)
 * passes its own, so its planners read the times its citizens are given.
 */
export function createFormatters(lang: Language, timeZone: string = TIME_ZONE): Formatters {
  const locale = localeOf[lang];
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const calendarDay = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const shortCalendarDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long' });
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' });
  const weekdayName = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' });
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' });
  const shortDateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const kb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const mb = new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const seconds = new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'long' });
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  return {
    time: (iso) => time.format(new Date(iso)),
    day: (iso) => day.format(new Date(iso)),
    calendarDay: (d) => calendarDay.format(new Date(`${d}T12:00:00Z`)),
    shortCalendarDay: (d) => shortCalendarDay.format(new Date(`${d}T12:00:00Z`)),
    weekday: (iso) => weekday.format(new Date(iso)),
    dayMonth: (iso) => dayMonth.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    shortDateTime: (iso) => shortDateTime.format(new Date(iso)),
    // 2024-01-01 was a Monday.
    weekdayName: (n) => weekdayName.format(new Date(Date.UTC(2024, 0, n, 12))),
    bytes: (size) => (size < 1024 * 1024 ? kb.format(Math.max(1, Math.round(size / 1024))) : mb.format(size / (1024 * 1024))),
    wait: (s) => (s < 60 ? seconds.format(Math.max(1, Math.ceil(s))) : minutes.format(Math.ceil(s / 60))),
  };
}
