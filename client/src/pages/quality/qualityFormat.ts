import type { Language } from '@oac/shared';
import { localeFor } from '../../i18n/format';

/** A figure as the page shows it, and as a screen reader should say it when the short form is cryptic ("5 s"). */
export interface Spoken {
  text: string;
  spoken: string;
}

type Unit = 'day' | 'hour' | 'minute' | 'second';

const UNITS: readonly [Unit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** The numbers of one language, built once: the page formats hundreds of cells. */
export interface QualityFormat {
  /** 3 min 5 s (and "3 minutes, 5 seconds" for the ear); at most the two largest units. */
  duration(seconds: number): Spoken;
  /** 80 %, or 80.5 % when the tenth says something. */
  percent(rate: number): string;
  /** 4.2, a mean on a scale. */
  decimal(value: number): string;
  /** 1,234. */
  integer(value: number): string;
  /** 3 Apr 2026, for a calendar day YYYY-MM-DD. */
  date(day: string): string;
  /** 3 Apr, for a chart's axis. */
  dayMonth(day: string): string;
}

export function createQualityFormat(lang: Language): QualityFormat {
  const locale = localeFor(lang);
  const short = new Map<Unit, Intl.NumberFormat>();
  const long = new Map<Unit, Intl.NumberFormat>();
  for (const [unit] of UNITS) {
    short.set(unit, new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }));
    long.set(unit, new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }));
  }
  const list = new Intl.ListFormat(locale, { type: 'unit', style: 'long' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  // Calendar days are read at noon UTC, so no zone can move them to the day before.
  const date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  return {
    duration(seconds) {
      const parts = durationParts(seconds);
      return {
        text: parts.map(([unit, n]) => short.get(unit)!.format(n)).join(' '),
        spoken: list.format(parts.map(([unit, n]) => long.get(unit)!.format(n))),
      };
    },
    percent: (rate) => percent.format(rate),
    decimal: (value) => decimal.format(value),
    integer: (value) => integer.format(value),
    date: (day) => date.format(new Date(`${day}T12:00:00Z`)),
    dayMonth: (day) => dayMonth.format(new Date(`${day}T12:00:00Z`)),
  };
}

/** Whole seconds split into days, hours, minutes and seconds, keeping the two largest that are not zero. */
export function durationParts(seconds: number): [Unit, number][] {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return [['second', 0]];
  const parts: [Unit, number][] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push([unit, n]);
  }
  // The first non-zero unit and the one after it; a zero tail ("2 min 0 s") says nothing.
  return parts.slice(0, 2).filter(([, n], i) => i === 0 || n > 0);
}
