import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CalendarException, TimeRange, Weekday, WeeklyHours } from '../scheduling/generate';
import { addBusinessMs, businessMs, slaClocks, type BusinessCalendar, type Pause, type SlaInput, type SlaTargets } from './sla';

const MADRID = 'Europe/Madrid';
const CANARY = 'Atlantic/Canary'; // one hour behind Madrid, same DST dates
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const ALL_WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const hoursOn = (weekdays: Weekday[], opens: string, closes: string): WeeklyHours[] =>
  weekdays.map((weekday) => ({ weekday, opens, closes }));
const closed = (from: string, to = from, recurringYearly = false): CalendarException => ({ from, to, recurringYearly, kind: 'closed' });
const special = (date: string, hours: TimeRange[]): CalendarException => ({
  from: date,
  to: date,
  recurringYearly: false,
  kind: 'special_hours',
  hours,
});

/** Mon–Fri 08:30–14:00, and Thursday afternoons 16:00–19:00 too. */
const OFFICE_HOURS = [...hoursOn(WORKDAYS, '08:30', '14:00'), ...hoursOn([4], '16:00', '19:00')];
const office = (exceptions: CalendarException[] = [], timeZone = MADRID, hours = OFFICE_HOURS): BusinessCalendar => ({
  timeZone,
  hours,
  exceptions,
});
const OFFICE = office();

// June 2026 is summer time in Madrid (UTC+2): Monday 1, Thursday 4, Friday 5, Monday 8; Wednesday 24 is Sant Joan.
/** 'Mon 09:00' (week of 2026-06-01) or '2026-06-24 09:00': local wall time in the zone, read by luxon (an independent reading). */
function at(when: string, zone = MADRID): Date {
  const days: Record<string, string> = {
    Mon: '01',
    Tue: '02',
    Wed: '03',
    Thu: '04',
    Fri: '05',
    Sat: '06',
    Sun: '07',
    Mon2: '08',
    Tue2: '09',
  };
  const [day, time] = when.split(' ') as [string, string];
  const date = days[day] ? `2026-06-${days[day]}` : day;
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!local.isValid) throw new Error(`bad test time: ${when}`);
  return local.toJSDate();
}
const utc = (iso: string) => new Date(iso);
const pause = (from: string, to: string | null): Pause => ({ from: at(from), to: to === null ? null : at(to) });
const span = (from: string, to: string, cal = OFFICE, pauses: Pause[] = []) => businessMs(at(from), at(to), cal, pauses) / HOUR;
const plus = (from: string, hours: number, cal = OFFICE, pauses: Pause[] = []) => addBusinessMs(at(from), hours * HOUR, cal, pauses);

