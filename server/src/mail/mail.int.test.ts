import { startEmbeddedSmtp } from '@oac/infra/embedded';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, DEMO, login, makeSlot, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Durable mail against a real SMTP server: the confirmation, the reminders at their times (the
 * server's clock is the test's), the change and cancellation notices with their iCalendar
 * invitations, every link opening the citizen's page, no plaintext token stored, a lost link, and
 * a send cut short by a restart that another node finishes.
 */

const inbox: ParsedMail[] = [];
let smtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let now = new Date();

beforeAll(async () => {
  smtp = await startEmbeddedSmtp({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-mail-')),
    port: 0,
    onMessage: (raw) => void simpleParser(raw).then((m) => inbox.push(m)),
  });
  // The worker is driven by hand here (runOnce), on the test's clock.
  t = await startTestServer({
    clock: () => now,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'OAC et truca <cites@oac.example>', MAIL_POLL_SECONDS: '3600', TRUST_PROXY: 'loopback' },
  });
  ids = await catalogue(t.db);
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function delivered(count: number, timeoutMs = 5_000): Promise<ParsedMail[]> {
  const until = Date.now() + timeoutMs;
  while (inbox.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 30));
  return inbox.splice(0);
}

/** Runs the outbox once and waits for what it sent to arrive. */
async function sendDue(): Promise<ParsedMail[]> {
  return delivered(await t.server.outbox.runOnce());
}

const linkIn = (m: ParsedMail) => /https?:\/\/\S+\/a#([A-Za-z0-9_-]{43})/.exec(m.text ?? '')?.[1] ?? null;
const calendarOf = (m: ParsedMail) => {
  const part = m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  return part ? new ICAL.Component(ICAL.parse(part.content.toString('utf8'))) : null;
};

