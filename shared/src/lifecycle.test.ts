import { describe, expect, it } from 'vitest';
import {
  AppointmentStatus,
  DEFAULT_LIFECYCLE_RULES as rules,
  changeCutoff,
  citizenMayJoin,
  citizenStage,
  decide,
  isClosed,
  statusForPresence,
  type LifecycleEvent,
} from './lifecycle';

// 10:00 in Madrid on a winter Tuesday, a 20-minute appointment.
const startsAt = new Date('2026-12-01T09:00:00Z');
const endsAt = new Date('2026-12-01T09:20:00Z');
const at = (iso: string) => ({ now: new Date(iso), startsAt, endsAt });
const minute = 60_000;
const rel = (ms: number) => ({ now: new Date(startsAt.getTime() + ms), startsAt, endsAt });

const ALL = AppointmentStatus.options;
const OPEN = ['booked', 'checked_in', 'in_call'] as const;

type Expect = string; // a status it goes to, or the refusal code
function outcome(from: (typeof ALL)[number], event: LifecycleEvent, times = rel(30 * minute)): Expect {
  const d = decide(from, event, times, rules);
  return d.ok ? d.to : d.code;
}

describe('every transition, allowed and refused', () => {
  it('presence decides an open appointment, and never reopens a closed one', () => {
    const table: Record<string, Expect[]> = {};
    for (const from of ALL) {
      table[from] = [
        outcome(from, { type: 'presence', citizen: false, clerk: false }),
        outcome(from, { type: 'presence', citizen: true, clerk: false }),
        outcome(from, { type: 'presence', citizen: false, clerk: true }),
        outcome(from, { type: 'presence', citizen: true, clerk: true }),
      ];
    }
    expect(table).toEqual({
      booked: ['booked', 'checked_in', 'booked', 'in_call'],
      checked_in: ['booked', 'checked_in', 'booked', 'in_call'],
      // A clerk who leaves without ending: back to checked_in or booked, never a stale in_call.
      in_call: ['booked', 'checked_in', 'booked', 'in_call'],
      done: Array(4).fill('invalid_transition'),
      no_show: Array(4).fill('invalid_transition'),
      cancelled: Array(4).fill('invalid_transition'),
    });
  });

  it('ends an open appointment as done at any time, and as a no-show only from ten minutes after the start, never mid-call', () => {
    const end = (o: 'done' | 'no_show', times = rel(30 * minute)) =>
      Object.fromEntries(ALL.map((from) => [from, outcome(from, { type: 'end', outcome: o }, times)]));
    expect(end('done', rel(-60 * minute))).toEqual({
      booked: 'done',
      checked_in: 'done',
      in_call: 'done',
      done: 'invalid_transition',
      no_show: 'invalid_transition',
      cancelled: 'invalid_transition',
    });
    expect(end('no_show')).toEqual({
      booked: 'no_show',
      checked_in: 'no_show',
      in_call: 'invalid_transition',
      done: 'invalid_transition',
      no_show: 'invalid_transition',
      cancelled: 'invalid_transition',
    });
    expect(outcome('booked', { type: 'end', outcome: 'no_show' }, rel(10 * minute - 1))).toBe('no_show_too_early');
    expect(outcome('booked', { type: 'end', outcome: 'no_show' }, rel(10 * minute))).toBe('no_show');
    const early = decide('booked', { type: 'end', outcome: 'no_show' }, rel(0), rules);
    expect(early).toEqual({ ok: false, code: 'no_show_too_early', allowedFrom: new Date(startsAt.getTime() + 10 * minute) });
  });

  it('lets the outcome change until the council day ends, then locks it', () => {
    const change = (o: 'done' | 'no_show', times = rel(30 * minute)) =>
      Object.fromEntries(ALL.map((from) => [from, outcome(from, { type: 'change_outcome', outcome: o }, times)]));
    expect(change('no_show')).toEqual({
      booked: 'invalid_transition',
      checked_in: 'invalid_transition',
      in_call: 'invalid_transition',
      done: 'no_show',
      no_show: 'no_show',
      cancelled: 'invalid_transition',
    });
    expect(change('done')).toMatchObject({ done: 'done', no_show: 'done' });
    // 23:59 in Madrid is the same day; 00:00 is the next one (UTC+1 in December).
    expect(outcome('no_show', { type: 'change_outcome', outcome: 'done' }, at('2026-12-01T22:59:59Z'))).toBe('done');
    expect(outcome('no_show', { type: 'change_outcome', outcome: 'done' }, at('2026-12-01T23:00:00Z'))).toBe('outcome_locked');
    // A no-show still needs its ten minutes, even as a change.
    expect(outcome('done', { type: 'change_outcome', outcome: 'no_show' }, rel(5 * minute))).toBe('no_show_too_early');
  });

  it('cancels or moves only a booked appointment, and only up to two hours before', () => {
    for (const type of ['cancel', 'reschedule'] as const) {
      const early = rel(-3 * 60 * minute);
      const table = Object.fromEntries(ALL.map((from) => [from, outcome(from, { type }, early)]));
      expect(table).toEqual({
        booked: type === 'cancel' ? 'cancelled' : 'booked',
        checked_in: 'invalid_transition',
        in_call: 'invalid_transition',
        done: 'invalid_transition',
        no_show: 'invalid_transition',
        cancelled: 'invalid_transition',
      });
      expect(outcome('booked', { type }, rel(-120 * minute))).toBe(type === 'cancel' ? 'cancelled' : 'booked');
      const late = decide('booked', { type }, rel(-120 * minute + 1), rules);
      expect(late).toEqual({ ok: false, code: 'change_cutoff_passed', cutoffAt: changeCutoff(startsAt, rules) });
    }
  });
});

