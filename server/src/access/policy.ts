import type { Principal } from '../http/principal';

export interface AppointmentScope {
  id: string;
  officeId: string;
  clerkId: string | null;
}

export type AppointmentAction = 'view' | 'join_call' | 'read_documents' | 'upload_documents' | 'stamp';

/**
 * Who may do what with one appointment. A citizen reaches only the appointment of their own
 * token. A clerk works the appointments of their office; a scheduler plans them but takes no
 * call and sees no document; an admin may view everything and read documents, but writes
 * nothing into an appointment and acts in no call.
 */
export function canAccessAppointment(p: Principal | null, appt: AppointmentScope, action: AppointmentAction): boolean {
  if (!p) return false;
  if (p.kind === 'citizen') return p.appointmentId === appt.id && action !== 'stamp';
  switch (p.role) {
    case 'clerk':
      return p.officeId !== null && p.officeId === appt.officeId && (appt.clerkId === null || appt.clerkId === p.userId);
    case 'scheduler':
      return action === 'view' && p.officeId !== null && p.officeId === appt.officeId;
    case 'admin':
      return action === 'view' || action === 'read_documents';
  }
}
