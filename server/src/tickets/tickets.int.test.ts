import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaEvent } from '@oac/shared';
import { api, bookFor, connectSocket, DEMO, login, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Issue 15's tickets against real PostgreSQL: a booking's ticket is classified into its
 * procedure's queue; a contact registered by hand goes through its whole life with every change
 * audited; the resolution clock pauses while the citizen is awaited; rerouting keeps the history;
 * the database refuses impossible states; and every access rule is tried from the wrong side.
 */

let t: TestServer;
let clerk: string; // Marta: OAC, HISENDA, GUB and GENERAL
let clerk2: string; // Laia: OAC and GENERAL
let housingClerk: string; // Jordi: HABITATGE
let admin: string;
let scheduler: string; // supervises the OAC's queues
let housingScheduler: string;
let queues: Record<string, string>;

const PEOPLE_PERE = 'Pere Soler';

const phoneContact = (over: Record<string, unknown> = {}) => ({
  channel: 'phone',
  serviceId: null,
  subject: 'Dubte sobre una notificació',
  citizenName: 'Carme Vidal',
  citizenEmail: 'carme@example.org',
  citizenPhone: '+34 600 000 000',
  language: 'ca',
  take: true,
  ...over,
});

async function act(cookie: string, id: string, action: string) {
  return api(t.url, `/api/tickets/${id}/actions`, { cookie, json: { action } });
}

beforeAll(async () => {
  t = await startTestServer();
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  clerk2 = await login(t.url, 'clerk2@oac.example', DEMO.clerk.password);
  housingClerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  housingScheduler = await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  const list = await api(t.url, '/api/queues', { cookie: clerk });
  queues = Object.fromEntries(list.body.map((q: { code: string; id: string }) => [q.code, q.id]));
});
afterAll(async () => {
  await t?.stop();
});

describe('live ticket lists', () => {
  it("push a ticket's change to its office's staff and the admins, never to another office's", async () => {
    const sockets = await Promise.all(
      [scheduler, clerk2, admin, housingScheduler, housingClerk].map((cookie) => connectSocket(t.url, { cookie })),
    );
    try {
      const heard = sockets.map(() => [] as { id: string; status: string }[]);
      sockets.forEach((s, i) => s.on(AgendaEvent.ticketChanged, (p: { id: string; status: string }) => heard[i]!.push(p)));
      const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact({ take: false }) });
      expect((await act(clerk, body.id, 'take')).status).toBe(200);
      // The housing office's staff hear nothing of it; the others hear both changes, with the ticket's state.
      await expect
        .poll(() => heard.slice(0, 3).map((h) => h.filter((p) => p.id === body.id).map((p) => p.status)))
        .toEqual([
          ['registered', 'in_progress'],
          ['registered', 'in_progress'],
          ['registered', 'in_progress'],
        ]);
      expect(heard[3]!.concat(heard[4]!).filter((p) => p.id === body.id)).toEqual([]);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe('queues', () => {
  it('serves Hisenda, Guàrdia Urbana and the OAC first, and says which the clerk belongs to', async () => {
    const list = await api(t.url, '/api/queues', { cookie: clerk });
    expect(list.status).toBe(200);
    expect(list.body.map((q: { code: string; rank: number; member: boolean }) => [q.code, q.rank, q.member])).toEqual([
      ['GUB', 1, true],
      ['HISENDA', 1, true],
      ['OAC', 1, true],
      ['HABITATGE', 2, false],
      ['GENERAL', 3, true],
    ]);
  });
});

describe("a booking's ticket", () => {
  it("is classified into its procedure's queue, with the queue's priority, and only that queue's clerks see and take it", async () => {
    const booked = await bookFor(t, 'pere', 60);
    const row = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    const ticket = await api(t.url, `/api/tickets/${row.ticket_id}`, { cookie: clerk });
    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({
      status: 'classified',
      channel: 'appointment',
      priority: 'high',
      queue: { code: 'HISENDA' },
      service: { code: 'TAXES' },
      owner: null,
    });
    // The SLA of an appointment's ticket runs from the appointment's start, not from its booking.
    expect(ticket.body.sla.own.state).toBe('ok');
    expect(ticket.body.sessions).toHaveLength(1);
    // Laia is not in the Hisenda queue: she neither sees nor takes it.
    expect((await api(t.url, `/api/tickets/${row.ticket_id}`, { cookie: clerk2 })).body.error.code).toBe('forbidden');
    expect((await act(clerk2, row.ticket_id, 'take')).body.error.code).toBe('forbidden');
  });

  it('is withdrawn when the citizen cancels their only appointment before anyone worked on it', async () => {
    const booked = await bookFor(t, 'anna', 24 * 60);
    const { ticket_id } = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    const cancelled = await api(t.url, '/api/citizen/appointment/cancel', { token: booked.token, method: 'POST' });
    expect(cancelled.status).toBe(200);
    await expect.poll(async () => (await t.db('tickets').where({ id: ticket_id }).first('status')).status).toBe('closed');
    const trail = await t.db('audit_events').where({ entity: 'ticket', entity_id: ticket_id }).select('action', 'from_state', 'to_state');
    expect(trail).toEqual([
      { action: 'ticket.opened', from_state: null, to_state: 'classified' },
      { action: 'ticket.withdrawn', from_state: 'classified', to_state: 'closed' },
    ]);
  });
});

describe('a contact registered by hand', () => {
  it('goes through its whole life, every change audited with its states, and refuses what the state machine does not allow', async () => {
    const made = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    expect(made.status).toBe(201);
    const id = made.body.id;
    expect(made.body).toMatchObject({
      status: 'in_progress',
      channel: 'phone',
      queue: { code: 'GENERAL' },
      owner: { name: 'Marta Puig i Soler' },
    });
    expect(made.body.number).toMatch(/^[A-Z]{2,8}-\d{4}-\d{6}$/);
    expect(made.body.actions).toEqual(['wait_citizen', 'wait_third_party', 'resolve']);

    expect((await act(clerk, id, 'reopen')).body.error.code).toBe('invalid_transition');
    expect((await act(clerk, id, 'wait_citizen')).body.status).toBe('waiting_citizen');
    const pause = await t.db('ticket_pauses').where({ ticket_id: id }).first();
    expect(pause.ended_at).toBeNull();
    expect((await act(clerk, id, 'resume')).body.status).toBe('in_progress');
    expect((await t.db('ticket_pauses').where({ ticket_id: id }).first()).ended_at).not.toBeNull();
    const resolved = await act(clerk, id, 'resolve');
    expect(resolved.body).toMatchObject({ status: 'resolved', actions: ['reopen', 'close'] });
    expect(resolved.body.sla.resolve.state).toBe('met');
    expect((await act(clerk, id, 'resolve')).body.error.code).toBe('invalid_transition');
    const closed = await act(clerk, id, 'close');
    expect(closed.body).toMatchObject({ status: 'closed', actions: [] });

    const trail = (await t.db('audit_events').where({ entity: 'ticket', entity_id: id }).orderBy('id')).map(
      (e: { action: string; from_state: string | null; to_state: string | null; actor_name: string }) => [
        e.action,
        e.from_state,
        e.to_state,
      ],
    );
    expect(trail).toEqual([
      ['ticket.registered', null, 'registered'],
      ['ticket.taken', 'registered', 'in_progress'],
      ['ticket.waiting_citizen', 'in_progress', 'waiting_citizen'],
      ['ticket.resumed', 'waiting_citizen', 'in_progress'],
      ['ticket.resolved', 'in_progress', 'resolved'],
      ['ticket.closed', 'resolved', 'closed'],
    ]);
    expect(closed.body.timeline.map((e: { action: string }) => e.action)).toEqual(trail.map(([a]) => a));
  });

  it('needs a way to reach the citizen, and a procedure of the catalogue', async () => {
    const none = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact({ citizenEmail: null, citizenPhone: null }) });
    expect([none.status, none.body.error.details[0].code]).toEqual([400, 'contact_required']);
    const unknown = await api(t.url, '/api/tickets', {
      cookie: clerk,
      json: phoneContact({ serviceId: '00000000-0000-4000-8000-000000000000' }),
    });
    expect([unknown.status, unknown.body.error.details[0].code]).toEqual([400, 'unknown_service']);
    const bad = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact({ channel: 'appointment' }) });
    expect(bad.status).toBe(400);
  });

  it('lets only its owner do the work; a colleague of the queue takes it over first', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    const notOwner = await act(clerk2, body.id, 'resolve');
    expect([notOwner.status, notOwner.body.error.code, notOwner.body.error.details]).toEqual([403, 'forbidden', { reason: 'not_owner' }]);
    // A colleague is offered to take it over, and may not move it away from its owner.
    expect((await api(t.url, `/api/tickets/${body.id}`, { cookie: clerk2 })).body.actions).toEqual(['take']);
    const moved = await api(t.url, `/api/tickets/${body.id}/reroute`, { cookie: clerk2, json: { queueId: queues.OAC, reason: 'x' } });
    expect([moved.status, moved.body.error.details]).toEqual([403, { reason: 'not_owner' }]);
    const taken = await act(clerk2, body.id, 'take');
    expect(taken.body).toMatchObject({ status: 'in_progress', owner: { name: 'Laia Vidal Pons' } });
    expect((await act(clerk, body.id, 'resolve')).body.error.code).toBe('forbidden');
    expect((await act(clerk2, body.id, 'resolve')).body.status).toBe('resolved');
    expect((await act(clerk2, body.id, 'reopen')).body.status).toBe('in_progress');
  });

  it('reroutes to another queue, where it waits untaken, with its history', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    const moved = await api(t.url, `/api/tickets/${body.id}/reroute`, {
      cookie: clerk,
      json: { queueId: queues.HABITATGE, reason: 'És un ajut al lloguer' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'classified', queue: { code: 'HABITATGE' }, owner: null, canChange: false });
    // Marta no longer sees it in her lists; the housing clerk does, and takes it.
    const mine = await api(t.url, '/api/tickets?view=queues', { cookie: clerk });
    expect(mine.body.tickets.map((x: { id: string }) => x.id)).not.toContain(body.id);
    const theirs = await api(t.url, '/api/tickets?view=queues', { cookie: housingClerk });
    expect(theirs.body.tickets.map((x: { id: string }) => x.id)).toContain(body.id);
    const taken = await act(housingClerk, body.id, 'take');
    expect(taken.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'ticket.registered',
      'ticket.taken',
      'ticket.rerouted',
      'ticket.taken',
    ]);
    const same = await api(t.url, `/api/tickets/${body.id}/reroute`, {
      cookie: housingClerk,
      json: { queueId: queues.HABITATGE, reason: 'x' },
    });
    expect(same.body.error.details[0].code).toBe('same_queue');
  });
});