describe('businessMs', () => {
  it.each([
    ['inside one morning', 'Mon 09:00', 'Mon 11:30', 2.5],
    ['across the Thursday lunch closure', 'Thu 13:00', 'Thu 17:00', 2],
    ['across a night', 'Mon 13:00', 'Tue 09:00', 1.5],
    ['across a weekend', 'Fri 13:00', 'Mon2 09:30', 2],
    ['starting before opening', 'Mon 06:00', 'Mon 10:00', 1.5],
    ['ending after closing', 'Mon 12:00', 'Mon 22:00', 2],
    ['a whole Thursday, both ends outside', 'Thu 00:00', 'Fri 00:00', 8.5],
    ['a whole week', 'Mon 00:00', 'Mon2 00:00', 5 * 5.5 + 3],
    ['entirely in closed time', 'Sat 09:00', 'Sun 20:00', 0],
    ['from opening to closing exactly', 'Mon 08:30', 'Mon 14:00', 5.5],
  ])('%s', (_, from, to, hours) => {
    expect(span(from, to)).toBe(hours);
  });

  it('is 0 for an empty or reversed span', () => {
    expect(span('Mon 10:00', 'Mon 10:00')).toBe(0);
    expect(span('Mon 11:00', 'Mon 10:00')).toBe(0);
  });

  it('skips a holiday', () => {
    const santJoan = office([closed('2026-06-24')]);
    expect(span('2026-06-23 13:00', '2026-06-25 09:00', santJoan)).toBe(1.5);
    expect(span('2026-06-23 13:00', '2026-06-25 09:00')).toBe(1.5 + 5.5);
  });

  it('skips a closure that recurs every year, whatever year it was entered with', () => {
    // Thursday 24 Dec 2026 (winter time) → Monday 28: only Thursday afternoon and Monday morning count.
    const christmas = office([closed('2000-12-25', '2000-12-26', true)]);
    expect(span('2026-12-24 13:00', '2026-12-28 09:00', christmas)).toBe(1 + 3 + 0.5);
    expect(span('2026-12-24 13:00', '2026-12-28 09:00')).toBe(1 + 3 + 5.5 + 0.5);
    // A yearly range that wraps the new year.
    const newYear = office([closed('2000-12-31', '2001-01-01', true)]);
    expect(span('2026-12-31 00:00', '2027-01-02 00:00', newYear)).toBe(0);
  });

  it('uses special hours on a date, even on a weekend', () => {
    const shortFriday = office([special('2026-06-05', [{ opens: '10:00', closes: '12:00' }])]);
    expect(span('Fri 00:00', 'Sat 00:00', shortFriday)).toBe(2);
    const openSaturday = office([special('2026-06-06', [{ opens: '09:00', closes: '13:00' }])]);
    expect(span('Fri 13:00', 'Mon2 09:00', openSaturday)).toBe(1 + 4 + 0.5);
    const closedThursday = office([special('2026-06-04', [])]);
    expect(span('Thu 00:00', 'Fri 00:00', closedThursday)).toBe(0);
  });

  describe('pauses', () => {
    it.each([
      ['inside the span', [pause('Mon 10:00', 'Mon 10:30')], 2.5],
      ['over the start', [pause('Mon 08:00', 'Mon 09:30')], 2.5],
      ['over the end', [pause('Mon 11:30', 'Mon 13:00')], 2.5],
      ['covering the whole span', [pause('2026-05-31 12:00', 'Tue 12:00')], 0],
      ['outside the span', [pause('Mon 08:00', 'Mon 08:59'), pause('Mon 12:00', 'Mon 13:00')], 3],
      ['overlapping each other', [pause('Mon 10:00', 'Mon 11:00'), pause('Mon 10:30', 'Mon 11:30')], 1.5],
      ['one inside another, given out of order', [pause('Mon 10:30', 'Mon 10:45'), pause('Mon 10:00', 'Mon 11:00')], 2],
      ['touching each other', [pause('Mon 10:00', 'Mon 10:30'), pause('Mon 10:30', 'Mon 11:00')], 2],
      ['still open', [pause('Mon 10:00', null)], 1],
      ['still open, started before the span', [pause('Mon 08:00', null)], 0],
      ['empty or reversed (ignored)', [pause('Mon 10:00', 'Mon 10:00'), pause('Mon 11:00', 'Mon 10:00')], 3],
    ])('%s', (_, pauses, hours) => {
      expect(span('Mon 09:00', 'Mon 12:00', OFFICE, pauses)).toBe(hours);
    });

    it('do not take away closed time twice', () => {
      // Monday 12:00 → Tuesday 10:00 is 3.5 business hours; the pause overnight covers 1.5 of them.
      expect(span('Mon 12:00', 'Tue 10:00', OFFICE, [pause('Mon 13:00', 'Tue 09:00')])).toBe(2);
    });
  });

  it('refuses an unknown time zone', () => {
    expect(() => businessMs(at('Mon 09:00'), at('Mon 10:00'), office([], 'Europe/Atlantis'))).toThrow(RangeError);
  });
});

