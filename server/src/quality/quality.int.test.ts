import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, DEMO, login, makeSlot, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Issue 15's quality indicators against real PostgreSQL, checked against a hand-computed fixture:
 * nine contacts of two days, written as the platform stores them (tickets, sessions, the live
 * queue, surveys, the audit trail), with times chosen so that every figure below can be worked
 * out by hand. The office is in Europe/Madrid (UTC+1 in November): the period's days are local.
 *
 *  T1 appointment high  HISENDA  02 09:00  booked, checked in early, call 40 s late, 600 s, done; resolved; survey 5 solved
 *  T2 appointment normal GENERAL 02 10:00  booked, no-show; closed unresolved
 *  T7 phone      urgent  GENERAL 02 00:30  (23:30 UTC the day before) registered, nobody took it: both clocks breach
 *  T3 on demand  high    HISENDA 03 11:00  attended after 90 s, 300 s, done; resolved, reopened, resolved; survey 3 not solved
 *  T4 on demand  normal  GENERAL 03 12:00  attended after 300 s, 900 s, done; resolved
 *  T5 on demand  normal  GENERAL 03 12:05  gave up waiting; closed
 *  T6 callback   low     GENERAL 03 13:00  asked for a phone callback 60 s in, called back 1,800 s after asking
 *  T8 phone      normal  GENERAL 04 00:10  (23:10 UTC on the 3rd) after the period
 *  T9 phone      normal  GENERAL 02 10:00  at the housing office
 */

let t: TestServer;
let admin: string;
let scheduler: string;
let housingScheduler: string;
let clerk: string;
let office: string;
let housing: string;
let queues: Record<string, string>;

const at = (iso: string) => new Date(iso);
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

async function ticket(row: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await t.db('tickets').insert({
    id,
    number: `QA-${id.slice(0, 8)}`,
    office_id: office,
    citizen_name: 'Carme Vidal',
    citizen_email: 'carme@example.org',
    ...row,
    updated_at: row.created_at,
  });
  return id;
}

async function session(ticketId: string, row: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await t.db('appointments').insert({
    id,
    ticket_id: ticketId,
    office_id: office,
    citizen_name: 'Carme Vidal',
    citizen_email: 'carme@example.org',
    language: 'ca',
    token_hash: randomUUID(),
    ...row,
  });
  return id;
}

async function entry(ticketId: string, row: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await t.db('queue_entries').insert({ id, ticket_id: ticketId, token_hash: randomUUID(), ...row });
  return id;
}

async function audit(entity: string, entityId: string, action: string, when: Date, from: string | null, to: string | null) {
  await t.db('audit_events').insert({
    at: when,
    actor_kind: 'system',
    actor_name: 'system',
    entity,
    entity_id: entityId,
    action,
    from_state: from,
    to_state: to,
  });
}

