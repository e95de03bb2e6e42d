import { CallEvent } from '@oac/shared';
import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  book,
  ask,
  bookFor,
  catalogue,
  connectSocket,
  DEMO,
  disconnected,
  login,
  makeSlot,
  personName,
  startTestServer,
  type ClientSocket,
  type TestServer,
} from '@oac/tests/support';

/*
 * The appointment's life (issue 12) against the real server, database and media worker: the join
 * window, the status following who is in the call, ending with an outcome, cancelling and moving,
 * the audit trail, the database's own checks, and every new route tried from the wrong side.
 */

let t: TestServer;
let clerk: string;
let ids: Awaited<ReturnType<typeof catalogue>>;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer({ media: true });
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  ids = await catalogue(t.db);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(() => t?.stop());

/** Minutes from now until noon in Madrid tomorrow (whole minutes). */
function nextMadridNoonMinutes(): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const sinceMidnight = Number(parts.hour) * 60 + Number(parts.minute);
  return 24 * 60 - sinceMidnight + 12 * 60;
}

const code = (r: Awaited<ReturnType<typeof ask>>) => (r === 'timeout' ? 'timeout' : r.ok ? 'ok' : r.error.code);
const status = async (id: string) => (await t.db('appointments').where({ id }).first('status')).status as string;

