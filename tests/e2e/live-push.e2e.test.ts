import { afterAll, beforeAll, expect, it } from 'vitest';

/*
 * Attend me now (issue 15): the waiting page and the clerk's desk listen to the `/live` socket, so
 * a new place, or an offer, reaches them as a push from the server, not only from their next ask.
 */
import { launchChromium, newParty } from '../support/browser';
import { api, catalogue, DEMO, personName, startTestServer, type TestServer } from '../support/index';
import type { Browser } from 'playwright-core';

let t: TestServer;
let browser: Browser;
beforeAll(async () => {
  t = await startTestServer({ clientDist: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

it('shows the waiting citizen their new place from the server’s push when someone ahead leaves', async () => {
  const ids = await catalogue(t.db);
  const ask = async (i: number) =>
    (
      await api(t.url, '/api/live/requests', {
        json: { serviceId: ids.service('PADRO'), name: personName(i), email: `push${i}@example.org`, language: 'ca' },
      })
    ).body;
  const a = await ask(1);
  const b = await ask(2);
  const { page } = await newParty(browser, t.url);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await page.goto(`${t.url}/live#${b.token}`);
  await page
    .getByText(/(número|number) 2 /)
    .first()
    .waitFor();
  await api(t.url, '/api/live/me/leave', { token: a.token, method: 'POST' });
  await page
    .getByText(/(número|number) 1 /)
    .first()
    .waitFor();
  // The push carried it: a status frame of the live namespace with the new place.
  expect(frames.some((f) => f.startsWith('42/live,') && f.includes('"live:status"') && f.includes('"position":1'))).toBe(true);
});

it("offers a citizen on the clerk's desk by the server's push, with the desk's own asks blocked", async () => {
  // Nobody left in line from the test before: the offer must come after the asks are blocked.
  await t.db('queue_entries').where({ status: 'waiting' }).update({ status: 'left', left_at: new Date() });
  const { page } = await newParty(browser, t.url);
  await page.goto('/staff/login');
  await page.getByTestId('login-email').fill(DEMO.clerk.email);
  await page.getByTestId('login-password').fill(DEMO.clerk.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('live-desk').waitFor();
  await page.getByTestId('live-presence').click();
  await page.locator('[data-testid="live-presence"][aria-pressed="true"]').waitFor();
  // From here the desk cannot ask: only the socket can bring the offer.
  let asked = 0;
  await page.route('**/api/live/desk', (route) => {
    asked++;
    return route.abort();
  });
  const ids = await catalogue(t.db);
  const citizen = await api(t.url, '/api/live/requests', {
    json: { serviceId: ids.service('PADRO'), name: 'Marc Vidal', email: 'push.desk@example.org', language: 'ca' },
  });
  expect(citizen.status).toBe(201);
  await page.getByTestId('live-offer').waitFor({ timeout: 10_000 });
  expect(await page.getByTestId('live-offer-name').textContent()).toBe('Marc Vidal');
  // Blocked asks do not matter; with the socket up the desk asks only every fifteen seconds anyway.
  expect(asked).toBeLessThanOrEqual(1);
});
