import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, DEMO, login, personName, startTestServer, type TestServer } from '@oac/tests/support';
import { hashPassword } from '../auth/passwords';
import { BARCELONA_HOLIDAYS } from '../db/seed';

/*
 * Issue 14 against real PostgreSQL: seats under concurrency, regeneration that keeps bookings, a
 * holiday that lists exactly the bookings it strands, each rule's own code, the audit trail, and
 * every access rule tried from the wrong side.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let housing: string;
let oac: string;
let scheduler: string;
let oacScheduler: string;
let clerk: string;
let admin: string;
const extraClerks: string[] = [];
const ZONE = 'Europe/Madrid';
const holidays = new Set(BARCELONA_HOLIDAYS.map(([d]) => d));

/** The `n`-th weekday (ISO) at least `afterDays` days ahead that is no public holiday. */
function futureDay(weekday: number, afterDays: number): string {
  let d = DateTime.now().setZone(ZONE).plus({ days: afterDays }).startOf('day');
  while (d.weekday !== weekday || holidays.has(d.toISODate()!)) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toJSDate().toISOString();

async function slotsOn(serviceId: string, date: string, officeId = housing) {
  const res = await api(t.url, `/api/slots?serviceId=${serviceId}&officeId=${officeId}&from=${date}&days=1`);
  expect(res.status).toBe(200);
  return res.body as { id: string; startsAt: string; seatsLeft: number }[];
}

async function bookSlot(slotId: string, serviceId: string, i: number) {
  return api(t.url, '/api/bookings', {
    json: { slotId, serviceId, name: personName(i), email: `p${i}-${Math.random().toString(36).slice(2)}@example.org`, language: 'ca' },
  });
}

beforeAll(async () => {
  t = await startTestServer({ env: { BOOKINGS_PER_ADDRESS_PER_HOUR: '100000', BOOKINGS_PER_EMAIL_PER_DAY: '10000' } });
  ids = await catalogue(t.db);
  housing = ids.office('habitatge-eixample');
  oac = ids.office('oac-ciutat-vella');
  const hash = await hashPassword('extra-clerk-2026');
  for (let i = 0; i < 4; i++) {
    const [row] = await t
      .db('staff_users')
      .insert({ email: `extra${i}@oac.example`, name: `Clerk ${'ABCD'[i]}`, role: 'clerk', office_id: housing, password_hash: hash })
      .returning('id');
    extraClerks.push(row.id);
  }
  scheduler = await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  oacScheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
});
afterAll(async () => {
  await t?.stop();
});

describe('seats', () => {
  it('gives a 5-seat slot to exactly 5 of 200 concurrent contenders, each with another clerk, and 409 to the other 195', async () => {
    const day = futureDay(3, 8);
    const weekday = DateTime.fromISO(day).weekday;
    for (const clerkId of extraClerks) {
      const res = await api(t.url, `/api/scheduling/offices/${housing}/shifts`, {
        cookie: scheduler,
        json: { clerkId, weekday, starts: '09:00', ends: '14:00', validFrom: day, validTo: day, serviceIds: [ids.service('LLOGUER')] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const [first] = await slotsOn(ids.service('LLOGUER'), day);
    expect(first!.startsAt).toBe(at(day, '09:00'));
    expect(first!.seatsLeft).toBe(5);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => bookSlot(first!.id, ids.service('LLOGUER'), i)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(195);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(new Set(['slot_taken']));
    const rows = await t.db('appointments').where({ slot_id: first!.id }).whereNot('status', 'cancelled').select('clerk_id');
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.clerk_id)).size).toBe(5);
    expect((await t.db('slots').where({ id: first!.id }).first('booked', 'capacity')) as object).toEqual({ booked: 5, capacity: 5 });
    expect((await slotsOn(ids.service('LLOGUER'), day)).map((s) => s.id)).not.toContain(first!.id);
  });

  it('counts a clerk booked for one procedure out of the overlapping slots of the others', async () => {
    const day = futureDay(4, 9);
    const [lloguer] = await slotsOn(ids.service('LLOGUER'), day);
    const cedula = (await slotsOn(ids.service('CEDULA'), day)).find((s) => s.startsAt === lloguer!.startsAt)!;
    expect(cedula.seatsLeft).toBe(1); // one clerk, Jordi, for both procedures at 09:00 on Thursdays
    expect((await bookSlot(lloguer!.id, ids.service('LLOGUER'), 900)).status).toBe(201);
    expect((await slotsOn(ids.service('CEDULA'), day)).map((s) => s.id)).not.toContain(cedula.id);
    const refused = await bookSlot(cedula.id, ids.service('CEDULA'), 901);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'slot_taken']);
  });
});