async function bookAt(minutesFromNow: number, email: string, language: 'ca' | 'es' | 'en' = 'ca') {
  const slotId = await makeSlot(t.db, ids.office('oac-ciutat-vella'), minutesFromNow, null, ids.service('CONVIV'));
  const res = await api(t.url, '/api/bookings', {
    json: { slotId, serviceId: ids.service('CONVIV'), name: 'Núria Vidal', email, language },
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('the satisfaction survey by e-mail', () => {
  async function resolved(email: string) {
    now = new Date();
    const booked = await bookAt(2 * 24 * 60, email, 'en');
    await sendDue(); // the confirmation
    const cookie = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const { ticket_id } = await t.db('appointments').where({ id: booked.appointment.id }).first('ticket_id');
    for (const action of ['take', 'resolve']) {
      expect((await api(t.url, `/api/tickets/${ticket_id}/actions`, { cookie, json: { action } })).status).toBe(200);
    }
    return { booked, ticketId: ticket_id as string, cookie };
  }

  it('is mailed an hour after the resolution, in the citizen’s language, with a link that opens the survey', async () => {
    const { booked } = await resolved('survey.one@example.org');
    now = new Date(Date.now() + 59 * 60_000);
    expect(await sendDue()).toHaveLength(0);
    now = new Date(Date.now() + 61 * 60_000);
    const [mail, ...more] = await sendDue();
    expect(more).toHaveLength(0);
    expect(mail!.subject).toBe(`How did we do? · ${booked.appointment.ticketNumber}`);
    expect(calendarOf(mail!)).toBeNull();
    const token = linkIn(mail!)!;
    const page = await api(t.url, '/api/citizen/ticket', { token });
    expect(page.body.survey).toMatchObject({ state: 'open' });
  });

  it('is not mailed once the ticket has been reopened, nor once answered', async () => {
    const reopened = await resolved('survey.two@example.org');
    expect(
      (await api(t.url, `/api/tickets/${reopened.ticketId}/actions`, { cookie: reopened.cookie, json: { action: 'reopen' } })).status,
    ).toBe(200);
    const answered = await resolved('survey.three@example.org');
    const reply = await api(t.url, '/api/citizen/survey', {
      token: answered.booked.token,
      json: { ticketNumber: answered.booked.appointment.ticketNumber, rating: 5, solved: true, comment: null },
    });
    expect(reply.status).toBe(200);
    now = new Date(Date.now() + 61 * 60_000);
    expect(await sendDue()).toHaveLength(0);
    const rows = await t
      .db('mail_outbox')
      .where({ kind: 'survey' })
      .whereIn('appointment_id', [reopened.booked.appointment.id, answered.booked.appointment.id])
      .select('status');
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['dropped', 'dropped']);
  });
});

describe("the escalation to a queue's supervisor", () => {
  async function atRisk() {
    // Tuesday 24 November 2026, 09:50 in Madrid: a phone contact of 09:00 has ten business minutes left to be taken.
    now = new Date('2026-11-24T08:50:00Z');
    const clerk = await login(t.url, DEMO.clerk.email, DEMO.clerk.password);
    const { body } = await api(t.url, '/api/tickets', {
      cookie: clerk,
      json: {
        channel: 'phone',
        serviceId: null,
        subject: 'Dubte sobre <b>una</b> notificació',
        citizenName: 'Carme Vidal',
        citizenEmail: 'carme@example.org',
        citizenPhone: null,
        language: 'ca',
        take: false,
      },
    });
    await t
      .db('tickets')
      .where({ id: body.id })
      .update({ created_at: new Date('2026-11-24T08:00:00Z') });
    return { id: body.id as string, number: body.number as string, clerk };
  }

  it('is mailed to the supervisor once, in the three languages, with a link to the ticket', async () => {
    const ticket = await atRisk();
    expect(await t.server.tickets.escalateDue()).toBe(1);
    const [mail, ...more] = await sendDue();
    expect(more).toHaveLength(0);
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe(DEMO.scheduler.email);
    expect(mail!.subject).toBe(`Tiquet a punt d’incomplir l’SLA · ${ticket.number}`);
    expect(mail!.text).toContain(`/staff/tickets/${ticket.id}`);
    expect(mail!.text).toContain('Open the ticket:');
    expect(mail!.text).toContain('Abra el tique:');
    // Due at 10:00 Madrid; the subject the clerk typed is quoted, and no markup gets through.
    expect(mail!.text).toContain('Due: 24 Nov 2026, 10:00');
    expect(mail!.text).toContain('Prioritat: normal');
    expect(mail!.html).not.toContain('<b>una</b>');
    expect(await t.server.tickets.escalateDue()).toBe(0);
    expect(await sendDue()).toHaveLength(0);
    const rows = await t.db('mail_outbox').where({ ticket_id: ticket.id }).select('kind', 'status', 'appointment_id');
    expect(rows).toEqual([{ kind: 'escalation', status: 'sent', appointment_id: null }]);
  });

  it('is not mailed once somebody took the ticket', async () => {
    const ticket = await atRisk();
    // The outbox has not run yet when the clerk takes it.
    expect(await t.server.tickets.escalateDue()).toBe(1);
    expect((await api(t.url, `/api/tickets/${ticket.id}/actions`, { cookie: ticket.clerk, json: { action: 'take' } })).status).toBe(200);
    expect((await api(t.url, `/api/tickets/${ticket.id}/actions`, { cookie: ticket.clerk, json: { action: 'resolve' } })).status).toBe(200);
    expect((await sendDue()).filter((m) => m.subject?.includes(ticket.number))).toHaveLength(0);
    expect(await t.db('mail_outbox').where({ ticket_id: ticket.id }).select('status')).toEqual([{ status: 'dropped' }]);
  });

  it('refuses, in the database, an escalation without its ticket or supervisor, and a citizen message without its appointment', async () => {
    await expect(t.db('mail_outbox').insert({ kind: 'escalation', due_at: now, revision: 0 })).rejects.toThrow(/mail_outbox_owner/);
    await expect(t.db('mail_outbox').insert({ kind: 'reminder', due_at: now, revision: 0 })).rejects.toThrow(/mail_outbox_owner/);
  });
});

describe('durable mail', () => {
  it('sends the confirmation with its own link, an HTML part and an iCalendar invitation, storing no token', async () => {
    now = new Date();
    const booked = await bookAt(3 * 24 * 60, 'Nuria@Example.org', 'es');
    expect(booked.emailedTo).toBe('nuria@example.org');
    const [mail, ...more] = await sendDue();
    expect(more).toHaveLength(0);
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('nuria@example.org');
    expect(mail!.from?.value[0]).toMatchObject({ name: 'OAC et truca', address: 'cites@oac.example' });
    expect(mail!.subject).toBe(`Cita por videollamada confirmada · ${booked.appointment.ticketNumber}`);
    expect(mail!.html).toContain('Certificado de convivencia');
    const token = linkIn(mail!)!;
    // The message has its own token, not the one the booking page showed; it opens the same appointment.
    expect(token).not.toBe(booked.token);
    expect((await api(t.url, '/api/citizen/appointment', { token })).body.id).toBe(booked.appointment.id);
    const vevent = calendarOf(mail!)!;
    expect(vevent.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(new ICAL.Event(vevent.getFirstSubcomponent('vevent')!).uid).toBe(`${booked.appointment.id}@oac-et-truca`);
    const stored = JSON.stringify(await t.db('mail_outbox').select()) + JSON.stringify(await t.db('appointment_links').select());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(booked.token);
  });

  it('sends the reminders a day and an hour before, and nothing more after the start', async () => {
    now = new Date();
    const booked = await bookAt(3 * 24 * 60, 'marc@example.org');
    await sendDue();
    const start = Date.parse(booked.appointment.startsAt);
    const at = async (ms: number) => {
      now = new Date(start + ms);
      return (await sendDue()).filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'marc@example.org');
    };
    expect(await at(-25 * 3600_000)).toHaveLength(0);
    const day = await at(-24 * 3600_000 + 1_000);
    expect(day.map((m) => m.subject)).toEqual([`Recordatori de la vostra cita · ${booked.appointment.ticketNumber}`]);
    const token = linkIn(day[0]!)!;
    expect((await api(t.url, '/api/citizen/appointment', { token })).body.id).toBe(booked.appointment.id);
    expect(await at(-61 * 60_000)).toHaveLength(0);
    expect(await at(-59 * 60_000)).toHaveLength(1);
    expect(await at(30 * 60_000)).toHaveLength(0);
  });

  it('tells of a move and of a cancellation with the same UID, a higher SEQUENCE, and drops the old reminders', async () => {
    now = new Date();
    const booked = await bookAt(5 * 24 * 60, 'laia@example.org', 'en');
    const [confirmation] = await sendDue();
    const token = linkIn(confirmation!)!;
    const free = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 6 * 24 * 60, null, ids.service('CONVIV'));
    // From the e-mail's own link: moving works with it.
    const moved = await api(t.url, '/api/citizen/appointment/reschedule', { token, json: { slotId: free } });
    expect(moved.status).toBe(200);
    const [changed] = await sendDue();
    expect(changed!.subject).toBe(`Your appointment has a new time · ${booked.appointment.ticketNumber}`);
    const changedEvent = new ICAL.Event(calendarOf(changed!)!.getFirstSubcomponent('vevent')!);
    expect(changedEvent.uid).toBe(`${booked.appointment.id}@oac-et-truca`);
    expect(changedEvent.sequence).toBe(1);
    const pending = await t
      .db('mail_outbox')
      .where({ appointment_id: booked.appointment.id, status: 'pending' })
      .select('kind', 'revision');
    expect(pending).toEqual([
      { kind: 'reminder', revision: 1 },
      { kind: 'reminder', revision: 1 },
    ]);

    const cancelled = await api(t.url, '/api/citizen/appointment/cancel', { method: 'POST', token: linkIn(changed!)! });
    expect(cancelled.status).toBe(200);
    const [notice] = await sendDue();
    const calendar = calendarOf(notice!)!;
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).sequence).toBe(2);
    expect(linkIn(notice!)).toBeNull();
    expect(await t.db('mail_outbox').where({ appointment_id: booked.appointment.id, status: 'pending' })).toHaveLength(0);
    // The reminders that would have come are gone: at their times nothing is sent.
    now = new Date(Date.parse(moved.body.startsAt) - 59 * 60_000);
    expect(await t.server.outbox.runOnce()).toBe(0);
  });

  it('e-mails a new link for a ticket number and e-mail, and answers the same when they do not match', async () => {
    now = new Date();
    const booked = await bookAt(4 * 24 * 60, 'pau@example.org');
    await sendDue();
    const ask = (ticketNumber: string, email: string, from = '203.0.113.1') =>
      api(t.url, '/api/citizen/lost-link', { json: { ticketNumber, email }, headers: { 'x-forwarded-for': from } });
    const right = await ask(booked.appointment.ticketNumber.toLowerCase(), 'PAU@example.org');
    const wrongEmail = await ask(booked.appointment.ticketNumber, 'other@example.org');
    const unknown = await ask('OAC-2026-999999', 'pau@example.org');
    for (const r of [right, wrongEmail, unknown]) {
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ accepted: true });
    }
    const mails = await sendDue();
    expect(mails.map((m) => m.subject)).toEqual([`El vostre enllaç nou · ${booked.appointment.ticketNumber}`]);
    expect((await api(t.url, '/api/citizen/appointment', { token: linkIn(mails[0]!)! })).body.id).toBe(booked.appointment.id);
    for (let i = 0; i < 5; i++) expect((await ask('OAC-2026-999998', 'x@example.org', '203.0.113.2')).status).toBe(202);
    const limited = await ask('OAC-2026-999998', 'x@example.org', '203.0.113.2');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});

