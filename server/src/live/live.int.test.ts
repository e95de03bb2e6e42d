import { startEmbeddedSmtp } from '@oac/infra/embedded';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, connectLive, DEMO, login, personName, startTestServer, type TestServer } from '@oac/tests/support';
import { hashPassword } from '../auth/passwords';
import { hashToken } from '../auth/tokens';

/*
 * "Attend me now" (issue 15) against real PostgreSQL and two server nodes: the line's order
 * (priority, then arrival), offers to free clerks that never give one citizen to two clerks,
 * accepting into a call with the waiting page's own token, declining, offers that expire, pages
 * that lapse after the grace period, callbacks that keep their place, and access from the wrong side.
 */

let t: TestServer;
let node2: { url: string; stop(): Promise<void> };
let ids: Awaited<ReturnType<typeof catalogue>>;
let clerk: string; // Marta: OAC, HISENDA, GUB, GENERAL
let clerk2: string; // Laia: OAC, GENERAL
let skew = 0;
const inbox: ParsedMail[] = [];
let smtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
const extra: { id: string; cookie: string }[] = [];
let n = 0;

async function ask(service: string, url = t.url) {
  const i = n++;
  const res = await api(url, '/api/live/requests', {
    json: { serviceId: ids.service(service), name: personName(i), email: `live${i}@example.org`, language: 'ca' },
  });
  expect(res.status).toBe(201);
  return res.body as { token: string; status: { position: number; status: string } };
}
const status = async (token: string) => (await api(t.url, '/api/live/me', { token })).body;
const desk = async (cookie: string) => (await api(t.url, '/api/live/desk', { cookie })).body;
const presence = (cookie: string, s: 'available' | 'away', url = t.url) => api(url, '/api/live/presence', { cookie, json: { status: s } });

/** Everyone away, nobody waiting: each test starts from an empty line. */
async function reset() {
  await t.db('staff_presence').update({ status: 'away' });
  await t.db('queue_entries').whereIn('status', ['waiting', 'offered']).update({
    status: 'left',
    offered_to: null,
    offered_at: null,
    offer_expires_at: null,
  });
}

beforeAll(async () => {
  smtp = await startEmbeddedSmtp({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-live-mail-')),
    port: 0,
    onMessage: (raw) => void simpleParser(raw).then((m) => inbox.push(m)),
  });
  t = await startTestServer({
    clock: () => new Date(Date.now() + skew),
    env: { LIVE_TICK_SECONDS: '60', LIVE_OFFER_SECONDS: '30', SMTP_URL: smtp.url, MAIL_POLL_SECONDS: '3600' },
  });
  node2 = await t.sibling();
  ids = await catalogue(t.db);
  clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
  clerk2 = await login(t.url, 'clerk2@oac.example', DEMO.clerk.password);
  const oacQueue = (await t.db('queues').where({ code: 'OAC' }).first('id')).id;
  const hash = await hashPassword('live-clerk-2026');
  for (let i = 0; i < 4; i++) {
    const [row] = await t
      .db('staff_users')
      .insert({
        email: `live${i}@oac.example`,
        name: `Clerk ${'ABCD'[i]}`,
        role: 'clerk',
        office_id: ids.office('oac-ciutat-vella'),
        password_hash: hash,
      })
      .returning('id');
    await t.db('queue_members').insert({ queue_id: oacQueue, staff_id: row.id });
    extra.push({ id: row.id, cookie: await login(t.url, `live${i}@oac.example`, 'live-clerk-2026') });
  }
});
afterAll(async () => {
  await node2?.stop();
  await t?.stop();
  await smtp?.stop();
});

