import { TIME_ZONE, type Language } from '@oac/shared';

const localeOf: Record<Language, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

export function localeFor(lang: Language): string {
  return localeOf[lang];
}

const dayKeyFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The council's calendar day (YYYY-MM-DD) on which an instant falls, whatever the browser's zone. */
export function councilDay(instant: Date | string): string {
  const parts = dayKeyFormat.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
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
  bytes(size: number): string;
  /** How long to wait, in words: "45 segons", "3 minuts" (minutes rounded up). */
  wait(seconds: number): string;
}

export function createFormatters(lang: Language): Formatters {
  const locale = localeOf[lang];
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long' });
  const calendarDay = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const shortCalendarDay = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long' });
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long' });
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: 'numeric', month: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
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
    bytes: (size) => (size < 1024 * 1024 ? kb.format(Math.max(1, Math.round(size / 1024))) : mb.format(size / (1024 * 1024))),
    wait: (s) => (s < 60 ? seconds.format(Math.max(1, Math.ceil(s))) : minutes.format(Math.ceil(s / 60))),
  };
}