describe('addBusinessMs', () => {
  it.each([
    ['inside one morning', 'Mon 09:00', 2, 'Mon 11:00'],
    ['across the Thursday lunch closure', 'Thu 13:00', 2, 'Thu 17:00'],
    ['across a night', 'Mon 13:00', 1.5, 'Tue 09:00'],
    ['across a weekend', 'Fri 13:00', 2, 'Mon2 09:30'],
    ['from before opening', 'Mon 06:00', 1, 'Mon 09:30'],
    ['from a Saturday', 'Sat 10:00', 0.5, 'Mon2 09:00'],
    ['a whole week', 'Mon 08:30', 5 * 5.5 + 3, 'Fri 14:00'],
  ])('%s', (_, from, hours, due) => {
    expect(plus(from, hours)).toEqual(at(due));
  });

  it('stops at the closing instant when the time runs out exactly at closing (the boundary rule)', () => {
    expect(plus('Mon 12:00', 2)).toEqual(at('Mon 14:00'));
    expect(plus('Fri 08:30', 5.5)).toEqual(at('Fri 14:00')); // not Monday 08:30
    // One millisecond more belongs to the next opening.
    expect(addBusinessMs(at('Mon 12:00'), 2 * HOUR + 1, OFFICE)).toEqual(new Date(at('Tue 08:30').getTime() + 1));
  });

  it('takes 0 ms as the start itself, even in closed time', () => {
    expect(plus('Sat 10:00', 0)).toEqual(at('Sat 10:00'));
  });

  it('rounds a fraction of a millisecond up', () => {
    expect(addBusinessMs(at('Mon 09:00'), 0.2, OFFICE)).toEqual(new Date(at('Mon 09:00').getTime() + 1));
  });

  it('refuses a negative or non-finite amount', () => {
    expect(() => plus('Mon 09:00', -1)).toThrow(RangeError);
    expect(() => addBusinessMs(at('Mon 09:00'), NaN, OFFICE)).toThrow(RangeError);
    expect(() => addBusinessMs(at('Mon 09:00'), Infinity, OFFICE)).toThrow(RangeError);
  });

  it('skips holidays and special hours', () => {
    expect(plus('2026-06-23 13:00', 1.5, office([closed('2026-06-24')]))).toEqual(at('2026-06-25 09:00'));
    const openSaturday = office([special('2026-06-06', [{ opens: '09:00', closes: '13:00' }])]);
    expect(plus('Fri 13:00', 2, openSaturday)).toEqual(at('Sat 10:00'));
  });

  describe('with pauses', () => {
    it.each([
      ['inside', [pause('Mon 10:00', 'Mon 10:30')], 'Mon 11:30'],
      ['over the start', [pause('Mon 08:00', 'Mon 09:30')], 'Mon 11:30'],
      ['overlapping each other', [pause('Mon 10:00', 'Mon 11:00'), pause('Mon 10:30', 'Mon 11:30')], 'Mon 12:30'],
      ['pushing the deadline to the next day', [pause('Mon 10:00', 'Mon 13:30')], 'Tue 09:00'],
      ['running out exactly at closing after a pause', [pause('Mon 10:00', 'Mon 13:00')], 'Mon 14:00'],
      ['over a night', [pause('Mon 13:00', 'Tue 10:00')], 'Mon 11:00'],
      ['still open, after the deadline', [pause('Mon 12:00', null)], 'Mon 11:00'],
      ['still open, starting exactly at the deadline', [pause('Mon 11:00', null)], 'Mon 11:00'],
    ])('%s', (_, pauses, due) => {
      expect(plus('Mon 09:00', 2, OFFICE, pauses)).toEqual(at(due));
    });

    it('never reach the deadline while a pause is open', () => {
      expect(plus('Mon 09:00', 2, OFFICE, [pause('Mon 10:00', null)])).toBeNull();
      expect(plus('Mon 09:00', 2, OFFICE, [pause('2026-05-31 10:00', null)])).toBeNull();
      // An open pause that starts in closed time, before the deadline, also stops it.
      expect(plus('Mon 13:00', 2, OFFICE, [pause('Mon 20:00', null)])).toBeNull();
    });
  });

  it('gives up (null) on a calendar that never opens, but not on a long closure', () => {
    expect(plus('Mon 09:00', 1, office([], MADRID, []))).toBeNull();
    expect(plus('Mon 09:00', 1, office([closed('2026-01-01', '2030-12-31')]))).toBeNull();
    expect(plus('Mon 09:00', 1, office([closed('2026-06-01', '2027-03-31')]))).toEqual(at('2027-04-01 09:30'));
  });

  describe('across the DST changes of 2026 (an office open on Sundays)', () => {
    const allDay = office([], MADRID, hoursOn(ALL_WEEK, '00:00', '24:00'));
    const smallHours = office([], MADRID, hoursOn(ALL_WEEK, '01:00', '04:00'));
    const sundays = office([], MADRID, hoursOn(ALL_WEEK, '08:30', '14:00'));

    it('counts the real length of the changeover Sundays', () => {
      expect(businessMs(utc('2026-03-28T23:00Z'), utc('2026-03-29T22:00Z'), allDay) / HOUR).toBe(23);
      expect(businessMs(utc('2026-10-24T22:00Z'), utc('2026-10-25T23:00Z'), allDay) / HOUR).toBe(25);
      // 01:00–04:00 local loses the skipped hour in spring and gains the repeated one in autumn.
      expect(businessMs(utc('2026-03-28T23:00Z'), utc('2026-03-29T22:00Z'), smallHours) / HOUR).toBe(2);
      expect(businessMs(utc('2026-10-24T22:00Z'), utc('2026-10-25T23:00Z'), smallHours) / HOUR).toBe(4);
    });

    it('in March (clocks go forward at 02:00)', () => {
      // An office open round the clock runs with real time.
      expect(addBusinessMs(utc('2026-03-28T11:00Z'), 36 * HOUR, allDay)).toEqual(utc('2026-03-29T23:00Z'));
      // Saturday 03:00–04:00 CET, then Sunday 01:00 CET (00:00Z) + 1.5 h = 01:30Z (03:30 CEST).
      expect(addBusinessMs(utc('2026-03-28T02:00Z'), 2.5 * HOUR, smallHours)).toEqual(utc('2026-03-29T01:30Z'));
      // Saturday 13:00 CET + 2 h: one hour on Saturday, then Sunday 08:30 CEST (06:30Z) + 1 h.
      expect(addBusinessMs(utc('2026-03-28T12:00Z'), 2 * HOUR, sundays)).toEqual(utc('2026-03-29T07:30Z'));
    });

    it('in October (clocks go back at 03:00)', () => {
      expect(addBusinessMs(utc('2026-10-24T10:00Z'), 36 * HOUR, allDay)).toEqual(utc('2026-10-25T22:00Z'));
      // Saturday 03:00–04:00 CEST, then Sunday 01:00 CEST (23:00Z on Saturday) + 1.5 h = 00:30Z (02:30 CEST).
      expect(addBusinessMs(utc('2026-10-24T01:00Z'), 2.5 * HOUR, smallHours)).toEqual(utc('2026-10-25T00:30Z'));
      // Sunday 01:00 CEST + 3.5 h runs through the repeated hour: 03:30 CET (02:30Z).
      expect(addBusinessMs(utc('2026-10-24T23:00Z'), 3.5 * HOUR, smallHours)).toEqual(utc('2026-10-25T02:30Z'));
      // Saturday 13:00 CEST + 2 h: one hour on Saturday, then Sunday 08:30 CET (07:30Z) + 1 h.
      expect(addBusinessMs(utc('2026-10-24T11:00Z'), 2 * HOUR, sundays)).toEqual(utc('2026-10-25T08:30Z'));
    });

    it('treats an opening inside the skipped hour as the end of the gap', () => {
      const halfPastTwo = office([], MADRID, hoursOn([7], '02:30', '05:00'));
      // 02:30 does not exist on 29 March: the office opens at 03:00 CEST (01:00Z) and closes at 05:00 CEST.
      expect(businessMs(utc('2026-03-28T23:00Z'), utc('2026-03-29T22:00Z'), halfPastTwo) / HOUR).toBe(2);
      expect(addBusinessMs(utc('2026-03-28T23:00Z'), 1, halfPastTwo)).toEqual(utc('2026-03-29T01:00:00.001Z'));
    });
  });

  it('reads the hours in the office zone (Atlantic/Canary, an hour behind Madrid)', () => {
    const canary = office([], CANARY);
    expect(addBusinessMs(at('Mon 12:00', CANARY), 2 * HOUR, canary)).toEqual(utc('2026-06-01T13:00Z'));
    expect(addBusinessMs(at('Mon 12:00', CANARY), 2 * HOUR, OFFICE)).toEqual(utc('2026-06-02T07:30Z'));
    // Madrid's Monday opening hours (06:30Z–12:00Z) overlap the Canary ones (07:30Z–13:00Z) by 4.5 h.
    expect(businessMs(utc('2026-06-01T06:30Z'), utc('2026-06-01T12:00Z'), canary) / HOUR).toBe(4.5);
    expect(businessMs(utc('2026-06-01T06:30Z'), utc('2026-06-01T12:00Z'), OFFICE) / HOUR).toBe(5.5);
  });

  describe('is the inverse of businessMs', () => {
    // A small LCG, so the cases are many but the same on every run.
    function* amounts(seed: number, n: number): Generator<number> {
      let state = seed;
      for (let i = 0; i < n; i++) {
        state = (state * 48_271) % 2_147_483_647; // Park–Miller: the products stay exact in a double
        yield state % (60 * HOUR); // up to two weeks of business time, to the millisecond
      }
    }
    const cases: [string, Date, BusinessCalendar, Pause[]][] = [
      ['Madrid, from an open moment', at('Mon 09:17'), OFFICE, []],
      ['Madrid, from closed time', at('Sat 18:00'), OFFICE, []],
      [
        'Madrid, with holidays and pauses',
        at('Thu 13:59'),
        office([closed('2026-06-24'), closed('2000-06-10', '2000-06-11', true)]),
        [pause('Mon2 09:00', 'Tue2 12:00'), pause('Fri 10:00', 'Fri 10:01')],
      ],
      ['Canary', at('Tue 08:00', CANARY), office([], CANARY), []],
      ['over the spring change', utc('2026-03-27T12:00Z'), office([], MADRID, hoursOn(ALL_WEEK, '01:00', '04:00')), []],
      ['over the autumn change', utc('2026-10-23T12:00Z'), office([], MADRID, hoursOn(ALL_WEEK, '01:30', '03:30')), []],
    ];

    it.each(cases)('%s', (_, start, cal, pauses) => {
      for (const x of [0, 1, HOUR, 5.5 * HOUR, ...amounts(((start.getTime() / MINUTE) % 1_000_000) + 1, 150)]) {
        const due = addBusinessMs(start, x, cal, pauses);
        expect(due).not.toBeNull();
        expect(businessMs(start, due!, cal, pauses)).toBe(x);
      }
    });
  });
});

