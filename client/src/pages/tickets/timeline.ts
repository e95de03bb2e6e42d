import { AppointmentStatus, TicketStatus, type TimelineEntry } from '@oac/shared';
import type { MessageKey } from '../../i18n/messages';

/**
 * The audit trail's actions as sentences; an action not listed here (one the server learns later)
 * is shown as its code, so nothing in the history is ever hidden.
 */
const ACTION_KEYS: Record<string, MessageKey> = {
  'ticket.opened': 'tickets.timeline.ticket.opened',
  'ticket.registered': 'tickets.timeline.ticket.registered',
  'ticket.classified': 'tickets.timeline.ticket.classified',
  'ticket.taken': 'tickets.timeline.ticket.taken',
  'ticket.waiting_citizen': 'tickets.timeline.ticket.waiting_citizen',
  'ticket.waiting_third_party': 'tickets.timeline.ticket.waiting_third_party',
  'ticket.resumed': 'tickets.timeline.ticket.resumed',
  'ticket.citizen_replied': 'tickets.timeline.ticket.citizen_replied',
  'ticket.survey_answered': 'tickets.timeline.ticket.survey_answered',
  'ticket.escalated': 'tickets.timeline.ticket.escalated',
  'ticket.resolved': 'tickets.timeline.ticket.resolved',
  'ticket.reopened': 'tickets.timeline.ticket.reopened',
  'ticket.closed': 'tickets.timeline.ticket.closed',
  'ticket.rerouted': 'tickets.timeline.ticket.rerouted',
  'ticket.withdrawn': 'tickets.timeline.ticket.withdrawn',
  'ticket.link_added': 'tickets.timeline.ticket.link_added',
  'ticket.link_resolved': 'tickets.timeline.ticket.link_resolved',
  'ticket.session_added': 'tickets.timeline.ticket.session_added',
  'appointment.booked': 'tickets.timeline.appointment.booked',
  'appointment.checked_in': 'tickets.timeline.appointment.checked_in',
  'appointment.call_started': 'tickets.timeline.appointment.call_started',
  'appointment.call_interrupted': 'tickets.timeline.appointment.call_interrupted',
  'appointment.left': 'tickets.timeline.appointment.left',
  'appointment.ended': 'tickets.timeline.appointment.ended',
  'appointment.outcome_changed': 'tickets.timeline.appointment.outcome_changed',
  'appointment.cancelled': 'tickets.timeline.appointment.cancelled',
  'appointment.rescheduled': 'tickets.timeline.appointment.rescheduled',
  'appointment.notes_changed': 'tickets.timeline.appointment.notes_changed',
  'appointment.reassigned': 'tickets.timeline.appointment.reassigned',
  'appointment.continued_in_person': 'tickets.timeline.appointment.continued_in_person',
  'call.admitted': 'tickets.timeline.call.admitted',
  'call.returned_to_lobby': 'tickets.timeline.call.returned_to_lobby',
  'call.switched_to_video': 'tickets.timeline.call.switched_to_video',
  'chat.message': 'tickets.timeline.chat.message',
  'identity.checked': 'tickets.timeline.identity.checked',
  'document.uploaded': 'tickets.timeline.document.uploaded',
  'document.stamped': 'tickets.timeline.document.stamped',
};

/** The sentence of an entry, or null for an action the client does not know (shown as its code). */
export function timelineKey(entry: Pick<TimelineEntry, 'action' | 'details'>): MessageKey | null {
  if (entry.action === 'ticket.note_added')
    return entry.details.visibility === 'citizen'
      ? 'tickets.timeline.ticket.note_added.citizen'
      : 'tickets.timeline.ticket.note_added.internal';
  return Object.hasOwn(ACTION_KEYS, entry.action) ? ACTION_KEYS[entry.action]! : null;
}

/** A state of the entry's own entity, as a message key; null for one no dictionary knows (shown as is). */
export function stateKey(action: string, state: string): MessageKey | null {
  if (action === 'call.switched_to_video') return state === 'chat' || state === 'video' ? (`call.mode.${state}` as const) : null;
  // Where the citizen is in a call's room: waiting, or in the call.
  if (action === 'call.admitted' || action === 'call.returned_to_lobby')
    return state === 'lobby' ? 'lobby.heading' : state === 'admitted' ? 'status.in_call' : null;
  if (action.startsWith('ticket.')) {
    if (state === 'open') return 'tickets.status.open';
    const s = TicketStatus.safeParse(state);
    return s.success ? (`tickets.status.${s.data}` as const) : null;
  }
  if (action.startsWith('appointment.') || action.startsWith('call.')) {
    const s = AppointmentStatus.safeParse(state);
    return s.success ? (`status.${s.data}` as const) : null;
  }
  return null;
}

/** Whether an entry moved its entity from one state to another (worth saying), rather than leaving it where it was. */
export function changedState(entry: Pick<TimelineEntry, 'from' | 'to'>): entry is { from: string; to: string } {
  return entry.from !== null && entry.to !== null && entry.from !== entry.to;
}
