import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, catalogue, DEMO, login, startTestServer, type TestServer } from '@oac/tests/support';
import { LiveRepository } from '../live/repository';
import { localToday } from './rules';

/*
 * Seasonal peaks (issue 15) against real PostgreSQL, with the server's clock moved by days: a
 * clerk lent to a queue is offered its citizens, sees its tickets and counts in its estimate only
 * while the peak lasts; a temporary rank changes the serving order only during its range; every
 * bad peak has its code; and a scheduler may neither plan another office's peaks nor lend another
 * office's clerks.
 */

const DAY = 86_400_000;
let skew = 0;
let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let admin: string;
let scheduler: string; // OAC Ciutat Vella
let housingScheduler: string; // Habitatge Eixample
let clerk: string; // Marta (Ciutat Vella): OAC, HISENDA, GUB, GENERAL
let housingClerk: string; // Jordi (Eixample): HABITATGE only
let staff: Record<string, string>;
let queues: Record<string, string>;
let today: string;
let n = 0;

const day = (offset: number) => DateTime.fromISO(today).plus({ days: offset }).toISODate()!;
const peaksPath = (office: string) => `/api/scheduling/offices/${ids.office(office)}/peaks`;
const addPeak = (cookie: string, body: Record<string, unknown>, office = 'oac-ciutat-vella') =>
  api(t.url, peaksPath(office), { cookie, json: { reason: 'Campanya de la renda', from: day(1), to: day(1), ...body } });
const presence = (cookie: string, status: 'available' | 'away') => api(t.url, '/api/live/presence', { cookie, json: { status } });
const desk = async (cookie: string) => (await api(t.url, '/api/live/desk', { cookie })).body;

async function ask(service: string) {
  const i = n++;
  const res = await api(t.url, '/api/live/requests', {
    json: { serviceId: ids.service(service), name: `Persona ${'abcdefghijklmnop'[i]}`, email: `p${i}@example.org`, language: 'ca' },
  });
  expect(res.status).toBe(201);
  return res.body as { token: string; status: { ticketNumber: string } };
}
const ticketOf = async (token: string) => {
  const status = (await api(t.url, '/api/live/me', { token })).body;
  return (await t.db('tickets').where({ number: status.ticketNumber }).first('id')).id as string;
};

beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date(Date.now() + skew), env: { LIVE_TICK_SECONDS: '60', LIVE_OFFER_SECONDS: '600' } });
  ids = await catalogue(t.db);
  admin = await login(t.url, DEMO.admin.email, DEMO.admin.password);
  scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
  housingScheduler = await login(t.url, 'housing.scheduler@oac.example', DEMO.scheduler.password);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  housingClerk = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
  staff = Object.fromEntries((await t.db('staff_users').select('email', 'id')).map((s) => [s.email, s.id]));
  queues = Object.fromEntries((await t.db('queues').select('code', 'id')).map((q) => [q.code, q.id]));
  today = localToday('Europe/Madrid', new Date());
});
afterAll(async () => {
  await t?.stop();
});
// Each test starts today, with everyone away and nobody in line.
beforeEach(async () => {
  skew = 0;
  await t.db('staff_presence').update({ status: 'away' });
  await t
    .db('queue_entries')
    .whereIn('status', ['waiting', 'offered'])
    .update({ status: 'left', offered_to: null, offered_at: null, offer_expires_at: null });
});

