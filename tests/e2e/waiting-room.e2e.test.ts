import os from 'node:os';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mediaReceived, newParty, waitForMedia } from '../support/browser';
import { bookFor, DEMO, startTestServer, type TestServer } from '../support/index';

/*
 * The waiting room and the call's edges in real Chromium (issue 13), each asserted on what the
 * browsers decode and receive (getStats), not on the DOM alone: nothing flows before the clerk lets
 * the citizen in, it flows once they do and stops when they are sent back; the chat; a camera
 * refused with the microphone allowed; a second tab taking over.
 */

const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
let t: TestServer;
let browser: Browser;
/** A Chromium that asks nothing of its own: each context's permissions decide. */
let strict: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestServer({ media: true, clientDist: true });
  [browser, strict] = await Promise.all([launchChromium(), launchChromium({ grantAll: false })]);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await strict?.close();
  await browser?.close();
  await t?.stop();
});

const MIN = { videoFramesDecoded: 10, audioPacketsReceived: 20 };

async function party(opts: { permissions?: string[]; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const { context, page } = await newParty(opts.permissions ? strict : browser, t.url, opts.viewport, opts.permissions);
  contexts.push(context);
  return page;
}

async function clerkIn(appointmentId: string): Promise<Page> {
  const clerk = await party();
  await clerk.goto('/staff/login');
  await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
  await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
  await clerk.getByTestId('login-submit').click();
  await clerk.getByTestId('agenda-prev').waitFor();
  await clerk.goto(`/staff/appointments/${appointmentId}`);
  await clerk.getByTestId('start-call').click();
  await clerk.locator('[data-testid="call-status"][data-phase="waiting"]').waitFor();
  return clerk;
}

async function citizenIn(link: string, page?: Page): Promise<Page> {
  const citizen = page ?? (await party());
  await citizen.goto(link);
  await citizen.getByTestId('join-button').click();
  return citizen;
}

describe('the waiting room, in Chromium', { timeout: 90_000 }, () => {
  it('lets no media through before the clerk admits the citizen, then both ways, and none once sent back', async () => {
    const booked = await bookFor(t, 'anna', 5);
    const clerk = await clerkIn(booked.appointment.id);
    const citizen = await citizenIn(booked.link);
    await citizen.getByTestId('lobby').waitFor();
    await clerk.getByTestId('waiting-list').waitFor();
    await citizen.waitForTimeout(2_000);
    expect(await mediaReceived(citizen)).toEqual({ videoFramesDecoded: 0, audioPacketsReceived: 0 });
    expect(await mediaReceived(clerk)).toEqual({ videoFramesDecoded: 0, audioPacketsReceived: 0 });
    await citizen.screenshot({ path: path.join(shots, 'waiting-room-citizen.png'), fullPage: true });
    await clerk.screenshot({ path: path.join(shots, 'waiting-room-clerk.png'), fullPage: true });

    await clerk.getByTestId('admit-button').click();
    const [atCitizen, atClerk] = await Promise.all([waitForMedia(citizen, MIN), waitForMedia(clerk, MIN)]);
    expect(atCitizen.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atCitizen.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    expect(atClerk.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    expect(atClerk.audioPacketsReceived).toBeGreaterThanOrEqual(MIN.audioPacketsReceived);
    await citizen.locator('[data-testid="call-status"][data-phase="connected"]').waitFor();

    await clerk.getByTestId('return-to-lobby').click();
    await citizen.getByTestId('lobby').waitFor();
    await clerk.getByTestId('waiting-list').waitFor();
    // Give what was in flight time to land, then nothing more arrives on either side.
    await citizen.waitForTimeout(1_000);
    const [citizenBefore, clerkBefore] = [await mediaReceived(citizen), await mediaReceived(clerk)];
    await citizen.waitForTimeout(2_000);
    expect(await mediaReceived(citizen)).toEqual(citizenBefore);
    expect(await mediaReceived(clerk)).toEqual(clerkBefore);
  });

  it('carries the chat both ways, in the lobby and in the call, and keeps it for whoever comes back', async () => {
    const booked = await bookFor(t, 'pere', 5);
    const clerk = await clerkIn(booked.appointment.id);
    const citizen = await citizenIn(booked.link);
    await citizen.getByTestId('lobby').waitFor();
    await citizen.getByTestId('chat-input').fill('Hola, el micròfon no em funciona');
    await citizen.getByTestId('chat-send').click();
    await clerk.locator('[data-testid="chat-message"]', { hasText: 'el micròfon no em funciona' }).waitFor();
    await clerk.getByTestId('chat-input').fill(`Cap problema. Vegeu ${t.url}/ o https://evil.example/pay`);
    await clerk.getByTestId('chat-input').press('Enter');
    const received = citizen.locator('[data-testid="chat-message"]', { hasText: 'Cap problema' });
    await received.waitFor();
    // A link to the platform itself is clickable; anybody else's is not.
    expect(await received.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).toEqual([`${t.url}/`]);
    expect(await citizen.getByTestId('chat-messages').getAttribute('role')).toBe('log');
    await citizen.screenshot({ path: path.join(shots, 'chat-citizen.png'), fullPage: true });
    await citizen.reload();
    await citizen.getByTestId('join-button').click();
    await citizen.locator('[data-testid="chat-message"]').nth(1).waitFor();
    expect(await citizen.getByTestId('chat-message').count()).toBe(2);
  });

  it('keeps the microphone when the camera is refused, and tells the clerk "camera blocked", not nothing', async () => {
    const booked = await bookFor(t, 'joan', 5);
    const housing = await party();
    await housing.goto('/staff/login');
    await housing.getByTestId('login-email').fill(DEMO.housingClerk.email);
    await housing.getByTestId('login-password').fill(DEMO.housingClerk.password);
    await housing.getByTestId('login-submit').click();
    await housing.getByTestId('agenda-prev').waitFor();
    await housing.goto(`/staff/appointments/${booked.appointment.id}`);
    await housing.getByTestId('start-call').click();
    const citizen = await party({ permissions: ['microphone'] });
    await citizen.goto(booked.link);
    await citizen.getByTestId('device-problem-video').waitFor();
    await citizen.screenshot({ path: path.join(shots, 'preview-camera-refused.png'), fullPage: true });
    await citizen.getByTestId('join-button').click();
    await housing
      .getByTestId('waiting-list')
      .getByText('Càmera bloquejada')
      .or(housing.getByTestId('waiting-list').getByText('Camera blocked'))
      .first()
      .waitFor();
    await housing.getByTestId('admit-button').click();
    const atClerk = await waitForMedia(housing, { videoFramesDecoded: 0, audioPacketsReceived: 20 });
    expect(atClerk.audioPacketsReceived).toBeGreaterThanOrEqual(20);
    expect(atClerk.videoFramesDecoded).toBe(0);
    // The citizen still sees and hears the clerk.
    expect((await waitForMedia(citizen, MIN)).videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
  });

  it('lets a second tab take over: the first says so and offers to take the call back', async () => {
    const booked = await bookFor(t, 'anna', 5);
    const clerk = await clerkIn(booked.appointment.id);
    const first = await citizenIn(booked.link);
    await clerk.getByTestId('admit-button').click();
    await waitForMedia(first, MIN);
    const second = await first.context().newPage();
    await citizenIn(booked.link, second);
    await first.getByTestId('taken-over').waitFor();
    const atSecond = await waitForMedia(second, MIN);
    expect(atSecond.videoFramesDecoded).toBeGreaterThanOrEqual(MIN.videoFramesDecoded);
    await first.screenshot({ path: path.join(shots, 'taken-over.png'), fullPage: true });
    await first.getByTestId('take-back').click();
    await second.getByTestId('taken-over').waitFor();
    expect(
      (await waitForMedia(first, { videoFramesDecoded: atSecond.videoFramesDecoded, audioPacketsReceived: 0 })).videoFramesDecoded,
    ).toBeGreaterThan(0);
  });

  it("shows the clerk's own lobby message and away status to the citizen who waits", async () => {
    const booked = await bookFor(t, 'pere', 5);
    const clerk = await party();
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('lobby-settings').waitFor();
    const citizen = await citizenIn(booked.link);
    await citizen.locator('[data-testid="lobby-presence"][data-presence="online"]').waitFor();
    await clerk.getByTestId('lobby-message-input').fill('Acabo un tràmit i us atenc.');
    await clerk.getByTestId('lobby-save').click();
    await citizen.getByTestId('lobby-message').getByText('Acabo un tràmit i us atenc.').waitFor();
    await clerk.getByTestId('lobby-away').check();
    await citizen.locator('[data-testid="lobby-presence"][data-presence="away"]').waitFor();
    await clerk.screenshot({ path: path.join(shots, 'agenda-lobby-settings.png'), fullPage: true });
    await clerk.getByTestId('lobby-away').uncheck();
    await clerk.getByTestId('lobby-message-input').fill('');
    await clerk.getByTestId('lobby-save').click();
    await citizen.locator('[data-testid="lobby-presence"][data-presence="online"]').waitFor();
  });
});
