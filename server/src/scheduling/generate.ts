import { DateTime, IANAZone } from 'luxon';

/*
 * Bookable slots from an office's opening hours, calendar exceptions, clerk shifts and absences.
 *
 * Everything is laid out in local wall-clock minutes of the office's zone, and only a slot's two
 * boundaries become UTC instants, so a DST day neither loses, doubles nor shifts a slot. The conversion
 * asks the zone for its offset rather than calling DateTime.fromObject: luxon seeds that with the offset
 * at Date.now, so which reading of an ambiguous autumn wall time it picks would depend on the season the
 * server happens to run in.
 */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO: Monday = 1 … Sunday = 7
/** 'HH:MM', 24 h, local wall-clock time in the office's zone; '24:00' allowed only as an end. */
export type WallTime = string;
/** 'YYYY-MM-DD', a local calendar date in the office's zone. */
export type LocalDate = string;
export interface TimeRange {
  opens: WallTime;
  closes: WallTime;
}
/** Several per weekday allowed (morning + afternoon). */
export interface WeeklyHours extends TimeRange {
  weekday: Weekday;
}
export interface CalendarException {
  /** Inclusive range of local dates. */
  from: LocalDate;
  to: LocalDate;
  /** Repeats every year on the same month-day range (the year of from/to is then ignored; a range may wrap the new year, e.g. 12-24..01-06). */
  recurringYearly: boolean;
  kind: 'closed' | 'special_hours';
  /** For special_hours: the hours that replace the weekly hours on those dates (empty = closed). */
  hours?: TimeRange[];
}
export interface Shift {
  id: string;
  clerkId: string;
  weekday: Weekday;
  starts: WallTime;
  ends: WallTime;
  /** Inclusive local dates; validTo null = open-ended. */
  validFrom: LocalDate;
  validTo: LocalDate | null;
  /** The procedures this clerk takes on this shift. */
  serviceIds: string[];
}
/** UTC instants, half-open [startsAt, endsAt). */
export interface Absence {
  clerkId: string;
  startsAt: Date;
  endsAt: Date;
}
export interface ServiceSpec {
  id: string;
  durationMinutes: number;
}
export interface GenerateInput {
  timeZone: string;
  /** Inclusive first local date and exclusive last local date. */
  from: LocalDate;
  to: LocalDate;
  hours: WeeklyHours[];
  exceptions: CalendarException[];
  shifts: Shift[];
  absences: Absence[];
  services: ServiceSpec[];
}
export interface GeneratedSlot {
  serviceId: string;
  startsAt: Date; // UTC
  endsAt: Date; // UTC
  /** The clerks on shift who can take it, sorted, unique: the slot's seats. */
  clerkIds: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Half-open [start, end): wall-clock minutes since a date's midnight, or UTC epoch ms. */
type Span = { start: number; end: number };
type PreparedShift = Span & Pick<Shift, 'clerkId' | 'validFrom' | 'validTo'> & { serviceIds: Set<string> };
/** Wall-clock minutes of one date (0 … 1440) → UTC epoch ms, or null in a spring-forward gap. */
type DayClock = (minutes: number) => number | null;

/** Throws RangeError for an unknown zone; used by the API to refuse it. */
export function assertTimeZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
}

// Luxon caches zones by name and checks a zone once: asking isValidZone each time costs a new Intl formatter.
function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
  return zone;
}

function minutesOf(time: WallTime): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function wallTimeOf(minutes: number): WallTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

// Dates are walked as day numbers (days since 1970-01-01): plain calendar arithmetic, no zone involved.
function dayNumber(date: LocalDate): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year!, month! - 1, day!) / DAY_MS;
}

