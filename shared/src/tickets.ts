import { z } from 'zod';

/*
 * The procedure ticket's life (issue 15): every contact is a ticket, registered, classified,
 * worked, resolved and closed, through the council's single window. The rules are one pure
 * function, `decideTicket`, used by the server before every write and by the client to offer
 * only the actions that can succeed.
 */

export const TicketStatus = z.enum([
  'registered',
  'classified',
  'in_progress',
  'waiting_citizen',
  'waiting_third_party',
  'resolved',
  'closed',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** How the contact came in. */
export const TicketChannel = z.enum(['appointment', 'on_demand', 'callback', 'phone', 'in_person', 'email', 'chat']);
export type TicketChannel = z.infer<typeof TicketChannel>;

/** The channels a clerk registers by hand. */
export const ManualTicketChannel = z.enum(['phone', 'in_person', 'email', 'chat']);
export type ManualTicketChannel = z.infer<typeof ManualTicketChannel>;

export const NoteVisibility = z.enum(['internal', 'citizen']);
export type NoteVisibility = z.infer<typeof NoteVisibility>;

/** Who a ticket waits for outside the office. */
export const ThirdPartyKind = z.enum(['department', 'provider']);
export type ThirdPartyKind = z.infer<typeof ThirdPartyKind>;

/** States in which someone still has work to do: the SLA clocks run (or pause) only here. */
export const OPEN_TICKET_STATUSES = [
  'registered',
  'classified',
  'in_progress',
  'waiting_citizen',
  'waiting_third_party',
] as const satisfies readonly TicketStatus[];

export function isTicketOpen(status: TicketStatus): boolean {
  return (OPEN_TICKET_STATUSES as readonly TicketStatus[]).includes(status);
}

/** The states whose resolution clock is paused: the office waits for the citizen. */
export function isSlaPaused(status: TicketStatus): boolean {
  return status === 'waiting_citizen';
}

export interface TicketRules {
  /** How long after its resolution a citizen's answer reopens a ticket, rather than needing a new one. */
  reopenDays: number;
}

/** How urgent a ticket is; the SLA's targets are set per priority (and queue). */
export const TicketPriority = z.enum(['urgent', 'high', 'normal', 'low']);
export type TicketPriority = z.infer<typeof TicketPriority>;

export const DEFAULT_TICKET_RULES: TicketRules = { reopenDays: 10 };

export type TicketEvent =
  /** A category, queue or priority set by a clerk: a registered ticket becomes classified. */
  | { type: 'classify' }
  /** A clerk takes charge, or a session of the ticket (a call) starts. */
  | { type: 'take' }
  | { type: 'wait_citizen' }
  | { type: 'wait_third_party' }
  /** The office works on it again after waiting. */
  | { type: 'resume' }
  /** The citizen answered: a waiting ticket resumes, a resolved one reopens within the period. */
  | { type: 'citizen_replied'; resolvedAt: Date | null; now: Date }
  | { type: 'resolve' }
  /** Staff reopen a resolved ticket. */
  | { type: 'reopen' }
  | { type: 'close' }
  /** Moved to another queue: it waits there to be taken again, with its history. */
  | { type: 'reroute' }
  /** The citizen withdrew before anyone worked on it (they cancelled their only appointment). */
  | { type: 'withdraw' };

export type TicketRefusal = { code: 'invalid_transition' } | { code: 'reopen_period_passed'; until: Date };

export type TicketDecision = { ok: true; to: TicketStatus } | ({ ok: false } & TicketRefusal);

const to = (status: TicketStatus): TicketDecision => ({ ok: true, to: status });
const refuse = (r: TicketRefusal): TicketDecision => ({ ok: false, ...r });
const invalid = refuse({ code: 'invalid_transition' });

/** The end of the period in which a citizen's answer reopens a ticket resolved at `resolvedAt`. */
export function reopenUntil(resolvedAt: Date, rules: TicketRules): Date {
  return new Date(resolvedAt.getTime() + rules.reopenDays * 86_400_000);
}

/** What an event does to a ticket in `from`; a refusal says why, as an error code of the protocol. */
export function decideTicket(from: TicketStatus, event: TicketEvent, rules: TicketRules = DEFAULT_TICKET_RULES): TicketDecision {
  switch (event.type) {
    case 'classify':
      // Reclassifying keeps where the work stands; only a fresh ticket moves on.
      if (from === 'registered') return to('classified');
      return isTicketOpen(from) ? to(from) : invalid;
    case 'take':
      if (from === 'registered' || from === 'classified' || from === 'in_progress') return to('in_progress');
      return invalid;
    case 'wait_citizen':
      return from === 'in_progress' || from === 'waiting_third_party' ? to('waiting_citizen') : invalid;
    case 'wait_third_party':
      return from === 'in_progress' || from === 'waiting_citizen' ? to('waiting_third_party') : invalid;
    case 'resume':
      return from === 'waiting_citizen' || from === 'waiting_third_party' ? to('in_progress') : invalid;
    case 'citizen_replied':
      if (from === 'waiting_citizen') return to('in_progress');
      if (from === 'resolved') {
        if (!event.resolvedAt) return to('in_progress');
        const until = reopenUntil(event.resolvedAt, rules);
        return event.now.getTime() <= until.getTime() ? to('in_progress') : refuse({ code: 'reopen_period_passed', until });
      }
      // Any other open ticket simply gets the answer; a closed one takes none.
      return isTicketOpen(from) ? to(from) : invalid;
    case 'resolve':
      return from === 'in_progress' || from === 'waiting_citizen' || from === 'waiting_third_party' ? to('resolved') : invalid;
    case 'reopen':
      return from === 'resolved' ? to('in_progress') : invalid;
    case 'close':
      return from === 'resolved' ? to('closed') : invalid;
    case 'reroute':
      return isTicketOpen(from) ? to('classified') : invalid;
    case 'withdraw':
      return from === 'registered' || from === 'classified' ? to('closed') : invalid;
  }
}

/** The actions a clerk may offer on a ticket in `status` (the client hides the rest). */
export const STAFF_TICKET_ACTIONS = ['take', 'wait_citizen', 'wait_third_party', 'resume', 'resolve', 'reopen', 'close'] as const;
export type StaffTicketAction = (typeof STAFF_TICKET_ACTIONS)[number];

export function availableTicketActions(status: TicketStatus): StaffTicketAction[] {
  return STAFF_TICKET_ACTIONS.filter((type) => decideTicket(status, { type }).ok && !(type === 'take' && status === 'in_progress'));
}