describe('planning a peak', () => {
  it('refuses each bad peak with its own code', async () => {
    const code = async (body: Record<string, unknown>) => {
      const res = await addPeak(scheduler, { queueId: queues.OAC, rank: 2, ...body });
      return [res.status, res.body.error?.code];
    };
    expect(await code({ from: day(3), to: day(2) })).toEqual([422, 'peak_dates_reversed']);
    expect(await code({ from: day(0), to: day(92) })).toEqual([422, 'peak_too_long']);
    expect(await code({ from: day(-3), to: day(-1) })).toEqual([422, 'peak_in_past']);
    expect(await code({ rank: null, clerkIds: [] })).toEqual([422, 'peak_empty']);
    expect(await code({ queueId: '00000000-0000-4000-8000-000000000000' })).toEqual([404, 'queue_not_found']);
    expect(await code({ rank: 0 })).toEqual([400, 'validation_error']);
    expect(await code({ to: '2026-13-01' })).toEqual([400, 'validation_error']);
    expect(await code({ reason: ' ' })).toEqual([400, 'validation_error']);
    expect(await code({ clerkIds: ['00000000-0000-4000-8000-000000000000'] })).toEqual([422, 'unknown_staff']);
    expect(await code({ clerkIds: [staff['scheduler@oac.example']] })).toEqual([422, 'not_a_clerk']);
    await t.db('queues').where({ id: queues.GENERAL }).update({ active: false });
    expect(await code({ queueId: queues.GENERAL })).toEqual([409, 'queue_inactive']);
    await t.db('queues').where({ id: queues.GENERAL }).update({ active: true });
    expect(await t.db('queue_peaks')).toEqual([]);
    // The database holds the same rules.
    const row = { queue_id: queues.OAC, office_id: ids.office('oac-ciutat-vella'), reason: 'x' };
    await expect(t.db('queue_peaks').insert({ ...row, date_from: day(2), date_to: day(1) })).rejects.toThrow(/queue_peaks_order/);
    await expect(t.db('queue_peaks').insert({ ...row, date_from: day(0), date_to: day(92) })).rejects.toThrow(/queue_peaks_length/);
    await expect(t.db('queue_peaks').insert({ ...row, date_from: day(0), date_to: day(0), rank: 100 })).rejects.toThrow(/queue_peaks_rank/);
  });

  it('is for the office’s own scheduler, who lends only their own office’s clerks; an admin may lend any', async () => {
    const jordi = staff['housing.clerk@oac.example'];
    const lend = { queueId: queues.OAC, clerkIds: [jordi] };
    // Another office's scheduler, and a clerk, plan nothing here.
    for (const cookie of [housingScheduler, clerk]) {
      expect((await addPeak(cookie, lend)).status).toBe(403);
      expect((await api(t.url, peaksPath('oac-ciutat-vella'), { cookie })).status).toBe(403);
    }
    // Jordi works at Eixample: the Ciutat Vella scheduler may not lend him.
    const other = await addPeak(scheduler, lend);
    expect([other.status, other.body.error.code, other.body.error.details]).toEqual([403, 'forbidden', { reason: 'other_office' }]);
    const own = await addPeak(housingScheduler, lend, 'habitatge-eixample');
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ state: 'upcoming', clerks: [{ name: 'Jordi Serra Vidal' }], rank: null, createdBy: 'Pau Camps Mir' });
    const byAdmin = await addPeak(admin, lend);
    expect(byAdmin.status).toBe(201);
    const trail = await t
      .db('audit_events')
      .where({ entity: 'queue_peak', entity_id: byAdmin.body.id })
      .first('action', 'to_state', 'details');
    expect(trail).toMatchObject({ action: 'queue_peak.added', to_state: 'upcoming', details: { after: { clerkIds: [jordi] } } });
    await t.db('queue_peaks').delete();
  });

  it('never has two rank overrides of one queue on the same day', async () => {
    expect((await addPeak(scheduler, { queueId: queues.GUB, rank: 5, from: day(10), to: day(12) })).status).toBe(201);
    const clash = await addPeak(housingScheduler, { queueId: queues.GUB, rank: 2, from: day(12), to: day(14) }, 'habitatge-eixample');
    expect([clash.status, clash.body.error.code]).toEqual([409, 'peak_overlap']);
    // Lending clerks on those days is another matter.
    expect(
      (await addPeak(scheduler, { queueId: queues.GUB, clerkIds: [staff['clerk2@oac.example']], from: day(11), to: day(11) })).status,
    ).toBe(201);
    await t.db('queue_peaks').delete();
  });
});

describe('a clerk lent to a queue', () => {
  it('is offered its citizens, sees its tickets and counts in its estimate only while the peak lasts', async () => {
    const a = await ask('PADRO'); // OAC
    const ticket = await ticketOf(a.token);
    const live = new LiveRepository();
    const agents = async () => (await live.load(t.db, queues.OAC!, new Date(Date.now() + skew))).agents;
    await presence(housingClerk, 'available');
    const before = async () => {
      expect((await desk(housingClerk)).offer).toBeNull();
      expect((await api(t.url, `/api/tickets/${ticket}`, { cookie: housingClerk })).status).toBe(403);
      expect(await agents()).toBe(0);
      expect((await api(t.url, '/api/live/me', { token: a.token })).body.wait.basis).toBe('no_agents');
    };
    await before();
    const peak = await addPeak(
      housingScheduler,
      { queueId: queues.OAC, clerkIds: [staff['housing.clerk@oac.example']], from: day(1), to: day(2) },
      'habitatge-eixample',
    );
    expect(peak.status).toBe(201);
    await t.server.live.dispatch();
    await before();

    skew = DAY;
    expect(await agents()).toBe(1);
    expect((await api(t.url, '/api/live/me', { token: a.token })).body.wait.basis).not.toBe('no_agents');
    const theirs = await api(t.url, '/api/queues', { cookie: housingClerk });
    expect(theirs.body.find((q: { code: string }) => q.code === 'OAC')).toMatchObject({ member: true });
    expect((await api(t.url, `/api/tickets/${ticket}`, { cookie: housingClerk })).status).toBe(200);
    const list = await api(t.url, '/api/tickets?view=queues', { cookie: housingClerk });
    expect(list.body.tickets.map((x: { id: string }) => x.id)).toContain(ticket);
    await t.server.live.dispatch();
    const offered = await desk(housingClerk);
    expect(offered.offer).toMatchObject({ citizenName: 'Persona a', queue: { ca: "Oficina d'Atenció Ciutadana" } });
    expect(offered.queues.map((q: { code: string }) => q.code)).toEqual(['OAC', 'HABITATGE']);
    await presence(housingClerk, 'away');

    skew = 3 * DAY; // the peak is over
    await presence(housingClerk, 'available');
    await before();
    await presence(housingClerk, 'away');
  });
});

