import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newParty, peerConnectionCount, waitForMedia } from '../support/browser';
import { DEMO, startTestServer, type TestServer } from '../support/index';

/*
 * Chat help (issue 15) in real Chromium, through the real SFU: a citizen stuck in an online
 * procedure asks to be attended by text chat; a clerk accepts; both write to each other with no
 * camera, microphone or peer connection on either side; the clerk turns it into a video call, the
 * citizen passes the device check, and each side decodes the other's video with the chat kept.
 */

const shots = path.join(os.tmpdir(), 'oac-e2e-shots');
let t: TestServer;
let browser: Browser;
let citizen: Page;
let clerk: Page;
let appointmentId: string;

/** Counts this page's requests for a camera or a microphone. */
const COUNT_GET_USER_MEDIA = `
  (() => {
    window.__getUserMedia = 0;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      window.__getUserMedia += 1;
      return original(constraints);
    };
  })();
`;
const mediaAsked = (page: Page) => page.evaluate(() => (window as unknown as { __getUserMedia: number }).__getUserMedia);

/** The chat's messages on a page, as their texts. */
const messages = (page: Page) => page.getByTestId('chat-message').locator('.chat__text').allTextContents();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  t = await startTestServer({ media: true, clientDist: true });
  browser = await launchChromium();
  citizen = (await newParty(browser, t.url, { width: 390, height: 844 })).page;
  clerk = (await newParty(browser, t.url)).page;
  for (const page of [citizen, clerk]) {
    await page.addInitScript(() => localStorage.setItem('oac.language', 'en'));
    await page.addInitScript(COUNT_GET_USER_MEDIA);
  }
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('chat help, in real Chromium', () => {
  it('the citizen chooses the text chat on the ask form and waits in the OAC line', async () => {
    await citizen.goto('/');
    await citizen.getByTestId('live-link').click();
    await citizen.getByTestId('live-service-PADRO').click();
    const modes = citizen.getByRole('group', { name: 'How do you want to be attended?' });
    // Video is the default; the chat says what it is for.
    expect(await modes.getByRole('radio', { name: /Video call/ }).isChecked()).toBe(true);
    const chatChoice = modes.getByRole('radio', { name: /Text chat/ });
    expect(await chatChoice.getAttribute('aria-describedby')).toBe('live-mode-chat-hint');
    expect(await citizen.locator('#live-mode-chat-hint').textContent()).toContain('online procedure');
    await chatChoice.check();
    await citizen.getByTestId('live-name').fill('Anna Garcia Puig');
    await citizen.getByTestId('live-email').fill('anna@example.org');
    await citizen.screenshot({ path: path.join(shots, 'chat-help-ask-phone.png'), fullPage: true });
    await citizen.getByTestId('live-submit').click();
    await expect.poll(() => citizen.getByTestId('live-position').getAttribute('data-position')).toBe('1');
    expect(await citizen.getByTestId('live-mode-chosen').getAttribute('data-mode')).toBe('chat');
    const ticket = await t
      .db('tickets as t')
      .join('queue_entries as e', 'e.ticket_id', 't.id')
      .orderBy('e.created_at', 'desc')
      .first('t.channel', 'e.mode');
    expect(ticket).toEqual({ channel: 'chat', mode: 'chat' });
  });

  it('the clerk is offered a chat, accepts, and opens it with no camera', async () => {
    await clerk.goto('/staff/login');
    await clerk.getByTestId('login-email').fill(DEMO.clerk.email);
    await clerk.getByTestId('login-password').fill(DEMO.clerk.password);
    await clerk.getByTestId('login-submit').click();
    await clerk.getByTestId('live-desk').waitFor();
    await clerk.getByTestId('live-presence').click();
    await clerk.getByTestId('live-offer').waitFor({ timeout: 10_000 });
    expect(await clerk.getByTestId('live-offer-mode').getAttribute('data-mode')).toBe('chat');
    expect(await clerk.getByTestId('live-accept').textContent()).toBe('Accept and open the chat');
    await clerk.getByTestId('live-accept').click();
    await clerk.waitForURL(/\/staff\/appointments\/[0-9a-f-]{36}$/);
    appointmentId = clerk.url().split('/').pop()!;
    expect((await t.db('appointments').where({ id: appointmentId }).first('call_mode')).call_mode).toBe('chat');
    await clerk.getByTestId('start-call').click();
    await clerk.getByTestId('chat-call').waitFor();
  });

  it('they write to each other in a chat with no camera, microphone or peer connection on either side', async () => {
    // The waiting page rings and opens the chat by itself.
    await citizen.getByTestId('chat-call').waitFor({ timeout: 15_000 });
    for (const page of [citizen, clerk]) {
      await page.locator('[data-testid="call-status"][data-mode="chat"][data-phase="connected"]').waitFor({ timeout: 15_000 });
      expect(await page.getByRole('log').count()).toBe(1);
    }
    await citizen.getByTestId('chat-input').fill('I am stuck at the last step of the online registration.');
    await citizen.getByTestId('chat-send').click();
    await expect.poll(() => messages(clerk)).toContain('I am stuck at the last step of the online registration.');
    await clerk.getByTestId('chat-input').fill('Let me see: which document does it ask for?');
    await clerk.getByTestId('chat-input').press('Enter');
    await expect.poll(() => messages(citizen)).toContain('Let me see: which document does it ask for?');
    for (const page of [citizen, clerk]) {
      expect(await mediaAsked(page)).toBe(0);
      expect(await peerConnectionCount(page)).toBe(0);
    }
    expect(await citizen.getByTestId('switch-to-video').count()).toBe(0);
    await citizen.screenshot({ path: path.join(shots, 'chat-help-citizen-phone.png'), fullPage: true });
    await clerk.screenshot({ path: path.join(shots, 'chat-help-clerk-desktop.png'), fullPage: true });
  });

  it('the clerk turns it into a video call: the citizen checks the camera, joins, and both decode video with the chat kept', async () => {
    await clerk.getByTestId('switch-to-video').click();
    const notice = citizen.getByTestId('switched-to-video');
    await notice.waitFor({ timeout: 10_000 });
    expect(await citizen.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('switched-to-video');
    await citizen.getByTestId('join-button').click();
    const min = { videoFramesDecoded: 10, audioPacketsReceived: 10 };
    const [atClerk, atCitizen] = await Promise.all([waitForMedia(clerk, min), waitForMedia(citizen, min)]);
    expect(atClerk.videoFramesDecoded).toBeGreaterThanOrEqual(10);
    expect(atCitizen.videoFramesDecoded).toBeGreaterThanOrEqual(10);
    for (const page of [citizen, clerk]) {
      await page.locator('[data-testid="call-status"][data-mode="video"][data-phase="connected"]').waitFor();
      expect(await mediaAsked(page)).toBeGreaterThan(0);
      // The chat of before the switch is in the video call's chat panel.
      expect(await messages(page)).toEqual([
        'I am stuck at the last step of the online registration.',
        'Let me see: which document does it ask for?',
      ]);
    }
    const audit = await t
      .db('audit_events')
      .where({ entity_id: appointmentId, action: 'call.switched_to_video' })
      .select('from_state', 'to_state');
    expect(audit).toEqual([{ from_state: 'chat', to_state: 'video' }]);
    await citizen.screenshot({ path: path.join(shots, 'chat-help-video-phone.png'), fullPage: true });
    await clerk.screenshot({ path: path.join(shots, 'chat-help-video-clerk-desktop.png'), fullPage: true });
  });
});
