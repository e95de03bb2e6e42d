import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookFor, startTestServer, type TestServer } from '../support/index';
import { launchWebKit, type WebKitPage } from '../support/webkit';

/*
 * Issue 13: a browser that cannot make video calls gets an honest message, with what to do instead,
 * and no Join button that could only fail. Debian's WebKitGTK is such a browser: it has a camera
 * (mock devices here) but no RTCPeerConnection.
 */

let t: TestServer;
let webkit: WebKitPage;
const shots = path.join(os.tmpdir(), 'oac-e2e-shots');

beforeAll(async () => {
  t = await startTestServer({ clientDist: true });
  webkit = await launchWebKit();
  mkdirSync(shots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await webkit?.close();
  await t?.stop();
});

describe('a browser without WebRTC (WebKitGTK)', { timeout: 60_000 }, () => {
  it('really has no RTCPeerConnection, but has a camera', async () => {
    await webkit.goto(`${t.url}/`);
    expect(await webkit.evaluate<string>('return typeof RTCPeerConnection')).toBe('undefined');
    expect(await webkit.evaluate<string>('return typeof navigator.mediaDevices.getUserMedia')).toBe('function');
  });

  it('in the join window: says so, with another browser or the phone as the way out, and offers no Join', async () => {
    const booked = await bookFor(t, 'anna', 5);
    await webkit.goto(new URL(booked.link, t.url).href);
    await webkit.waitFor('[data-testid="no-webrtc"]');
    const text = await webkit.evaluate<string>('return document.querySelector(\'[data-testid="no-webrtc"]\').innerText');
    expect(text).toMatch(/010/);
    expect(await webkit.evaluate<boolean>('return document.querySelector(\'[data-testid="join-button"]\') === null')).toBe(true);
    // The notice is visible to everybody, not only announced.
    expect(
      await webkit.evaluate<number>('return document.querySelector(\'[data-testid="no-webrtc"]\').getBoundingClientRect().height'),
    ).toBeGreaterThan(20);
    writeFileSync(path.join(shots, 'webkit-no-webrtc.png'), await webkit.screenshot());
  });

  it('days before: already says so, so that the citizen can find another browser in time', async () => {
    const booked = await bookFor(t, 'pere', 3 * 24 * 60);
    await webkit.goto(new URL(booked.link, t.url).href);
    await webkit.waitFor('[data-testid="no-webrtc"]');
  });
});
