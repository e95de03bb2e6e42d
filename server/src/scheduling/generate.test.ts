import { DateTime, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  generateSlots,
  openingOn,
  zonedInstant,
  type CalendarException,
  type GeneratedSlot,
  type GenerateInput,
  type Shift,
  type TimeRange,
  type Weekday,
  type WeeklyHours,
} from './generate';

const MADRID = 'Europe/Madrid';
const CANARY = 'Atlantic/Canary'; // one hour behind Madrid, same DST dates
const ALL_WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const MONDAY = '2026-06-01'; // summer time in Madrid: UTC+2

const hoursOn = (weekdays: Weekday[], ...ranges: [string, string][]): WeeklyHours[] =>
  weekdays.flatMap((weekday) => ranges.map(([opens, closes]) => ({ weekday, opens, closes })));
const range = (opens: string, closes: string): TimeRange => ({ opens, closes });
const closed = (from: string, to = from, recurringYearly = false): CalendarException => ({ from, to, recurringYearly, kind: 'closed' });
const special = (from: string, hours: TimeRange[] | undefined, to = from): CalendarException => ({
  from,
  to,
  recurringYearly: false,
  kind: 'special_hours',
  hours,
});

function shift(overrides: Partial<Shift> = {}): Shift {
  return {
    id: 'ana-mon',
    clerkId: 'ana',
    weekday: 1,
    starts: '00:00',
    ends: '24:00',
    validFrom: '2000-01-01',
    validTo: null,
    serviceIds: ['padro'],
    ...overrides,
  };
}
const everyDay = (clerkId = 'ana'): Shift[] => ALL_WEEK.map((weekday) => shift({ id: `${clerkId}-${weekday}`, clerkId, weekday }));

/** By default: Madrid, Monday 2026-06-01 alone, open 09:00–11:00, Ana on shift all day for the 30-minute 'padro'. */
function input(overrides: Partial<GenerateInput> = {}): GenerateInput {
  return {
    timeZone: MADRID,
    from: MONDAY,
    to: '2026-06-02',
    hours: hoursOn([1], ['09:00', '11:00']),
    exceptions: [],
    shifts: [shift()],
    absences: [],
    services: [{ id: 'padro', durationMinutes: 30 }],
    ...overrides,
  };
}