describe('the line', () => {
  it('gives a place and a wait range; with nobody on duty it says so and suggests a callback', async () => {
    await reset();
    const a = await ask('PADRO');
    const b = await ask('PADRO');
    expect(a.status).toMatchObject({ status: 'waiting', position: 1 });
    expect(b.status).toMatchObject({ position: 2, wait: { basis: 'no_agents' }, callbackSuggested: true });
    const ticket = await t
      .db('tickets as t')
      .join('queue_entries as e', 'e.ticket_id', 't.id')
      .where('e.token_hash', '<>', '')
      .orderBy('t.created_at', 'desc')
      .first('t.channel', 't.status', 't.priority');
    expect(ticket).toMatchObject({ channel: 'on_demand', status: 'classified', priority: 'high' });
    // With a clerk on duty, busy elsewhere, the estimate comes from handling times instead.
    await t.db('staff_presence').insert({ staff_id: extra[0]!.id, status: 'available' }).onConflict('staff_id').merge();
    await t
      .db('queue_entries')
      .where({ status: 'offered' })
      .update({ status: 'waiting', offered_to: null, offered_at: null, offer_expires_at: null });
    const later = await status(b.token);
    expect(later.wait.basis).not.toBe('no_agents');
    expect(later.wait.highMinutes).toBeGreaterThanOrEqual(later.wait.lowMinutes);
  });

  it('offers a free clerk the highest priority first, then who came first', async () => {
    await reset();
    const general = await ask('PADRO'); // OAC: high
    // A later citizen of a high-priority window overtakes an earlier normal one.
    await t.db('queue_entries').where({ status: 'waiting' }).update({ priority: 'normal' });
    const tax = await ask('TAXES'); // HISENDA: high, later
    expect((await status(general.token)).position).toBe(1);
    expect((await presence(clerk, 'available')).status).toBe(200);
    const offer = (await desk(clerk)).offer;
    expect(offer).toMatchObject({ queue: { ca: 'Hisenda' }, priority: 'high' });
    expect((await status(tax.token)).status).toBe('offered');
    expect((await status(general.token)).status).toBe('waiting');
  });
});

describe('serving', () => {
  it('accepts into a call that the waiting page opens with its own token, and the ticket is the clerk’s', async () => {
    await reset();
    const a = await ask('PADRO');
    await presence(clerk2, 'available');
    const offer = (await desk(clerk2)).offer;
    expect(offer.citizenName).toBe(personName(n - 1));
    const accepted = await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: clerk2, method: 'POST' });
    expect(accepted.status).toBe(200);
    const now = await status(a.token);
    expect(now).toMatchObject({ status: 'serving', position: null, appointmentId: accepted.body.appointmentId });
    // The same token is the citizen's appointment link now: a call that starts at once.
    const appt = await api(t.url, '/api/citizen/appointment', { token: a.token });
    expect(appt.status).toBe(200);
    expect(appt.body.id).toBe(accepted.body.appointmentId);
    const row = await t.db('appointments').where({ id: accepted.body.appointmentId }).first('on_demand', 'slot_id', 'clerk_id');
    expect(row).toMatchObject({ on_demand: true, slot_id: null });
    const ticket = await t.db('tickets').where({ id: accepted.body.ticketId }).first('status', 'owner_staff_id');
    expect(ticket).toEqual({ status: 'in_progress', owner_staff_id: row.clerk_id });
    // Serving that citizen, the clerk is offered nobody else until the call ends.
    await ask('PADRO');
    await t.server.live.dispatch();
    expect((await desk(clerk2)).offer).toBeNull();
    const ended = await api(t.url, `/api/staff/appointments/${accepted.body.appointmentId}/end`, {
      cookie: clerk2,
      json: { outcome: 'done' },
    });
    expect(ended.status).toBe(200);
    await expect.poll(async () => (await desk(clerk2)).offer).not.toBeNull();
    // The ended call no longer holds the clerk: the next citizen's call starts at once.
    const next = (await desk(clerk2)).offer;
    const second = await api(t.url, `/api/live/offers/${next.entryId}/accept`, { cookie: clerk2, method: 'POST' });
    expect(second.status).toBe(200);
    // Accepting again, or someone else's offer, is refused.
    expect((await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: clerk2, method: 'POST' })).body.error.code).toBe(
      'offer_expired',
    );
    expect((await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: clerk, method: 'POST' })).body.error.code).toBe(
      'not_found',
    );
  });

  it('lets a clerk decline: the citizen keeps their place and the clerk is away', async () => {
    await reset();
    const a = await ask('PADRO');
    await presence(extra[1]!.cookie, 'available');
    const offer = (await desk(extra[1]!.cookie)).offer;
    const declined = await api(t.url, `/api/live/offers/${offer.entryId}/decline`, { cookie: extra[1]!.cookie, method: 'POST' });
    expect(declined.body).toMatchObject({ presence: 'away', offer: null });
    expect(await status(a.token)).toMatchObject({ status: 'waiting', position: 1 });
  });

  it('returns an offer nobody answered to the line, and the silent clerk goes away', async () => {
    await reset();
    const a = await ask('PADRO');
    await presence(extra[2]!.cookie, 'available');
    expect((await desk(extra[2]!.cookie)).offer).not.toBeNull();
    skew = 31_000;
    try {
      await status(a.token); // the page keeps asking
      await t.server.live.tick();
      expect((await desk(extra[2]!.cookie)).presence).toBe('away');
      expect(await status(a.token)).toMatchObject({ status: 'waiting' });
    } finally {
      skew = 0;
    }
  });
});

