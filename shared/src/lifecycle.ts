import { z } from 'zod';
import { TIME_ZONE } from './limits';

/*
 * The appointment's life, as pure functions that the server enforces and the client reads to
 * decide what to show. Nothing here touches a clock or a database: the caller passes the time.
 *
 *   booked ──(citizen joins)──▶ checked_in ──(clerk joins too)──▶ in_call
 *      ▲                           │   ▲                              │
 *      └──────(citizen leaves)─────┘   └──────(clerk leaves)──────────┘
 *   any of those ──(clerk ends)──▶ done | no_show      booked ──(citizen cancels)──▶ cancelled
 *
 * While an appointment is open, its status follows from who is in the call: both, the citizen
 * alone, or neither. So a clerk who leaves without ending puts it back to checked_in or booked,
 * never to a stale in_call.
 */

export const AppointmentStatus = z.enum(['booked', 'checked_in', 'in_call', 'done', 'no_show', 'cancelled']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const Outcome = z.enum(['done', 'no_show']);
export type Outcome = z.infer<typeof Outcome>;

export const OPEN_STATUSES = ['booked', 'checked_in', 'in_call'] as const satisfies readonly AppointmentStatus[];
export const CLOSED_STATUSES = ['done', 'no_show', 'cancelled'] as const satisfies readonly AppointmentStatus[];

export function isClosed(status: AppointmentStatus): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/** The times of day that the rules turn on. Defaults match the council's practice. */
export interface LifecycleRules {
  /** How long before the start the citizen may join. */
  joinWindowMinutes: number;
  /** How long after the start a clerk may record a no-show. */
  noShowAfterMinutes: number;
  /** How long before the start the citizen may still cancel or move the appointment. */
  changeCutoffMinutes: number;
}

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = { joinWindowMinutes: 15, noShowAfterMinutes: 10, changeCutoffMinutes: 120 };

export interface AppointmentTimes {
  now: Date;
  startsAt: Date;
  endsAt: Date;
}

export type LifecycleEvent =
  /** Who is in the call now. */
  | { type: 'presence'; citizen: boolean; clerk: boolean }
  | { type: 'end'; outcome: Outcome }
  | { type: 'change_outcome'; outcome: Outcome }
  | { type: 'cancel' }
  | { type: 'reschedule' };

/** Why a change is refused; each is an error code of the protocol. */
export type LifecycleRefusal =
  | { code: 'invalid_transition' }
  | { code: 'change_cutoff_passed'; cutoffAt: Date }
  | { code: 'no_show_too_early'; allowedFrom: Date }
  | { code: 'outcome_locked' };

export type Decision = { ok: true; to: AppointmentStatus } | ({ ok: false } & LifecycleRefusal);

const minutes = (m: number) => m * 60_000;
const refuse = (r: LifecycleRefusal): Decision => ({ ok: false, ...r });
const to = (status: AppointmentStatus): Decision => ({ ok: true, to: status });

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The council's calendar day of an instant. */
export function councilDayOf(instant: Date): string {
  return dayFormat.format(instant);
}

/** The open status that a call's presence means. */
export function statusForPresence(citizen: boolean, clerk: boolean): AppointmentStatus {
  if (citizen && clerk) return 'in_call';
  return citizen ? 'checked_in' : 'booked';
}

/** The latest moment the citizen may cancel or move the appointment. */
export function changeCutoff(startsAt: Date, rules: LifecycleRules): Date {
  return new Date(startsAt.getTime() - minutes(rules.changeCutoffMinutes));
}

/** What an event does to an appointment in `from`, at `times.now`; a refusal says why. */
export function decide(from: AppointmentStatus, event: LifecycleEvent, times: AppointmentTimes, rules: LifecycleRules): Decision {
  const open = !isClosed(from);
  switch (event.type) {
    case 'presence':
      return open ? to(statusForPresence(event.citizen, event.clerk)) : refuse({ code: 'invalid_transition' });
    case 'end':
      if (!open) return refuse({ code: 'invalid_transition' });
      if (event.outcome === 'done') return to('done');
      // The citizen is in the call: that is not a no-show.
      if (from === 'in_call') return refuse({ code: 'invalid_transition' });
      return noShowAllowed(times, rules);
    case 'change_outcome':
      if (from !== 'done' && from !== 'no_show') return refuse({ code: 'invalid_transition' });
      if (councilDayOf(times.now) !== councilDayOf(times.startsAt)) return refuse({ code: 'outcome_locked' });
      return event.outcome === 'no_show' ? noShowAllowed(times, rules) : to('done');
    case 'cancel':
    case 'reschedule': {
      // Only before anything has happened: not while the citizen waits or talks.
      if (from !== 'booked') return refuse({ code: 'invalid_transition' });
      const cutoffAt = changeCutoff(times.startsAt, rules);
      if (times.now.getTime() > cutoffAt.getTime()) return refuse({ code: 'change_cutoff_passed', cutoffAt });
      return to(event.type === 'cancel' ? 'cancelled' : 'booked');
    }
  }
}

function noShowAllowed(times: AppointmentTimes, rules: LifecycleRules): Decision {
  const allowedFrom = new Date(times.startsAt.getTime() + minutes(rules.noShowAfterMinutes));
  return times.now.getTime() >= allowedFrom.getTime() ? to('no_show') : refuse({ code: 'no_show_too_early', allowedFrom });
}

/** Whether the citizen may enter the call now. Once the clerk is in, the clock no longer matters. */
export type JoinDecision =
  { ok: true } | { ok: false; code: 'join_not_open'; opensAt: Date } | { ok: false; code: 'join_closed' | 'appointment_closed' };

export function citizenMayJoin(
  status: AppointmentStatus,
  times: AppointmentTimes,
  rules: LifecycleRules,
  clerkPresent: boolean,
): JoinDecision {
  if (isClosed(status)) return { ok: false, code: 'appointment_closed' };
  if (clerkPresent || status === 'in_call') return { ok: true };
  const opensAt = new Date(times.startsAt.getTime() - minutes(rules.joinWindowMinutes));
  if (times.now.getTime() < opensAt.getTime()) return { ok: false, code: 'join_not_open', opensAt };
  if (times.now.getTime() >= times.endsAt.getTime()) return { ok: false, code: 'join_closed' };
  return { ok: true };
}

/**
 * What the citizen's page shows, from the status and the time: long before (countdown, cancel,
 * move), the join window, the call, the end, a missed appointment, a cancelled one.
 */
export type CitizenStage = 'upcoming' | 'joinable' | 'in_progress' | 'ended' | 'missed' | 'cancelled';

export function citizenStage(status: AppointmentStatus, times: AppointmentTimes, rules: LifecycleRules): CitizenStage {
  switch (status) {
    case 'cancelled':
      return 'cancelled';
    case 'no_show':
      return 'missed';
    case 'done':
      return 'ended';
    case 'checked_in':
    case 'in_call':
      return 'in_progress';
    case 'booked': {
      const join = citizenMayJoin(status, times, rules, false);
      if (join.ok) return 'joinable';
      return join.code === 'join_not_open' ? 'upcoming' : 'missed';
    }
  }
}