beforeAll(async () => {
  t = await startTestServer();
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  housingScheduler = await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  const ids = await catalogue(t.db);
  office = ids.office('oac-ciutat-vella');
  housing = ids.office('habitatge-eixample');
  queues = Object.fromEntries((await t.db('queues').select('code', 'id')).map((q) => [q.code, q.id]));
  const taxes = ids.service('TAXES');
  const padro = ids.service('PADRO');
  const clerkId = (await t.db('staff_users').where({ email: DEMO.clerk.email }).first('id')).id as string;
  const hi = { queue_id: queues.HISENDA, service_id: taxes };
  const gen = { queue_id: queues.GENERAL, service_id: padro };

  // T1: booked; the citizen checked in a minute early, the clerk started 40 s after the start.
  const t1 = await ticket({
    ...hi,
    channel: 'appointment',
    priority: 'high',
    status: 'resolved',
    created_at: at('2026-11-02T08:00:00Z'),
    owner_staff_id: clerkId,
    owned_at: at('2026-11-02T08:10:00Z'),
    resolved_at: at('2026-11-02T08:20:00Z'),
    sla_own_met: true,
    sla_resolve_met: true,
  });
  const slot1 = await makeSlot(t.db, office, 60, null, taxes);
  const s1 = (await t.db('slots').where({ id: slot1 }).first('starts_at')).starts_at as Date;
  await session(t1, {
    slot_id: slot1,
    service_id: taxes,
    status: 'done',
    checked_in_at: plus(s1, -60),
    call_started_at: plus(s1, 40),
    ended_at: plus(s1, 640),
  });
  await t
    .db('surveys')
    .insert({ ticket_id: t1, due_at: at('2026-11-02T09:00:00Z'), rating: 5, solved: true, answered_at: at('2026-11-02T09:00:00Z') });

  // T2: booked, nobody came.
  const t2 = await ticket({
    ...gen,
    channel: 'appointment',
    priority: 'normal',
    status: 'closed',
    created_at: at('2026-11-02T09:00:00Z'),
    closed_at: at('2026-11-02T10:00:00Z'),
    sla_own_met: false,
    sla_resolve_met: false,
  });
  const slot2 = await makeSlot(t.db, office, 120, null, padro);
  await session(t2, { slot_id: slot2, service_id: padro, status: 'no_show', ended_at: plus(new Date(), 3 * 3600) });

  // T7: a phone contact 30 minutes into the 2nd, local time (still the 1st in UTC), never taken: its verdicts are settled by the report.
  await ticket({ ...gen, channel: 'phone', priority: 'urgent', status: 'registered', created_at: at('2026-11-01T23:30:00Z') });

  // T3: attended now after 90 s; reopened once.
  const t3Created = at('2026-11-03T10:00:00Z');
  const t3 = await ticket({
    ...hi,
    channel: 'on_demand',
    priority: 'high',
    status: 'resolved',
    created_at: t3Created,
    owner_staff_id: clerkId,
    owned_at: plus(t3Created, 90),
    resolved_at: plus(t3Created, 3600),
    sla_own_met: true,
    sla_resolve_met: true,
  });
  const a3 = await session(t3, {
    on_demand: true,
    service_id: taxes,
    starts_at: plus(t3Created, 90),
    ends_at: plus(t3Created, 410),
    status: 'done',
    checked_in_at: plus(t3Created, 95),
    call_started_at: plus(t3Created, 110),
    ended_at: plus(t3Created, 410),
  });
  await entry(t3, {
    ...hi,
    priority: 'high',
    status: 'done',
    created_at: t3Created,
    served_by: clerkId,
    served_at: plus(t3Created, 90),
    appointment_id: a3,
  });
  await audit('ticket', t3, 'ticket.reopened', plus(t3Created, 1800), 'resolved', 'in_progress');
  await t.db('surveys').insert({ ticket_id: t3, due_at: t3Created, rating: 3, solved: false, answered_at: plus(t3Created, 4000) });

  // T4: attended now after 300 s, 900 s of call.
  const t4Created = at('2026-11-03T11:00:00Z');
  const t4 = await ticket({
    ...gen,
    channel: 'on_demand',
    priority: 'normal',
    status: 'resolved',
    created_at: t4Created,
    owner_staff_id: clerkId,
    owned_at: plus(t4Created, 300),
    resolved_at: plus(t4Created, 1300),
    sla_own_met: true,
    sla_resolve_met: false,
  });
  const a4 = await session(t4, {
    on_demand: true,
    service_id: padro,
    starts_at: plus(t4Created, 300),
    ends_at: plus(t4Created, 1210),
    status: 'done',
    checked_in_at: plus(t4Created, 305),
    call_started_at: plus(t4Created, 310),
    ended_at: plus(t4Created, 1210),
  });
  await entry(t4, {
    ...gen,
    priority: 'normal',
    status: 'done',
    created_at: t4Created,
    served_by: clerkId,
    served_at: plus(t4Created, 300),
    appointment_id: a4,
  });

  // T5: gave up waiting.
  const t5Created = at('2026-11-03T11:05:00Z');
  const t5 = await ticket({
    ...gen,
    channel: 'on_demand',
    priority: 'normal',
    status: 'closed',
    created_at: t5Created,
    closed_at: plus(t5Created, 400),
    sla_own_met: false,
    sla_resolve_met: false,
  });
  await entry(t5, { ...gen, priority: 'normal', status: 'left', created_at: t5Created, left_at: plus(t5Created, 400) });

  // T6: a phone callback, asked for 60 s in, made 1,800 s later.
  const t6Created = at('2026-11-03T12:00:00Z');
  const t6 = await ticket({
    ...gen,
    channel: 'callback',
    priority: 'low',
    status: 'in_progress',
    created_at: t6Created,
    owner_staff_id: clerkId,
    owned_at: plus(t6Created, 1860),
    sla_own_met: true,
    sla_resolve_met: false,
  });
  const e6 = await entry(t6, {
    ...gen,
    priority: 'low',
    status: 'done',
    created_at: t6Created,
    served_by: clerkId,
    served_at: plus(t6Created, 1860),
    callback_channel: 'phone',
    callback_phone: '+34 600 000 000',
    callback_from: plus(t6Created, 600),
    callback_to: plus(t6Created, 7200),
    callback_outcome: 'reached',
  });
  await audit('queue_entry', e6, 'live.callback_requested', plus(t6Created, 60), 'waiting', 'waiting');

  // T8: ten minutes into the 4th, local time: after the period.
  await ticket({ ...gen, channel: 'phone', priority: 'normal', status: 'registered', created_at: at('2026-11-03T23:10:00Z') });
  // T9: another office's contact.
  await ticket({
    ...gen,
    office_id: housing,
    channel: 'phone',
    priority: 'normal',
    status: 'registered',
    created_at: at('2026-11-02T09:00:00Z'),
  });
});
afterAll(async () => {
  await t?.stop();
});