describe('a temporary rank', () => {
  it('changes the serving order only during its range', async () => {
    await ask('PADRO'); // OAC, rank 1, first
    await ask('TAXES'); // HISENDA, rank 1, second: the OAC's citizen goes first
    const next = async () => {
      await presence(clerk, 'available');
      const offer = (await desk(clerk)).offer;
      await presence(clerk, 'away');
      return offer?.queue.ca;
    };
    expect(await next()).toBe("Oficina d'Atenció Ciutadana");
    const peak = await addPeak(scheduler, { queueId: queues.OAC, rank: 2, from: day(1), to: day(1), reason: 'Padró fora de temporada' });
    expect(peak.body).toMatchObject({ rank: 2, queue: { rank: 1 } });
    expect(await next()).toBe("Oficina d'Atenció Ciutadana");

    skew = DAY;
    expect(await next()).toBe('Hisenda');
    const ranks = await api(t.url, '/api/queues', { cookie: clerk });
    expect(ranks.body.find((q: { code: string }) => q.code === 'OAC').rank).toBe(2);
    const config = await api(t.url, '/api/admin/queues', { cookie: admin });
    expect(config.body.queues.find((q: { code: string }) => q.code === 'OAC')).toMatchObject({ rank: 1, effectiveRank: 2 });

    skew = 2 * DAY;
    expect(await next()).toBe("Oficina d'Atenció Ciutadana");
    await t.db('queue_peaks').delete();
  });
});

describe('removing a peak', () => {
  it('deletes one to come or begun today, ends one begun earlier, and keeps one over', async () => {
    const path = (id: string) => `${peaksPath('oac-ciutat-vella')}/${id}`;
    const remove = (id: string, cookie = scheduler) => api(t.url, path(id), { cookie, method: 'DELETE' });
    const upcoming = (await addPeak(scheduler, { queueId: queues.OAC, rank: 3, from: day(5), to: day(6) })).body;
    const current = (await addPeak(scheduler, { queueId: queues.HISENDA, rank: 3, from: day(0), to: day(5) })).body;
    expect(current.state).toBe('in_force');
    const listed = await api(t.url, peaksPath('oac-ciutat-vella'), { cookie: scheduler });
    expect(listed.body.map((p: { id: string }) => p.id)).toEqual([current.id, upcoming.id]);

    // From the wrong side: another office's scheduler, or the peak through another office.
    expect((await remove(upcoming.id, housingScheduler)).status).toBe(403);
    const elsewhere = await api(t.url, `${peaksPath('habitatge-eixample')}/${upcoming.id}`, { cookie: admin, method: 'DELETE' });
    expect(elsewhere.body.error.code).toBe('peak_not_found');

    const gone = await remove(upcoming.id);
    expect(gone.body).toMatchObject({ outcome: 'deleted', peaks: [{ id: current.id }] });
    expect(await t.db('queue_peaks').where({ id: upcoming.id }).first()).toBeUndefined();

    skew = 2 * DAY;
    const ended = await remove(current.id);
    expect(ended.body).toEqual({ outcome: 'ended', peaks: [] });
    const kept = await t.db('queue_peaks').where({ id: current.id }).first(t.db.raw(`to_char(date_to, 'YYYY-MM-DD') AS date_to`));
    expect(kept.date_to).toBe(day(1));
    // Ended now: the queue is back to its own rank today.
    const ranks = await api(t.url, '/api/queues', { cookie: clerk });
    expect(ranks.body.find((q: { code: string }) => q.code === 'HISENDA').rank).toBe(1);
    expect((await remove(current.id)).body.error.code).toBe('peak_ended');
    const trail = await t.db('audit_events').where({ entity: 'queue_peak' }).whereIn('entity_id', [upcoming.id, current.id]).orderBy('at');
    expect(trail.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ['queue_peak.added', null, 'upcoming'],
      ['queue_peak.added', null, 'in_force'],
      ['queue_peak.deleted', 'upcoming', 'deleted'],
      ['queue_peak.ended', 'in_force', 'over'],
    ]);
  });
});