describe('regeneration and what it strands', () => {
  it('keeps every booked slot when the office closes a whole week day, and lists exactly those bookings', async () => {
    const day = futureDay(2, 15);
    const free = await slotsOn(ids.service('CEDULA'), day);
    const booked = [free[0]!, free[3]!];
    const made = await Promise.all(booked.map((s, i) => bookSlot(s.id, ids.service('CEDULA'), 1000 + i)));
    expect(made.map((r) => r.status)).toEqual([201, 201]);
    const schedule = await api(t.url, `/api/scheduling/offices/${housing}`, { cookie: scheduler });
    const tuesdayless = schedule.body.hours.filter((h: { weekday: number }) => h.weekday !== 2);
    const change = await api(t.url, `/api/scheduling/offices/${housing}/hours`, { cookie: scheduler, json: { hours: tuesdayless } });
    expect(change.status).toBe(200);
    const mine = made.map((r) => r.body.appointment.id);
    const stranded = change.body.affected.filter((a: { id: string }) => mine.includes(a.id));
    expect(stranded.map((a: { reason: string }) => a.reason)).toEqual(['office_closed', 'office_closed']);
    for (const s of booked) expect(await t.db('slots').where({ id: s.id }).first('id')).toBeTruthy();
    expect(await slotsOn(ids.service('CEDULA'), day)).toEqual([]);
    // Every appointment of a Tuesday from now on is listed, and nothing else.
    const tuesdays = await t
      .db('appointments')
      .where({ office_id: housing })
      .whereIn('status', ['booked', 'checked_in'])
      .select('id', 'starts_at');
    const expected = tuesdays
      .filter((a) => DateTime.fromJSDate(a.starts_at).setZone(ZONE).weekday === 2 && a.starts_at > new Date())
      .map((a) => a.id);
    expect(change.body.affected.map((a: { id: string }) => a.id).sort()).toEqual(expected.sort());
    const conflicts = await api(t.url, `/api/scheduling/offices/${housing}/conflicts`, { cookie: scheduler });
    expect(conflicts.body.map((a: { id: string }) => a.id).sort()).toEqual(expected.sort());
    // Reopened: the free slots come back, the booked ones were never touched.
    const back = await api(t.url, `/api/scheduling/offices/${housing}/hours`, { cookie: scheduler, json: { hours: schedule.body.hours } });
    expect(back.body.affected.filter((a: { id: string }) => mine.includes(a.id))).toEqual([]);
    expect((await slotsOn(ids.service('CEDULA'), day)).length).toBe(free.length - 2);
  });

  it('lists exactly the bookings of a new holiday, and citizens can no longer book that day', async () => {
    const day = futureDay(1, 22);
    const other = futureDay(5, 22);
    const onDay = await slotsOn(ids.service('LLOGUER'), day);
    const onOther = await slotsOn(ids.service('LLOGUER'), other);
    const a = await bookSlot(onDay[1]!.id, ids.service('LLOGUER'), 1100);
    const b = await bookSlot(onDay[5]!.id, ids.service('LLOGUER'), 1101);
    const c = await bookSlot(onOther[0]!.id, ids.service('LLOGUER'), 1102);
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const res = await api(t.url, `/api/scheduling/offices/${housing}/exceptions`, {
      cookie: scheduler,
      json: { kind: 'closure', name: 'Inventari', from: day, to: day },
    });
    expect(res.status).toBe(201);
    expect(res.body.affected.map((x: { id: string }) => x.id).sort()).toEqual([a.body.appointment.id, b.body.appointment.id].sort());
    expect(await slotsOn(ids.service('LLOGUER'), day)).toEqual([]);
    // Its free slots are gone, not just full.
    const refused = await bookSlot(onDay[2]!.id, ids.service('LLOGUER'), 1103);
    expect([refused.status, refused.body.error.code]).toEqual([404, 'slot_not_found']);
    const audit = await t.db('audit_events').where({ action: 'schedule.exception_added' }).orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ actor_kind: 'staff', entity: 'calendar_exception' });
    expect(audit.details.affected.sort()).toEqual([a.body.appointment.id, b.body.appointment.id].sort());
  });

  it('flags a booking whose clerk falls absent, and the board shows the absence', async () => {
    const day = futureDay(5, 29);
    const [slot] = await slotsOn(ids.service('CEDULA'), day);
    const made = await bookSlot(slot!.id, ids.service('CEDULA'), 1200);
    const clerkId = (await t.db('appointments').where({ id: made.body.appointment.id }).first('clerk_id')).clerk_id;
    const res = await api(t.url, `/api/scheduling/offices/${housing}/absences`, {
      cookie: scheduler,
      json: { clerkId, startsAt: at(day, '00:00'), endsAt: at(day, '23:59'), reason: 'Formació' },
    });
    expect(res.status).toBe(201);
    expect(res.body.affected).toContainEqual(expect.objectContaining({ id: made.body.appointment.id, reason: 'clerk_unavailable' }));
    const board = await api(t.url, `/api/scheduling/offices/${housing}/board?date=${day}`, { cookie: scheduler });
    expect(board.status).toBe(200);
    expect(board.body.days[0].shifts.find((s: { clerkId: string }) => s.clerkId === clerkId).absent).toBe(true);
    expect(board.body.days[0].appointments.map((a: { id: string }) => a.id)).toContain(made.body.appointment.id);
  });
});

