import { CallEvent } from '@oac/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  ask,
  book,
  catalogue,
  connectSocket,
  DEMO,
  login,
  makeSlot,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '@oac/tests/support';

/*
 * Habitatge et truca (issue 14): after a remote advice call, the housing clerk books the citizen an
 * in-person visit at one of the housing offices, under the same ticket.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let housingClerk: string;
let oacClerk: string;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  ids = await catalogue(t.db);
  housingClerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
  oacClerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t?.stop());

/** A housing video appointment whose advice call took place: marked done as the clerk's end would. */
async function adviceCallHeld(i: number) {
  const made = await book(
    t.url,
    await makeSlot(t.db, ids.office('habitatge-eixample'), 60 * 24 * 3 + i * 20),
    ids.service('LLOGUER'),
    'Joan Riera',
    `joan${i}@example.org`,
  );
  await t
    .db('appointments')
    .where({ id: made.appointment.id })
    .update({ status: 'done', checked_in_at: t.db.fn.now(), call_started_at: t.db.fn.now(), ended_at: t.db.fn.now() });
  return made;
}

async function freeSlot(office: string) {
  const res = await api(t.url, `/api/slots?serviceId=${ids.service('LLOGUER')}&officeId=${ids.office(office)}&days=7`);
  return res.body[0].id as string;
}

describe('continuing a housing advice call in person', () => {
  it('offers the housing offices that take the procedure in person, and books a visit under the same ticket', async () => {
    const held = await adviceCallHeld(0);
    const offices = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person-offices`, { cookie: housingClerk });
    expect(offices.status).toBe(200);
    expect(offices.body.map((o: { slug: string }) => o.slug).sort()).toEqual(['habitatge-eixample', 'habitatge-sant-marti']);
    const slotId = await freeSlot('habitatge-sant-marti');
    const res = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person`, { cookie: housingClerk, json: { slotId } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.appointment).toMatchObject({ channel: 'in_person', ticketNumber: held.appointment.ticketNumber, status: 'booked' });
    const rows = await t
      .db('appointments')
      .where({ ticket_id: t.db('appointments').select('ticket_id').where({ id: held.appointment.id }) });
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['in_person', 'booked'],
      ['video', 'done'],
    ]);
    const visit = rows.find((r) => r.channel === 'in_person')!;
    expect(visit).toMatchObject({
      slot_id: slotId,
      office_id: ids.office('habitatge-sant-marti'),
      follows_appointment_id: held.appointment.id,
    });
    const audit = await t.db('audit_events').whereIn('entity_id', [held.appointment.id, visit.id, visit.ticket_id]).select('action');
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['appointment.booked', 'appointment.continued_in_person', 'ticket.session_added']),
    );
    // The visit has no call: nobody enters one, clerk or citizen.
    const santMarti = await login(t.url, 'santmarti.clerk@oac.example', DEMO.clerk.password);
    const socket = await connectSocket(t.url, { cookie: santMarti }, sockets);
    const join = await ask(socket, CallEvent.join, { appointmentId: visit.id });
    expect(join !== 'timeout' && !join.ok && join.error.code).toBe('not_a_video_call');
  });

  it('refuses a call that has not taken place, a slot elsewhere, a taken slot, another office and a citizen', async () => {
    const upcoming = await book(
      t.url,
      await makeSlot(t.db, ids.office('habitatge-eixample'), 60 * 24 * 4),
      ids.service('LLOGUER'),
      'Aina Soler',
      'aina@example.org',
    );
    const slotId = await freeSlot('habitatge-sant-marti');
    const early = await api(t.url, `/api/staff/appointments/${upcoming.appointment.id}/in-person`, {
      cookie: housingClerk,
      json: { slotId },
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_transition']);

    const held = await adviceCallHeld(1);
    const oacSlot = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 60 * 24 * 5);
    const elsewhere = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person`, {
      cookie: housingClerk,
      json: { slotId: oacSlot },
    });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([422, 'service_not_offered']);

    const forbidden = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person`, { cookie: oacClerk, json: { slotId } });
    expect(forbidden.status).toBe(403);
    const citizen = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person`, { token: held.token, json: { slotId } });
    expect([401, 403]).toContain(citizen.status);

    // One seat at Sant Martí at that time (one clerk): the second visit for it is refused.
    const first = await api(t.url, `/api/staff/appointments/${held.appointment.id}/in-person`, { cookie: housingClerk, json: { slotId } });
    expect(first.status).toBe(201);
    const other = await adviceCallHeld(2);
    const taken = await api(t.url, `/api/staff/appointments/${other.appointment.id}/in-person`, { cookie: housingClerk, json: { slotId } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'slot_taken']);
    expect(await t.db('appointments').where({ follows_appointment_id: other.appointment.id }).first()).toBeUndefined();
  });
});