describe('a send cut short', () => {
  let nextSmtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
  const received: string[] = [];

  beforeAll(async () => {
    nextSmtp = await startEmbeddedSmtp({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-mail-')),
      port: 0,
      onMessage: (raw) => received.push(raw.toString('utf8')),
    });
  });
  afterAll(async () => {
    await nextSmtp?.stop();
  });

  it('is sent by the next server once the first one stops in the middle of it', async () => {
    now = new Date();
    const booked = await bookAt(2 * 24 * 60, 'restart@example.org');
    // The first node's mail server takes the connection and never answers: the send hangs, and the
    // node stops in the middle of it.
    const silent = createNetServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const first = await t.sibling({
      SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      MAIL_LEASE_SECONDS: '1',
      MAIL_POLL_SECONDS: '3600',
    });
    const sending = first.server.outbox.runOnce();
    await new Promise((r) => setTimeout(r, 300));
    const row = await t.db('mail_outbox').where({ appointment_id: booked.appointment.id, kind: 'confirmation' }).first();
    expect(row.status).toBe('sending');
    await first.stop();
    expect(await sending).toBe(0);
    silent.close();
    expect((await t.db('mail_outbox').where({ id: row.id }).first()).status).toBe('sending');
    // The lease runs out: the next node may take the message over.
    now = new Date(now.getTime() + 2_000);
    const second = await t.sibling({ SMTP_URL: nextSmtp.url, MAIL_LEASE_SECONDS: '1', MAIL_POLL_SECONDS: '1' });
    try {
      const until = Date.now() + 10_000;
      while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(received.some((m) => m.includes(booked.appointment.ticketNumber))).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect((await t.db('mail_outbox').where({ id: row.id }).first()).status).toBe('sent');
    } finally {
      await second.stop();
    }
  });
});