describe('leaving', () => {
  it('keeps a closed page’s place through the grace period and lets it go after, withdrawing its ticket', async () => {
    await reset();
    const kept = await ask('PADRO');
    const gone = await ask('PADRO');
    skew = 100_000;
    try {
      await status(kept.token);
      await t.server.live.tick();
      // Read from the database: asking through the page's route would keep the place.
      const of = async (token: { token: string }) =>
        (
          await t
            .db('queue_entries')
            .where({ token_hash: hashToken(token.token) })
            .first('status')
        ).status;
      expect(await of(gone)).toBe('waiting');
      skew = 130_000;
      await status(kept.token);
      await t.server.live.tick();
      expect(await of(gone)).toBe('left');
      expect((await status(kept.token)).position).toBe(1);
      const ticket = await t
        .db('tickets as t')
        .join('queue_entries as e', 'e.ticket_id', 't.id')
        .where('e.token_hash', hashToken(gone.token))
        .first('t.status');
      expect(ticket.status).toBe('closed');
    } finally {
      skew = 0;
    }
  });

  it('lets the citizen give up their place', async () => {
    await reset();
    const a = await ask('PADRO');
    expect((await api(t.url, '/api/live/me/leave', { token: a.token, method: 'POST' })).body.status).toBe('left');
    expect((await api(t.url, '/api/live/me/leave', { token: a.token, method: 'POST' })).body.error.code).toBe('invalid_transition');
  });
});

describe('callbacks', () => {
  it('keep the place in line without a page, reach the clerk with the phone, and end with an outcome', async () => {
    await reset();
    const first = await ask('PADRO');
    const second = await ask('PADRO');
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const cb = await api(t.url, '/api/live/me/callback', {
      token: first.token,
      json: { channel: 'phone', phone: '+34 600 111 222', from, to },
    });
    expect(cb.body).toMatchObject({ position: 1, callback: { channel: 'phone' } });
    const noPhone = await api(t.url, '/api/live/me/callback', { token: second.token, json: { channel: 'phone', phone: null, from, to } });
    expect(noPhone.status).toBe(400);
    // Past the grace period, the callback still waits; the page that stopped asking does not.
    skew = 200_000;
    try {
      await t.server.live.tick();
    } finally {
      skew = 0;
    }
    expect((await status(first.token)).status).toBe('waiting');
    expect((await status(second.token)).status).toBe('left');
    await presence(extra[3]!.cookie, 'available');
    const offer = (await desk(extra[3]!.cookie)).offer;
    expect(offer.callback).toMatchObject({ channel: 'phone', phone: '+34 600 111 222' });
    const accepted = await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: extra[3]!.cookie, method: 'POST' });
    expect(accepted.body.appointmentId).toBeNull();
    // The desk keeps the callback being made, so a reload keeps the number and the outcome buttons.
    expect((await desk(extra[3]!.cookie)).phoneCall).toMatchObject({ entryId: offer.entryId, callback: { phone: '+34 600 111 222' } });
    const done = await api(t.url, `/api/live/callbacks/${offer.entryId}/done`, { cookie: extra[3]!.cookie, json: { outcome: 'reached' } });
    expect(done.status).toBe(200);
    expect(done.body.phoneCall).toBeNull();
    expect((await status(first.token)).status).toBe('done');
    const again = await api(t.url, `/api/live/callbacks/${offer.entryId}/done`, { cookie: extra[3]!.cookie, json: { outcome: 'reached' } });
    expect(again.body.error.code).toBe('invalid_transition');
  });
});

