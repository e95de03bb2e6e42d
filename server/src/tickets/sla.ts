import { DateTime } from 'luxon';
import { openingOn, zonedInstant, type CalendarException, type LocalDate, type WallTime, type WeeklyHours } from '../scheduling/generate';

/*
 * SLA clocks that run only while the office is open (the GLPI model): a ticket created on Friday at
 * 13:55 with a two-hour target is due on Monday, not on Friday night.
 *
 * The calendar is the one the booking slots use (openingOn: weekly hours, holidays, yearly closures,
 * special hours), so the office has a single notion of "open". Each local date's opening intervals become
 * UTC instants once, and all arithmetic after that is on epoch milliseconds: a DST date is simply 23 or
 * 25 hours long and needs no special case.
 *
 * Boundary rule: a deadline reached exactly at closing time is the closing instant (14:00), not the next
 * opening (08:30 the following day). Intervals are half-open, so the closing instant itself is not
 * business time; addBusinessMs returns the first instant at which the required time has run.
 */

export interface BusinessCalendar {
  timeZone: string;
  hours: WeeklyHours[];
  exceptions: CalendarException[];
}
/** A span in which the clock does not run (the ticket waited for the citizen): [from, to), to null = still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}
export interface SlaTargets {
  ownMinutes: number;
  resolveMinutes: number;
  warnBeforeMinutes: number;
}
export interface SlaInput {
  createdAt: Date;
  ownedAt: Date | null;
  resolvedAt: Date | null;
  pauses: Pause[];
  now: Date;
}
export type SlaState = 'ok' | 'at_risk' | 'breached' | 'met';
export interface SlaClock {
  /** null while the deadline cannot be known: the ticket is paused (open pause) or the office never opens. */
  dueAt: Date | null;
  state: SlaState;
  /** Business time run so far (or until the clock stopped). */
  elapsedMs: number;
  /** Business time left, negative once overdue; null once the clock has stopped. */
  remainingMs: number | null;
}

/** How far addBusinessMs looks for an opening after the last one before giving up (a calendar closed for good). */
const MAX_CLOSED_DAYS = 400;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Half-open [start, end) in UTC epoch ms. */
type Span = { start: number; end: number };

// Calendar dates are stepped as plain UTC dates: no zone is involved in "the day after 2026-03-28".
function nextDate(date: LocalDate): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function localDateOf(instant: number, zone: string): LocalDate {
  const date = DateTime.fromMillis(instant, { zone }).toISODate();
  if (date === null) throw new RangeError(`unknown time zone: ${zone}`);
  return date;
}

/**
 * A wall time that the zone skips (02:30 on the spring-forward Sunday) stands for the first instant after
 * the gap: an office "opening at 02:30" that day opens when the clocks jump to 03:00. Gaps are whole
 * minutes and at most a few hours, so walking forward a minute at a time ends quickly.
 */
