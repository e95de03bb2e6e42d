import { afterAll, beforeAll, expect, it } from 'vitest';

/*
 * Attend me now (issue 15): the waiting page listens to the `/live` socket, so a new place reaches
 * it as a push from the server, not only from its next ask.
 */
import { launchChromium, newParty } from '../support/browser';
import { api, catalogue, personName, startTestServer, type TestServer } from '../support/index';
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
