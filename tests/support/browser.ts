import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium with fake camera and microphone; `npx playwright install` cannot work on these machines. */
export function launchChromium(opts: { grantAll?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      // Without it, only the context's own permissions apply: a test can refuse the camera alone.
      ...(opts.grantAll === false ? [] : ['--use-fake-ui-for-media-stream']),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Records every RTCPeerConnection a page makes, so a test can read the real WebRTC stats. */
export const RECORD_PEER_CONNECTIONS = `
  (() => {
    const Original = window.RTCPeerConnection;
    const all = [];
    class Recorded extends Original {
      constructor(...args) { super(...args); all.push(this); }
    }
    window.RTCPeerConnection = Recorded;
    window.__peerConnections = all;
  })();
`;

export async function newParty(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 800 },
  permissions = ['camera', 'microphone'],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, permissions, acceptDownloads: true });
  await context.addInitScript(RECORD_PEER_CONNECTIONS);
  const page = await context.newPage();
  return { context, page };
}

export interface MediaReceived {
  videoFramesDecoded: number;
  audioPacketsReceived: number;
}

/** A page of either driver: Playwright's (Chromium) or Puppeteer's (Firefox). */
export interface AnyPage {
  evaluate<T>(fn: () => Promise<T>): Promise<T>;
}

/** What this page has received from the other side, summed over its peer connections' inbound RTP stats. */
export function mediaReceived(page: AnyPage): Promise<MediaReceived> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections ?? [];
    let videoFramesDecoded = 0;
    let audioPacketsReceived = 0;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue;
      // Firefox can leave getStats unanswered for good on a connection that closes meanwhile (the
      // ones mediasoup-client opens to read capabilities): count such a connection as nothing.
      const stats = await Promise.race([pc.getStats(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000))]);
      if (!stats) continue;
      stats.forEach((s: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') videoFramesDecoded += s.framesDecoded ?? 0;
        if (s.kind === 'audio') audioPacketsReceived += s.packetsReceived ?? 0;
      });
    }
    return { videoFramesDecoded, audioPacketsReceived };
  });
}

export async function waitForMedia(page: AnyPage, min: MediaReceived, timeoutMs = 30_000): Promise<MediaReceived> {
  const until = Date.now() + timeoutMs;
  let last = await mediaReceived(page);
  while (Date.now() < until) {
    if (last.videoFramesDecoded >= min.videoFramesDecoded && last.audioPacketsReceived >= min.audioPacketsReceived) return last;
    await new Promise((r) => setTimeout(r, 250));
    last = await mediaReceived(page);
  }
  return last;
}

type PcWindow = { __peerConnections: RTCPeerConnection[] };

/** How many peer connections this page has made so far. */
export function peerConnectionCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as PcWindow).__peerConnections.length);
}

/** Video frames decoded on the peer connections this page made after its first `from`. */
export function videoFramesSince(page: Page, from: number): Promise<number> {
  return page.evaluate(async (skip) => {
    let total = 0;
    for (const pc of (window as unknown as PcWindow).__peerConnections.slice(skip)) {
      if (pc.signalingState === 'closed') continue;
      // As in mediaReceived: Firefox may never answer getStats on a connection that just closed.
      const stats = await Promise.race([pc.getStats(), new Promise<null>((r) => setTimeout(() => r(null), 2000))]);
      stats?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') total += s.framesDecoded ?? 0;
      });
    }
    return total;
  }, from);
}

/** Milliseconds from `since` until video is decoded on a connection made after the first `from`, or -1 after `timeoutMs`. */
export async function untilVideoSince(page: Page, from: number, since: number, timeoutMs = 20_000): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    if ((await videoFramesSince(page, from)) > 0) return Date.now() - since;
    await page.waitForTimeout(20);
  }
  return -1;
}