const report = (cookie: string, query: Record<string, string>) =>
  api(t.url, `/api/quality?${new URLSearchParams({ from: '2026-11-02', to: '2026-11-03', ...query })}`, { cookie });

describe('the quality indicators', () => {
  it("add up to the hand-computed figures for the scheduler's office", async () => {
    const r = await report(scheduler, {});
    expect(r.status).toBe(200);
    const q = r.body;
    expect(q.timeZone).toBe('Europe/Madrid');
    expect(q.contacts).toBe(7);
    expect(q.contactsPerDay).toEqual([
      { day: '2026-11-02', channel: 'appointment', contacts: 2 },
      { day: '2026-11-02', channel: 'phone', contacts: 1 },
      { day: '2026-11-03', channel: 'callback', contacts: 1 },
      { day: '2026-11-03', channel: 'on_demand', contacts: 3 },
    ]);
    // Waits 40 (T1), 90 (T3), 300 (T4): p90 by interpolation is 90 + 0.8 × 210.
    expect(q.wait).toEqual({ samples: 3, p50Seconds: 90, p90Seconds: 258, meanSeconds: 143.3 });
    // Calls of 600 (T1), 300 (T3), 900 (T4).
    expect(q.handling).toEqual({ samples: 3, p50Seconds: 600, p90Seconds: 840, meanSeconds: 600 });
    expect(q.noShow).toEqual({ ended: 2, noShows: 1, rate: 0.5 });
    // T1 and T4 solved at once; T3 was reopened.
    expect(q.firstContactResolution.resolved).toBe(3);
    expect(q.firstContactResolution.firstContact).toBe(2);
    expect(q.firstContactResolution.rate).toBeCloseTo(2 / 3, 10);
    expect(q.callbacks).toEqual({
      requested: 1,
      completed: 1,
      turnaround: { samples: 1, p50Seconds: 1800, p90Seconds: 1800, meanSeconds: 1800 },
    });
    expect(q.csat).toEqual({
      answers: 2,
      mean: 4,
      distribution: [
        { rating: 1, count: 0 },
        { rating: 2, count: 0 },
        { rating: 3, count: 1 },
        { rating: 4, count: 0 },
        { rating: 5, count: 1 },
      ],
      solvedRate: 0.5,
    });
    const sla = (p: string) => q.sla.find((s: { priority: string }) => s.priority === p);
    expect(q.sla.map((s: { priority: string }) => s.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    // T7's clocks ran out unattended: the report settled both as breached.
    expect(sla('urgent')).toMatchObject({ answerable: 0, answeredRate: null, owned: 1, ownedInTime: 0, resolved: 1, resolvedInTime: 0 });
    // T3 attended within the 120 s target; T1 is an appointment, not in the live queue.
    expect(sla('high')).toMatchObject({
      answerTargetSeconds: 120,
      answerable: 1,
      answeredInTarget: 1,
      answeredRate: 1,
      owned: 2,
      ownedInTime: 2,
      ownedRate: 1,
      resolved: 2,
      resolvedInTime: 2,
    });
    // T4 attended after 300 s, T5 gave up: neither in target.
    expect(sla('normal')).toMatchObject({
      answerable: 2,
      answeredInTarget: 0,
      answeredRate: 0,
      owned: 3,
      ownedInTime: 1,
      resolved: 3,
      resolvedInTime: 0,
    });
    // A callback is measured by its turnaround, not the live service level.
    expect(sla('low')).toMatchObject({ answerable: 0, owned: 1, ownedInTime: 1, resolved: 1, resolvedInTime: 0 });
    const settled = await t.db('tickets').where({ priority: 'urgent', office_id: office }).first('sla_own_met', 'sla_resolve_met');
    expect(settled).toEqual({ sla_own_met: false, sla_resolve_met: false });
  });

  it('filter by queue, procedure, priority and day', async () => {
    const hisenda = (await report(scheduler, { queueId: queues.HISENDA! })).body;
    expect(hisenda.contacts).toBe(2);
    expect(hisenda.csat.mean).toBe(4);
    expect(hisenda.noShow).toEqual({ ended: 1, noShows: 0, rate: 0 });
    const normal = (await report(scheduler, { priority: 'normal' })).body;
    expect(normal.contacts).toBe(3);
    expect(normal.wait).toEqual({ samples: 1, p50Seconds: 300, p90Seconds: 300, meanSeconds: 300 });
    const taxes = (await report(scheduler, { serviceId: (await catalogue(t.db)).service('TAXES') })).body;
    expect(taxes.contacts).toBe(2);
    const second = (await report(scheduler, { to: '2026-11-02' })).body;
    expect(second.contacts).toBe(3);
    expect(second.handling.samples).toBe(1);
    const empty = (await report(scheduler, { from: '2026-10-01', to: '2026-10-31' })).body;
    expect(empty).toMatchObject({ contacts: 0, contactsPerDay: [], wait: { samples: 0, p50Seconds: null }, noShow: { rate: null } });
    expect(empty.csat.distribution.map((d: { count: number }) => d.count)).toEqual([0, 0, 0, 0, 0]);
  });

  it("give an admin the whole council's, or one office's", async () => {
    expect((await report(admin, {})).body.contacts).toBe(8);
    expect((await report(admin, { officeId: office })).body.contacts).toBe(7);
    expect((await report(admin, { officeId: housing })).body.contacts).toBe(1);
  });

  it("are refused to clerks, to another office's scheduler, and without a login", async () => {
    expect((await report(clerk, {})).status).toBe(403);
    const other = await report(housingScheduler, { officeId: office });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    // Without a choice, a scheduler gets their own office, never the council's.
    expect((await report(housingScheduler, {})).body.contacts).toBe(1);
    const anon = await api(t.url, '/api/quality?from=2026-11-02&to=2026-11-03');
    expect(anon.status).toBe(401);
  });

  it("settle every verdict once and stop, whatever the times' precision", async () => {
    // Times to the microsecond, as now() writes them, and a ticket whose clocks still run: a cursor
    // that kept only milliseconds would read that one again for ever.
    const at = (sql: string) => t.db.raw(sql);
    const rows = await t
      .db('tickets')
      .insert(
        ["now() - interval '40 days' + interval '0.000123 s'", "now() - interval '40 days' + interval '1.000456 s'", 'now()'].map(
          (created, i) => ({
            number: `QA-NOW-${i}`,
            office_id: office,
            citizen_name: 'Carme Vidal',
            citizen_email: 'carme@example.org',
            queue_id: queues.GENERAL,
            channel: 'phone',
            priority: 'normal',
            status: 'registered',
            created_at: at(created),
          }),
        ),
      )
      .returning('id');
    const span = { from: new Date(Date.now() - 41 * 86_400_000), to: new Date(Date.now() + 60_000) };
    expect(await t.server.tickets.settleSla(span)).toBeGreaterThanOrEqual(2);
    expect(await t.server.tickets.settleSla(span)).toBe(0);
    const [old1, old2, running] = await Promise.all(
      rows.map((r: { id: string }) => t.db('tickets').where({ id: r.id }).first('sla_own_met', 'sla_resolve_met')),
    );
    // Forty days on, both clocks of the old ones have run out; the new one's still run.
    expect([old1, old2]).toEqual([0, 1].map(() => ({ sla_own_met: false, sla_resolve_met: false })));
    expect(running).toEqual({ sla_own_met: null, sla_resolve_met: null });
  }, 15_000);

  it('refuse a period that ends before it starts, one too long, and a malformed one', async () => {
    const bad: Record<string, string>[] = [
      { from: '2026-11-03', to: '2026-11-02' },
      { from: '2025-01-01', to: '2026-11-02' },
      { from: '2026-13-01' },
      { priority: 'vip' },
    ];
    for (const query of bad) {
      const r = await report(admin, query);
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
  });
});
