import { startEmbeddedSmtp } from '@oac/infra/embedded';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, makeSlot, personName, startTestServer, type TestServer } from '@oac/tests/support';

/*
 * Issue 11, §3: one address made 25 bookings in 132 ms, all confirmed to a third party's inbox, and
 * a name with newlines put an attacker's text into the council's mail. The server here runs with the
 * production limits, behind a trusted proxy on loopback so that a test can speak for many addresses.
 */

let t: TestServer;
let ids: Awaited<ReturnType<typeof catalogue>>;
let smtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
const inbox: ParsedMail[] = [];

beforeAll(async () => {
  smtp = await startEmbeddedSmtp({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-mail-')),
    port: 0,
    onMessage: (raw) => void simpleParser(raw).then((m) => inbox.push(m)),
  });
  t = await startTestServer({
    env: {
      SMTP_URL: smtp.url,
      TRUST_PROXY: 'loopback',
      BOOKINGS_PER_ADDRESS_PER_HOUR: '20',
      BOOKINGS_PER_EMAIL_PER_DAY: '5',
      ACTIVE_BOOKINGS_PER_EMAIL_AND_SERVICE: '1',
      MAILS_PER_RECIPIENT_PER_HOUR: '2',
      MAIL_POLL_SECONDS: '3600',
    },
  });
  ids = await catalogue(t.db);
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

let minutes = 100;
async function slotFor(service: string): Promise<string> {
  const office = ['LLOGUER', 'CEDULA'].includes(service) ? 'habitatge-eixample' : 'oac-ciutat-vella';
  return makeSlot(t.db, ids.office(office), (minutes += 25), null, ids.service(service));
}

async function book(service: string, who: { name?: string; email: string; from: string }, slotId?: string) {
  return api(t.url, '/api/bookings', {
    json: {
      slotId: slotId ?? (await slotFor(service)),
      serviceId: ids.service(service),
      name: who.name ?? 'Anna Garcia',
      email: who.email,
    },
    headers: { 'x-forwarded-for': who.from },
  });
}

/** Sends what the outbox holds, then the mails that reached one address. */
const mailsTo = async (address: string) => {
  const before = inbox.length;
  let sent = 0;
  for (let batch = await t.server.outbox.runOnce(); batch > 0; batch = await t.server.outbox.runOnce()) sent += batch;
  const until = Date.now() + 5_000;
  while (inbox.length < before + sent && Date.now() < until) await new Promise((r) => setTimeout(r, 30));
  return inbox.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === address);
};

describe('fair access and anti-abuse limits', () => {
  it('stops the flood: 25 concurrent bookings for one e-mail give one appointment and one mail', async () => {
    const slots = await Promise.all(Array.from({ length: 25 }, () => slotFor('PADRO')));
    const results = await Promise.all(slots.map((slot) => book('PADRO', { email: 'victim@example.org', from: '198.51.100.1' }, slot)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    // Each loser is told why: the e-mail already holds an appointment for this procedure, or, for
    // those that arrived together, the e-mail's daily quota was taken up meanwhile.
    const refused = results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`);
    expect(refused).toHaveLength(24);
    expect(refused).toContain('409 already_booked');
    for (const r of refused) expect(['409 already_booked', '429 booking_rate_limited']).toContain(r);
    expect(await mailsTo('victim@example.org')).toHaveLength(1);
    // Every slot but one is still free for others.
    const rows = await t.db('appointments').whereIn('slot_id', slots);
    expect(rows).toHaveLength(1);
    // Refused attempts gave their quota back: the e-mail can still book another procedure.
    expect((await book('TAXES', { email: 'victim@example.org', from: '198.51.100.1' })).status).toBe(201);
  });

  it('limits the bookings of one address, with the wait, and a refused booking costs nothing', async () => {
    const from = '198.51.100.2';
    // A slot that is already taken: these refusals must not count against the address.
    const taken = await slotFor('CONVIV');
    expect((await book('CONVIV', { email: 'first@example.org', from: '198.51.100.99' }, taken)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await book('CONVIV', { email: `late${i}@example.org`, from }, taken)).status).toBe(409);
    for (let i = 0; i < 20; i++) {
      const r = await book('CONVIV', { name: personName(i), email: `neighbour${i}@example.org`, from });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const over = await book('CONVIV', { email: 'one-too-many@example.org', from });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('booking_rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    // Another address is not affected.
    expect((await book('CONVIV', { email: 'elsewhere@example.org', from: '198.51.100.3' })).status).toBe(201);
  });

  it('limits the bookings of one e-mail in a day across procedures and addresses, and its mail', async () => {
    const email = 'busy@example.org';
    const services = ['TAXES', 'LLOGUER', 'CEDULA', 'PADRO', 'CONVIV'];
    const results = [];
    for (const [i, service] of services.entries()) results.push(await book(service, { email, from: `203.0.113.${i + 1}` }));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    // The confirmation mail stops at two an hour for one recipient, and the answer says so.
    expect(results.map((r) => r.body.emailedTo)).toEqual([email, email, null, null, null]);
    expect(await mailsTo(email)).toHaveLength(2);
    const sixth = await book('PADRO', { email, from: '203.0.113.9' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('booking_rate_limited');
  });

  it('takes a name as one line of letters, and refuses one that carries a message', async () => {
    for (const name of [
      'Anna\nURGENT: pay the 30 EUR fee at http://evil.example',
      'Anna\r\nBcc: x@evil.example',
      'Anna\u202eevil',
      'Anna\u0000',
      'Pay 30 EUR',
      '   ',
    ]) {
      const r = await book('CEDULA', { name, email: 'names@example.org', from: '192.0.2.10' });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.body.error.details[0].path).toBe('name');
    }
    const ok = await book('CEDULA', { name: '  Maria  Gal·la d’Oliveira-Puig ', email: 'names@example.org', from: '192.0.2.10' });
    expect(ok.status).toBe(201);
    expect(ok.body.appointment.citizenName).toBe('Maria Gal·la d’Oliveira-Puig');
  });

  it('refuses a control character in a name in the database itself', async () => {
    const row = await t.db('appointments').first('id');
    await expect(t.db('appointments').where({ id: row.id }).update({ citizen_name: 'Anna\nURGENT' })).rejects.toMatchObject({
      constraint: 'appointments_name_one_line',
    });
  });
});
