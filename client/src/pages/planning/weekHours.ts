import type { OpeningHours, TimeRange } from '@oac/shared';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof WEEKDAYS)[number];

/** One range as the form edits it; the key keeps React's rows (and their focus) stable across removals. */
export interface RangeDraft extends TimeRange {
  key: number;
}
export type WeekDraft = Record<IsoWeekday, RangeDraft[]>;

let nextKey = 1;
export function newRange(opens: string, closes: string): RangeDraft {
  return { key: nextKey++, opens, closes };
}

export function draftFromHours(hours: readonly OpeningHours[]): WeekDraft {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as RangeDraft[]])) as unknown as WeekDraft;
  for (const h of [...hours].sort((a, b) => a.opens.localeCompare(b.opens))) {
    week[h.weekday as IsoWeekday].push(newRange(h.opens, h.closes));
  }
  return week;
}

export function hoursFromDraft(week: WeekDraft): OpeningHours[] {
  return WEEKDAYS.flatMap((weekday) => week[weekday].map(({ opens, closes }) => ({ weekday, opens, closes })));
}

/** A range that follows a day's last one, so that "add" rarely needs retyping (the afternoon after the morning). */
export function rangeAfter(ranges: readonly TimeRange[]): RangeDraft {
  const last = ranges.at(-1);
  if (!last) return newRange('09:00', '14:00');
  const [h] = last.closes.split(':').map(Number);
  const opens = Math.min(23, (h ?? 0) + 1);
  const closes = Math.min(24, opens + 3);
  const wall = (n: number) => `${String(n).padStart(2, '0')}:00`;
  return opens >= 23 ? newRange('23:00', '24:00') : newRange(wall(opens), wall(closes));
}

export type RangeProblem = { weekday: IsoWeekday; key: number; field: 'opens' | 'closes'; code: 'missing' | 'order' | 'overlap' };

const WALL_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** What the week's form gets wrong, the field to point at included; the server says the same in its own words. */
export function checkWeek(week: WeekDraft): RangeProblem[] {
  const problems: RangeProblem[] = [];
  for (const weekday of WEEKDAYS) {
    const ranges = week[weekday];
    for (const r of ranges) {
      if (!WALL_TIME.test(r.opens) || r.opens === '24:00') problems.push({ weekday, key: r.key, field: 'opens', code: 'missing' });
      else if (!WALL_TIME.test(r.closes)) problems.push({ weekday, key: r.key, field: 'closes', code: 'missing' });
      else if (r.closes <= r.opens) problems.push({ weekday, key: r.key, field: 'closes', code: 'order' });
    }
    const valid = ranges.filter((r) => WALL_TIME.test(r.opens) && WALL_TIME.test(r.closes) && r.opens < r.closes);
    const sorted = [...valid].sort((a, b) => a.opens.localeCompare(b.opens));
    for (let i = 1; i < sorted.length; i += 1) {
      const [previous, current] = [sorted[i - 1]!, sorted[i]!];
      if (current.opens < previous.closes) problems.push({ weekday, key: current.key, field: 'opens', code: 'overlap' });
    }
  }
  return problems;
}
