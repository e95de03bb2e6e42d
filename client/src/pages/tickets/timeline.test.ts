import { describe, expect, it } from 'vitest';
import { changedState, stateKey, timelineKey } from './timeline';

describe('the ticket timeline in words', () => {
  it('names known actions, notes by their visibility, and leaves unknown actions to their code', () => {
    expect(timelineKey({ action: 'ticket.taken', details: {} })).toBe('tickets.timeline.ticket.taken');
    expect(timelineKey({ action: 'ticket.note_added', details: { visibility: 'citizen' } })).toBe(
      'tickets.timeline.ticket.note_added.citizen',
    );
    expect(timelineKey({ action: 'ticket.note_added', details: { visibility: 'internal' } })).toBe(
      'tickets.timeline.ticket.note_added.internal',
    );
    expect(timelineKey({ action: 'ticket.escalated', details: {} })).toBe('tickets.timeline.ticket.escalated');
    expect(timelineKey({ action: 'ticket.something_new', details: {} })).toBeNull();
    expect(timelineKey({ action: 'toString', details: {} })).toBeNull();
    expect(timelineKey({ action: 'chat.message', details: { role: 'citizen', text: 'Hola' } })).toBe('tickets.timeline.chat.message');
    expect(timelineKey({ action: 'call.switched_to_video', details: {} })).toBe('tickets.timeline.call.switched_to_video');
  });

  it("reads each entity's states with its own words", () => {
    expect(stateKey('ticket.taken', 'in_progress')).toBe('tickets.status.in_progress');
    expect(stateKey('ticket.opened', 'open')).toBe('tickets.status.open');
    expect(stateKey('appointment.checked_in', 'checked_in')).toBe('status.checked_in');
    expect(stateKey('ticket.taken', 'nonsense')).toBeNull();
    expect(stateKey('document.stamped', 'stamped')).toBeNull();
    expect(stateKey('call.switched_to_video', 'chat')).toBe('call.mode.chat');
    expect(stateKey('call.switched_to_video', 'video')).toBe('call.mode.video');
    expect(stateKey('call.admitted', 'lobby')).toBe('lobby.heading');
    expect(stateKey('call.returned_to_lobby', 'admitted')).toBe('status.in_call');
    expect(stateKey('call.admitted', 'nonsense')).toBeNull();
  });

  it('says a change only when the state moved', () => {
    expect(changedState({ from: 'classified', to: 'in_progress' })).toBe(true);
    expect(changedState({ from: 'in_progress', to: 'in_progress' })).toBe(false);
    expect(changedState({ from: null, to: 'registered' })).toBe(false);
  });
});