function instantOf(date: LocalDate, time: WallTime, zone: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  const base = hours! * 60 + minutes!;
  for (let m = base; m <= 24 * 60; m++) {
    const instant = zonedInstant(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`, zone);
    if (instant !== null) return instant.getTime();
  }
  throw new RangeError(`no instant for ${date} ${time} in ${zone}`);
}

/** The opening intervals of one local date as UTC spans (sorted, disjoint: openingOn merges them). */
function openSpans(date: LocalDate, cal: BusinessCalendar): Span[] {
  return openingOn(date, cal.hours, cal.exceptions)
    .map((r) => ({ start: instantOf(date, r.opens, cal.timeZone), end: instantOf(date, r.closes, cal.timeZone) }))
    .filter((s) => s.start < s.end);
}

/** Sorted and joined, so that overlapping or touching pauses count once; an open pause runs to +Infinity. */
function mergePauses(pauses: Pause[]): Span[] {
  const spans = pauses
    .map((p) => ({ start: p.from.getTime(), end: p.to === null ? Infinity : p.to.getTime() }))
    .filter((s) => s.start < s.end)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}

/** The parts of a span not covered by the (sorted, disjoint) pauses, in order. */
function running(span: Span, pauses: Span[]): Span[] {
  const out: Span[] = [];
  let start = span.start;
  for (const p of pauses) {
    if (p.end <= start) continue;
    if (p.start >= span.end) break;
    if (p.start > start) out.push({ start, end: p.start });
    start = Math.max(start, p.end);
    if (start >= span.end) return out;
  }
  if (start < span.end) out.push({ start, end: span.end });
  return out;
}

/** Business milliseconds in [from, to) — only time inside the office's opening intervals counts, minus pauses. */
export function businessMs(from: Date, to: Date, cal: BusinessCalendar, pauses: Pause[] = []): number {
  const [start, end] = [from.getTime(), to.getTime()];
  if (!(start < end)) return 0;
  const paused = mergePauses(pauses);
  const last = localDateOf(end, cal.timeZone);
  let total = 0;
  // A date's intervals lie within that date, so the dates from start's to end's cover the whole span.
  for (let date = localDateOf(start, cal.timeZone); date <= last; date = nextDate(date)) {
    for (const open of openSpans(date, cal)) {
      const clipped = { start: Math.max(open.start, start), end: Math.min(open.end, end) };
      if (clipped.start >= clipped.end) continue;
      for (const r of running(clipped, paused)) total += r.end - r.start;
    }
  }
  return total;
}

/**
 * The instant at which `ms` business milliseconds have run from `start`, skipping closed time and pauses.
 * null if an open pause stops the clock before that (the deadline is unknown until the pause ends), or if
 * the office has no opening hours within 400 days. 0 ms is `start` itself; a fraction is rounded up to a
 * whole millisecond so that the deadline is never early.
 */
export function addBusinessMs(start: Date, ms: number, cal: BusinessCalendar, pauses: Pause[] = []): Date | null {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`business time must be a finite non-negative number, got ${ms}`);
  let left = Math.ceil(ms);
  const from = start.getTime();
  if (left === 0) return new Date(from);
  const paused = mergePauses(pauses);
  const stopsForGood = paused.find((p) => p.end === Infinity)?.start ?? Infinity;
  let closedDays = 0;
  for (let date = localDateOf(from, cal.timeZone); closedDays <= MAX_CLOSED_DAYS; date = nextDate(date)) {
    const spans = openSpans(date, cal).filter((s) => s.end > from);
    closedDays = spans.length === 0 ? closedDays + 1 : 0;
    for (const open of spans) {
      if (Math.max(open.start, from) >= stopsForGood) return null;
      for (const r of running({ start: Math.max(open.start, from), end: open.end }, paused)) {
        // `<=`: a deadline that runs out exactly at closing time is the closing instant (the boundary rule).
        if (left <= r.end - r.start) return new Date(r.start + left);
        left -= r.end - r.start;
      }
    }
  }
  return null;
}

function clock(
  from: Date,
  target: number,
  stoppedAt: Date | null,
  now: Date,
  warnMs: number,
  cal: BusinessCalendar,
  pauses: Pause[],
): SlaClock {
  const dueAt = addBusinessMs(from, target, cal, pauses);
  const elapsedMs = businessMs(from, stoppedAt ?? now, cal, pauses);
  if (stoppedAt !== null) {
    // Instants, not business time, decide: an answer at 15:00 to a deadline of 14:00 (closing) is late.
    const onTime = dueAt === null ? elapsedMs <= target : stoppedAt.getTime() <= dueAt.getTime();
    return { dueAt, state: onTime ? 'met' : 'breached', elapsedMs, remainingMs: null };
  }
  const remainingMs = target - elapsedMs;
  const overdue = dueAt !== null && now.getTime() > dueAt.getTime();
  return { dueAt, state: overdue ? 'breached' : remainingMs < warnMs ? 'at_risk' : 'ok', elapsedMs, remainingMs };
}

/**
 * Both clocks of one ticket, measured from creation in business time.
 *
 * Time to own stops at ownedAt and ignores pauses (waiting for the citizen does not excuse not picking the
 * ticket up); a ticket resolved without ever being owned stops it at resolvedAt. Time to resolve stops at
 * resolvedAt and does not run during pauses; a pause still open when the ticket was resolved ends there.
 *
 * 'met': stopped at or before the due instant; 'breached': stopped after it, or still running and now is
 * past it; 'at_risk': running with fewer than warnBeforeMinutes business minutes left; otherwise 'ok'.
 */
export function slaClocks(input: SlaInput, targets: SlaTargets, cal: BusinessCalendar): { own: SlaClock; resolve: SlaClock } {
  const { createdAt, ownedAt, resolvedAt, now } = input;
  const warnMs = targets.warnBeforeMinutes * MINUTE_MS;
  const pauses = resolvedAt === null ? input.pauses : input.pauses.map((p) => ({ from: p.from, to: p.to ?? resolvedAt }));
  return {
    own: clock(createdAt, targets.ownMinutes * MINUTE_MS, ownedAt ?? resolvedAt, now, warnMs, cal, []),
    resolve: clock(createdAt, targets.resolveMinutes * MINUTE_MS, resolvedAt, now, warnMs, cal, pauses),
  };
}
