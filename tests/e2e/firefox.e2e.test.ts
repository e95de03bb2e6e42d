import type { Browser as Chromium } from 'playwright-core';
import type { Browser as Firefox } from 'puppeteer-core';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mediaReceived, newParty, waitForMedia } from '../support/browser';
import { launchFirefox, newFirefoxParty } from '../support/firefox';
import { bookFor, DEMO, login, startTestServer, type TestServer } from '../support/index';

/*
 * The main journey across browsers (issue 13): the citizen in Firefox with the clerk in Chromium,
 * and the other way round, under npm test's defaults. Firefox never pairs with a loopback
 * candidate, so this only passes when the media server offers an interface address as well.
 */

/** Both sides of each call, to look at (as every e2e file leaves them). */
const shots = path.join(os.tmpdir(), 'oac-e2e-shots');

let t: TestServer;
let chromium: Chromium;
let firefox: Firefox;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestServer({ media: true, clientDist: true, env: { METRICS_PORT: '0' } });
  [chromium, firefox] = await Promise.all([launchChromium(), launchFirefox()]);
});
afterAll(async () => {
  await Promise.all([chromium?.close(), firefox?.close()]);
  await t?.stop();
});

const MIN = { videoFramesDecoded: 10, audioPacketsReceived: 20 };

async function clerkInChromium(appointmentId: string) {
  const { context, page } = await newParty(chromium, t.url);
  await context.addCookies(cookiesFrom(await login(t.url, DEMO.clerk.email, DEMO.clerk.password)));
  await page.goto(`/staff/appointments/${appointmentId}`);
  await page.getByTestId('start-call').click();
  await page.getByTestId('call-status').waitFor();
  return { page, close: () => context.close() };
}

function cookiesFrom(header: string) {
  return header.split(/;\s*/).map((pair) => {
    const [name, ...value] = pair.split('=');
    return { name: name!, value: value.join('='), url: t.url };
  });
}

describe('calls between Firefox and Chromium', { timeout: 90_000 }, () => {
  it('a citizen in Firefox and a clerk in Chromium decode video and receive audio from each other', async () => {
    const booked = await bookFor(t, 'anna', 5);
    const clerk = await clerkInChromium(booked.appointment.id);
    const citizen = await newFirefoxParty(firefox, t.url);
    await citizen.goto(booked.link);
    await citizen.page.locator('[data-testid="join-button"]').click();
    await clerk.page.getByTestId('admit-button').click();
    const [atCitizen, atClerk] = await Promise.all([waitForMedia(citizen.page, MIN), waitForMedia(clerk.page, MIN)]);
    expect(atCitizen).toMatchObject({ videoFramesDecoded: expect.any(Number), audioPacketsReceived: expect.any(Number) });
    expect(atCitizen.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atCitizen.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    expect(atClerk.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atClerk.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    // Still flowing a second later, in Firefox.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await mediaReceived(citizen.page)).videoFramesDecoded).toBeGreaterThan(atCitizen.videoFramesDecoded);
    await citizen.page.screenshot({ path: path.join(shots, 'firefox-citizen.png') });
    await clerk.page.screenshot({ path: path.join(shots, 'firefox-citizen-chromium-clerk.png') });
    await Promise.all([citizen.context.close(), clerk.close()]);
  });

  it('a clerk in Firefox and a citizen in Chromium decode video and receive audio from each other', async () => {
    const booked = await bookFor(t, 'pere', 5);
    const clerk = await newFirefoxParty(firefox, t.url);
    // Signed in through the page itself, as a clerk on Firefox would.
    await clerk.goto('/staff/login');
    await clerk.page.locator('[data-testid="login-email"]').fill(DEMO.clerk.email);
    await clerk.page.locator('[data-testid="login-password"]').fill(DEMO.clerk.password);
    await clerk.page.locator('[data-testid="login-submit"]').click();
    await clerk.page.locator('[data-testid="agenda-prev"]').wait();
    await clerk.goto(`/staff/appointments/${booked.appointment.id}`);
    await clerk.page.locator('[data-testid="start-call"]').click();
    const { context, page: citizen } = await newParty(chromium, t.url);
    await citizen.goto(booked.link);
    await citizen.getByTestId('join-button').click();
    await clerk.page.locator('[data-testid="admit-button"]').click();
    const [atCitizen, atClerk] = await Promise.all([waitForMedia(citizen, MIN), waitForMedia(clerk.page, MIN)]);
    expect(atCitizen.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atCitizen.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    expect(atClerk.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atClerk.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    await clerk.page.screenshot({ path: path.join(shots, 'firefox-clerk.png') });
    await citizen.screenshot({ path: path.join(shots, 'firefox-clerk-chromium-citizen.png') });
    await Promise.all([clerk.context.close(), context.close()]);
  });

  it('each browser reported its join time to the metrics, once per join', async () => {
    const text = await (await fetch(t.server.metricsUrl!)).text();
    const count = (role: string, browser: string) =>
      Number(new RegExp(`^oac_call_join_seconds_count\\{role="${role}",browser="${browser}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    // Two calls: Firefox was the citizen in one and the clerk in the other, Chromium the reverse.
    for (const role of ['citizen', 'clerk']) {
      expect(count(role, 'firefox')).toBe(1);
      expect(count(role, 'chromium')).toBe(1);
    }
  });
});