async function until(check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function enter(auth: { token?: string; cookie?: string }, appointmentId: string) {
  const socket = await connectSocket(t.url, auth, sockets);
  return { socket, join: await ask(socket, CallEvent.join, { appointmentId }) };
}

/** The clerk lets the waiting citizen in (issue 13). */
async function admit(staff: Awaited<ReturnType<typeof enter>>, citizen: Awaited<ReturnType<typeof enter>>) {
  const peerId = (citizen.join as { ok: true; data: { peerId: string } }).data.peerId;
  expect(code(await ask(staff.socket, CallEvent.admit, { peerId }))).toBe('ok');
}

describe('joining and the status that follows who is in the call', () => {
  it('refuses the citizen before the join window with the time it opens, and lets them in within it', async () => {
    const early = await bookFor(t, 'anna', 40);
    const { join } = await enter({ token: early.token }, early.appointment.id);
    expect(join).toMatchObject({ ok: false, error: { code: 'join_not_open', details: { opensAt: expect.any(String) } } });
    const opensAt = Date.parse((join as { error: { details: { opensAt: string } } }).error.details.opensAt);
    expect(opensAt).toBe(Date.parse(early.appointment.startsAt) - 15 * 60_000);
    // The clerk may open the call early; then the citizen comes in too.
    expect(code((await enter({ cookie: clerk }, early.appointment.id)).join)).toBe('ok');
    expect(code((await enter({ token: early.token }, early.appointment.id)).join)).toBe('ok');
  });

  it('goes booked → checked_in → in_call and back as people come and go, never staying in_call', async () => {
    const a = await bookFor(t, 'anna', 5);
    const id = a.appointment.id;
    const citizen = await enter({ token: a.token }, id);
    expect(code(citizen.join)).toBe('ok');
    await until(async () => (await status(id)) === 'checked_in');
    const staff = await enter({ cookie: clerk }, id);
    expect(code(staff.join)).toBe('ok');
    // The clerk is there, but the citizen still waits in the lobby until let in.
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(id)).toBe('checked_in');
    await admit(staff, citizen);
    await until(async () => (await status(id)) === 'in_call');
    // The call puts the appointment's ticket in the clerk's hands (issue 15).
    const ticket = async () =>
      t
        .db('tickets')
        .join('appointments as a', 'a.ticket_id', 'tickets.id')
        .where('a.id', id)
        .first('tickets.status', 'tickets.owner_staff_id');
    const marta = (await t.db('staff_users').where({ email: DEMO.clerk.email }).first('id')).id;
    await until(async () => (await ticket()).status === 'in_progress');
    expect((await ticket()).owner_staff_id).toBe(marta);
    // The clerk leaves without ending: the citizen is still waiting.
    staff.socket.disconnect();
    await until(async () => (await status(id)) === 'checked_in');
    citizen.socket.disconnect();
    await until(async () => (await status(id)) === 'booked');
    const row = await t.db('appointments').where({ id }).first();
    expect(row.checked_in_at).toBeNull();
    const history = await api(t.url, `/api/staff/appointments/${id}/history`, { cookie: clerk });
    expect(
      history.body.map((e: { action: string; from: string; to: string; actor: { kind: string } }) => [
        e.action,
        e.from,
        e.to,
        e.actor.kind,
      ]),
    ).toEqual([
      ['appointment.booked', null, 'booked', 'citizen'],
      ['appointment.checked_in', 'booked', 'checked_in', 'citizen'],
      ['call.admitted', 'lobby', 'admitted', 'staff'],
      ['appointment.call_started', 'checked_in', 'in_call', 'staff'],
      ['appointment.call_interrupted', 'in_call', 'checked_in', 'staff'],
      ['appointment.left', 'checked_in', 'booked', 'citizen'],
    ]);
  });

  it('ends the call for both when the clerk ends the appointment, and nobody can join it again', async () => {
    const a = await bookFor(t, 'pere', 5);
    const id = a.appointment.id;
    const citizen = await enter({ token: a.token }, id);
    await admit(await enter({ cookie: clerk }, id), citizen);
    await until(async () => (await status(id)) === 'in_call');
    const ended = new Promise<{ status: string }>((r) => citizen.socket.once(CallEvent.ended, r));
    const res = await api(t.url, `/api/staff/appointments/${id}/end`, { cookie: clerk, json: { outcome: 'done' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', endedAt: expect.any(String) });
    expect(await ended).toEqual({ status: 'done' });
    // The citizen's page is told the truth, not to wait again.
    expect((await api(t.url, '/api/citizen/appointment', { token: a.token })).body.status).toBe('done');
    expect((await enter({ token: a.token }, id)).join).toMatchObject({ ok: false, error: { code: 'appointment_closed' } });
    expect((await enter({ cookie: clerk }, id)).join).toMatchObject({ ok: false, error: { code: 'appointment_closed' } });
    expect((await api(t.url, `/api/staff/appointments/${id}/end`, { cookie: clerk, json: { outcome: 'done' } })).body.error.code).toBe(
      'invalid_transition',
    );
  });
});

describe('the outcome', () => {
  it('records a no-show only from ten minutes after the start, never mid-call, and lets the clerk correct it that day', async () => {
    const soon = await bookFor(t, 'anna', 5);
    const tooEarly = await api(t.url, `/api/staff/appointments/${soon.appointment.id}/end`, {
      cookie: clerk,
      json: { outcome: 'no_show' },
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error).toMatchObject({ code: 'no_show_too_early', details: { allowedFrom: expect.any(String) } });

    // An appointment that started fifteen minutes ago, and nobody came. "That day" is the office's
    // local day, so the server's clock is set to a quarter past a local noon: a run just after
    // midnight would otherwise find the start on the day before.
    const noon = nextMadridNoonMinutes();
    let now = new Date(Date.now() + (noon + 15) * 60_000);
    const s = await startTestServer({ clock: () => now });
    try {
      const cookie = await login(s.url, DEMO.clerk.email, DEMO.clerk.password);
      const late = await bookFor(s, 'pere', noon);
      const noShow = await api(s.url, `/api/staff/appointments/${late.appointment.id}/end`, { cookie, json: { outcome: 'no_show' } });
      expect(noShow.body, JSON.stringify(noShow.body)).toMatchObject({ status: 'no_show' });
      // Late in the afternoon of the same day, the clerk corrects it.
      now = new Date(now.getTime() + 5 * 3600_000);
      const fixed = await api(s.url, `/api/staff/appointments/${late.appointment.id}/outcome`, { cookie, json: { outcome: 'done' } });
      expect(fixed.body.status).toBe('done');
      expect((await api(s.url, '/api/citizen/appointment', { token: late.token })).body.status).toBe('done');
    } finally {
      await s.stop();
    }
  });

  it('locks the outcome once the day of the appointment is over', async () => {
    const a = await bookFor(t, 'anna', 5);
    await api(t.url, `/api/staff/appointments/${a.appointment.id}/end`, { cookie: clerk, json: { outcome: 'done' } });
    const slotId = (await t.db('appointments').where({ id: a.appointment.id }).first('slot_id')).slot_id;
    await t
      .db('slots')
      .where({ id: slotId })
      .update({ starts_at: t.db.raw("now() - interval '2 days'"), ends_at: t.db.raw("now() - interval '2 days' + interval '20 minutes'") });
    const res = await api(t.url, `/api/staff/appointments/${a.appointment.id}/outcome`, { cookie: clerk, json: { outcome: 'no_show' } });
    expect(res.body.error.code).toBe('outcome_locked');
  });
});

describe('cancelling and moving', () => {
  it('cancels up to two hours before, frees the slot at once, and keeps the link working', async () => {
    const a = await bookFor(t, 'anna', 240);
    const slotId = (await t.db('appointments').where({ id: a.appointment.id }).first('slot_id')).slot_id;
    const res = await api(t.url, '/api/citizen/appointment/cancel', { method: 'POST', token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const page = await api(t.url, '/api/citizen/appointment', { token: a.token });
    expect(page.status).toBe(200);
    expect(page.body.status).toBe('cancelled');
    // The slot is free for somebody else at once.
    const other = await api(t.url, '/api/bookings', {
      json: { slotId, serviceId: ids.service('PADRO'), name: 'Berta Sala', email: 'berta@example.org' },
    });
    expect(other.status).toBe(201);
    expect((await api(t.url, '/api/citizen/appointment/cancel', { method: 'POST', token: a.token })).body.error.code).toBe(
      'invalid_transition',
    );
    const late = await bookFor(t, 'pere', 90);
    const refused = await api(t.url, '/api/citizen/appointment/cancel', { method: 'POST', token: late.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'change_cutoff_passed', details: { cutoffAt: expect.any(String) } });
  });

  it('moves an appointment to another free slot, keeping its ticket, and refuses a taken one without losing the old', async () => {
    const a = await bookFor(t, 'anna', 300);
    const free = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 360);
    const moved = await api(t.url, '/api/citizen/appointment/reschedule', { token: a.token, json: { slotId: free } });
    expect(moved.status).toBe(200);
    expect(moved.body.ticketNumber).toBe(a.appointment.ticketNumber);
    expect(Date.parse(moved.body.startsAt) - Date.now()).toBeGreaterThan(350 * 60_000);
    const row = await t.db('appointments').where({ id: a.appointment.id }).first('slot_id', 'revision');
    expect(row).toEqual({ slot_id: free, revision: 1 });
    // Taken by someone else, for the same procedure: a slot of another procedure is refused for that first.
    const taken = await book(
      t.url,
      await makeSlot(t.db, ids.office('oac-ciutat-vella'), 420),
      ids.service('PADRO'),
      'Pere Soler',
      'pere@example.org',
    );
    const takenSlot = (await t.db('appointments').where({ id: taken.appointment.id }).first('slot_id')).slot_id;
    const refused = await api(t.url, '/api/citizen/appointment/reschedule', { token: a.token, json: { slotId: takenSlot } });
    expect(refused.body.error.code).toBe('slot_taken');
    expect((await t.db('appointments').where({ id: a.appointment.id }).first('slot_id')).slot_id).toBe(free);
    const housingSlot = await makeSlot(t.db, ids.office('habitatge-eixample'), 480);
    expect(
      (await api(t.url, '/api/citizen/appointment/reschedule', { token: a.token, json: { slotId: housingSlot } })).body.error.code,
    ).toBe('service_not_offered');
  });

  it('gives one free slot to exactly one of fifty concurrent moves, and every loser keeps their old slot', async () => {
    const people = await Promise.all(
      Array.from({ length: 50 }, async (_, i) =>
        book(
          t.url,
          await makeSlot(t.db, ids.office('oac-ciutat-vella'), 600 + i * 20),
          ids.service('PADRO'),
          personName(i),
          `mover${i}@example.org`,
        ),
      ),
    );
    const before = new Map(
      (
        await t
          .db('appointments')
          .whereIn(
            'id',
            people.map((p) => p.appointment.id),
          )
          .select('id', 'slot_id')
      ).map((r) => [r.id, r.slot_id]),
    );
    const target = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 900);
    const results = await Promise.all(
      people.map((p) => api(t.url, '/api/citizen/appointment/reschedule', { token: p.token, json: { slotId: target } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status !== 200).map((r) => r.body.error.code))).toEqual(new Set(['slot_taken']));
    const after = await t
      .db('appointments')
      .whereIn(
        'id',
        people.map((p) => p.appointment.id),
      )
      .select('id', 'slot_id');
    const winners = after.filter((r) => r.slot_id === target);
    expect(winners).toHaveLength(1);
    for (const r of after) if (r.slot_id !== target) expect(r.slot_id).toBe(before.get(r.id));
  });

  it('gives an iCalendar file with the office zone, a stable UID and the revision as SEQUENCE', async () => {
    const a = await bookFor(t, 'anna', 500);
    const free = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 540);
    await api(t.url, '/api/citizen/appointment/reschedule', { token: a.token, json: { slotId: free } });
    const res = await fetch(`${t.url}/api/citizen/appointment/calendar.ics`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const component = new ICAL.Component(ICAL.parse(await res.text()));
    expect(component.getFirstPropertyValue('method')).toBe('PUBLISH');
    const vevent = component.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(`${a.appointment.id}@oac-et-truca`);
    expect(event.sequence).toBe(1);
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Madrid');
    expect(component.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Madrid');
    const page = await api(t.url, '/api/citizen/appointment', { token: a.token });
    const tz = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
    const start = event.startDate;
    start.zone = tz;
    // iCalendar counts whole seconds; the test's slot is made at an arbitrary millisecond.
    expect(start.toJSDate().getTime()).toBe(Math.floor(Date.parse(page.body.startsAt) / 1000) * 1000);
    expect(event.duration.toSeconds()).toBe(20 * 60);
  });
});

describe('the database refuses impossible states', () => {
  it('whatever the code does', async () => {
    const a = await bookFor(t, 'anna', 700);
    const id = a.appointment.id;
    for (const change of [
      { status: 'lost' },
      { status: 'done' },
      { status: 'in_call' },
      { status: 'checked_in' },
      { status: 'cancelled' },
      { revision: -1 },
    ]) {
      await expect(t.db('appointments').where({ id }).update(change), JSON.stringify(change)).rejects.toMatchObject({ code: '23514' });
    }
    expect(await status(id)).toBe('booked');
  });
});

describe('every new route from the wrong side', () => {
  it('refuses other citizens, other offices, schedulers, admins and nobody', async () => {
    const a = await bookFor(t, 'anna', 800);
    const id = a.appointment.id;
    const other = await bookFor(t, 'pere', 800);
    const housing = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    const scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
    const admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
    for (const [path, body] of [
      [`/api/staff/appointments/${id}/end`, { outcome: 'done' }],
      [`/api/staff/appointments/${id}/outcome`, { outcome: 'done' }],
      [`/api/staff/appointments/${id}/notes`, { notes: 'x' }],
    ] as const) {
      expect((await api(t.url, path, { json: body })).status, path).toBe(401);
      expect((await api(t.url, path, { json: body, token: a.token })).status, path).toBe(403);
      for (const cookie of [housing, scheduler, admin])
        expect((await api(t.url, path, { json: body, cookie })).body.error.code, path).toBe('forbidden');
    }
    expect((await api(t.url, `/api/staff/appointments/${id}/history`, { cookie: housing })).status).toBe(403);
    expect((await api(t.url, `/api/staff/appointments/${id}/history`, { cookie: scheduler })).status).toBe(200);
    for (const path of [
      '/api/citizen/appointment/cancel',
      '/api/citizen/appointment/reschedule',
      '/api/citizen/appointment/calendar.ics',
    ]) {
      const method = path.endsWith('.ics') ? 'GET' : 'POST';
      expect((await api(t.url, path, { method })).status, path).toBe(401);
      expect((await api(t.url, path, { method, cookie: clerk, json: method === 'POST' ? {} : undefined })).status, path).toBe(403);
    }
    // A citizen's token acts on its own appointment alone: pere's cancel leaves anna's untouched.
    await api(t.url, '/api/citizen/appointment/cancel', { method: 'POST', token: other.token });
    expect(await status(id)).toBe('booked');
    expect(await status(other.appointment.id)).toBe('cancelled');
  });

  it('keeps the notes internal to staff and audits them', async () => {
    const a = await bookFor(t, 'anna', 820);
    const res = await api(t.url, `/api/staff/appointments/${a.appointment.id}/notes`, {
      cookie: clerk,
      json: { notes: 'Porta el DNI caducat.' },
    });
    expect(res.body.notes).toBe('Porta el DNI caducat.');
    const citizenView = await api(t.url, '/api/citizen/appointment', { token: a.token });
    expect(JSON.stringify(citizenView.body)).not.toContain('DNI caducat');
    const history = await api(t.url, `/api/staff/appointments/${a.appointment.id}/history`, { cookie: clerk });
    expect(history.body.at(-1)).toMatchObject({
      action: 'appointment.notes_changed',
      actor: { kind: 'staff', name: 'Marta Puig i Soler' },
    });
  });

  it('refuses a socket of a staff session that ended meanwhile', async () => {
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const socket = await connectSocket(t.url, { cookie }, sockets);
    const gone = disconnected(socket);
    await api(t.url, '/api/auth/logout', { method: 'POST', cookie });
    expect(await gone).toBe('io server disconnect');
  });
});
