import { AppError, type Principal } from '@oac/shared';

export interface AppointmentScope {
  id: string;
  officeId: string;
  clerkId: string | null;
}

export type AppointmentAction =
  | 'view'
  | 'join_call'
  | 'read_documents'
  | 'upload_documents'
  /** Prepare, stamp, seal or delete documents, ask for a signature, tick the checklist: the clerk's document work. */
  | 'issue_documents'
  /** Sign a document where the clerk asked: the citizen's own act. */
  | 'sign'
  /** End the appointment with its outcome, or correct the outcome. */
  | 'end'
  | 'notes'
  /** Record that the citizen's identity document was checked on camera. */
  | 'check_identity'
  /** Cancel or move it: the citizen's own decision. */
  | 'change'
  /** Cancel, move or reassign it on the planning board, for the citizen: the scheduler's work. */
  | 'plan';

const CITIZEN_ACTIONS: ReadonlySet<AppointmentAction> = new Set([
  'view',
  'join_call',
  'read_documents',
  'upload_documents',
  'change',
  'sign',
]);

/**
 * Who may do what with one appointment. A citizen reaches only the appointment of their own token,
 * and may cancel or move it. A clerk works the appointments given to them, at whichever office they
 * are rostered, and the unassigned ones of their own office; a scheduler plans
 * them (moves, cancels and reassigns them on the board) but takes no call and sees no document; an
 * admin may view everything, read documents and plan, but writes nothing into an appointment's
 * call or documents.
 */
export function canAccessAppointment(p: Principal | null, appt: AppointmentScope, action: AppointmentAction): boolean {
  if (!p) return false;
  if (p.kind === 'citizen') return p.appointmentId === appt.id && CITIZEN_ACTIONS.has(action);
  switch (p.role) {
    case 'clerk':
      // Their own appointments wherever they are rostered, and their office's unassigned ones.
      return (
        action !== 'change' &&
        action !== 'plan' &&
        action !== 'sign' &&
        (appt.clerkId === p.userId || (appt.clerkId === null && p.officeId !== null && p.officeId === appt.officeId))
      );
    case 'scheduler':
      return (action === 'view' || action === 'plan') && p.officeId !== null && p.officeId === appt.officeId;
    case 'admin':
      return action === 'view' || action === 'read_documents' || action === 'plan';
  }
}

/**
 * The one access check for an appointment, for every route and event. A citizen learns nothing of
 * appointments that are not theirs (`appointment_not_found`, the same as for one that does not
 * exist); staff are told they may not (`forbidden`).
 */
export function assertAppointmentAccess<T extends { id: string; office_id: string; clerk_id: string | null }>(
  principal: Principal | null,
  appt: T | undefined,
  action: AppointmentAction,
): T {
  if (appt && canAccessAppointment(principal, { id: appt.id, officeId: appt.office_id, clerkId: appt.clerk_id }, action)) return appt;
  if (!appt || principal?.kind !== 'staff') throw new AppError('appointment_not_found', 'That appointment does not exist.');
  throw new AppError('forbidden', 'This appointment belongs to another office or clerk, or is not yours to change.');
}
