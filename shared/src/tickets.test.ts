import { describe, expect, it } from 'vitest';
import {
  availableTicketActions,
  DEFAULT_TICKET_RULES,
  decideTicket,
  isSlaPaused,
  isTicketOpen,
  reopenUntil,
  TicketStatus,
  type TicketEvent,
} from './tickets';

const ALL = TicketStatus.options;
const day = 86_400_000;
const resolvedAt = new Date('2026-12-01T10:00:00Z');

function table(event: TicketEvent): Record<string, string> {
  return Object.fromEntries(
    ALL.map((from) => {
      const d = decideTicket(from, event);
      return [from, d.ok ? d.to : d.code];
    }),
  );
}

const X = 'invalid_transition';

describe('every ticket transition, allowed and refused', () => {
  it('classifies a registered ticket, and reclassifies an open one where it stands', () => {
    expect(table({ type: 'classify' })).toEqual({
      registered: 'classified',
      classified: 'classified',
      in_progress: 'in_progress',
      waiting_citizen: 'waiting_citizen',
      waiting_third_party: 'waiting_third_party',
      resolved: X,
      closed: X,
    });
  });

  it('lets a clerk take a fresh or classified ticket, or one already in progress (a colleague hands it over)', () => {
    expect(table({ type: 'take' })).toEqual({
      registered: 'in_progress',
      classified: 'in_progress',
      in_progress: 'in_progress',
      waiting_citizen: X,
      waiting_third_party: X,
      resolved: X,
      closed: X,
    });
  });

  it('waits for the citizen or a third party only while worked, or switches between the two', () => {
    expect(table({ type: 'wait_citizen' })).toEqual({
      registered: X,
      classified: X,
      in_progress: 'waiting_citizen',
      waiting_citizen: X,
      waiting_third_party: 'waiting_citizen',
      resolved: X,
      closed: X,
    });
    expect(table({ type: 'wait_third_party' })).toEqual({
      registered: X,
      classified: X,
      in_progress: 'waiting_third_party',
      waiting_citizen: 'waiting_third_party',
      waiting_third_party: X,
      resolved: X,
      closed: X,
    });
  });

  it('resumes only a waiting ticket', () => {
    expect(table({ type: 'resume' })).toEqual({
      registered: X,
      classified: X,
      in_progress: X,
      waiting_citizen: 'in_progress',
      waiting_third_party: 'in_progress',
      resolved: X,
      closed: X,
    });
  });

  it('resolves a ticket being worked or waiting, never one nobody has taken', () => {
    expect(table({ type: 'resolve' })).toEqual({
      registered: X,
      classified: X,
      in_progress: 'resolved',
      waiting_citizen: 'resolved',
      waiting_third_party: 'resolved',
      resolved: X,
      closed: X,
    });
  });

  it('reopens and closes only a resolved ticket; a closed one is final', () => {
    expect(table({ type: 'reopen' })).toEqual({
      registered: X,
      classified: X,
      in_progress: X,
      waiting_citizen: X,
      waiting_third_party: X,
      resolved: 'in_progress',
      closed: X,
    });
    expect(table({ type: 'close' })).toEqual({
      registered: X,
      classified: X,
      in_progress: X,
      waiting_citizen: X,
      waiting_third_party: X,
      resolved: 'closed',
      closed: X,
    });
  });

  it('closes a ticket the citizen withdraws only while nobody has worked on it', () => {
    expect(table({ type: 'withdraw' })).toEqual({
      registered: 'closed',
      classified: 'closed',
      in_progress: X,
      waiting_citizen: X,
      waiting_third_party: X,
      resolved: X,
      closed: X,
    });
  });

  it('reroutes any open ticket to wait in its new queue, and no finished one', () => {
    expect(table({ type: 'reroute' })).toEqual({
      registered: 'classified',
      classified: 'classified',
      in_progress: 'classified',
      waiting_citizen: 'classified',
      waiting_third_party: 'classified',
      resolved: X,
      closed: X,
    });
  });
});

describe("the citizen's answer", () => {
  const within = { type: 'citizen_replied' as const, resolvedAt, now: new Date(resolvedAt.getTime() + 10 * day) };
  const after = { type: 'citizen_replied' as const, resolvedAt, now: new Date(resolvedAt.getTime() + 10 * day + 1) };

  it('resumes a ticket waiting for it, reopens a resolved one within the period, and leaves the rest where they are', () => {
    expect(table(within)).toEqual({
      registered: 'registered',
      classified: 'classified',
      in_progress: 'in_progress',
      waiting_citizen: 'in_progress',
      waiting_third_party: 'waiting_third_party',
      resolved: 'in_progress',
      closed: X,
    });
  });

  it('refuses to reopen once the period is over, saying until when it was open', () => {
    expect(decideTicket('resolved', after)).toEqual({
      ok: false,
      code: 'reopen_period_passed',
      until: reopenUntil(resolvedAt, DEFAULT_TICKET_RULES),
    });
    expect(decideTicket('resolved', after, { reopenDays: 30 })).toEqual({ ok: true, to: 'in_progress' });
    expect(reopenUntil(resolvedAt, { reopenDays: 10 }).toISOString()).toBe('2026-12-11T10:00:00.000Z');
  });
});

describe('what the states mean', () => {
  it('counts every state but resolved and closed as open, and pauses the clock only while the citizen is awaited', () => {
    expect(ALL.filter(isTicketOpen)).toEqual(['registered', 'classified', 'in_progress', 'waiting_citizen', 'waiting_third_party']);
    expect(ALL.filter(isSlaPaused)).toEqual(['waiting_citizen']);
  });

  it('offers each state only the actions that succeed', () => {
    expect(Object.fromEntries(ALL.map((s) => [s, availableTicketActions(s)]))).toEqual({
      registered: ['take'],
      classified: ['take'],
      in_progress: ['wait_citizen', 'wait_third_party', 'resolve'],
      waiting_citizen: ['wait_third_party', 'resume', 'resolve'],
      waiting_third_party: ['wait_citizen', 'resume', 'resolve'],
      resolved: ['reopen', 'close'],
      closed: [],
    });
  });
});
