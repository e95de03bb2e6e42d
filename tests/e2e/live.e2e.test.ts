import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty, waitForMedia } from '../support/browser';
import { DEMO, startTestServer, type TestServer } from '../support/index';

/*
 * "Attend me now" (issue 15) in real Chromium, through the real SFU: a citizen asks to be attended
 * now for a procedure of the OAC queue and is number 1; the clerk makes themself available, is
 * offered the citizen and accepts; the citizen's waiting page goes into the call by itself, on its
 * own token, and each side decodes the other's video. Then the whole contact to its end: the clerk
 * ends the call and resolves the ticket, the citizen answers the survey on their page, and the
 * office's scheduler finds that contact, its call and its rating on the quality dashboard.
 */

let t: TestServer;
let browser: Browser;
let citizen: Page;
let clerk: Page;
let appointmentId: string;
const shots = path.join(os.tmpdir(), 'oac-e2e-shots');

beforeAll(async () => {
  t = await startTestServer({ media: true, clientDist: true });
  browser = await launchChromium();
  citizen = (await newParty(browser, t.url, { width: 390, height: 844 })).page;
  clerk = (await newParty(browser, t.url)).page;
  for (const page of [citizen, clerk]) await page.addInitScript(() => localStorage.setItem('oac.language', 'en'));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('attend me now, in real Chromium', () => {
  it('the citizen asks to be attended now for PADRO and is number 1 in the OAC line', async () => {
    await citizen.goto('/');
    await citizen.getByTestId('live-link').click();
    await citizen.getByTestId('live-service-PADRO').click();
    await citizen.getByTestId('live-name').fill('Anna Garcia Puig');
    await citizen.getByTestId('live-email').fill('anna@example.org');
    await citizen.getByTestId('live-submit').click();
    const position = citizen.getByTestId('live-position');
    await expect.poll(() => position.textContent()).toContain('number 1');
    expect(await position.getAttribute('data-position')).toBe('1');
    expect(await citizen.getByTestId('live-queue').textContent()).toBe(
      (await t.db('queues').where({ code: 'OAC' }).first('name_en')).name_en,
    );
    // Focus lands on the line; the private token stays out of the address bar, in this tab's storage.
    expect(await citizen.evaluate(() => document.activeElement?.id)).toBe('live-wait-heading');
    expect(new URL(citizen.url()).pathname + new URL(citizen.url()).hash).toBe('/live');
    expect(await citizen.evaluate(() => sessionStorage.getItem('oac.live.token'))).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('the clerk becomes available, is offered the citizen and accepts', async () => {
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    const desk = clerk.getByTestId('live-desk');
    await desk.waitFor();
    await clerk.locator('[data-testid="live-desk-queue"][data-code="OAC"][data-waiting="1"]').waitFor();
    const toggle = clerk.getByTestId('live-presence');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    const offer = clerk.getByTestId('live-offer');
    await offer.waitFor({ timeout: 10_000 });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await clerk.getByTestId('live-offer-name').textContent()).toBe('Anna Garcia Puig');
    expect(await offer.getByRole('alert').textContent()).toContain('Anna Garcia Puig');
    expect(await clerk.getByTestId('live-offer-countdown').textContent()).toMatch(/\d+ s/);
    expect(await clerk.evaluate(() => document.activeElement?.id)).toBe('live-offer-heading');
    await clerk.getByTestId('live-accept').click();
    await clerk.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    appointmentId = clerk.url().split('/').pop()!;
    const entry = await t.db('queue_entries').where({ appointment_id: appointmentId }).first('status');
    expect(entry.status).toBe('serving');
  });

  it("the citizen's page goes into the call, and each side decodes the other's video", async () => {
    // No click on the citizen's side: the waiting page opens the appointment's own page by itself.
    await citizen.getByTestId('join-button').waitFor({ timeout: 10_000 });
    await clerk.getByTestId('start-call').click();
    await clerk.getByTestId('call-status').waitFor();
    await citizen.getByTestId('join-button').click();
    await citizen.getByTestId('lobby').waitFor();
    await clerk.getByTestId('admit-button').click();
    const min = { videoFramesDecoded: 10, audioPacketsReceived: 10 };
    const [atClerk, atCitizen] = await Promise.all([waitForMedia(clerk, min), waitForMedia(citizen, min)]);
    expect(atClerk.videoFramesDecoded).toBeGreaterThanOrEqual(10);
    expect(atCitizen.videoFramesDecoded).toBeGreaterThanOrEqual(10);
    await citizen.locator('[data-testid="call-status"][data-phase="connected"]').waitFor();
  });

  it('the clerk ends the call as done and resolves its ticket', async () => {
    await clerk.getByTestId('end-done').click();
    await clerk.getByTestId('outcome').waitFor();
    const { ticket_id: ticketId } = await t.db('appointments').where({ id: appointmentId }).first('ticket_id');
    await clerk.goto(`/staff/tickets/${ticketId as string}`);
    await clerk.getByRole('button', { name: 'Mark as resolved', exact: true }).click();
    await clerk
      .getByTestId('ticket-facts')
      .getByTestId('ticket-status')
      .filter({ hasText: /^Resolved$/ })
      .waitFor();
  });

  it('the citizen answers the satisfaction survey on their page', async () => {
    // Come back to the waiting page later: it says the citizen was attended, and leads to the call's own page.
    await citizen.reload();
    await citizen.getByRole('button', { name: 'See the documents of the call', exact: true }).click();
    const survey = citizen.getByTestId('citizen-survey');
    await survey.waitFor({ timeout: 10_000 });
    await survey.getByRole('radio', { name: '5 · Very good', exact: true }).check();
    await survey
      .getByRole('group', { name: /solved/ })
      .getByRole('radio', { name: 'Yes', exact: true })
      .check();
    await survey.getByTestId('citizen-survey-send').click();
    await citizen.getByTestId('citizen-survey-thanks').waitFor();
    mkdirSync(shots, { recursive: true });
    await citizen.screenshot({ path: path.join(shots, 'live-citizen-survey-phone.png'), fullPage: true });
  });

  it("the office's scheduler finds the contact, its call and its rating on the quality dashboard", async () => {
    const manager = (await newParty(browser, t.url)).page;
    await manager.addInitScript(() => localStorage.setItem('oac.language', 'en'));
    await manager.goto('/staff/login');
    await manager.getByTestId('login-email').fill(DEMO.scheduler.email);
    await manager.getByTestId('login-password').fill(DEMO.scheduler.password);
    await manager.getByTestId('login-submit').click();
    await manager.getByRole('link', { name: 'Quality', exact: true }).click();
    await manager.waitForURL(/\/staff\/quality/);
    const contacts = manager.getByTestId('quality-card-contacts').locator('.quality-card__value');
    await expect.poll(() => contacts.textContent()).toBe('1');
    expect(await manager.getByTestId('quality-card-handling').textContent()).not.toContain('—');
    expect(await manager.getByTestId('quality-card-csat').locator('.quality-card__value').textContent()).toMatch(/^5[.,]0\b/);
    // Behind the chart, the contacts table names the day's one on-demand contact.
    const table = manager.getByTestId('quality-table-contacts');
    await table.locator('summary').first().click();
    expect(await table.textContent()).toContain('Walk-in');
    mkdirSync(shots, { recursive: true });
    await manager.screenshot({ path: path.join(shots, 'quality-desktop.png'), fullPage: true });
    await manager.setViewportSize({ width: 390, height: 844 });
    await manager.screenshot({ path: path.join(shots, 'quality-phone.png'), fullPage: true });
  });
});