describe('notes and third parties', () => {
  it("shows the citizen their ticket's state and the notes meant for them, never the internal ones", async () => {
    const booked = await bookFor(t, 'anna', 3 * 60);
    const { ticket_id } = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    await api(t.url, `/api/tickets/${ticket_id}/notes`, {
      cookie: clerk,
      json: { visibility: 'internal', body: 'Revisar el padró anterior' },
    });
    const added = await api(t.url, `/api/tickets/${ticket_id}/notes`, {
      cookie: clerk,
      json: { visibility: 'citizen', body: 'Porteu el contracte' },
    });
    expect(added.status).toBe(201);
    expect(added.body.notes.map((n: { visibility: string }) => n.visibility)).toEqual(['internal', 'citizen']);
    const mine = await api(t.url, '/api/citizen/ticket', { token: booked.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'classified', notes: [{ body: 'Porteu el contracte' }] });
    expect(JSON.stringify(mine.body)).not.toContain('padró anterior');
    // A citizen's token opens no staff route, and a staff cookie is no citizen.
    expect((await api(t.url, `/api/tickets/${ticket_id}`, { token: booked.token })).status).toBe(403);
    expect((await api(t.url, '/api/citizen/ticket', { cookie: clerk })).status).toBe(403);
  });

  it('lets the citizen answer: a ticket waiting for them resumes, a resolved one reopens, a closed one takes no answer', async () => {
    const booked = await bookFor(t, 'pere', 4 * 60);
    const { ticket_id } = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    await act(clerk, ticket_id, 'take');
    expect((await act(clerk, ticket_id, 'wait_citizen')).body.status).toBe('waiting_citizen');
    const reply = (body: string) => api(t.url, '/api/citizen/ticket/reply', { token: booked.token, json: { body } });
    const answered = await reply('Ja us he enviat el rebut');
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'in_progress', notes: [{ body: 'Ja us he enviat el rebut', fromCitizen: true }] });
    const seen = await api(t.url, `/api/tickets/${ticket_id}`, { cookie: clerk });
    expect(seen.body.notes).toEqual([expect.objectContaining({ visibility: 'citizen', fromCitizen: true, author: PEOPLE_PERE })]);
    expect(
      seen.body.timeline
        .map((e: { action: string; to: string }) => [e.action, e.to])
        .filter((pair: string[]) => pair[0]!.startsWith('ticket.')),
    ).toEqual([
      ['ticket.opened', 'classified'],
      ['ticket.taken', 'in_progress'],
      ['ticket.waiting_citizen', 'waiting_citizen'],
      ['ticket.citizen_replied', 'in_progress'],
    ]);
    expect((await act(clerk, ticket_id, 'resolve')).body.status).toBe('resolved');
    expect((await reply('Una cosa més')).body.status).toBe('in_progress');
    await act(clerk, ticket_id, 'resolve');
    await act(clerk, ticket_id, 'close');
    const late = await reply('I ara?');
    expect([late.status, late.body.error.code]).toEqual([409, 'invalid_transition']);
    expect((await api(t.url, '/api/citizen/ticket/reply', { token: booked.token, json: { body: '   ' } })).status).toBe(400);
  });

  it('records what the ticket waits for from a third party, and when it came', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    const linked = await api(t.url, `/api/tickets/${body.id}/links`, {
      cookie: clerk,
      json: { kind: 'department', party: 'Institut Municipal d’Hisenda', waitingFor: 'El certificat de pagament' },
    });
    expect(linked.status).toBe(201);
    const waiting = await act(clerk, body.id, 'wait_third_party');
    expect(waiting.body.status).toBe('waiting_third_party');
    const link = waiting.body.links[0];
    const done = await api(t.url, `/api/tickets/${body.id}/links/${link.id}/resolve`, { cookie: clerk, method: 'POST' });
    expect(done.body.links[0].resolvedAt).not.toBeNull();
    const again = await api(t.url, `/api/tickets/${body.id}/links/${link.id}/resolve`, { cookie: clerk, method: 'POST' });
    expect([again.status, again.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('the satisfaction survey', () => {
  async function resolvedBooking(who: 'anna' | 'pere', minutes: number, cookie = clerk) {
    const booked = await bookFor(t, who, minutes);
    const { ticket_id } = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    await act(cookie, ticket_id, 'take');
    expect((await act(cookie, ticket_id, 'resolve')).body.status).toBe('resolved');
    return { booked, ticketId: ticket_id as string, number: booked.appointment.ticketNumber };
  }
  const answer = (token: string, json: Record<string, unknown>) => api(t.url, '/api/citizen/survey', { token, json });

  it('asks the citizen of a resolved ticket once, and refuses another ticket, a second answer and a rating out of range, each with its code', async () => {
    const { booked, ticketId, number } = await resolvedBooking('anna', 5 * 60);
    expect((await api(t.url, '/api/citizen/ticket', { token: booked.token })).body.survey).toMatchObject({ state: 'open', rating: null });
    const other = await resolvedBooking('pere', 6 * 60);
    const ok = { ticketNumber: number, rating: 4, solved: true, comment: 'Molt amables' };
    const notYours = await answer(other.booked.token, ok);
    expect([notYours.status, notYours.body.error.code]).toEqual([403, 'survey_not_yours']);
    for (const rating of [0, 6]) {
      const out = await answer(booked.token, { ...ok, rating });
      expect([out.status, out.body.error.code]).toEqual([422, 'survey_rating_out_of_range']);
    }
    const done = await answer(booked.token, ok);
    expect(done.status).toBe(200);
    expect(done.body.survey).toMatchObject({ state: 'answered', rating: 4, solved: true, comment: 'Molt amables' });
    const again = await answer(booked.token, { ...ok, rating: 1 });
    expect([again.status, again.body.error.code]).toEqual([409, 'survey_already_answered']);
    // Two answers at once: exactly one stands.
    const both = await Promise.all([1, 5].map((rating) => answer(other.booked.token, { ...ok, ticketNumber: other.number, rating })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const staff = await api(t.url, `/api/tickets/${ticketId}`, { cookie: clerk });
    expect(staff.body.survey).toMatchObject({ state: 'answered', rating: 4 });
    expect(staff.body.timeline.at(-1)).toMatchObject({ action: 'ticket.survey_answered', details: { rating: 4, solved: true } });
    expect(await t.db('surveys').where({ ticket_id: ticketId }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('is not asked while the ticket is reopened, and a staff cookie cannot answer', async () => {
    const { booked, ticketId, number } = await resolvedBooking('anna', 7 * 60);
    await act(clerk, ticketId, 'reopen');
    expect((await api(t.url, '/api/citizen/ticket', { token: booked.token })).body.survey).toBeNull();
    const early = await answer(booked.token, { ticketNumber: number, rating: 5, solved: true, comment: null });
    expect([early.status, early.body.error.code]).toEqual([404, 'survey_not_found']);
    expect(
      (await api(t.url, '/api/citizen/survey', { cookie: clerk, json: { ticketNumber: number, rating: 5, solved: true, comment: null } }))
        .status,
    ).toBe(403);
    // Resolved again: the same one survey is asked.
    await act(clerk, ticketId, 'resolve');
    expect((await api(t.url, '/api/citizen/ticket', { token: booked.token })).body.survey).toMatchObject({ state: 'open' });
  });

  it('asks only the share that the sampling rate picks', async () => {
    const s = await startTestServer({ env: { SURVEY_SAMPLE_RATE: '0' } });
    try {
      const cookie = await login(s.url, DEMO.clerk.email, DEMO.clerk.password);
      const { body } = await api(s.url, '/api/tickets', { cookie, json: phoneContact() });
      await api(s.url, `/api/tickets/${body.id}/actions`, { cookie, json: { action: 'resolve' } });
      expect(await s.db('surveys').where({ ticket_id: body.id }).first()).toBeUndefined();
    } finally {
      await s.stop();
    }
  });
});

describe('search', () => {
  it('finds by number and by e-mail, within what the person may see', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact({ citizenEmail: 'search.me@example.org' }) });
    const byNumber = await api(t.url, `/api/tickets?view=all&q=${encodeURIComponent(body.number)}`, { cookie: clerk });
    expect(byNumber.body.tickets.map((x: { id: string }) => x.id)).toEqual([body.id]);
    const byEmail = await api(t.url, `/api/tickets?view=all&q=SEARCH.ME@example.org`, { cookie: clerk });
    expect(byEmail.body.tickets.map((x: { id: string }) => x.id)).toEqual([body.id]);
    // The housing clerk searches the same and finds nothing of the OAC's.
    const other = await api(t.url, `/api/tickets?view=all&q=${encodeURIComponent(body.number)}`, { cookie: housingClerk });
    expect(other.body.tickets).toEqual([]);
    // Wildcards in the search are taken literally.
    const wild = await api(t.url, `/api/tickets?view=all&q=${encodeURIComponent('%')}`, { cookie: clerk });
    expect(wild.body.tickets).toEqual([]);
  });
});

describe('access, from the wrong side', () => {
  it('lets an admin read every ticket and change none, and a scheduler read only the queues they supervise', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    const read = await api(t.url, `/api/tickets/${body.id}`, { cookie: admin });
    expect(read.body).toMatchObject({ id: body.id, canChange: false, actions: [] });
    expect((await act(admin, body.id, 'resolve')).body.error.code).toBe('forbidden');
    expect((await api(t.url, `/api/tickets/${body.id}/notes`, { cookie: admin, json: { visibility: 'internal', body: 'x' } })).status).toBe(
      403,
    );
    expect((await api(t.url, '/api/tickets', { cookie: admin, json: phoneContact() })).status).toBe(403);
    expect((await api(t.url, `/api/tickets/${body.id}`, { cookie: scheduler })).body.canChange).toBe(false);
    expect((await api(t.url, `/api/tickets/${body.id}`, { cookie: housingScheduler })).body.error.code).toBe('forbidden');
    expect((await act(scheduler, body.id, 'take')).body.error.code).toBe('forbidden');
  });

  it('refuses a clerk of another queue everywhere, and anyone logged out, and changes nothing', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact() });
    const before = await t.db('tickets').where({ id: body.id }).first();
    for (const [path, json] of [
      [`/api/tickets/${body.id}/actions`, { action: 'resolve' }],
      [`/api/tickets/${body.id}/classify`, { serviceId: null, priority: 'urgent' }],
      [`/api/tickets/${body.id}/reroute`, { queueId: queues.HABITATGE, reason: 'x' }],
      [`/api/tickets/${body.id}/notes`, { visibility: 'citizen', body: 'x' }],
      [`/api/tickets/${body.id}/links`, { kind: 'provider', party: 'x', waitingFor: 'y' }],
    ] as const) {
      expect((await api(t.url, path, { cookie: housingClerk, json })).body.error.code).toBe('forbidden');
      expect((await api(t.url, path, { json })).status).toBe(401);
    }
    expect((await api(t.url, `/api/tickets/${body.id}`, { cookie: housingClerk })).body.error.code).toBe('forbidden');
    expect(
      (await api(t.url, '/api/tickets?view=all', { cookie: housingClerk })).body.tickets.map((x: { id: string }) => x.id),
    ).not.toContain(body.id);
    expect(await t.db('tickets').where({ id: body.id }).first()).toEqual(before);
    expect((await api(t.url, '/api/tickets/00000000-0000-4000-8000-000000000000', { cookie: clerk })).body.error.code).toBe(
      'ticket_not_found',
    );
  });
});

describe('SLA escalation', () => {
  it("escalates to the queue's supervisor once, before the breach, counting only the office's business hours", async () => {
    // Tuesday 24 November 2026 in Ciutat Vella: open 08:00–14:30 and 15:30–19:40 (Madrid, UTC+1).
    let now = new Date('2026-11-24T08:30:00Z');
    const s = await startTestServer({ clock: () => now });
    try {
      const cookie = await login(s.url, DEMO.clerk.email, DEMO.clerk.password);
      // An uncatalogued matter: the general queue, normal priority (own within 60 business minutes, warned 15 before).
      const { body } = await api(s.url, '/api/tickets', { cookie, json: phoneContact({ take: false }) });
      await s
        .db('tickets')
        .where({ id: body.id })
        .update({ created_at: new Date('2026-11-24T08:00:00Z') });
      const ticket = async () => (await api(s.url, `/api/tickets/${body.id}`, { cookie })).body;
      expect((await ticket()).sla.own).toMatchObject({ state: 'ok', dueAt: '2026-11-24T09:00:00.000Z', remainingMinutes: 30 });
      expect(await s.server.tickets.escalateDue()).toBe(0);

      // 09:50 Madrid: ten business minutes left.
      now = new Date('2026-11-24T08:50:00Z');
      expect((await ticket()).sla.own).toMatchObject({ state: 'at_risk', remainingMinutes: 10 });
      expect(await s.server.tickets.escalateDue()).toBe(1);
      expect(await s.server.tickets.escalateDue()).toBe(0);
      const supervisor = (await s.db('staff_users').where({ email: DEMO.scheduler.email }).first('id')).id;
      const trail = await s.db('audit_events').where({ entity_id: body.id, action: 'ticket.escalated' }).select('details');
      expect(trail).toEqual([{ details: { clock: 'own', state: 'at_risk', dueAt: '2026-11-24T09:00:00.000Z', supervisorId: supervisor } }]);
      expect((await ticket()).sla.escalatedAt).toBe(now.toISOString());

      // Past the due time it is breached; taken late, the clock stays breached, not met.
      now = new Date('2026-11-24T09:05:00Z');
      expect((await ticket()).sla.own.state).toBe('breached');
      expect((await act2(s.url, cookie, body.id, 'take')).sla.own.state).toBe('breached');
    } finally {
      await s.stop();
    }
  });

  it('counts no time while the office is closed: a ticket registered at night is not at risk in the morning', async () => {
    // Registered Tuesday 21:00 Madrid, after closing; Wednesday 08:10 only ten business minutes have run.
    let now = new Date('2026-11-24T20:00:00Z');
    const s = await startTestServer({ clock: () => now });
    try {
      const cookie = await login(s.url, DEMO.clerk.email, DEMO.clerk.password);
      const { body } = await api(s.url, '/api/tickets', { cookie, json: phoneContact({ take: false }) });
      await s.db('tickets').where({ id: body.id }).update({ created_at: now });
      now = new Date('2026-11-25T07:10:00Z');
      const view = (await api(s.url, `/api/tickets/${body.id}`, { cookie })).body;
      expect(view.sla.own).toMatchObject({ state: 'ok', remainingMinutes: 50, dueAt: '2026-11-25T08:00:00.000Z' });
      expect(await s.server.tickets.escalateDue()).toBe(0);
    } finally {
      await s.stop();
    }
  });
});

async function act2(url: string, cookie: string, id: string, action: string) {
  return (await api(url, `/api/tickets/${id}/actions`, { cookie, json: { action } })).body;
}

describe('the database refuses impossible tickets', () => {
  it('refuses a ticket being worked without an owner, resolved without a time, or closed without one', async () => {
    const { body } = await api(t.url, '/api/tickets', { cookie: clerk, json: phoneContact({ take: false }) });
    await expect(t.db('tickets').where({ id: body.id }).update({ status: 'in_progress' })).rejects.toThrow(/tickets_owner/);
    await expect(t.db('tickets').where({ id: body.id }).update({ status: 'resolved' })).rejects.toThrow(/tickets_resolved/);
    await expect(t.db('tickets').where({ id: body.id }).update({ status: 'closed' })).rejects.toThrow(/tickets_closed/);
    await expect(t.db('tickets').where({ id: body.id }).update({ status: 'lost' })).rejects.toThrow(/tickets_status/);
    await expect(t.db('tickets').where({ id: body.id }).update({ citizen_email: null, citizen_phone: null })).rejects.toThrow(
      /tickets_reachable/,
    );
  });
});