describe('joining the call', () => {
  it('opens fifteen minutes before the start and closes at the end, unless the clerk is already in', () => {
    expect(citizenMayJoin('booked', rel(-15 * minute - 1), rules, false)).toEqual({
      ok: false,
      code: 'join_not_open',
      opensAt: new Date(startsAt.getTime() - 15 * minute),
    });
    expect(citizenMayJoin('booked', rel(-15 * minute), rules, false)).toEqual({ ok: true });
    expect(citizenMayJoin('booked', rel(20 * minute - 1), rules, false)).toEqual({ ok: true });
    expect(citizenMayJoin('booked', rel(20 * minute), rules, false)).toEqual({ ok: false, code: 'join_closed' });
    // The clerk waits in the call: the citizen may come in early, or late.
    expect(citizenMayJoin('booked', rel(-60 * minute), rules, true)).toEqual({ ok: true });
    expect(citizenMayJoin('booked', rel(90 * minute), rules, true)).toEqual({ ok: true });
    // A call that runs over keeps taking its citizen back.
    expect(citizenMayJoin('in_call', rel(90 * minute), rules, false)).toEqual({ ok: true });
    for (const closed of ['done', 'no_show', 'cancelled'] as const) {
      expect(citizenMayJoin(closed, rel(0), rules, true)).toEqual({ ok: false, code: 'appointment_closed' });
    }
  });
});

describe('the citizen page stage', () => {
  it('follows the status and the clock', () => {
    expect(citizenStage('booked', rel(-3 * 60 * minute), rules)).toBe('upcoming');
    expect(citizenStage('booked', rel(-10 * minute), rules)).toBe('joinable');
    expect(citizenStage('booked', rel(25 * minute), rules)).toBe('missed');
    expect(citizenStage('checked_in', rel(0), rules)).toBe('in_progress');
    expect(citizenStage('in_call', rel(0), rules)).toBe('in_progress');
    expect(citizenStage('done', rel(0), rules)).toBe('ended');
    expect(citizenStage('no_show', rel(0), rules)).toBe('missed');
    expect(citizenStage('cancelled', rel(-3 * 60 * minute), rules)).toBe('cancelled');
  });
});

describe('small rules', () => {
  it('knows which statuses are closed and what presence means', () => {
    expect(ALL.filter(isClosed)).toEqual(['done', 'no_show', 'cancelled']);
    expect(OPEN.map((s) => isClosed(s))).toEqual([false, false, false]);
    expect([
      statusForPresence(false, false),
      statusForPresence(true, false),
      statusForPresence(false, true),
      statusForPresence(true, true),
    ]).toEqual(['booked', 'checked_in', 'booked', 'in_call']);
  });
});
