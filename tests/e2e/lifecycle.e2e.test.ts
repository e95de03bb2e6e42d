import { startEmbeddedSmtp } from '@oac/infra/embedded';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { api, catalogue, DEMO, makeSlot, startTestServer, type TestServer } from '../support/index';

/*
 * The appointment's life as its people live it (issue 12), in real Chromium: a citizen cancels
 * from their page; another moves their appointment from the link in their e-mail; a clerk ends a
 * call as done and the citizen's page shows the end with the stamped document; a check-in lights
 * the clerk's agenda without a reload.
 */

const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
let t: TestServer;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startEmbeddedSmtp>>;
let ids: Awaited<ReturnType<typeof catalogue>>;
const inbox: ParsedMail[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  smtp = await startEmbeddedSmtp({
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'oac-mail-')),
    port: 0,
    onMessage: (raw) => void simpleParser(raw).then((m) => inbox.push(m)),
  });
  t = await startTestServer({ media: true, clientDist: true, env: { SMTP_URL: smtp.url, MAIL_POLL_SECONDS: '1' } });
  ids = await catalogue(t.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await smtp?.stop();
});

async function mailTo(address: string, timeoutMs = 10_000): Promise<ParsedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const i = inbox.findIndex((m) => (m.to && 'text' in m.to ? m.to.text : '') === address);
    if (i >= 0) return inbox.splice(i, 1)[0]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${address}`);
}

async function loginAsClerk(page: Page): Promise<void> {
  await page.goto('/staff/login');
  await page.getByTestId('login-email').fill(DEMO.clerk.email);
  await page.getByTestId('login-password').fill(DEMO.clerk.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('agenda-prev').waitFor();
}

async function bookThroughThePage(page: Page, slotId: string, email: string): Promise<string> {
  await page.goto('/');
  await page.getByTestId('service-PADRO').click();
  await page.getByTestId('office-oac-ciutat-vella').click();
  // Open the slot's own day (it may fall after midnight in Madrid), then its time.
  const startsAt = (await t.db('slots').where({ id: slotId }).first('starts_at')).starts_at as Date;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(startsAt);
  await page.locator(`[data-testid="slot-day"][data-day="${day}"]`).click();
  await page.locator(`[data-testid="slot-option"][data-slot-id="${slotId}"]`).click();
  await page.getByTestId('booking-name').fill('Carme Ribas');
  await page.getByTestId('booking-email').fill(email);
  await page.getByTestId('booking-submit').click();
  return (await page.getByTestId('booking-link').getAttribute('href'))!;
}

describe('the appointment, lived in the browser', () => {
  it('a citizen books, cancels from the page, and sees the cancelled state', async () => {
    const slotId = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 300);
    const { page } = await newParty(browser, t.url);
    const link = await bookThroughThePage(page, slotId, 'carme@example.org');
    await page.goto(link);
    await page.getByTestId('stage-upcoming').waitFor();
    await page.screenshot({ path: path.join(shots, 'citizen-upcoming.png'), fullPage: true });
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('cancel-confirm').click();
    await page.getByTestId('stage-cancelled').waitFor();
    await page.screenshot({ path: path.join(shots, 'citizen-cancelled.png'), fullPage: true });
    expect((await t.db('appointments').where({ slot_id: slotId }).first('status')).status).toBe('cancelled');
    // The link keeps working after a reload: the page says cancelled, not "link not valid".
    await page.reload();
    await page.getByTestId('stage-cancelled').waitFor();
  });

  it('a citizen moves the appointment from the link in their e-mail', async () => {
    const from = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 320);
    const to = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 340);
    const booked = await api(t.url, '/api/bookings', {
      json: { slotId: from, serviceId: ids.service('PADRO'), name: 'Jordi Camps', email: 'jordi@example.org', language: 'es' },
    });
    expect(booked.status).toBe(201);
    const mail = await mailTo('jordi@example.org');
    const link = /https?:\/\/\S+\/a#[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')![0];
    const { page } = await newParty(browser, t.url, { width: 390, height: 844 });
    await page.goto(link);
    await page.getByTestId('reschedule-button').click();
    const toDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(
      (await t.db('slots').where({ id: to }).first('starts_at')).starts_at as Date,
    );
    await page.locator(`[data-testid="slot-day"][data-day="${toDay}"]`).click();
    await page.locator(`[data-testid="slot-option"][data-slot-id="${to}"]`).click();
    await page.screenshot({ path: path.join(shots, 'citizen-reschedule-phone.png'), fullPage: true });
    await page.getByTestId('reschedule-confirm').click();
    await page.getByText(/La cita ahora es/).waitFor();
    expect((await t.db('appointments').where({ id: booked.body.appointment.id }).first('slot_id')).slot_id).toBe(to);
    const notice = await mailTo('jordi@example.org');
    expect(notice.subject).toBe(`Su cita ha cambiado de hora · ${booked.body.appointment.ticketNumber}`);
  });

  it('a check-in lights the agenda, the clerk ends the call as done, and the citizen sees the end with the stamped document', async () => {
    const slotId = await makeSlot(t.db, ids.office('oac-ciutat-vella'), 5);
    const booked = await api(t.url, '/api/bookings', {
      json: { slotId, serviceId: ids.service('PADRO'), name: 'Rosa Ferrer', email: 'rosa@example.org', language: 'ca' },
    });
    const id = booked.body.appointment.id as string;
    const clerk = (await newParty(browser, t.url)).page;
    await loginAsClerk(clerk);
    const item = clerk.locator(`[data-testid="agenda-item"][data-appointment-id="${id}"]`);
    await item.waitFor();
    await clerk.locator('[data-testid="agenda-live"][data-live="true"]').waitFor();

    const citizen = (await newParty(browser, t.url)).page;
    await citizen.goto(booked.body.link);
    await citizen.getByTestId('join-button').click();
    // The agenda changes by itself: no reload.
    await item.getByTestId('waiting-badge').waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-status')).toBe('checked_in');
    await clerk.screenshot({ path: path.join(shots, 'agenda-waiting.png'), fullPage: true });

    await item.getByTestId('open-appointment').click();
    await clerk.getByTestId('start-call').click();
    await clerk.getByTestId('admit-button').click();
    await citizen.locator('[data-testid="call-status"][data-phase="connected"]').waitFor({ timeout: 20_000 });

    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText('Sol·licitud', { x: 72, y: 760, size: 16, font: await pdf.embedFont(StandardFonts.Helvetica) });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oac-e2e-')), 'sollicitud.pdf');
    writeFileSync(file, await pdf.save());
    await citizen.getByTestId('document-upload-input').setInputFiles(file);
    const upload = clerk.locator('[data-testid="document-item"][data-kind="upload"]');
    await upload.waitFor({ timeout: 15_000 });
    await upload.getByTestId('stamp-button').click();
    await citizen.locator('[data-testid="document-item"][data-kind="stamped"]').waitFor({ timeout: 15_000 });

    await clerk.getByTestId('end-done').click();
    await citizen.getByTestId('stage-ended').waitFor({ timeout: 10_000 });
    const stamped = citizen.locator('[data-testid="document-item"][data-kind="stamped"]');
    await stamped.waitFor();
    await citizen.screenshot({ path: path.join(shots, 'citizen-ended.png'), fullPage: true });
    await clerk.getByTestId('outcome').waitFor();
    await clerk.screenshot({ path: path.join(shots, 'clerk-ended.png'), fullPage: true });
    const [download] = await Promise.all([citizen.waitForEvent('download'), stamped.getByTestId('download-button').click()]);
    expect(download.suggestedFilename()).toMatch(/segellat\.pdf$/);
    expect((await t.db('appointments').where({ id }).first('status')).status).toBe('done');
  });
});