describe('a clerk rostered at another office', () => {
  it('gives the visiting clerk seats there, their appointment and nothing else of it, and an absence set at home frees both offices', async () => {
    const santMarti = ids.office('habitatge-sant-marti');
    const [row] = await t
      .db('staff_users')
      .insert({
        email: 'visitor@oac.example',
        name: 'Clerk Visitor',
        role: 'clerk',
        office_id: housing,
        password_hash: await hashPassword('visitor-2026'),
      })
      .returning('id');
    const visitor: string = row.id;
    const day = futureDay(2, 36);
    const before = await slotsOn(ids.service('CEDULA'), day, santMarti);
    // The first time within the visitor's shift to come (09:00–11:00).
    const nine = before.find((x) => x.startsAt >= at(day, '09:00'))!;
    expect(nine.seatsLeft).toBe(1);

    // Sant Martí has no scheduler of its own: the admin brings the Eixample clerk there on Tuesdays.
    const shift = { clerkId: visitor, weekday: 2, starts: '09:00', ends: '11:00', validFrom: DateTime.now().toISODate(), validTo: null };
    const refused = await api(t.url, `/api/scheduling/offices/${santMarti}/shifts`, {
      cookie: scheduler,
      json: { ...shift, serviceIds: [ids.service('CEDULA')] },
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const added = await api(t.url, `/api/scheduling/offices/${santMarti}/shifts`, {
      cookie: admin,
      json: { ...shift, serviceIds: [ids.service('CEDULA')] },
    });
    expect(added.status).toBe(201);
    const after = await slotsOn(ids.service('CEDULA'), day, santMarti);
    expect(after.find((x) => x.id === nine.id)!.seatsLeft).toBe(2);

    // The plan of Sant Martí lists the visitor as working there, from Eixample; Ciutat Vella's does not.
    const plan = await api(t.url, `/api/scheduling/offices/${santMarti}`, { cookie: admin });
    expect(plan.body.clerks.find((c: { id: string }) => c.id === visitor)).toMatchObject({ worksHere: true, office: { id: housing } });
    const other = await api(t.url, `/api/scheduling/offices/${oac}`, { cookie: admin });
    expect(other.body.clerks.find((c: { id: string }) => c.id === visitor)).toMatchObject({ worksHere: false });

    // Both seats booked: one of the two is the visitor's, and it is on their agenda.
    const a = await bookSlot(nine.id, ids.service('CEDULA'), 1400);
    const b = await bookSlot(nine.id, ids.service('CEDULA'), 1401);
    expect([a.status, b.status]).toEqual([201, 201]);
    const rows = await t.db('appointments').whereIn('id', [a.body.appointment.id, b.body.appointment.id]).select('id', 'clerk_id');
    const theirs = rows.find((r: { clerk_id: string }) => r.clerk_id === visitor)!.id;
    const local = rows.find((r: { clerk_id: string }) => r.clerk_id !== visitor)!.id;
    const cookie = await login(t.url, 'visitor@oac.example', 'visitor-2026');
    const agenda = await api(t.url, `/api/staff/agenda?date=${day}`, { cookie });
    expect(agenda.body.appointments.map((x: { id: string }) => x.id)).toEqual([theirs]);
    expect((await api(t.url, `/api/staff/appointments/${theirs}`, { cookie })).status).toBe(200);
    // The other seat belongs to Sant Martí's own clerk: the visitor may not open it, nor they the visitor's.
    expect((await api(t.url, `/api/staff/appointments/${local}`, { cookie })).body.error.code).toBe('forbidden');
    const santMartiClerk = await login(t.url, 'santmarti.clerk@oac.example', DEMO.housingClerk.password);
    expect((await api(t.url, `/api/staff/appointments/${theirs}`, { cookie: santMartiClerk })).body.error.code).toBe('forbidden');
    // Reassigning at Sant Martí: to a clerk who works there, yes; to a clerk who does not, no.
    const extra = await api(t.url, `/api/scheduling/appointments/${theirs}/reassign`, { cookie: admin, json: { clerkId: extraClerks[3] } });
    expect([extra.status, extra.body.error.details[0].code]).toEqual([400, 'not_a_clerk_here']);

    // Their home scheduler marks them absent that day: Sant Martí is regenerated too, and the booking there is flagged.
    const absent = await api(t.url, `/api/scheduling/offices/${housing}/absences`, {
      cookie: scheduler,
      json: { clerkId: visitor, startsAt: at(day, '00:00'), endsAt: at(day, '23:59'), reason: 'Formació' },
    });
    expect(absent.status).toBe(201);
    expect(absent.body.affected).toContainEqual(expect.objectContaining({ id: theirs, reason: 'clerk_unavailable' }));
    // Ciutat Vella's scheduler neither sees nor sets absences for a clerk who does not work there.
    const foreign = await api(t.url, `/api/scheduling/offices/${oac}/absences`, {
      cookie: oacScheduler,
      json: { clerkId: visitor, startsAt: at(day, '00:00'), endsAt: at(day, '23:59'), reason: 'x' },
    });
    expect([foreign.status, foreign.body.error.details[0].code]).toEqual([400, 'not_a_clerk_here']);
  });
});

describe("each of the plan's rules has its own code", () => {
  const post = (path: string, json: unknown) => api(t.url, `/api/scheduling/offices/${housing}${path}`, { cookie: scheduler, json });
  it('refuses hours that end before they start, overlapping hours, overlapping shifts, a capacity under its bookings and an unknown zone', async () => {
    expect((await post('/hours', { hours: [{ weekday: 1, opens: '14:00', closes: '09:00' }] })).body.error.code).toBe(
      'hours_end_before_start',
    );
    const overlap = await post('/hours', {
      hours: [
        { weekday: 1, opens: '09:00', closes: '14:00' },
        { weekday: 1, opens: '13:00', closes: '15:00' },
      ],
    });
    expect([overlap.status, overlap.body.error.code]).toEqual([409, 'hours_overlap']);
    const jordi = (await t.db('staff_users').where({ email: DEMO.housingClerk.email }).first('id')).id;
    const shift = await post('/shifts', {
      clerkId: jordi,
      weekday: 1,
      starts: '10:00',
      ends: '12:00',
      validFrom: '2026-01-01',
      serviceIds: [ids.service('LLOGUER')],
    });
    expect([shift.status, shift.body.error.code]).toEqual([409, 'shift_overlap']);
    const late = await post('/shifts', {
      clerkId: extraClerks[0],
      weekday: 6,
      starts: '12:00',
      ends: '10:00',
      validFrom: '2026-01-01',
      serviceIds: [ids.service('LLOGUER')],
    });
    expect(late.body.error.code).toBe('hours_end_before_start');
    const slot = await t
      .db('slots')
      .where({ office_id: housing })
      .andWhere('booked', '>', 0)
      .andWhere('starts_at', '>', new Date())
      .first('id');
    const capacity = await api(t.url, `/api/scheduling/slots/${slot.id}/capacity`, { cookie: scheduler, json: { capacity: 0 } });
    expect([capacity.status, capacity.body.error.code]).toEqual([409, 'capacity_below_bookings']);
    const zone = await post('/settings', { timeZone: 'Mars/Olympus', channels: ['video'], active: true });
    expect([zone.status, zone.body.error.code]).toEqual([422, 'unknown_time_zone']);
    // Nothing of those refusals was written.
    expect(await t.db('offices').where({ id: housing }).first('time_zone')).toEqual({ time_zone: 'Europe/Madrid' });
  });

  it('generates in the office zone: an office moved to Atlantic/Canary opens an hour later in UTC', async () => {
    const day = futureDay(1, 36);
    const before = (await slotsOn(ids.service('LLOGUER'), day))[0]!.startsAt;
    const res = await api(t.url, `/api/scheduling/offices/${housing}/settings`, {
      cookie: scheduler,
      json: { timeZone: 'Atlantic/Canary', channels: ['video', 'in_person'], active: true },
    });
    expect(res.status).toBe(200);
    const after = (await slotsOn(ids.service('LLOGUER'), day))[0]!.startsAt;
    expect(Date.parse(after) - Date.parse(before)).toBe(3_600_000);
    await api(t.url, `/api/scheduling/offices/${housing}/settings`, {
      cookie: scheduler,
      json: { timeZone: 'Europe/Madrid', channels: ['video', 'in_person'], active: true },
    });
  });
});

describe('reassigning', () => {
  it("moves an appointment to another clerk's agenda, and refuses a clerk who is busy then", async () => {
    const day = futureDay(3, 8);
    const board = await api(t.url, `/api/scheduling/offices/${housing}/board?date=${day}`, { cookie: scheduler });
    const appts = board.body.days[0].appointments.filter((a: { startsAt: string }) => a.startsAt === at(day, '09:00'));
    expect(appts).toHaveLength(5);
    const [a, b] = appts;
    const busy = await api(t.url, `/api/scheduling/appointments/${a.id}/reassign`, { cookie: scheduler, json: { clerkId: b.clerkId } });
    expect([busy.status, busy.body.error.code]).toEqual([409, 'clerk_busy']);
    // Every clerk is busy at 09:00; cancel extra clerk 0's appointment, then give them Jordi's.
    const free = extraClerks[0]!;
    const jordi = (await t.db('staff_users').where({ email: DEMO.housingClerk.email }).first('id')).id;
    const jordis = appts.find((x: { clerkId: string }) => x.clerkId === jordi);
    const toCancel = appts.find((x: { clerkId: string }) => x.clerkId === free)!;
    expect((await api(t.url, `/api/scheduling/appointments/${toCancel.id}/cancel`, { cookie: scheduler, method: 'POST' })).status).toBe(
      200,
    );
    const moved = await api(t.url, `/api/scheduling/appointments/${jordis.id}/reassign`, { cookie: scheduler, json: { clerkId: free } });
    expect(moved.status).toBe(200);
    expect(moved.body.clerkId).toBe(free);
    const extra = await login(t.url, 'extra0@oac.example', 'extra-clerk-2026');
    const agenda = await api(t.url, `/api/staff/agenda?date=${day}`, { cookie: extra });
    expect(agenda.body.appointments.map((x: { id: string }) => x.id)).toContain(jordis.id);
    const trail = await t.db('audit_events').where({ entity_id: jordis.id, action: 'appointment.reassigned' }).first('details');
    expect(trail.details).toEqual({ fromClerkId: jordi, toClerkId: free });
  });
});

describe('access, from the wrong side', () => {
  const mutations = (office: () => string): [string, string, unknown][] => [
    ['POST', `/api/scheduling/offices/${office()}/hours`, { hours: [] }],
    ['POST', `/api/scheduling/offices/${office()}/exceptions`, { kind: 'closure', name: 'X', from: '2027-02-01', to: '2027-02-01' }],
    ['POST', `/api/scheduling/offices/${office()}/settings`, { timeZone: 'Europe/Madrid', channels: ['video'], active: true }],
    ['POST', `/api/scheduling/offices/${office()}/regenerate`, undefined],
    ['GET', `/api/scheduling/offices/${office()}`, undefined],
    ['GET', `/api/scheduling/offices/${office()}/board`, undefined],
  ];
  const send = (method: string, path: string, json: unknown, cookie?: string, token?: string) =>
    api(t.url, path, { method, ...(json === undefined ? (method === 'POST' ? { json: {} } : {}) : { json }), cookie, token });

  it("refuses another office's scheduler, any clerk and anyone logged out, and changes nothing", async () => {
    const before = await t.db('opening_hours').where({ office_id: housing }).count<{ count: number }[]>({ count: '*' });
    for (const [method, path, json] of mutations(() => housing)) {
      const body = method === 'POST' && path.endsWith('/regenerate') ? undefined : json;
      expect((await send(method, path, body, oacScheduler)).status, `${method} ${path} as another office's scheduler`).toBe(403);
      expect((await send(method, path, body, clerk)).status, `${method} ${path} as a clerk`).toBe(403);
      expect((await send(method, path, body)).status, `${method} ${path} logged out`).toBe(401);
    }
    expect(await t.db('opening_hours').where({ office_id: housing }).count<{ count: number }[]>({ count: '*' })).toEqual(before);
  });

  it("refuses a citizen's token everywhere in scheduling", async () => {
    const [slot] = await slotsOn(ids.service('LLOGUER'), futureDay(2, 43));
    const made = await bookSlot(slot!.id, ids.service('LLOGUER'), 1300);
    for (const [method, path, json] of mutations(() => housing)) {
      expect([401, 403]).toContain((await send(method, path, json, undefined, made.body.token)).status);
    }
    const res = await api(t.url, `/api/scheduling/appointments/${made.body.appointment.id}/cancel`, {
      method: 'POST',
      token: made.body.token,
    });
    expect([401, 403]).toContain(res.status);
    expect((await t.db('appointments').where({ id: made.body.appointment.id }).first('status')).status).toBe('booked');
  });

  it("refuses another office's scheduler on this office's appointments, and lets an admin plan everywhere", async () => {
    const [slot] = await slotsOn(ids.service('LLOGUER'), futureDay(4, 43));
    const made = await bookSlot(slot!.id, ids.service('LLOGUER'), 1301);
    const id = made.body.appointment.id;
    expect((await api(t.url, `/api/scheduling/appointments/${id}/cancel`, { method: 'POST', cookie: oacScheduler })).status).toBe(403);
    expect(
      (await api(t.url, `/api/scheduling/appointments/${id}/reassign`, { cookie: clerk, json: { clerkId: extraClerks[1] } })).status,
    ).toBe(403);
    expect((await api(t.url, `/api/scheduling/offices/${oac}`, { cookie: scheduler })).status).toBe(403);
    expect((await api(t.url, `/api/scheduling/offices/${housing}`, { cookie: admin })).status).toBe(200);
    expect((await api(t.url, `/api/scheduling/appointments/${id}/cancel`, { method: 'POST', cookie: admin })).status).toBe(200);
  });
});