describe('slaClocks', () => {
  // Own within an hour, resolve within a working day (8 business hours), warn 30 minutes before.
  const targets: SlaTargets = { ownMinutes: 60, resolveMinutes: 480, warnBeforeMinutes: 30 };
  const ticket = (overrides: Partial<Record<keyof SlaInput, string | null>>, pauses: Pause[] = []): SlaInput => {
    const d = (key: keyof SlaInput) => {
      const when = overrides[key];
      return when ? at(when) : null;
    };
    return {
      createdAt: at(overrides.createdAt ?? 'Mon 09:00'),
      ownedAt: d('ownedAt'),
      resolvedAt: d('resolvedAt'),
      pauses,
      now: at(overrides.now ?? 'Mon 09:10'),
    };
  };
  const clocks = (input: SlaInput) => slaClocks(input, targets, OFFICE);
  const states = (input: SlaInput) => {
    const { own, resolve } = clocks(input);
    return [own.state, resolve.state];
  };

  it('sets both deadlines in business time', () => {
    const { own, resolve } = clocks(ticket({}));
    expect(own).toEqual({ dueAt: at('Mon 10:00'), state: 'ok', elapsedMs: 10 * MINUTE, remainingMs: 50 * MINUTE });
    // Monday 09:00–14:00 is 5 h; the other 3 h run on Tuesday from 08:30.
    expect(resolve).toEqual({ dueAt: at('Tue 11:30'), state: 'ok', elapsedMs: 10 * MINUTE, remainingMs: 470 * MINUTE });
  });

  it.each([
    ['both ok', {}, ['ok', 'ok']],
    ['own at risk: 20 minutes left', { now: 'Mon 09:40' }, ['at_risk', 'ok']],
    ['own at the warning edge: exactly 30 minutes left is still ok', { now: 'Mon 09:30' }, ['ok', 'ok']],
    ['own breached, not owned after its deadline', { now: 'Mon 10:01' }, ['breached', 'ok']],
    ['own due this instant: at risk, not yet breached', { now: 'Mon 10:00' }, ['at_risk', 'ok']],
    ['own met', { ownedAt: 'Mon 09:50', now: 'Tue 09:00' }, ['met', 'ok']],
    ['own met exactly at its deadline', { ownedAt: 'Mon 10:00', now: 'Mon 12:00' }, ['met', 'ok']],
    ['own breached: owned late', { ownedAt: 'Mon 10:30', now: 'Mon 12:00' }, ['breached', 'ok']],
    ['resolve at risk', { ownedAt: 'Mon 09:30', now: 'Tue 11:10' }, ['met', 'at_risk']],
    ['resolve breached', { ownedAt: 'Mon 09:30', now: 'Tue 11:31' }, ['met', 'breached']],
    ['resolve met', { ownedAt: 'Mon 09:30', resolvedAt: 'Tue 11:00', now: 'Fri 09:00' }, ['met', 'met']],
    ['resolve breached: resolved late', { ownedAt: 'Mon 09:30', resolvedAt: 'Tue 12:00', now: 'Fri 09:00' }, ['met', 'breached']],
    ['resolved without being owned: the own clock stops too', { resolvedAt: 'Mon 09:40', now: 'Fri 09:00' }, ['met', 'met']],
  ] as const)('%s', (_, overrides, expected) => {
    expect(states(ticket(overrides))).toEqual(expected);
  });

  it('reports the business time left, negative once overdue, and none once stopped', () => {
    const overdue = clocks(ticket({ now: 'Tue 09:00' }));
    expect(overdue.own.remainingMs).toBe(-4.5 * HOUR); // 09:00–14:00 and 08:30–09:00 run, against one hour
    expect(overdue.resolve.remainingMs).toBe(2.5 * HOUR);
    const stopped = clocks(ticket({ ownedAt: 'Mon 09:20', resolvedAt: 'Mon 11:00', now: 'Fri 09:00' }));
    expect(stopped.own).toMatchObject({ elapsedMs: 20 * MINUTE, remainingMs: null });
    expect(stopped.resolve).toMatchObject({ elapsedMs: 2 * HOUR, remainingMs: null });
  });

  it('breaches a deadline that fell at closing time when the answer comes after closing', () => {
    // Created 13:30 with half an hour to own: it runs out at 14:00, the closing instant. Owning at 15:00
    // is late, although no business time has run since 14:00.
    const halfHour = { ...targets, ownMinutes: 30 };
    const late = slaClocks(ticket({ createdAt: 'Mon 13:30', ownedAt: 'Mon 15:00', now: 'Mon 15:00' }), halfHour, OFFICE);
    expect(late.own).toMatchObject({ dueAt: at('Mon 14:00'), state: 'breached', elapsedMs: 30 * MINUTE });
    const waiting = slaClocks(ticket({ createdAt: 'Mon 13:30', now: 'Mon 18:00' }), halfHour, OFFICE);
    expect(waiting.own).toMatchObject({ dueAt: at('Mon 14:00'), state: 'breached', remainingMs: 0 });
    // With a full hour, the other 30 minutes run on Tuesday morning.
    expect(clocks(ticket({ createdAt: 'Mon 13:30', now: 'Mon 18:00' })).own).toMatchObject({ dueAt: at('Tue 09:00'), state: 'ok' });
  });

  it('moves the resolve deadline with pauses, but not the own one', () => {
    // Waiting for the citizen 09:05–12:05: three business hours later, and over a closing.
    const paused = [pause('Mon 09:05', 'Mon 12:05')];
    const { own, resolve } = clocks(ticket({ now: 'Mon 12:30' }, paused));
    expect(own).toMatchObject({ dueAt: at('Mon 10:00'), state: 'breached', elapsedMs: 3.5 * HOUR });
    expect(resolve).toMatchObject({ dueAt: at('Wed 09:00'), state: 'ok', elapsedMs: 30 * MINUTE });
    // Without the pause the resolve deadline stays on Tuesday.
    expect(clocks(ticket({ now: 'Mon 12:30' })).resolve.dueAt).toEqual(at('Tue 11:30'));
  });

  it('has no resolve deadline while a pause is open, and counts up to its start', () => {
    const { own, resolve } = clocks(ticket({ ownedAt: 'Mon 09:10', now: 'Tue 13:00' }, [pause('Mon 10:00', null)]));
    expect(own).toMatchObject({ dueAt: at('Mon 10:00'), state: 'met' });
    expect(resolve).toEqual({ dueAt: null, state: 'ok', elapsedMs: HOUR, remainingMs: 7 * HOUR });
  });

  it('is at risk, not breached, while paused with little time left', () => {
    const { resolve } = clocks(ticket({ ownedAt: 'Mon 09:10', now: 'Wed 10:00' }, [pause('Tue 11:15', null)]));
    expect(resolve).toEqual({ dueAt: null, state: 'at_risk', elapsedMs: 7.75 * HOUR, remainingMs: 15 * MINUTE });
  });

  it('ends a pause still open at resolution there', () => {
    const { resolve } = clocks(ticket({ ownedAt: 'Mon 09:10', resolvedAt: 'Mon 12:00', now: 'Fri 09:00' }, [pause('Mon 10:00', null)]));
    expect(resolve).toEqual({ dueAt: at('Tue 13:30'), state: 'met', elapsedMs: HOUR, remainingMs: null });
  });

  it('runs the clocks in the office zone', () => {
    const canary = office([], CANARY);
    const input: SlaInput = {
      createdAt: at('Mon 13:30', CANARY),
      ownedAt: null,
      resolvedAt: null,
      pauses: [],
      now: at('Mon 13:40', CANARY),
    };
    expect(slaClocks(input, targets, canary).own).toMatchObject({ dueAt: at('Tue 09:00', CANARY), state: 'ok' });
    // The same instants read in Madrid: 14:30 there, after closing; the hour runs on Tuesday from 08:30.
    expect(slaClocks(input, targets, OFFICE).own).toMatchObject({ dueAt: at('Tue 09:30'), state: 'ok', elapsedMs: 0 });
  });
});