// Reading instants back as wall time with luxon is an independent check: instant → wall time is never ambiguous.
const wall = (d: Date, zone = MADRID, format = 'HH:mm') => DateTime.fromJSDate(d, { zone }).toFormat(format);
const starts = (slots: GeneratedSlot[], zone = MADRID) => slots.map((s) => wall(s.startsAt, zone));
const dates = (slots: GeneratedSlot[], zone = MADRID) => [...new Set(slots.map((s) => wall(s.startsAt, zone, 'yyyy-MM-dd')))];
const minutes = (s: GeneratedSlot) => (s.endsAt.getTime() - s.startsAt.getTime()) / 60_000;
/** 'instant duration' in UTC, e.g. '2026-03-29T07:00Z 30'. */
const utc = (slots: GeneratedSlot[]) => slots.map((s) => `${s.startsAt.toISOString().slice(0, 16)}Z ${minutes(s)}`);
/** n consecutive 30-minute slots from a UTC instant, in the format of utc(). */
const halfHours = (first: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${new Date(Date.parse(first) + i * 1_800_000).toISOString().slice(0, 16)}Z 30`);
const perDate = (slots: GeneratedSlot[], zone = MADRID) =>
  Object.fromEntries(dates(slots, zone).map((d) => [d, slots.filter((s) => wall(s.startsAt, zone, 'yyyy-MM-dd') === d).length]));

describe('openingOn', () => {
  const weekly = hoursOn(WORKDAYS, ['15:00', '19:00'], ['08:00', '14:00']);
  const allWeek = hoursOn(ALL_WEEK, ['09:00', '14:00']);
  const morning = [range('09:00', '14:00')];

  it('gives the weekly hours of the date’s ISO weekday, morning and afternoon, sorted (rule 1c)', () => {
    expect(openingOn(MONDAY, weekly, [])).toEqual([range('08:00', '14:00'), range('15:00', '19:00')]);
    expect(openingOn('2026-06-06', weekly, [])).toEqual([]); // Saturday
    expect(openingOn('2026-06-07', hoursOn([7], ['10:00', '12:00']), [])).toEqual([range('10:00', '12:00')]); // Sunday is 7
  });

  it('merges overlapping, contained and adjacent intervals, and keeps 24:00 as an end (rule 1)', () => {
    const hours = hoursOn([1], ['09:30', '12:00'], ['08:00', '10:00'], ['12:00', '13:00'], ['08:30', '09:00'], ['20:00', '24:00']);
    expect(openingOn(MONDAY, hours, [])).toEqual([range('08:00', '13:00'), range('20:00', '24:00')]);
  });

  it('closes a single date, and a multi-day range with both ends inclusive (rule 1a)', () => {
    expect(openingOn('2026-06-02', allWeek, [closed('2026-06-02')])).toEqual([]);
    expect(openingOn('2026-06-03', allWeek, [closed('2026-06-02')])).toEqual(morning);
    const week = [closed('2026-06-02', '2026-06-04')];
    const open = ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05'].map((d) => openingOn(d, allWeek, week).length > 0);
    expect(open).toEqual([true, false, false, false, true]);
  });

  it('applies a one-off exception in its own year only, and a recurring one in every year (rule 1a)', () => {
    expect(openingOn('2026-06-02', allWeek, [closed('2025-06-02')])).toEqual(morning);
    expect(openingOn('2026-05-01', allWeek, [closed('2019-05-01', '2019-05-01', true)])).toEqual([]);
    expect(openingOn('2026-05-02', allWeek, [closed('2019-05-01', '2019-05-01', true)])).toEqual(morning);
  });

  it('reads a recurring range that wraps the new year as 12-24 … 01-06 of every year (rule 1a)', () => {
    const christmas = [closed('2000-12-24', '2001-01-06', true)];
    const days = ['2026-12-23', '2026-12-24', '2026-12-31', '2027-01-01', '2027-01-06', '2027-01-07', '2026-06-15'];
    expect(days.map((d) => openingOn(d, allWeek, christmas).length > 0)).toEqual([true, false, false, false, false, true, true]);
  });

  it('lets a closure beat special hours on the same date, whatever their order (rule 1a before 1b)', () => {
    expect(openingOn('2026-06-02', allWeek, [special('2026-06-02', morning), closed('2026-06-01', '2026-06-05')])).toEqual([]);
    expect(openingOn('2026-06-02', allWeek, [closed('2000-06-02', '2000-06-02', true), special('2026-06-02', morning)])).toEqual([]);
  });

  it('replaces the weekly hours with special hours, even on a normally closed weekday (rule 1b)', () => {
    expect(openingOn(MONDAY, weekly, [special(MONDAY, [range('10:00', '12:00')])])).toEqual([range('10:00', '12:00')]);
    expect(openingOn('2026-06-07', weekly, [special('2026-06-07', [range('10:00', '12:00')])])).toEqual([range('10:00', '12:00')]);
  });

  it('joins the hours of several special exceptions on one date, merged (rule 1b)', () => {
    const exceptions = [
      special(MONDAY, [range('10:00', '12:00')]),
      special('2026-05-25', [range('11:00', '13:00'), range('17:00', '18:00')], '2026-06-05'),
    ];
    expect(openingOn(MONDAY, weekly, exceptions)).toEqual([range('10:00', '13:00'), range('17:00', '18:00')]);
  });

  it('treats special hours that are empty or missing as closed (rule 1b)', () => {
    expect(openingOn(MONDAY, weekly, [special(MONDAY, [])])).toEqual([]);
    expect(openingOn(MONDAY, weekly, [special(MONDAY, undefined)])).toEqual([]);
  });
});

describe('generateSlots: the grid', () => {
  it('lays slots over both weekly intervals of the day, in UTC (rules 1c, 2, 4)', () => {
    const slots = generateSlots(input({ hours: hoursOn([1], ['12:00', '13:00'], ['09:00', '10:00']) }));
    expect(starts(slots)).toEqual(['09:00', '09:30', '12:00', '12:30']);
    expect(utc(slots.slice(0, 1))).toEqual(['2026-06-01T07:00Z 30']);
    expect(slots.every((s) => s.serviceId === 'padro' && minutes(s) === 30)).toBe(true);
  });

  it('restarts the grid at each interval’s opening instead of continuing the morning’s (rule 2)', () => {
    const slots = generateSlots(
      input({ hours: hoursOn([1], ['09:00', '10:00'], ['10:10', '11:00']), services: [{ id: 'padro', durationMinutes: 20 }] }),
    );
    expect(starts(slots)).toEqual(['09:00', '09:20', '09:40', '10:10', '10:30']); // not 10:20, 10:40
  });

  it('drops the last partial slot when the duration does not divide the interval (rule 2)', () => {
    const slots = generateSlots(input({ services: [{ id: 'padro', durationMinutes: 25 }] }));
    expect(starts(slots)).toEqual(['09:00', '09:25', '09:50', '10:15']); // 10:40–11:05 would overrun 11:00
    expect(generateSlots(input({ services: [{ id: 'padro', durationMinutes: 150 }] }))).toEqual([]);
  });

  it('runs one grid across adjacent intervals, since they are merged first (rule 1)', () => {
    const slots = generateSlots(input({ hours: hoursOn([1], ['09:00', '09:40'], ['09:40', '11:00']) }));
    expect(starts(slots)).toEqual(['09:00', '09:30', '10:00', '10:30']);
  });

  it('covers each local date from `from` up to, not including, `to` (rule 1)', () => {
    const base = { hours: hoursOn(WORKDAYS, ['09:00', '10:00']), shifts: everyDay() };
    expect(dates(generateSlots(input({ ...base, to: '2026-06-08' })))).toEqual([
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
      '2026-06-04',
      '2026-06-05',
    ]);
    expect(dates(generateSlots(input({ ...base, to: '2026-06-03' })))).toEqual(['2026-06-01', '2026-06-02']);
  });

  it('orders slots by start instant, then service id, across services and days (rule 4)', () => {
    const services = [
      { id: 'licencia', durationMinutes: 60 },
      { id: 'cita', durationMinutes: 30 },
    ];
    const shifts = [shift({ weekday: 1, serviceIds: ['licencia', 'cita'] }), shift({ weekday: 2, serviceIds: ['licencia', 'cita'] })];
    const slots = generateSlots(input({ services, shifts, to: '2026-06-03', hours: hoursOn([1, 2], ['09:00', '10:00']) }));
    const order = slots.map((s) => `${wall(s.startsAt, MADRID, 'dd HH:mm')} ${s.serviceId}`);
    expect(order).toEqual(['01 09:00 cita', '01 09:00 licencia', '01 09:30 cita', '02 09:00 cita', '02 09:00 licencia', '02 09:30 cita']);
  });

  it('follows the exceptions: nothing on a closed date, slots in special hours on a Sunday (rules 1a, 1b)', () => {
    const base = { hours: hoursOn(WORKDAYS, ['09:00', '10:00']), shifts: everyDay(), to: '2026-06-08' };
    const exceptions = [closed('2026-06-02', '2026-06-04'), special('2026-06-07', [range('11:00', '12:00')])];
    const slots = generateSlots(input({ ...base, exceptions }));
    expect(slots.map((s) => wall(s.startsAt, MADRID, 'MM-dd HH:mm'))).toEqual([
      '06-01 09:00',
      '06-01 09:30',
      '06-05 09:00',
      '06-05 09:30',
      '06-07 11:00',
      '06-07 11:30',
    ]);
  });
});

describe('generateSlots: seats', () => {
  const clerks = (slots: GeneratedSlot[]) => slots.map((s) => `${wall(s.startsAt)} ${s.clerkIds.join(',')}`);

  it('seats a clerk only where one shift covers the whole slot (rule 3)', () => {
    const slots = generateSlots(input({ shifts: [shift({ starts: '09:15', ends: '10:45' })] }));
    expect(starts(slots)).toEqual(['09:30', '10:00']); // 09:00 starts before the shift, 10:30–11:00 ends after it
  });

  it('does not join two back-to-back shifts of a clerk to cover a slot that straddles them (rule 3)', () => {
    const shifts = [shift({ starts: '09:00', ends: '10:00' }), shift({ id: 'ana-2', starts: '10:00', ends: '11:00' })];
    const slots = generateSlots(input({ shifts, services: [{ id: 'padro', durationMinutes: 40 }] }));
    expect(starts(slots)).toEqual(['09:00', '10:20']); // 09:40–10:20 straddles 10:00
  });

  it('uses a shift on its weekday only, from validFrom to validTo, both inclusive (rule 3)', () => {
    const base = { hours: hoursOn([1, 2], ['09:00', '09:30']), to: '2026-07-01' };
    const slots = generateSlots(input({ ...base, shifts: [shift({ validFrom: '2026-06-08', validTo: '2026-06-22' })] }));
    expect(dates(slots)).toEqual(['2026-06-08', '2026-06-15', '2026-06-22']); // Mondays only, no Tuesday
  });

  it('keeps a shift with validTo null valid for ever (rule 3)', () => {
    const shifts = [shift({ validFrom: '2026-06-08', validTo: null })];
    expect(dates(generateSlots(input({ shifts, to: '2026-07-01', hours: hoursOn([1], ['09:00', '09:30']) })))).toEqual([
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
    ]);
    expect(generateSlots(input({ shifts, from: '2036-06-02', to: '2036-06-03' }))).toHaveLength(4); // a Monday ten years on
  });

  it('seats a clerk only for the services of the shift (rule 3)', () => {
    const services = [
      { id: 'padro', durationMinutes: 60 },
      { id: 'licencia', durationMinutes: 60 },
    ];
    expect(generateSlots(input({ services })).map((s) => s.serviceId)).toEqual(['padro', 'padro']);
    const withZoe = generateSlots(input({ services, shifts: [shift(), shift({ id: 'zoe', clerkId: 'zoe', serviceIds: ['licencia'] })] }));
    expect(withZoe.map((s) => `${s.serviceId} ${s.clerkIds.join(',')}`)).toEqual([
      'licencia zoe',
      'padro ana',
      'licencia zoe',
      'padro ana',
    ]);
  });

  it('gives two clerks two seats, sorted, and each slot only the clerks covering it (rule 3)', () => {
    const shifts = [shift({ id: 'zoe', clerkId: 'zoe', starts: '09:00', ends: '10:00' }), shift()];
    expect(clerks(generateSlots(input({ shifts })))).toEqual(['09:00 ana,zoe', '09:30 ana,zoe', '10:00 ana', '10:30 ana']);
  });

  it('counts a clerk once even when two of their shifts cover the slot (rule 3)', () => {
    const shifts = [
      shift({ starts: '08:00', ends: '12:00' }),
      shift({ id: 'bea', clerkId: 'bea' }),
      shift({ id: 'ana-2', starts: '09:00', ends: '11:00' }),
    ];
    expect(generateSlots(input({ shifts })).map((s) => s.clerkIds)).toEqual(Array(4).fill(['ana', 'bea']));
  });

  it('removes an absent clerk from the slots the absence overlaps, half-open at both ends (rule 3)', () => {
    // Ana is away 09:30–10:30 Madrid time; Bea is away the next day, which changes nothing here.
    const absences = [
      { clerkId: 'ana', startsAt: new Date('2026-06-01T07:30Z'), endsAt: new Date('2026-06-01T08:30Z') },
      { clerkId: 'bea', startsAt: new Date('2026-06-02T07:00Z'), endsAt: new Date('2026-06-02T09:00Z') },
    ];
    const slots = generateSlots(input({ shifts: [shift(), shift({ id: 'bea', clerkId: 'bea' })], absences }));
    // 09:00–09:30 ends as the absence starts, 10:30–11:00 starts as it ends: neither overlaps.
    expect(clerks(slots)).toEqual(['09:00 ana,bea', '09:30 bea', '10:00 bea', '10:30 ana,bea']);
  });

  it('emits no slot without a seat: no shift, every clerk away, or a shift outside opening hours (rule 3)', () => {
    expect(generateSlots(input({ shifts: [] }))).toEqual([]);
    const away = [{ clerkId: 'ana', startsAt: new Date('2026-06-01T08:00Z'), endsAt: new Date('2026-06-01T08:01Z') }];
    expect(starts(generateSlots(input({ absences: away })))).toEqual(['09:00', '09:30', '10:30']);
    expect(generateSlots(input({ shifts: [shift({ weekday: 6 })], to: '2026-06-08' }))).toEqual([]); // shifts do not open the office
  });
});

describe('generateSlots: daylight saving time', () => {
  const dst = (timeZone: string, from: string, to: string, opens: string, closes: string) =>
    generateSlots(input({ timeZone, from, to, hours: hoursOn(ALL_WEEK, [opens, closes]), shifts: everyDay() }));
  const onDate = (slots: GeneratedSlot[], date: string, zone = MADRID) =>
    slots.filter((s) => wall(s.startsAt, zone, 'yyyy-MM-dd') === date);

  it('Madrid, spring forward: 09:00–14:00 keeps its 10 slots, in summer time from that Sunday on (rule 4)', () => {
    const slots = dst(MADRID, '2026-03-28', '2026-03-31', '09:00', '14:00');
    expect(perDate(slots)).toEqual({ '2026-03-28': 10, '2026-03-29': 10, '2026-03-30': 10 });
    expect(utc(onDate(slots, '2026-03-28'))).toEqual(halfHours('2026-03-28T08:00Z', 10));
    expect(utc(onDate(slots, '2026-03-29'))).toEqual(halfHours('2026-03-29T07:00Z', 10));
    expect(utc(onDate(slots, '2026-03-30'))).toEqual(halfHours('2026-03-30T07:00Z', 10));
  });

  it('Madrid, fall back: 09:00–14:00 keeps its 10 slots, in winter time from that Sunday on (rule 4)', () => {
    const slots = dst(MADRID, '2026-10-24', '2026-10-27', '09:00', '14:00');
    expect(perDate(slots)).toEqual({ '2026-10-24': 10, '2026-10-25': 10, '2026-10-26': 10 });
    expect(utc(onDate(slots, '2026-10-24'))).toEqual(halfHours('2026-10-24T07:00Z', 10));
    expect(utc(onDate(slots, '2026-10-25'))).toEqual(halfHours('2026-10-25T08:00Z', 10));
    expect(utc(onDate(slots, '2026-10-26'))).toEqual(halfHours('2026-10-26T08:00Z', 10));
  });

  it('Madrid, spring-forward night 00:00–05:00: skips every slot touching 02:00–03:00, shifts and doubles none (rule 4)', () => {
    const slots = dst(MADRID, '2026-03-28', '2026-03-31', '00:00', '05:00');
    expect(utc(onDate(slots, '2026-03-28'))).toEqual(halfHours('2026-03-27T23:00Z', 10));
    expect(utc(onDate(slots, '2026-03-30'))).toEqual(halfHours('2026-03-29T22:00Z', 10));
    // 01:30–02:00 ends at 02:00, which does not exist (01:59:59 is followed by 03:00), so it goes with 02:00 and 02:30.
    const night = onDate(slots, '2026-03-29');
    expect(starts(night)).toEqual(['00:00', '00:30', '01:00', '03:00', '03:30', '04:00', '04:30']);
    expect(utc(night)).toEqual([...halfHours('2026-03-28T23:00Z', 3), ...halfHours('2026-03-29T01:00Z', 4)]);
  });

  it('Madrid, fall-back night 00:00–05:00: each wall-clock slot once, the one across the repeated hour 90 minutes long (rule 4)', () => {
    const slots = dst(MADRID, '2026-10-24', '2026-10-27', '00:00', '05:00');
    expect(utc(onDate(slots, '2026-10-24'))).toEqual(halfHours('2026-10-23T22:00Z', 10));
    expect(utc(onDate(slots, '2026-10-26'))).toEqual(halfHours('2026-10-25T23:00Z', 10));
    // 02:00 and 02:30 are read in summer time (the earlier instants), 03:00 exists once, in winter time: so
    // 02:30–03:00 lasts from 00:30Z to 02:00Z, and the repeated 02:00–03:00 (01:00Z–02:00Z) gets no slot of its own.
    const night = onDate(slots, '2026-10-25');
    expect(starts(night)).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30', '04:00', '04:30']);
    expect(night.map(minutes)).toEqual([30, 30, 30, 30, 30, 90, 30, 30, 30, 30]);
    expect(utc(night)).toEqual([...halfHours('2026-10-24T22:00Z', 5), '2026-10-25T00:30Z 90', ...halfHours('2026-10-25T02:00Z', 4)]);
  });

  it('Canary Islands, daytime: the same wall-clock slots one hour later than Madrid, around both changes (rule 4)', () => {
    for (const [from, to] of [
      ['2026-03-27', '2026-03-31'],
      ['2026-10-23', '2026-10-27'],
    ] as const) {
      const madrid = dst(MADRID, from, to, '09:00', '14:00');
      const canary = dst(CANARY, from, to, '09:00', '14:00');
      expect(canary.map((s) => s.startsAt.getTime())).toEqual(madrid.map((s) => s.startsAt.getTime() + 3_600_000));
      expect(canary.map(minutes)).toEqual(madrid.map(minutes));
    }
    const firsts = (slots: GeneratedSlot[]) => utc(slots.filter((s) => wall(s.startsAt, CANARY) === '09:00'));
    expect(firsts(dst(CANARY, '2026-03-28', '2026-03-30', '09:00', '14:00'))).toEqual(['2026-03-28T09:00Z 30', '2026-03-29T08:00Z 30']);
    expect(firsts(dst(CANARY, '2026-10-24', '2026-10-26', '09:00', '14:00'))).toEqual(['2026-10-24T08:00Z 30', '2026-10-25T09:00Z 30']);
  });

  it('Canary Islands, nights: the gap is 01:00–02:00 and the repeated hour 01:00–02:00 (rule 4)', () => {
    // Spring: 00:30–01:00 ends at the nonexistent 01:00. Autumn: 01:30–02:00 runs from 00:30Z (summer) to 02:00Z (winter).
    const spring = dst(CANARY, '2026-03-29', '2026-03-30', '00:00', '05:00');
    expect(starts(spring, CANARY)).toEqual(['00:00', '02:00', '02:30', '03:00', '03:30', '04:00', '04:30']);
    expect(utc(spring)).toEqual([...halfHours('2026-03-29T00:00Z', 1), ...halfHours('2026-03-29T01:00Z', 6)]);
    const autumn = dst(CANARY, '2026-10-25', '2026-10-26', '00:00', '05:00');
    expect(utc(autumn)).toEqual([...halfHours('2026-10-24T23:00Z', 3), '2026-10-25T00:30Z 90', ...halfHours('2026-10-25T02:00Z', 6)]);
  });
});

describe('zonedInstant', () => {
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  it('turns a wall time into its UTC instant, in summer and winter (rule 4)', () => {
    expect(iso(zonedInstant('2026-06-01', '09:00', MADRID))).toBe('2026-06-01T07:00:00.000Z');
    expect(iso(zonedInstant('2026-01-15', '09:00', MADRID))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(zonedInstant('2026-06-01', '24:00', MADRID))).toBe('2026-06-01T22:00:00.000Z'); // the next midnight
    expect(iso(zonedInstant('2026-03-28', '09:00', CANARY))).toBe('2026-03-28T09:00:00.000Z');
  });

  it('gives null for a wall time in the spring-forward gap, and the edges of the gap exactly (rule 4)', () => {
    expect(['02:00', '02:30', '02:59'].map((t) => zonedInstant('2026-03-29', t, MADRID))).toEqual([null, null, null]);
    expect(iso(zonedInstant('2026-03-29', '01:59', MADRID))).toBe('2026-03-29T00:59:00.000Z');
    expect(iso(zonedInstant('2026-03-29', '03:00', MADRID))).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedInstant('2026-03-29', '01:30', CANARY)).toBeNull();
  });

  it('gives the earlier instant for a wall time in the repeated autumn hour (rule 4)', () => {
    expect(iso(zonedInstant('2026-10-25', '02:00', MADRID))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '02:30', MADRID))).toBe('2026-10-25T00:30:00.000Z'); // not 01:30Z
    expect(iso(zonedInstant('2026-10-25', '03:00', MADRID))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedInstant('2026-10-25', '01:30', CANARY))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('resolves the repeated hour the same whatever today’s date is, unlike luxon’s DateTime.fromObject (rule 4)', () => {
    const now = Settings.now;
    try {
      for (const today of ['2026-01-15T12:00Z', '2026-07-15T12:00Z']) {
        Settings.now = () => Date.parse(today);
        expect(iso(zonedInstant('2026-10-25', '02:30', MADRID))).toBe('2026-10-25T00:30:00.000Z');
      }
    } finally {
      Settings.now = now;
    }
  });

  it('handles other zones’ rules: New York’s gap, Lord Howe’s half-hour change, Kathmandu’s +05:45', () => {
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York')).toBeNull();
    expect(iso(zonedInstant('2026-03-08', '03:00', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(zonedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe')).toBeNull();
    expect(iso(zonedInstant('2026-10-04', '02:30', 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
    expect(iso(zonedInstant('2026-06-01', '09:00', 'Asia/Kathmandu'))).toBe('2026-06-01T03:15:00.000Z');
  });

  it('refuses an unknown zone', () => {
    expect(() => zonedInstant('2026-06-01', '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('assertTimeZone', () => {
  it('accepts IANA zones and refuses unknown ones with a RangeError', () => {
    for (const zone of [MADRID, CANARY, 'UTC']) expect(() => assertTimeZone(zone)).not.toThrow();
    for (const zone of ['Mars/Olympus', '', 'Europe/Madird']) expect(() => assertTimeZone(zone)).toThrow(RangeError);
  });
});

describe('generateSlots: input guards', () => {
  it('returns no slots for empty input or an empty date range (rule 5)', () => {
    expect(generateSlots(input({ hours: [], exceptions: [], shifts: [], absences: [], services: [] }))).toEqual([]);
    expect(generateSlots(input({ to: MONDAY }))).toEqual([]);
    expect(generateSlots(input({ from: '2026-06-02', to: MONDAY }))).toEqual([]);
  });

  it('throws a RangeError for a duration of zero or less, and for an unknown zone (rules 4, 5)', () => {
    expect(() => generateSlots(input({ services: [{ id: 'padro', durationMinutes: 0 }] }))).toThrow(RangeError);
    expect(() => generateSlots(input({ services: [{ id: 'padro', durationMinutes: -15 }], to: MONDAY }))).toThrow(RangeError);
    expect(() => generateSlots(input({ timeZone: 'Mars/Olympus' }))).toThrow(RangeError);
  });
});