describe('a video-link callback', () => {
  it('mails the citizen the call’s link when the clerk takes it, a link that opens that call', async () => {
    await reset();
    const a = await ask('PADRO');
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    await api(t.url, '/api/live/me/callback', { token: a.token, json: { channel: 'video_link', phone: null, from, to } });
    await presence(extra[2]!.cookie, 'available');
    const offer = (await desk(extra[2]!.cookie)).offer;
    expect(offer.callback.channel).toBe('video_link');
    const accepted = await api(t.url, `/api/live/offers/${offer.entryId}/accept`, { cookie: extra[2]!.cookie, method: 'POST' });
    expect(accepted.body.appointmentId).not.toBeNull();
    inbox.splice(0);
    await t.server.outbox.runOnce();
    const until = Date.now() + 5_000;
    while (inbox.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 30));
    const mail = inbox.find((m) => (m.to as { text: string }).text.includes(`live${n - 1}@example.org`));
    const token = /https?:\/\/\S+\/a#([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    const appt = await api(t.url, '/api/citizen/appointment', { token });
    expect(appt.body.id).toBe(accepted.body.appointmentId);
  });
});

describe('two clerks freed at once', () => {
  it('never get the same citizen, over 100 trials on two server nodes', async () => {
    const [x, y] = [extra[0]!, extra[1]!];
    for (let trial = 0; trial < 100; trial++) {
      await reset();
      await ask('PADRO');
      await ask('PADRO');
      const answers = await Promise.all([presence(x.cookie, 'available', t.url), presence(y.cookie, 'available', node2.url)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const offers = await t.db('queue_entries').where({ status: 'offered' }).select('id', 'offered_to');
      if (offers.length !== 2)
        console.log(
          trial,
          offers,
          await t.db('queue_entries').whereIn('status', ['serving', 'waiting']).select('status', 'served_by'),
          await t.db('staff_presence').select(),
        );
      expect(offers).toHaveLength(2);
      expect(new Set(offers.map((o: { id: string }) => o.id)).size).toBe(2);
      expect(new Set(offers.map((o: { offered_to: string }) => o.offered_to))).toEqual(new Set([x.id, y.id]));
    }
  });
});

describe('pushed to the pages', () => {
  it("tells a waiting page its new place as soon as someone ahead leaves, and a clerk's desk its offer", async () => {
    await reset();
    const sockets: { close(): void }[] = [];
    try {
      const a = await ask('PADRO');
      const b = await ask('PADRO');
      const page = await connectLive(t.url, { liveToken: b.token }, sockets);
      const pushes: { position: number | null; status: string }[] = [];
      page.on('live:status', (s) => pushes.push(s));
      await expect.poll(() => pushes.at(-1)?.position).toBe(2);
      const left = performance.now();
      await api(t.url, '/api/live/me/leave', { token: a.token, method: 'POST' });
      await expect.poll(() => pushes.at(-1)?.position, { interval: 5 }).toBe(1);
      expect(performance.now() - left).toBeLessThan(2_000);

      const desk = await connectLive(t.url, { cookie: clerk }, sockets);
      const desks: { offer: { entryId: string } | null }[] = [];
      desk.on('live:desk', (d) => desks.push(d));
      await expect.poll(() => desks.length).toBeGreaterThan(0);
      await presence(clerk, 'available');
      await expect.poll(() => desks.at(-1)?.offer?.entryId).toBeDefined();
      await expect.poll(() => pushes.at(-1)?.status).toBe('offered');
      // Neither a bad token nor a non-clerk gets in.
      await expect(connectLive(t.url, { liveToken: 'x'.repeat(43) }, sockets)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
      const scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
      await expect(connectLive(t.url, { cookie: scheduler }, sockets)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe('access, from the wrong side', () => {
  it('refuses a bad token, staff routes to citizens, and the desk to anyone but clerks', async () => {
    await reset();
    const a = await ask('PADRO');
    expect((await api(t.url, '/api/live/me', { token: 'x'.repeat(43) })).body.error.code).toBe('invalid_token');
    expect((await api(t.url, '/api/live/me')).body.error.code).toBe('invalid_token');
    // The waiting page's token is no appointment's yet, and opens no staff route.
    expect((await api(t.url, '/api/live/desk', { token: a.token })).status).toBe(401);
    const scheduler = await login(t.url, DEMO.scheduler.email, DEMO.scheduler.password);
    expect((await api(t.url, '/api/live/desk', { cookie: scheduler })).body.error.code).toBe('forbidden');
    expect((await presence(scheduler, 'available')).body.error.code).toBe('forbidden');
    expect((await api(t.url, '/api/live/desk')).status).toBe(401);
    // A housing clerk is in none of the OAC's queues: nobody of them is offered to him.
    const housing = await login(t.url, DEMO.housingClerk.email, DEMO.housingClerk.password);
    await presence(housing, 'available');
    expect((await desk(housing)).offer).toBeNull();
    expect((await status(a.token)).status).toBe('waiting');
  });
});