function dateOf(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isoWeekday(day: number): Weekday {
  return (((((day + 3) % 7) + 7) % 7) + 1) as Weekday; // 1970-01-01 was a Thursday
}

function covers(exception: CalendarException, date: LocalDate): boolean {
  if (!exception.recurringYearly) return exception.from <= date && date <= exception.to;
  const [day, from, to] = [date.slice(5), exception.from.slice(5), exception.to.slice(5)];
  // A yearly range that ends before it starts in the calendar wraps the new year (12-24..01-06).
  return from <= to ? from <= day && day <= to : day >= from || day <= to;
}

/** Sorted, with overlapping and adjacent ranges joined, so that one slot grid runs across them. */
function merge(ranges: TimeRange[]): Span[] {
  const spans = ranges
    .map((r) => ({ start: minutesOf(r.opens), end: minutesOf(r.closes) }))
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

function openingSpans(date: LocalDate, weekday: Weekday, hours: WeeklyHours[], exceptions: CalendarException[]): Span[] {
  const applying = exceptions.filter((e) => covers(e, date));
  if (applying.some((e) => e.kind === 'closed')) return [];
  const special = applying.filter((e) => e.kind === 'special_hours');
  if (special.length > 0) return merge(special.flatMap((e) => e.hours ?? []));
  return merge(hours.filter((h) => h.weekday === weekday));
}

/** The local opening intervals of one date after exceptions (for the planning board). */
export function openingOn(date: LocalDate, hours: WeeklyHours[], exceptions: CalendarException[]): TimeRange[] {
  const spans = openingSpans(date, isoWeekday(dayNumber(date)), hours, exceptions);
  return spans.map((s) => ({ opens: wallTimeOf(s.start), closes: wallTimeOf(s.end) }));
}

/*
 * A zone changes its offset at most once in a few days, so equal offsets a day before and two days after
 * the local midnight (a window wider than any zone's day) mean one offset for the whole date: the common
 * case costs two zone look-ups a day. Only a transition date pays for resolving each boundary.
 */
function dayClock(day: number, zone: IANAZone): DayClock {
  const midnight = day * DAY_MS; // the local midnight, read as if it were UTC
  const before = zone.offset(midnight - DAY_MS);
  const after = zone.offset(midnight + 2 * DAY_MS);
  if (before === after) return (minutes) => midnight + (minutes - before) * MINUTE_MS;
  const resolved = new Map<number, number | null>();
  return (minutes) => {
    let utc = resolved.get(minutes);
    if (utc === undefined) resolved.set(minutes, (utc = resolve(midnight + minutes * MINUTE_MS, [before, after], zone)));
    return utc;
  };
}

/** A candidate offset is a reading of the wall time if the zone really has it at the instant it gives; the earliest reading wins. */
function resolve(local: number, offsets: number[], zone: IANAZone): number | null {
  const readings = offsets.map((o) => local - o * MINUTE_MS).filter((utc) => zone.offset(utc) * MINUTE_MS === local - utc);
  return readings.length > 0 ? Math.min(...readings) : null;
}

/** Local date + wall time → UTC instant in the zone, or null if that wall time does not exist (spring-forward gap). For an ambiguous wall time (autumn fall-back) the earlier instant. */
export function zonedInstant(date: LocalDate, time: WallTime, zone: string): Date | null {
  const utc = dayClock(dayNumber(date), zoneOf(zone))(minutesOf(time));
  return utc === null ? null : new Date(utc);
}

type Context = { input: GenerateInput; zone: IANAZone; shifts: Map<Weekday, PreparedShift[]>; absences: Map<string, Span[]> };

// By UTF-16 code units, like Array.prototype.sort, rather than by locale: the order must not depend on the host.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Wall-clock minutes and sets once per input, so the per-slot work is comparisons only.
function prepare(input: GenerateInput): Context {
  const shifts = new Map<Weekday, PreparedShift[]>();
  for (const s of input.shifts) {
    add(shifts, s.weekday, { ...s, start: minutesOf(s.starts), end: minutesOf(s.ends), serviceIds: new Set(s.serviceIds) });
  }
  const absences = new Map<string, Span[]>();
  for (const a of input.absences) add(absences, a.clerkId, { start: a.startsAt.getTime(), end: a.endsAt.getTime() });
  for (const list of shifts.values()) list.sort((a, b) => compareText(a.clerkId, b.clerkId));
  return { input, zone: zoneOf(input.timeZone), shifts, absences };
}

/** A candidate slot: wall-clock minutes of its date, and the UTC epoch ms they stand for. */
type Candidate = { start: number; end: number; from: number; to: number };

function away(absences: Span[] | undefined, slot: Candidate): boolean {
  return absences !== undefined && absences.some((a) => a.start < slot.to && slot.from < a.end);
}

/** Shifts come sorted by clerk, so seats come out sorted and a clerk's second shift sits next to the first. */
function seatsFor(slot: Candidate, shifts: PreparedShift[], absences: Map<string, Span[]>): string[] {
  const seats: string[] = [];
  for (let i = 0; i < shifts.length; i++) {
    const s = shifts[i]!;
    if (s.start > slot.start || slot.end > s.end || seats[seats.length - 1] === s.clerkId) continue;
    if (!away(absences.get(s.clerkId), slot)) seats.push(s.clerkId);
  }
  return seats;
}

// Plain loops and no throw-away arrays here: this runs for every candidate, mostly before the JIT has warmed up.
function slotsOfService(service: ServiceSpec, spans: Span[], shifts: PreparedShift[], clock: DayClock, ctx: Context, out: GeneratedSlot[]) {
  const step = service.durationMinutes;
  for (const span of spans) {
    for (let start = span.start; start + step <= span.end; start += step) {
      const from = clock(start);
      const to = clock(start + step);
      if (from === null || to === null) continue; // a boundary in the spring-forward gap
      const clerkIds = seatsFor({ start, end: start + step, from, to }, shifts, ctx.absences);
      if (clerkIds.length > 0) out.push({ serviceId: service.id, startsAt: new Date(from), endsAt: new Date(to), clerkIds });
    }
  }
}

function slotsOfDay(day: number, ctx: Context, out: GeneratedSlot[]): void {
  const [date, weekday] = [dateOf(day), isoWeekday(day)];
  const spans = openingSpans(date, weekday, ctx.input.hours, ctx.input.exceptions);
  const onShift = (ctx.shifts.get(weekday) ?? []).filter((s) => s.validFrom <= date && (s.validTo === null || date <= s.validTo));
  if (spans.length === 0 || onShift.length === 0) return;
  const clock = dayClock(day, ctx.zone);
  for (const service of ctx.input.services) {
    const shifts = onShift.filter((s) => s.serviceIds.has(service.id));
    if (shifts.length > 0) slotsOfService(service, spans, shifts, clock, ctx, out);
  }
}

export function generateSlots(input: GenerateInput): GeneratedSlot[] {
  for (const s of input.services) {
    if (!(s.durationMinutes > 0)) throw new RangeError(`service ${s.id}: duration must be positive, got ${s.durationMinutes}`);
  }
  const ctx = prepare(input);
  const out: GeneratedSlot[] = [];
  // Day numbers, not dates, drive the loop: a malformed date gives NaN, which ends it instead of spinning.
  for (let day = dayNumber(input.from), end = dayNumber(input.to); day < end; day++) slotsOfDay(day, ctx, out);
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || compareText(a.serviceId, b.serviceId));
}

/** The first instant of a local date in the zone: its midnight, or the first time it has when midnight falls in a DST gap. */
export function startOfDay(date: LocalDate, zone: string): Date {
  return zonedInstant(date, '00:00', zone) ?? DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}
