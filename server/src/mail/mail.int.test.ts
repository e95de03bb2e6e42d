import { startEmbeddedSmtp } from '@oac/infra/embedded';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, catalogue, makeSlot, startTestServer, type TestServer } from '@oac/tests/support';

let t: TestServer;
let smtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
const inbox: ParsedMail[] = [];
const mailDir = mkdtempSync(path.join(os.tmpdir(), 'oac-mail-'));

beforeAll(async () => {
  smtp = await startEmbeddedSmtp({ dataDir: mailDir, port: 0, onMessage: (raw) => void simpleParser(raw).then((m) => inbox.push(m)) });
  t = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'OAC et truca <cites@oac.example>' } });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

async function nextMail(timeoutMs = 10_000): Promise<ParsedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const m = inbox.shift();
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no e-mail arrived');
}

describe('booking confirmation e-mail, over real SMTP', () => {
  it("sends the citizen their ticket and a private link that opens their appointment, in the booking's language", async () => {
    const ids = await catalogue(t.db);
    const slotId = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 120);
    const res = await api(t.url, '/api/bookings', {
      json: { slotId, serviceId: ids.service('CONVIV'), name: 'Núria Vidal', email: 'Nuria@Example.org', language: 'es' },
    });
    expect(res.status).toBe(201);
    expect(res.body.emailedTo).toBe('nuria@example.org');
    const mail = await nextMail();
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('nuria@example.org');
    expect(mail.from?.value[0]).toMatchObject({ name: 'OAC et truca', address: 'cites@oac.example' });
    expect(mail.subject).toBe(`Cita por videollamada confirmada · ${res.body.appointment.ticketNumber}`);
    expect(mail.text).toContain('Certificado de convivencia');
    const link = /https?:\/\/\S+\/a#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
    expect(link?.[1]).toBe(res.body.token);
    const opened = await api(t.url, '/api/citizen/appointment', { token: link![1] });
    expect(opened.body.id).toBe(res.body.appointment.id);
    expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });

  it('sends nothing for a refused booking', async () => {
    const ids = await catalogue(t.db);
    const past = await makeSlot(t.db, ids.office('oac-ciutat-vella'), -10);
    const res = await api(t.url, '/api/bookings', {
      json: { slotId: past, serviceId: ids.service('PADRO'), name: 'Pol Mas', email: 'pol@example.org' },
    });
    expect(res.status).toBe(422);
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox).toHaveLength(0);
  });
});
