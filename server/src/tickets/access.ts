import { AppError, type Principal, type StaffTicketAction } from '@oac/shared';

export interface TicketScope {
  queueId: string | null;
  officeId: string;
  ownerId: string | null;
  /** The clerks of the ticket's sessions (appointments). */
  sessionClerkIds: string[];
}

type Staff = Extract<Principal, { kind: 'staff' }>;

/** A staff member with the queues they belong to and those they supervise. */
export interface TicketReader {
  staff: Staff;
  memberOf: ReadonlySet<string>;
  supervises: ReadonlySet<string>;
}

/** The actions only the ticket's owner takes: the work itself. Anyone of the queue may take it over. */
const OWNER_ACTIONS: ReadonlySet<StaffTicketAction> = new Set(['wait_citizen', 'wait_third_party', 'resume', 'resolve']);

/** Whether a clerk may move a ticket to another queue: nobody's yet, or their own. */
export function canReroute(r: TicketReader, t: TicketScope): boolean {
  return canChangeTicket(r, t) && (t.ownerId === null || t.ownerId === r.staff.userId);
}

function involved(r: TicketReader, t: TicketScope): boolean {
  const me = r.staff.userId;
  if (t.ownerId === me || t.sessionClerkIds.includes(me)) return true;
  if (t.queueId) return r.memberOf.has(t.queueId);
  // A ticket outside every queue belongs to its office's clerks.
  return r.staff.officeId === t.officeId;
}

/**
 * Who may see a ticket: a clerk, the tickets of their queues, those they own or had a session of;
 * a scheduler, those of the queues they supervise; an admin, every ticket. A citizen sees their
 * own through their appointment's private page only, never through these routes.
 */
export function canViewTicket(r: TicketReader, t: TicketScope): boolean {
  switch (r.staff.role) {
    case 'admin':
      return true;
    case 'scheduler':
      return t.queueId !== null && r.supervises.has(t.queueId);
    case 'clerk':
      return involved(r, t);
  }
}

/** Who may change it: only clerks who may see it; the owner alone does the work itself. */
export function canChangeTicket(r: TicketReader, t: TicketScope, action?: StaffTicketAction): boolean {
  if (r.staff.role !== 'clerk' || !involved(r, t)) return false;
  if (action && OWNER_ACTIONS.has(action)) return t.ownerId === r.staff.userId;
  return true;
}

export function assertViewTicket(r: TicketReader, t: TicketScope | undefined): void {
  if (!t) throw new AppError('ticket_not_found', 'That ticket does not exist.');
  if (!canViewTicket(r, t)) throw new AppError('forbidden', 'This ticket belongs to a queue you are not a member of.');
}

export function assertChangeTicket(r: TicketReader, t: TicketScope, action?: StaffTicketAction): void {
  if (canChangeTicket(r, t, action)) return;
  if (r.staff.role === 'clerk' && action && OWNER_ACTIONS.has(action) && canChangeTicket(r, t))
    throw new AppError('forbidden', 'Only the clerk in charge of the ticket may do that: take it first.', { reason: 'not_owner' });
  throw new AppError('forbidden', 'You may read this ticket but not change it.', { reason: 'read_only' });
}
