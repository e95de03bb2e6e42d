import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty } from '../support/browser';
import { bookFor, startTestServer, type TestServer } from '../support/index';

/*
 * Issue 11, §7: the private link's token was the path, /a/<token>, so every reverse proxy's access
 * log kept it. It now rides in the fragment, which a browser never sends: no request the citizen's
 * browser makes, the call's WebSocket included, carries it in its URL or its Referer.
 */

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  t = await startTestServer({ media: true, clientDist: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

function recordRequests(page: Page): { urls: string[]; referers: string[] } {
  const seen = { urls: [] as string[], referers: [] as string[] };
  page.on('request', (r) => {
    seen.urls.push(r.url());
    const referer = r.headers()['referer'];
    if (referer) seen.referers.push(referer);
  });
  page.on('websocket', (ws) => seen.urls.push(ws.url()));
  return seen;
}

describe("the citizen's private link", () => {
  it('opens the appointment and the call without the token ever reaching the server in a URL', async () => {
    const booked = await bookFor(t, 'anna', 5);
    expect(booked.link).toBe(`/a#${booked.token}`);
    const { page } = await newParty(browser, t.url);
    const seen = recordRequests(page);
    await page.goto(booked.link);
    await page.getByTestId('join-button').click();
    await page.getByTestId('call-status').waitFor();
    await page.waitForTimeout(500);
    expect(seen.urls.some((u) => u.includes('/socket.io/'))).toBe(true);
    expect(seen.urls.filter((u) => u.includes(booked.token))).toEqual([]);
    expect(seen.referers.filter((u) => u.includes(booked.token))).toEqual([]);
  });

  it('still opens a link of the old form, and takes the token out of the path at once', async () => {
    const booked = await bookFor(t, 'pere', 5);
    const { page } = await newParty(browser, t.url);
    const seen = recordRequests(page);
    await page.goto(`/a/${booked.token}`);
    await page.getByTestId('join-button').waitFor();
    expect(new URL(page.url()).pathname).toBe('/a');
    expect(new URL(page.url()).hash).toBe(`#${booked.token}`);
    // Only the old link itself was sent with the token; nothing the page asked for afterwards.
    expect(seen.urls.filter((u) => u.includes(booked.token))).toEqual([`${t.url}/a/${booked.token}`]);
  });

  it('says the link is not valid when the fragment is missing or wrong', async () => {
    for (const link of ['/a', '/a#', `/a#${'A'.repeat(43)}`, '/a#%E0%A4%A']) {
      const { page, context } = await newParty(browser, t.url);
      await page.goto(link);
      await page
        .getByText(/not valid|no és vàlid|no es válido/i)
        .first()
        .waitFor();
      await context.close();
    }
  });
});
